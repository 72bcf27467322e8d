package org.causalem.workflow;

import java.util.ArrayList;
import java.util.List;
import org.causalem.bayes.MeanFunction;
import org.causalem.bayes.Var;

/**
 * Candidate physical models of a scalar measured over a 1-D or 2-D scan, each the mean function of a structured
 * GP for hypothesis learning. Positions enter scaled to the scan's extent, {@code u = (p − centre)/half-width}
 * (so −1..1 across the scan), which lets one set of priors serve every scan; amplitudes are in the value's
 * units with priors centred on the measured mean and ±2 measured standard deviations wide.
 * <ul>
 *   <li>{@code plane}: {@code a + b·u + c·v} (a uniform gradient);
 *   <li>{@code wall}: {@code a + b·tanh((u cos θ + v sin θ − d)/w)} (two domains and the wall between them; 1-D: θ = 0);
 *   <li>{@code peak}: {@code a + b·exp(−|p − p₀|²/(2 s²))} (one localised feature, e.g. a precipitate or a defect);
 *   <li>{@code step}: an abrupt change between the plateaus a ∓ b, sharper than the sampling (a first-order wall; 1-D
 *       only), its evidence summed over where it may lie ({@link #stepPieces});
 *   <li>{@code ramp}: a gradual change, the wall's tanh with a width of 3 cells to half the scan (a continuous transition).
 * </ul>
 * {@code step} and {@code ramp} ask whether a transition is abrupt or gradual; {@code wall}, whose width is free, nests both.
 */
public final class SpatialHypotheses {
  /** The model names understood by {@link #of}. */
  public static final List<String> NAMES = List.of("plane", "wall", "peak", "step", "ramp");
  /** The models compared when none are named. */
  public static final List<String> DEFAULTS = List.of("plane", "wall", "peak");

  private SpatialHypotheses() {}

  /**
   * The scaled position of every row: {@code (p − centre)/half-width} per axis over {@code bounds}; {@code cell} the
   * sampling step in scaled units (the smallest positive distance between two positions along an axis, over both axes).
   */
  public record Scaling(double[] centre, double[] halfWidth, double cell) {
    /** Centre and half-width of the box holding every row of every array, and the smallest step between them. */
    public static Scaling of(double[][]... sets) {
      int d = sets[0][0].length;
      double[] lo = new double[d];
      double[] hi = new double[d];
      java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
      java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
      for (double[][] s : sets) for (double[] p : s) for (int k = 0; k < d; k++) {
        lo[k] = Math.min(lo[k], p[k]);
        hi[k] = Math.max(hi[k], p[k]);
      }
      double[] c = new double[d];
      double[] h = new double[d];
      for (int k = 0; k < d; k++) {
        c[k] = 0.5 * (lo[k] + hi[k]);
        h[k] = Math.max(0.5 * (hi[k] - lo[k]), 1e-12);
      }
      double cell = Double.POSITIVE_INFINITY;
      for (int k = 0; k < d; k++) {
        int total = 0;
        for (double[][] set : sets) total += set.length;
        double[] v = new double[total];
        int q = 0;
        for (double[][] set : sets) for (double[] p : set) v[q++] = p[k];
        java.util.Arrays.sort(v);
        for (int i = 1; i < total; i++) if (v[i] - v[i - 1] > 1e-9 * h[k]) cell = Math.min(cell, (v[i] - v[i - 1]) / h[k]);
      }
      return new Scaling(c, h, Double.isFinite(cell) ? cell : 1.0);
    }

    double u(double[] p, int k) { return (p[k] - centre[k]) / halfWidth[k]; }
  }

