package org.causalem.fourd;

/**
 * Bragg disks found in one pattern, strongest first.
 *
 * @param x centres, detector x (px)
 * @param y centres, detector y (px)
 * @param intensity background-subtracted summed counts of each disk
 */
public record Disks(double[] x, double[] y, double[] intensity) {
  public Disks {
    if (x.length != y.length || x.length != intensity.length) throw new IllegalArgumentException("x, y, intensity lengths differ");
  }

  public int count() { return x.length; }
}
