package org.causalem.lattice;

import java.util.List;

/**
 * The lattice the columns sit on and where each column belongs in it.
 *
 * <p>Column i sits at site {@code site[i]} of cell ({@code row[i]}, {@code col[i]}): at fractional
 * lattice coordinates {@code (col + siteOffsets[site][0], row + siteOffsets[site][1])} along
 * ({@code a}, {@code b}). Site 0 (the brightest sublattice) is at the cell corner. {@code a} is the
 * lattice vector nearest the image x axis (positive x), {@code b} the other (positive y).
 * {@code site[i] = -1} marks a column that could not be placed (off the lattice, or a duplicate).
 *
 * @param ax mean lattice vector a, x (px), from neighbour statistics
 * @param siteNames one per site, e.g. [A, B] or [metal, chalcogen]
 */
public record Lattice(LatticeKind kind, double ax, double ay, double bx, double by, double[][] siteOffsets,
                      List<String> siteNames, int[] site, int[] row, int[] col) {
  public Lattice {
    siteNames = List.copyOf(siteNames);
    if (siteOffsets.length != siteNames.size()) throw new IllegalArgumentException(siteOffsets.length + " site offsets for " + siteNames.size() + " names");
    if (site.length != row.length || site.length != col.length) throw new IllegalArgumentException("site, row and col differ in length");
  }

  public int sites() { return siteOffsets.length; }

  /** Number of columns placed on site {@code k}. */
  public int count(int k) {
    int c = 0;
    for (int s : site) if (s == k) c++;
    return c;
  }

  /** Number of columns that could not be placed. */
  public int unindexed() { return count(-1); }

  /** The name of column i's sublattice, or {@code unindexed}. */
  public String siteName(int i) { return site[i] < 0 ? "unindexed" : siteNames.get(site[i]); }
}
