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
 *   <li>{@code peak}: {@code a + b·exp(−|p − p₀|²/(2 s²))} (one localised feature, e.g. a precipitate or a defect).
 * </ul>
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
  /** Width of an abrupt change ({@code step}), in cells: the whole change within a fifth of a cell. */
  static final double STEP_CELLS = 0.1;
  /** Gaps between measurements over which a step's evidence is summed (the best splits of the data). */
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
   * An abrupt change (a first-order domain wall sharper than the sampling): {@code a + b·tanh((u − d)/w₀)}, w₀ =
   * {@link #STEP_CELLS} cell. Between two neighbouring measurements the data cannot tell where the step lies (the
   * likelihood is flat in d there), so the evidence is summed over the gaps ({@link MeanFunction#pieces}).
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
   * The step held in each of the {@link #STEP_PIECES} gaps between neighbouring measured positions (the scan's two ends
   * included) where a split of the data into two plateaus leaves the least squared error: d at the gap's middle (at an end:
   * half-way to the scan's edge, at least half a cell out), the region's prior mass from d's prior N(0, {@link #POSITION_SD}).
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
    double total = 0;
    double total2 = 0;
    for (double v : y) {
      total += v;
      total2 += v * v;
    }
    List<double[]> gaps = new ArrayList<>(); // {sse, logMass, d, a, b}
    double left = 0;
    double left2 = 0;
    double umin = u[order[0]];
    double umax = u[order[n - 1]];
    for (int k = 0; k <= n; k++) {
      if (k > 0) {
        double v = y[order[k - 1]];
        left += v;
        left2 += v * v;
      }
      if (k > 0 && k < n && u[order[k]] - u[order[k - 1]] < 1e-9) continue;
      double lo = k == 0 ? Double.NEGATIVE_INFINITY : u[order[k - 1]];
      double hi = k == n ? Double.POSITIVE_INFINITY : u[order[k]];
      double d = k == 0 ? umin - Math.max(0.5 * sc.cell(), 0.5 * (umin + 1)) : k == n ? umax + Math.max(0.5 * sc.cell(), 0.5 * (1 - umax)) : 0.5 * (lo + hi);
      double mass = normalCdf(hi / POSITION_SD) - normalCdf(lo / POSITION_SD);
      double mL = k == 0 ? 0 : left / k;
      double mR = k == n ? 0 : (total - left) / (n - k);
      double sse = (left2 - k * mL * mL) + (total2 - left2 - (n - k) * mR * mR);
      double a = k == 0 ? mR : k == n ? mL : 0.5 * (mL + mR);
      double b = k == 0 || k == n ? 0 : 0.5 * (mR - mL);
      gaps.add(new double[] {sse, Math.log(mass), d, a, b});
    }
    gaps.sort((p, q) -> p[0] != q[0] ? Double.compare(p[0], q[0]) : Double.compare(q[1], p[1]));
    List<MeanFunction.Piece> out = new ArrayList<>();
    for (int g = 0; g < Math.min(STEP_PIECES, gaps.size()); g++) {
      double[] gap = gaps.get(g);
      double d = gap[2];
      double[] start = {gap[3], gap[4]};
      MeanFunction piece = MeanFunction.of("step", List.of("a", "b"), new double[] {mean, 0}, new double[] {sd, sd},
          (p, t) -> t[0].add(t[1].mul(Math.tanh((sc.u(p, 0) - d) / w0))), (xs, ys) -> new double[][] {start});
      out.add(new MeanFunction.Piece(piece, gap[1], List.of("d"), new double[] {d}));
    }
    return out;
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