  /** The named models for data of {@code dims} position columns, priors from the measured values. */
  public static List<MeanFunction> of(List<String> names, int dims, Scaling scaling, double[] values) {
    if (dims < 1 || dims > 2) throw new IllegalArgumentException("hypotheses are for 1-D or 2-D positions, got " + dims);
    double m = 0;
    for (double v : values) m += v;
    m /= values.length;
    double s = 0;
    for (double v : values) s += (v - m) * (v - m);
    s = Math.sqrt(s / Math.max(values.length - 1, 1));
    if (!(s > 0)) s = Math.max(Math.abs(m), 1);
    List<MeanFunction> out = new ArrayList<>();
    for (String name : names) out.add(model(name, dims, scaling, m, 2 * s));
    return out;
  }

  private static MeanFunction model(String name, int dims, Scaling sc, double mean, double sd) {
    boolean two = dims == 2;
    switch (name) {
      case "plane":
        return two
            ? MeanFunction.of("plane", List.of("a", "b", "c"), new double[] {mean, 0, 0}, new double[] {sd, sd, sd},
                (p, t) -> t[0].add(t[1].mul(sc.u(p, 0))).add(t[2].mul(sc.u(p, 1))))
            : MeanFunction.of("plane", List.of("a", "b"), new double[] {mean, 0}, new double[] {sd, sd},
                (p, t) -> t[0].add(t[1].mul(sc.u(p, 0))));
      case "wall":
        return two
            ? MeanFunction.of("wall", List.of("a", "b", "theta", "d", "log_w"), new double[] {mean, 0, 0, 0, Math.log(0.1)},
                new double[] {sd, sd, Math.PI, 0.7, 1}, (p, t) -> {
                  Var proj = t[2].cos().mul(sc.u(p, 0)).add(t[2].sin().mul(sc.u(p, 1))).sub(t[3]);
                  return t[0].add(t[1].mul(proj.div(t[4].exp()).tanh()));
                }, (x, y) -> wallStarts(x, y, sc, true, Math.log(0.1)))
            : MeanFunction.of("wall", List.of("a", "b", "d", "log_w"), new double[] {mean, 0, 0, Math.log(0.1)},
                new double[] {sd, sd, 0.7, 1}, (p, t) -> t[0].add(t[1].mul(t[2].rsub(sc.u(p, 0)).div(t[3].exp()).tanh())),
                (x, y) -> wallStarts(x, y, sc, false, Math.log(0.1)));
      case "peak":
        return two
            ? MeanFunction.of("peak", List.of("a", "b", "u0", "v0", "log_s"), new double[] {mean, 0, 0, 0, Math.log(0.3)},
                new double[] {sd, sd, 0.7, 0.7, 1}, (p, t) -> {
                  Var r2 = t[2].rsub(sc.u(p, 0)).square().add(t[3].rsub(sc.u(p, 1)).square());
                  return t[0].add(t[1].mul(r2.div(t[4].mul(2).exp().mul(2)).neg().exp()));
                }, (x, y) -> peakStarts(x, y, sc, true))
            : MeanFunction.of("peak", List.of("a", "b", "u0", "log_s"), new double[] {mean, 0, 0, Math.log(0.3)},
                new double[] {sd, sd, 0.7, 1}, (p, t) -> {
                  Var r2 = t[2].rsub(sc.u(p, 0)).square();
                  return t[0].add(t[1].mul(r2.div(t[3].mul(2).exp().mul(2)).neg().exp()));
                }, (x, y) -> peakStarts(x, y, sc, false));
      case "ramp":
        return ramp(two, sc, mean, sd);
      case "step":
        if (two) throw new IllegalArgumentException("the step model (an abrupt wall summed over the gaps between measurements) is for 1-D scans; on a map use wall or ramp");
        return step(sc, mean, sd);
      default:
        throw new IllegalArgumentException("unknown hypothesis '" + name + "'; expected one of " + NAMES);
    }
  }

  /** Narrowest width of a gradual change ({@code ramp}), in cells. */
  static final double RAMP_MIN_CELLS = 3;
  /** Width of the tanh standing for an abrupt change ({@code step}) in its predictions, in cells. */
  static final double STEP_CELLS = 0.1;
  /** Configurations of a step over which its evidence is summed (the most probable by a quick score). */
  static final int STEP_PIECES = 5;
  /** Prior sd of a wall's, ramp's or step's position (scaled units, as for the wall). */
  static final double POSITION_SD = 0.7;

