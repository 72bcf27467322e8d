package org.causalem.cli;

import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.causalem.table.DescriptorTable;

/**
 * The previews and tables of the {@code eels} and {@code fourd} commands: 8-bit grayscale PNG previews
 * scaled between percentiles, and CSV with float-precision numbers. Their arrays are written with the
 * shared {@link org.causalem.io.NpyWriter}.
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

  /**
   * An 8-bit grayscale preview, scaled linearly between the 1st and 99th percentiles of the finite
   * values (NaN black).
   */
  static void png(Path file, float[] map, int width, int height) throws IOException {
    float[] finite = new float[map.length];
    int m = 0;
    for (float v : map) if (Float.isFinite(v)) finite[m++] = v;
    Arrays.sort(finite, 0, m);
    double lo = m == 0 ? 0 : finite[(int) Math.floor(0.01 * (m - 1))];
    double hi = m == 0 ? 1 : finite[(int) Math.ceil(0.99 * (m - 1))];
    if (!(hi > lo)) hi = lo + 1;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    byte[] px = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < map.length; i++) {
      float v = map[i];
      int g = Float.isFinite(v) ? (int) Math.round(255 * Math.max(0, Math.min(1, (v - lo) / (hi - lo)))) : 0;
      px[i] = (byte) g;
    }
    if (!ImageIO.write(img, "png", file.toFile())) throw new IOException("no PNG writer available for " + file);
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
