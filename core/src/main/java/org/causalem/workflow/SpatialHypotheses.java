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
  public static final List<String> NAMES = List.of("plane", "wall", "peak");

  private SpatialHypotheses() {}

  /** The scaled position of every row: {@code (p − centre)/half-width} per axis over {@code bounds}. */
  public record Scaling(double[] centre, double[] halfWidth) {
    /** Centre and half-width of the box holding every row of every array. */
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
      return new Scaling(c, h);
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
                })
            : MeanFunction.of("wall", List.of("a", "b", "d", "log_w"), new double[] {mean, 0, 0, Math.log(0.1)},
                new double[] {sd, sd, 0.7, 1}, (p, t) -> t[0].add(t[1].mul(t[2].rsub(sc.u(p, 0)).div(t[3].exp()).tanh())));
      case "peak":
        return two
            ? MeanFunction.of("peak", List.of("a", "b", "u0", "v0", "log_s"), new double[] {mean, 0, 0, 0, Math.log(0.3)},
                new double[] {sd, sd, 0.7, 0.7, 1}, (p, t) -> {
                  Var r2 = t[2].rsub(sc.u(p, 0)).square().add(t[3].rsub(sc.u(p, 1)).square());
                  return t[0].add(t[1].mul(r2.div(t[4].mul(2).exp().mul(2)).neg().exp()));
                })
            : MeanFunction.of("peak", List.of("a", "b", "u0", "log_s"), new double[] {mean, 0, 0, Math.log(0.3)},
                new double[] {sd, sd, 0.7, 1}, (p, t) -> {
                  Var r2 = t[2].rsub(sc.u(p, 0)).square();
                  return t[0].add(t[1].mul(r2.div(t[3].mul(2).exp().mul(2)).neg().exp()));
                });
      default:
        throw new IllegalArgumentException("unknown hypothesis '" + name + "'; expected one of " + NAMES);
    }
  }
}