  /**
   * A gradual change between two plateaus: the wall's tanh with a width whose log-normal prior spans, at ±2 sd,
   * {@link #RAMP_MIN_CELLS} cells to half the scan (a continuous transition or a gradient, not a sharp wall).
   */
  private static MeanFunction ramp(boolean two, Scaling sc, double mean, double sd) {
    double lo = Math.log(RAMP_MIN_CELLS * sc.cell());
    double hi = Math.max(Math.log(1.0), lo + Math.log(4));
    double logW = 0.5 * (lo + hi);
    double sdW = 0.25 * (hi - lo);
    if (two) {
      return MeanFunction.of("ramp", List.of("a", "b", "theta", "d", "log_w"), new double[] {mean, 0, 0, 0, logW},
          new double[] {sd, sd, Math.PI, POSITION_SD, sdW}, (p, t) -> {
            Var proj = t[2].cos().mul(sc.u(p, 0)).add(t[2].sin().mul(sc.u(p, 1))).sub(t[3]);
            return t[0].add(t[1].mul(proj.div(t[4].exp()).tanh()));
          }, (x, y) -> wallStarts(x, y, sc, true, logW));
    }
    return MeanFunction.of("ramp", List.of("a", "b", "d", "log_w"), new double[] {mean, 0, 0, logW}, new double[] {sd, sd, POSITION_SD, sdW},
        (p, t) -> t[0].add(t[1].mul(t[2].rsub(sc.u(p, 0)).div(t[3].exp()).tanh())), (x, y) -> wallStarts(x, y, sc, false, logW));
  }

  /**
   * An abrupt change (a first-order domain wall sharper than the sampling), seen by a probe that averages over its cell:
   * every cell reads one of the plateaus a ∓ b except the cell holding the wall, which reads their area-weighted mean.
   * The data cannot tell where in an unmeasured stretch the step lies (the likelihood is flat there), so the evidence is
   * summed over the configurations of {@link #stepPieces} ({@link MeanFunction#pieces}); the model's value as a whole
   * (its predictions) is {@code a + b·tanh((u − d)/w₀)}, w₀ = {@link #STEP_CELLS} cell.
   */
  private static MeanFunction step(Scaling sc, double mean, double sd) {
    double w0 = STEP_CELLS * sc.cell();
    MeanFunction whole = MeanFunction.of("step", List.of("a", "b", "d"), new double[] {mean, 0, 0}, new double[] {sd, sd, POSITION_SD},
        (p, t) -> t[0].add(t[1].mul(t[2].rsub(sc.u(p, 0)).div(w0).tanh())), (x, y) -> stepStarts(x, y, sc));
    return new MeanFunction() {
      @Override public String name() { return whole.name(); }

      @Override public List<String> parameterNames() { return whole.parameterNames(); }

      @Override public double[] priorMean() { return whole.priorMean(); }

      @Override public double[] priorSd() { return whole.priorSd(); }

      @Override public Var value(double[] x, Var[] theta) { return whole.value(x, theta); }

      @Override public double[][] starts(double[][] x, double[] y) { return whole.starts(x, y); }

      @Override public List<Piece> pieces(double[][] x, double[] y) { return stepPieces(x, y, sc, mean, sd, w0); }
    };
  }

  private static double[][] stepStarts(double[][] x, double[] y, Scaling sc) {
    double[][] w = wallStarts(x, y, sc, false, 0);
    double[][] out = new double[w.length][];
    for (int i = 0; i < w.length; i++) out[i] = java.util.Arrays.copyOf(w[i], 3);
    return out;
  }

