package org.causalem.io;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.causalem.table.DescriptorTable;

/** Writes a {@link DescriptorTable} as CSV with a header row, atomically; NaN is written as an empty field. */
public final class CsvWriter {
  private CsvWriter() {}

  /** Writes one value (never NaN) of column {@code column} into its field. */
  @FunctionalInterface
  public interface ValueFormat {
    void append(StringBuilder field, int column, double value);
  }

  /** Whole numbers (below 10^15 in size) without a decimal point, other values in full double precision. */
  public static final ValueFormat DOUBLE = new Whole(false);

  /**
   * As {@link #DOUBLE}, but other values rounded to float precision and written in their shortest float
   * form: for maps computed in float, where double digits would only lengthen every value.
   */
  public static final ValueFormat FLOAT = new Whole(true);

  /** {@link #DOUBLE} and {@link #FLOAT} (a class, not lambdas: their first use in a process costs more than a small table). */
  private record Whole(boolean asFloat) implements ValueFormat {
    @Override public void append(StringBuilder sb, int column, double v) {
      if (isWhole(v)) sb.append((long) v);
      else if (asFloat) sb.append((float) v);
      else sb.append(v);
    }
  }

  /** True for a whole number below 10^15 in size, which a {@code long} writes exactly. */
  public static boolean isWhole(double v) { return v == Math.rint(v) && Math.abs(v) < 1e15; }

  /** Values as {@link #DOUBLE} writes them. */
  public static void write(Path file, DescriptorTable table) throws IOException {
    write(file, table, DOUBLE);
  }

  public static void write(Path file, DescriptorTable table, ValueFormat format) throws IOException {
    AtomicFiles.write(file, new Rows(table, format));
  }

  /** The header line, then one line per row (a class, not a lambda: a lambda's first use costs more than a small table). */
  private record Rows(DescriptorTable table, ValueFormat format) implements AtomicFiles.StreamWriter {
    @Override public void write(java.io.OutputStream out) throws IOException {
      Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      StringBuilder sb = new StringBuilder();
      for (int j = 0; j < table.width(); j++) {
        if (j > 0) sb.append(',');
        sb.append(quote(table.names().get(j)));
      }
      sb.append('\n');
      w.write(sb.toString());
      double[][] cols = table.columns();
      for (int i = 0; i < table.rows(); i++) {
        sb.setLength(0);
        for (int j = 0; j < cols.length; j++) {
          if (j > 0) sb.append(',');
          double v = cols[j][i];
          if (!Double.isNaN(v)) format.append(sb, j, v);
        }
        sb.append('\n');
        w.write(sb.toString());
      }
      w.flush();
    }
  }

  /** A CSV field: quoted when it contains a comma, quote or line break. */
  static String quote(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
