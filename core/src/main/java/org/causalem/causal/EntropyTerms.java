package org.causalem.causal;

/**
 * Fast evaluation of the two contrast functions of Hyvärinen's entropy approximation,
 * {@code G1(u) = log cosh u} and {@code G2(u) = u·exp(−u²/2)}, by cubic Hermite interpolation in a
 * table of values and exact derivatives on [−12, 12] with step 1/128 (absolute error below 1e-10);
 * outside the table {@code G1 = |u| − ln 2} and {@code G2 = 0} to within 1e-10. Package-private.
 */
final class EntropyTerms {
  static final double RANGE = 12;
  private static final int PER_UNIT = 128;
  private static final int NODES = (int) (2 * RANGE * PER_UNIT) + 1;
  private static final double H = 1.0 / PER_UNIT;
  private static final double LN2 = Math.log(2);
  /** node k at 4k: G1, G1', G2, G2' (interleaved so one interval is one or two cache lines). */
  private static final double[] TABLE = new double[4 * (NODES + 1)];

  static {
    for (int k = 0; k <= NODES; k++) {
      double u = -RANGE + k * H;
      TABLE[4 * k] = logCoshExact(u);
      TABLE[4 * k + 1] = Math.tanh(u);
      double g = Math.exp(-0.5 * u * u);
      TABLE[4 * k + 2] = u * g;
      TABLE[4 * k + 3] = (1 - u * u) * g;
    }
  }

  private EntropyTerms() {}

  static double logCoshExact(double u) {
    double a = Math.abs(u);
    return a + Math.log1p(Math.exp(-2 * a)) - LN2;
  }

  static double gaussExact(double u) { return u * Math.exp(-0.5 * u * u); }

  /** log cosh u. */
  static double g1(double u) {
    double a = Math.abs(u);
    if (a >= RANGE) return a - LN2;
    double s = (u + RANGE) * PER_UNIT;
    int k = (int) s;
    double t = s - k;
    int i = 4 * k;
    return hermite(TABLE[i], TABLE[i + 1], TABLE[i + 4], TABLE[i + 5], t);
  }

  /** u·exp(−u²/2). */
  static double g2(double u) {
    if (Math.abs(u) >= RANGE) return 0;
    double s = (u + RANGE) * PER_UNIT;
    int k = (int) s;
    double t = s - k;
    int i = 4 * k;
    return hermite(TABLE[i + 2], TABLE[i + 3], TABLE[i + 6], TABLE[i + 7], t);
  }

  /**
   * The sums over rows of G1 and G2 of the two standardized residuals {@code ra = (xa − ρ·xb)·inv} and
   * {@code rb = (xb − ρ·xa)·inv}, written to {@code out} as [ΣG1(ra), ΣG2(ra), ΣG1(rb), ΣG2(rb)]. One pass, the
   * interval and the Hermite basis shared by G1 and G2: the same arithmetic, in the same order, as summing
   * {@link #g1} and {@link #g2} row by row, so bit for bit the same sums.
   */
  static void residualSums(double[] xa, double[] xb, double rho, double inv, double[] out) {
    final double[] tb = TABLE;
    double lcA = 0;
    double geA = 0;
    double lcB = 0;
    double geB = 0;
    for (int r = 0; r < xa.length; r++) {
      double a = xa[r];
      double b = xb[r];
      double ra = (a - rho * b) * inv;
      double rb = (b - rho * a) * inv;
      double aa = Math.abs(ra);
      if (aa >= RANGE) {
        lcA += aa - LN2;
      } else {
        double s = (ra + RANGE) * PER_UNIT;
        int k = (int) s;
        double t = s - k;
        int i = 4 * k;
        double t2 = t * t;
        double t3 = t2 * t;
        double h00 = 2 * t3 - 3 * t2 + 1;
        double h10 = (t3 - 2 * t2 + t) * H;
        double h01 = 3 * t2 - 2 * t3;
        double h11 = (t3 - t2) * H;
        lcA += h00 * tb[i] + h10 * tb[i + 1] + h01 * tb[i + 4] + h11 * tb[i + 5];
        geA += h00 * tb[i + 2] + h10 * tb[i + 3] + h01 * tb[i + 6] + h11 * tb[i + 7];
      }
      double ab = Math.abs(rb);
      if (ab >= RANGE) {
        lcB += ab - LN2;
      } else {
        double s = (rb + RANGE) * PER_UNIT;
        int k = (int) s;
        double t = s - k;
        int i = 4 * k;
        double t2 = t * t;
        double t3 = t2 * t;
        double h00 = 2 * t3 - 3 * t2 + 1;
        double h10 = (t3 - 2 * t2 + t) * H;
        double h01 = 3 * t2 - 2 * t3;
        double h11 = (t3 - t2) * H;
        lcB += h00 * tb[i] + h10 * tb[i + 1] + h01 * tb[i + 4] + h11 * tb[i + 5];
        geB += h00 * tb[i + 2] + h10 * tb[i + 3] + h01 * tb[i + 6] + h11 * tb[i + 7];
      }
    }
    out[0] = lcA;
    out[1] = geA;
    out[2] = lcB;
    out[3] = geB;
  }

  private static double hermite(double v0, double d0, double v1, double d1, double t) {
    double t2 = t * t;
    double t3 = t2 * t;
    return (2 * t3 - 3 * t2 + 1) * v0 + (t3 - 2 * t2 + t) * H * d0 + (3 * t2 - 2 * t3) * v1 + (t3 - t2) * H * d1;
  }
}