  /**
   * The configurations of a step a cell's measurement can tell apart, the {@link #STEP_PIECES} most probable by a quick
   * score kept. A probe averages over its cell, so a sharp wall shows only in the cell that holds it, as the area-weighted
   * mean of the two plateaus; any other cell reads one plateau. So the step lies either (a) in the unmeasured stretch
   * between two neighbouring measured cells (the likelihood flat there: d at its middle, every measurement on its
   * plateau), or (b) inside a measured cell, whose value is then the plateaus' mean weighted by the unknown fraction of the
   * cell on each side: that measurement is left out of the GP and counts with the density of such a mixture, uniform
   * between the plateaus (convolved with the noise), given the other measurements' fit ({@link #mixedCell}). The scan's
   * two ends are stretches too (d half-way to the scan's edge, at least a cell out). Each configuration's prior mass is
   * that of its stretch or cell under d's prior N(0, {@link #POSITION_SD}). The quick score is the two-plateau fit's
   * Gaussian log likelihood with the noise from the best split (plus the mixed cell's density) and the log prior mass.
   */
  static List<MeanFunction.Piece> stepPieces(double[][] x, double[] y, Scaling sc, double mean, double sd, double w0) {
    int n = y.length;
    Integer[] order = new Integer[n];
    double[] u = new double[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
      u[i] = sc.u(x[i], 0);
    }
    java.util.Arrays.sort(order, (p, q) -> Double.compare(u[p], u[q]));
    double[] cum = new double[n + 1];
    double[] cum2 = new double[n + 1];
    for (int k = 0; k < n; k++) {
      cum[k + 1] = cum[k] + y[order[k]];
      cum2[k + 1] = cum2[k] + y[order[k]] * y[order[k]];
    }
    double half = 0.5 * sc.cell();
    List<double[]> configs = new ArrayList<>(); // {kind 0 stretch / 1 cell, first row of the right plateau (sorted), held-out sorted index or -1, d, lo, hi}
    for (int k = 0; k <= n; k++) {
      if (k > 0 && k < n && u[order[k]] - u[order[k - 1]] < 1e-9) continue;
      double lo = k == 0 ? Double.NEGATIVE_INFINITY : u[order[k - 1]] + half;
      double hi = k == n ? Double.POSITIVE_INFINITY : u[order[k]] - half;
      if (!(hi - lo > 1e-9 * sc.cell())) continue;
      double d = k == 0 ? hi - Math.max(half, 0.5 * (hi + 1)) : k == n ? lo + Math.max(half, 0.5 * (1 - lo)) : 0.5 * (lo + hi);
      configs.add(new double[] {0, k, -1, d, lo, hi});
    }
    for (int k = 0; k < n && n > 3; k++) {
      boolean alone = (k == 0 || u[order[k]] - u[order[k - 1]] >= 1e-9) && (k == n - 1 || u[order[k + 1]] - u[order[k]] >= 1e-9);
      if (alone) configs.add(new double[] {1, k + 1, k, u[order[k]], u[order[k]] - half, u[order[k]] + half});
    }
    double bestSse = Double.POSITIVE_INFINITY;
    for (double[] c : configs) if (c[0] == 0) bestSse = Math.min(bestSse, splitSse(cum, cum2, (int) c[1], -1, y, order));
    double range = cum2[n] - cum[n] * cum[n] / n;
    double s2 = Math.max(bestSse / Math.max(n - 2, 1), 1e-6 * range / n + 1e-300);
    double sNoise = Math.sqrt(s2);
    double[] score = new double[configs.size()];
    for (int c = 0; c < configs.size(); c++) {
      double[] cf = configs.get(c);
      int k = (int) cf[1];
      int out = (int) cf[2];
      int rows = out < 0 ? n : n - 1;
      score[c] = -splitSse(cum, cum2, k, out, y, order) / (2 * s2) - rows * Math.log(Math.sqrt(2 * Math.PI) * sNoise)
          + Math.log(normalCdf(cf[5] / POSITION_SD) - normalCdf(cf[4] / POSITION_SD));
      if (out >= 0) {
        double[] ab = plateaus(cum, k, out, n);
        score[c] += mixedCell(y[order[out]], ab[0], ab[1], sNoise);
      }
    }
    Integer[] rank = new Integer[configs.size()];
    for (int c = 0; c < rank.length; c++) rank[c] = c;
    java.util.Arrays.sort(rank, (p, q) -> Double.compare(score[q], score[p]));
    List<MeanFunction.Piece> pieces = new ArrayList<>();
    for (int r = 0; r < Math.min(STEP_PIECES, rank.length); r++) {
      double[] cf = configs.get(rank[r]);
      int k = (int) cf[1];
      int out = (int) cf[2];
      double d = cf[3];
      double[] start = plateaus(cum, k, out, n);
      MeanFunction piece = MeanFunction.of("step", List.of("a", "b"), new double[] {mean, 0}, new double[] {sd, sd},
          (p, t) -> t[0].add(t[1].mul(Math.tanh((sc.u(p, 0) - d) / w0))), (xs, ys) -> new double[][] {start});
      double logMass = Math.log(normalCdf(cf[5] / POSITION_SD) - normalCdf(cf[4] / POSITION_SD));
      if (out < 0) {
        pieces.add(new MeanFunction.Piece(piece, logMass, List.of("d"), new double[] {d}));
      } else {
        int[] kept = new int[n - 1];
        for (int i = 0, q = 0; i < n; i++) if (i != out) kept[q++] = order[i];
        java.util.Arrays.sort(kept);
        double yOut = y[order[out]];
        pieces.add(new MeanFunction.Piece(piece, logMass, List.of("d"), new double[] {d}, kept, (par, noise) -> mixedCell(yOut, par[0], par[1], noise)));
      }
    }
    return pieces;
  }

