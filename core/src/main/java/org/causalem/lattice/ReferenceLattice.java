package org.causalem.lattice;

/**
 * The straight lattice that best fits the corner (site 0) columns of the whole image:
 * {@code position(row, col) = origin + col·a + row·b}, by linear least squares. A linear scan
 * distortion keeps the lattice straight, so it is absorbed into a and b.
 *
 * @param rmsResidualPx RMS distance of the corner columns from it
 * @param count corner columns used
 */
public record ReferenceLattice(double ox, double oy, double ax, double ay, double bx, double by, double rmsResidualPx,
                               int count) {
  /** Fits the corner columns of {@code lattice} at positions (x, y); NaN positions (failed fits) are left out. */
  public static ReferenceLattice fit(double[] x, double[] y, Lattice lattice) {
    // normal equations for [1, col, row] -> x and -> y
    double[][] m = new double[3][3];
    double[] rx = new double[3];
    double[] ry = new double[3];
    int n = 0;
    for (int i = 0; i < x.length; i++) {
      if (lattice.site()[i] != 0 || !Double.isFinite(x[i]) || !Double.isFinite(y[i])) continue;
      double[] f = {1, lattice.col()[i], lattice.row()[i]};
      for (int a = 0; a < 3; a++) {
        for (int b = 0; b < 3; b++) m[a][b] += f[a] * f[b];
        rx[a] += f[a] * x[i];
        ry[a] += f[a] * y[i];
      }
      n++;
    }
    if (n < 3) throw new org.causalem.data.BadInputException("only " + n + " corner columns; need at least 3 to fit a reference lattice");
    double[] cx = solve3(m, rx);
    double[] cy = solve3(m, ry);
    double ss = 0;
    for (int i = 0; i < x.length; i++) {
      if (lattice.site()[i] != 0 || !Double.isFinite(x[i]) || !Double.isFinite(y[i])) continue;
      double px = cx[0] + cx[1] * lattice.col()[i] + cx[2] * lattice.row()[i];
      double py = cy[0] + cy[1] * lattice.col()[i] + cy[2] * lattice.row()[i];
      ss += (px - x[i]) * (px - x[i]) + (py - y[i]) * (py - y[i]);
    }
    return new ReferenceLattice(cx[0], cy[0], cx[1], cy[1], cx[2], cy[2], Math.sqrt(ss / n), n);
  }

  /** x of fractional lattice position (col + fu, row + fv). */
  public double x(double colFrac, double rowFrac) { return ox + colFrac * ax + rowFrac * bx; }

  public double y(double colFrac, double rowFrac) { return oy + colFrac * ay + rowFrac * by; }

  /** Fractional (col, row) of image point (px, py). */
  public double[] fractional(double px, double py) {
    double det = ax * by - ay * bx;
    double dx = px - ox;
    double dy = py - oy;
    return new double[] {(dx * by - dy * bx) / det, (ax * dy - ay * dx) / det};
  }

  public double aPx() { return Math.hypot(ax, ay); }

  public double bPx() { return Math.hypot(bx, by); }

  /** Angle between a and b (degrees). */
  public double gammaDeg() { return Math.toDegrees(Math.acos((ax * bx + ay * by) / (aPx() * bPx()))); }

  private static double[] solve3(double[][] m, double[] r) {
    double[][] a = new double[3][4];
    for (int i = 0; i < 3; i++) {
      System.arraycopy(m[i], 0, a[i], 0, 3);
      a[i][3] = r[i];
    }
    for (int c = 0; c < 3; c++) {
      int p = c;
      for (int i = c + 1; i < 3; i++) if (Math.abs(a[i][c]) > Math.abs(a[p][c])) p = i;
      double[] t = a[c];
      a[c] = a[p];
      a[p] = t;
      if (Math.abs(a[c][c]) < 1e-12) throw new org.causalem.data.BadInputException("corner columns are collinear; cannot fit a reference lattice");
      for (int i = 0; i < 3; i++) {
        if (i == c) continue;
        double f = a[i][c] / a[c][c];
        for (int k = c; k < 4; k++) a[i][k] -= f * a[c][k];
      }
    }
    return new double[] {a[0][3] / a[0][0], a[1][3] / a[1][1], a[2][3] / a[2][2]};
  }
}
