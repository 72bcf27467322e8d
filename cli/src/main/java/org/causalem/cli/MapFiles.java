package org.causalem.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.causalem.table.DescriptorTable;

/**
 * The tables of the {@code eels} and {@code fourd} commands as CSV with float-precision numbers (the
 * shared {@link org.causalem.io.CsvWriter} writes full double precision, which would lengthen every
 * float map value), and C-order stacking of decomposition rows. Arrays and previews are written with the
 * shared {@link org.causalem.io.NpyWriter} and {@link org.causalem.io.PngWriter}.
 */
final class MapFiles {
  private MapFiles() {}

  /** Rows of equal length stacked into one C-order array of {@code rows.length * rows[0].length} values. */
  static float[] stack(float[][] rows) {
    int inner = rows.length == 0 ? 0 : rows[0].length;
    float[] flat = new float[rows.length * inner];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != inner) throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, row 0 has " + inner);
      System.arraycopy(rows[i], 0, flat, i * inner, inner);
    }
    return flat;
  }

  /** A CSV with a header row; NaN as an empty field; whole numbers without a decimal point. */
  static void csv(Path file, DescriptorTable table) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(String.join(",", table.names()));
      w.write('\n');
      int n = table.rows();
      double[][] cols = table.columns();
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < n; i++) {
        sb.setLength(0);
        for (int j = 0; j < cols.length; j++) {
          if (j > 0) sb.append(',');
          double v = cols[j][i];
          if (Double.isNaN(v)) continue;
          if (v == Math.rint(v) && Math.abs(v) < 1e15) sb.append((long) v);
          else sb.append((float) v);
        }
        sb.append('\n');
        w.write(sb.toString());
      }
    }
  }

  /** A file name made safe from an edge or map name ({@code Ti-L23} stays, {@code a/b} becomes {@code a_b}). */
  static String safe(String name) { return name.replaceAll("[^A-Za-z0-9._-]", "_"); }
}