  /** Squared error of two plateaus: sorted rows before k on the left, the others on the right, sorted row {@code out} left out (−1: none). */
  private static double splitSse(double[] cum, double[] cum2, int k, int out, double[] y, Integer[] order) {
    int n = cum.length - 1;
    double s1 = cum[k];
    double q1 = cum2[k];
    int n1 = k;
    double s2 = cum[n] - cum[k];
    double q2 = cum2[n] - cum2[k];
    int n2 = n - k;
    if (out >= 0) { // the held-out row is the last of the left group
      double v = y[order[out]];
      s1 -= v;
      q1 -= v * v;
      n1--;
    }
    double e = 0;
    if (n1 > 0) e += q1 - s1 * s1 / n1;
    if (n2 > 0) e += q2 - s2 * s2 / n2;
    return Math.max(e, 0);
  }

  /** {a, b} of two plateaus (a the middle, b half the step up to the right) from a split as in {@link #splitSse}; b = 0 when one side is empty. */
  private static double[] plateaus(double[] cum, int k, int out, int n) {
    double s1 = cum[k];
    int n1 = k;
    if (out >= 0) {
      s1 -= cum[out + 1] - cum[out];
      n1--;
    }
    int n2 = n - k;
    double s2 = cum[n] - cum[k];
    if (n1 == 0) return new double[] {s2 / n2, 0};
    if (n2 == 0) return new double[] {s1 / n1, 0};
    double mL = s1 / n1;
    double mR = s2 / n2;
    return new double[] {0.5 * (mL + mR), 0.5 * (mR - mL)};
  }

  /**
   * Log density of a cell's value v that holds a sharp step between the plateaus a − b and a + b: the fraction of the cell
   * on each side uniform, so v is uniform between the plateaus, convolved with the noise (sd s).
   */
  static double mixedCell(double v, double a, double b, double s) {
    double lo = a - Math.abs(b);
    double hi = a + Math.abs(b);
    if (hi - lo < 1e-6 * s) return -0.5 * Math.pow((v - a) / s, 2) - Math.log(Math.sqrt(2 * Math.PI) * s);
    double p = normalCdf((hi - v) / s) - normalCdf((lo - v) / s);
    return Math.log(Math.max(p, 1e-300) / (hi - lo));
  }

