package org.causalem.fourd;

/** A rectangle of scan positions: columns {@code [col0, col1)}, rows {@code [row0, row1)}. */
public record ScanRegion(int col0, int row0, int col1, int row1) {
  public ScanRegion {
    if (col0 < 0 || row0 < 0 || col1 <= col0 || row1 <= row0) {
      throw new IllegalArgumentException("scan region must have 0 <= col0 < col1 and 0 <= row0 < row1, got cols "
          + col0 + ".." + col1 + ", rows " + row0 + ".." + row1);
    }
  }

  /** Parses {@code col0,row0,col1,row1}. */
  public static ScanRegion parse(String s) {
    String[] p = s.split(",");
    if (p.length != 4) throw new IllegalArgumentException("scan region '" + s + "': expected col0,row0,col1,row1");
    try {
      return new ScanRegion(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()), Integer.parseInt(p[2].trim()),
          Integer.parseInt(p[3].trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("scan region '" + s + "': expected four integers col0,row0,col1,row1");
    }
  }

  public boolean contains(int col, int row) { return col >= col0 && col < col1 && row >= row0 && row < row1; }

  /** Throws if the region reaches beyond a {@code scanX × scanY} scan. */
  public void requireWithin(int scanX, int scanY) {
    if (col1 > scanX || row1 > scanY) {
      throw new IllegalArgumentException("reference region cols " + col0 + ".." + col1 + ", rows " + row0 + ".." + row1
          + " reaches beyond the " + scanX + "×" + scanY + " scan");
    }
  }
}
