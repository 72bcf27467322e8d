package org.causalem.simulate;

import java.util.List;
import java.util.Objects;

/**
 * What a simulated specimen holds, independent of how it is imaged: one entry per atom-column site.
 *
 * <p>Positions are in pixels of the image that will be rendered (x right, y down, centre of the first
 * pixel at 0, 0), before any scan distortion. A site that is not {@code present} (a vacancy) is part of
 * the truth but is not rendered.
 *
 * @param x site x in px
 * @param y site y in px
 * @param intensity relative column intensity (peak height in units of the renderer's dose)
 * @param sublattice index into {@code sublatticeNames}
 * @param row cell row of the site (lattice index along the second lattice vector)
 * @param col cell column of the site (lattice index along the first lattice vector)
 * @param present false for a vacancy
 * @param dopant true for a substituted site
 * @param sublatticeNames e.g. {@code [A, B]} or {@code [metal, chalcogen]}
 */
public record Structure(double[] x, double[] y, double[] intensity, int[] sublattice, int[] row, int[] col,
                        boolean[] present, boolean[] dopant, List<String> sublatticeNames) {
  public Structure {
    Objects.requireNonNull(x, "x");
    int n = x.length;
    if (y.length != n || intensity.length != n || sublattice.length != n || row.length != n || col.length != n
        || present.length != n || dopant.length != n) {
      throw new IllegalArgumentException("structure arrays must all have " + n + " entries");
    }
    sublatticeNames = List.copyOf(sublatticeNames);
    for (int s : sublattice) {
      if (s < 0 || s >= sublatticeNames.size()) {
        throw new IllegalArgumentException("sublattice index " + s + " outside " + sublatticeNames);
      }
    }
  }

  /** Number of sites (vacancies included). */
  public int size() { return x.length; }

  /** Number of sites that are present (rendered). */
  public int presentCount() {
    int c = 0;
    for (boolean p : present) if (p) c++;
    return c;
  }

  /** The same sites moved by per-site displacements (px); arrays are copied, this structure unchanged. */
  public Structure displaced(double[] dxPx, double[] dyPx) {
    if (dxPx.length != size() || dyPx.length != size()) {
      throw new IllegalArgumentException("displacements need " + size() + " entries, got " + dxPx.length + " and " + dyPx.length);
    }
    double[] nx = x.clone();
    double[] ny = y.clone();
    for (int i = 0; i < nx.length; i++) {
      nx[i] += dxPx[i];
      ny[i] += dyPx[i];
    }
    return new Structure(nx, ny, intensity, sublattice, row, col, present, dopant, sublatticeNames);
  }

  /** The same sites with other presence flags and intensities (e.g. one frame of a movie). */
  public Structure withOccupancy(boolean[] newPresent, double[] newIntensity) {
    if (newPresent.length != size() || newIntensity.length != size()) {
      throw new IllegalArgumentException("occupancy needs " + size() + " entries");
    }
    return new Structure(x, y, newIntensity.clone(), sublattice, row, col, newPresent.clone(), dopant, sublatticeNames);
  }
}