  private static double normalCdf(double z) { return 0.5 * org.hipparchus.special.Erf.erfc(-z / Math.sqrt(2)); }
  /** Data-driven starts of a wall fit: the most distinct steps of the data. */
  static final int WALL_STARTS = 3;
  /** Directions tried for a 2-D wall's normal (over half a turn). */
  static final int WALL_ANGLES = 12;

  /**
   * Starting values of the wall's parameters where the data step: along each trial direction (1-D: the axis; 2-D:
   * {@link #WALL_ANGLES} directions of the normal over half a turn) the measurements are sorted by their projection and
   * split into two groups where the two-mean fit leaves the least squared error (a change point); the
   * {@link #WALL_STARTS} best splits over all directions (distinct positions or directions) give a = the mean of the
   * two group means, b = half their difference, d = midway between the two measurements either side, w = the prior's.
   */
  static double[][] wallStarts(double[][] x, double[] y, Scaling sc, boolean two, double logW) {
    int n = y.length;
    if (n < 2) return new double[0][];
    int angles = two ? WALL_ANGLES : 1;
    List<double[]> found = new ArrayList<>(); // {sse, a, b, theta, d}
    double[] t = new double[n];
    Integer[] order = new Integer[n];
    for (int j = 0; j < angles; j++) {
      double th = Math.PI * j / angles;
      for (int i = 0; i < n; i++) {
        t[i] = two ? sc.u(x[i], 0) * Math.cos(th) + sc.u(x[i], 1) * Math.sin(th) : sc.u(x[i], 0);
        order[i] = i;
      }
      java.util.Arrays.sort(order, (p, q) -> Double.compare(t[p], t[q]));
      double total = 0;
      double total2 = 0;
      for (double v : y) {
        total += v;
        total2 += v * v;
      }
      double left = 0;
      double left2 = 0;
      for (int k = 1; k < n; k++) {
        double v = y[order[k - 1]];
        left += v;
        left2 += v * v;
        if (t[order[k]] - t[order[k - 1]] < 1e-9) continue;
        double right = total - left;
        double right2 = total2 - left2;
        double mL = left / k;
        double mR = right / (n - k);
        double sse = (left2 - k * mL * mL) + (right2 - (n - k) * mR * mR);
        found.add(new double[] {sse, 0.5 * (mL + mR), 0.5 * (mR - mL), th, 0.5 * (t[order[k]] + t[order[k - 1]])});
      }
    }
    found.sort((p, q) -> Double.compare(p[0], q[0]));
    List<double[]> out = new ArrayList<>();
    for (double[] f : found) {
      if (out.size() == WALL_STARTS) break;
      boolean same = false;
      for (double[] o : out) {
        double th = two ? o[2] : 0;
        double d = two ? o[3] : o[2];
        if (Math.abs(th - f[3]) < 1e-9 && Math.abs(d - f[4]) < 1e-9) same = true;
      }
      if (!same) out.add(two ? new double[] {f[1], f[2], f[3], f[4], logW} : new double[] {f[1], f[2], f[4], logW});
    }
    return out.toArray(new double[0][]);
  }

  /** Starting values of a peak at the two measurements farthest from the median: a = the median, b = their excess. */
  static double[][] peakStarts(double[][] x, double[] y, Scaling sc, boolean two) {
    int n = y.length;
    double[] sorted = y.clone();
    java.util.Arrays.sort(sorted);
    double med = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i;
    java.util.Arrays.sort(order, (p, q) -> Double.compare(Math.abs(y[q] - med), Math.abs(y[p] - med)));
    int k = Math.min(2, n);
    double[][] out = new double[k][];
    double logS = Math.log(0.3);
    for (int j = 0; j < k; j++) {
      int i = order[j];
      out[j] = two ? new double[] {med, y[i] - med, sc.u(x[i], 0), sc.u(x[i], 1), logS} : new double[] {med, y[i] - med, sc.u(x[i], 0), logS};
    }
    return out;
  }
}
