package org.causalem.fourd;

import java.util.Objects;
import org.causalem.numeric.SingularMatrixException;
import org.causalem.numeric.SmallSolve;

/**
 * Fits a reciprocal lattice to the disks of one pattern: disks are indexed against a reference
 * lattice (rounded fractional indices within {@code maxIndexError}), then origin and basis follow by
 * linear least squares, x and y separately ({@code p = o + h·g1 + k·g2}).
 */
public final class LatticeFitter {
  public record Options(double maxIndexError, int minDisks) {
    public Options {
      if (!(maxIndexError > 0 && maxIndexError < 0.5)) {
        throw new IllegalArgumentException("maxIndexError must be in (0, 0.5), got " + maxIndexError);
      }
      if (minDisks < 3) throw new IllegalArgumentException("minDisks must be >= 3, got " + minDisks);
    }

    public static Options defaults() { return new Options(0.25, 4); }
  }

  /** A fitted lattice, how many disks it indexed and their RMS residual (px). */
  public record Fit(Lattice lattice, int indexed, double rmsPx) {}

  private final Options options;

  public LatticeFitter(Options options) { this.options = Objects.requireNonNull(options); }

  /**
   * Fits disks indexed against {@code reference}; the origin of the reference is first moved to the
   * disk nearest to it (the central beam may move with the scan).
   */
  public Fit fit(Disks disks, Lattice reference) {
    int n = disks.count();
    if (n < options.minDisks() || !reference.valid()) return new Fit(Lattice.NONE, 0, Double.NaN);
    double g = Math.min(Math.hypot(reference.g1x(), reference.g1y()), Math.hypot(reference.g2x(), reference.g2y()));
    int centre = -1;
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      double d = Math.hypot(disks.x()[i] - reference.ox(), disks.y()[i] - reference.oy());
      if (d < best) {
        best = d;
        centre = i;
      }
    }
    Lattice ref = best < 0.4 * g
        ? new Lattice(disks.x()[centre], disks.y()[centre], reference.g1x(), reference.g1y(), reference.g2x(), reference.g2y())
        : reference;
    // normal equations for [1 h k]
    double[][] ata = new double[3][3];
    double[] atx = new double[3];
    double[] aty = new double[3];
    int[] hs = new int[n];
    int[] ks = new int[n];
    boolean[] used = new boolean[n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      double[] hk = ref.index(disks.x()[i], disks.y()[i]);
      long h = Math.round(hk[0]);
      long k = Math.round(hk[1]);
      if (Math.abs(hk[0] - h) > options.maxIndexError() || Math.abs(hk[1] - k) > options.maxIndexError()) continue;
      double[] row = {1, h, k};
      for (int a = 0; a < 3; a++) {
        for (int b = 0; b < 3; b++) ata[a][b] += row[a] * row[b];
        atx[a] += row[a] * disks.x()[i];
        aty[a] += row[a] * disks.y()[i];
      }
      hs[i] = (int) h;
      ks[i] = (int) k;
      used[i] = true;
      m++;
    }
    if (m < options.minDisks()) return new Fit(Lattice.NONE, m, Double.NaN);
    double[] sx;
    double[] sy;
    try {
      sx = SmallSolve.solve3(ata, atx, 1e-9);
      sy = SmallSolve.solve3(ata, aty, 1e-9);
    } catch (SingularMatrixException e) {
      return new Fit(Lattice.NONE, m, Double.NaN); // the indexed disks do not span two directions
    }
    Lattice fit = new Lattice(sx[0], sy[0], sx[1], sy[1], sx[2], sy[2]);
    double ss = 0;
    for (int i = 0; i < n; i++) {
      if (!used[i]) continue;
      double ex = disks.x()[i] - (fit.ox() + hs[i] * fit.g1x() + ks[i] * fit.g2x());
      double ey = disks.y()[i] - (fit.oy() + hs[i] * fit.g1y() + ks[i] * fit.g2y());
      ss += ex * ex + ey * ey;
    }
    return new Fit(fit, m, Math.sqrt(ss / m));
  }

  /**
   * A first lattice from the disks of one (usually the mean) pattern: the disk nearest
   * {@code (centreX, centreY)} is the origin, g1 the shortest disk vector, g2 the shortest one not
   * parallel to it; Gauss-reduced, oriented so that g1 × g2 > 0, then refined by {@link #fit}.
   *
   * @return {@link Lattice#NONE} when fewer than three disks are found or they are collinear
   */
  public Fit guess(Disks disks, double centreX, double centreY) {
    int n = disks.count();
    if (n < 3) return new Fit(Lattice.NONE, n, Double.NaN);
    int o = 0;
    for (int i = 1; i < n; i++) {
      if (Math.hypot(disks.x()[i] - centreX, disks.y()[i] - centreY) < Math.hypot(disks.x()[o] - centreX, disks.y()[o] - centreY)) o = i;
    }
    double ox = disks.x()[o];
    double oy = disks.y()[o];
    int a = -1;
    for (int i = 0; i < n; i++) {
      if (i == o) continue;
      if (a < 0 || len(disks, i, ox, oy) < len(disks, a, ox, oy)) a = i;
    }
    double ax = disks.x()[a] - ox;
    double ay = disks.y()[a] - oy;
    int b = -1;
    for (int i = 0; i < n; i++) {
      if (i == o || i == a) continue;
      double vx = disks.x()[i] - ox;
      double vy = disks.y()[i] - oy;
      double cross = Math.abs(ax * vy - ay * vx);
      if (cross < 0.3 * Math.hypot(ax, ay) * Math.hypot(vx, vy)) continue;
      if (b < 0 || len(disks, i, ox, oy) < len(disks, b, ox, oy)) b = i;
    }
    if (b < 0) return new Fit(Lattice.NONE, n, Double.NaN);
    double bx = disks.x()[b] - ox;
    double by = disks.y()[b] - oy;
    for (int it = 0; it < 20; it++) {   // Gauss reduction
      double t = Math.rint((ax * bx + ay * by) / (ax * ax + ay * ay));
      bx -= t * ax;
      by -= t * ay;
      if (bx * bx + by * by < ax * ax + ay * ay) {
        double sx = ax;
        double sy = ay;
        ax = bx;
        ay = by;
        bx = sx;
        by = sy;
      } else if (t == 0) {
        break;
      }
    }
    if (ax * by - ay * bx < 0) {
      bx = -bx;
      by = -by;
    }
    Lattice start = new Lattice(ox, oy, ax, ay, bx, by);
    Fit refined = new LatticeFitter(new Options(options.maxIndexError(), 3)).fit(disks, start);
    return refined.lattice().valid() ? refined : new Fit(start, 3, Double.NaN);
  }

  private static double len(Disks d, int i, double ox, double oy) { return Math.hypot(d.x()[i] - ox, d.y()[i] - oy); }

}
