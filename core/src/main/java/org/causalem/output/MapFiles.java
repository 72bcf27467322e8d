package org.causalem.output;

/**
 * C-order stacking of decomposition rows and safe file names for the EELS and 4D-STEM outputs. Their tables
 * are written with {@link org.causalem.io.CsvWriter#FLOAT} (float-precision numbers: full double precision would
 * lengthen every float map value), arrays and previews with {@link org.causalem.io.NpyWriter} and
 * {@link org.causalem.io.PngWriter}.
 */
public final class MapFiles {
  private MapFiles() {}

  /** Rows of equal length stacked into one C-order array of {@code rows.length * rows[0].length} values. */
  public static float[] stack(float[][] rows) {
    int inner = rows.length == 0 ? 0 : rows[0].length;
    float[] flat = new float[rows.length * inner];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != inner) throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, row 0 has " + inner);
      System.arraycopy(rows[i], 0, flat, i * inner, inner);
    }
    return flat;
  }

  /** A file name made safe from an edge or map name ({@code Ti-L23} stays, {@code a/b} becomes {@code a_b}). */
  public static String safe(String name) { return org.causalem.io.AtomicFiles.safeName(name); }
}
