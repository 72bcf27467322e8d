package org.causalem.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.causalem.bayes.GpPrediction;
import org.causalem.bayes.InducingPointGp;
import org.causalem.bayes.Kernel;

/** Simulated closed loops of {@link SuggestAnalysis} on a ground-truth map, and the raster / random baselines. */
final class SuggestLoop {
  static boolean MAX_ERROR = Boolean.getBoolean("maxerr");
  static boolean TRACE = Boolean.getBoolean("trace");

  private SuggestLoop() {}

  /** A w × h ground-truth map: {@code blobs} Gaussian blobs of width 2.5–4.5 px with random signs, plus a gentle tilt. */
  static double[] field(int w, int h, int blobs, SplittableRandom rng) {
    double[] f = new double[w * h];
    for (int b = 0; b < blobs; b++) {
      double cx = rng.nextDouble() * w;
      double cy = rng.nextDouble() * h;
      double s = 2.5 + 2 * rng.nextDouble();
      double a = rng.nextBoolean() ? 1 : -1;
      for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
        double dx = x - cx;
        double dy = y - cy;
        f[y * w + x] += a * Math.exp(-0.5 * (dx * dx + dy * dy) / (s * s));
      }
    }
    return f;
  }

  /**
   * A w × h map of two-phase domains (e.g. up and down polarisation): {@code tanh(φ/δ)} with φ a sum of three plane
   * waves of 0.5–1.5 cycles across the map in random directions, so the walls (where φ = 0) curve; δ makes the walls
   * {@code wall} cells wide (10–90 %) where φ's gradient is typical.
   */
  static double[] domains(int w, int h, double wall, SplittableRandom rng) {
    double[][] waves = new double[3][];
    for (int k = 0; k < 3; k++) {
      double f = (0.5 + rng.nextDouble()) * 2 * Math.PI / w;
      double dir = rng.nextDouble() * Math.PI;
      waves[k] = new double[] {f * Math.cos(dir), f * Math.sin(dir), rng.nextDouble() * 2 * Math.PI, 0.5 + rng.nextDouble()};
    }
    double[] phi = new double[w * h];
    double g2 = 0;
    for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
      double v = 0;
      double gx = 0;
      double gy = 0;
      for (double[] q : waves) {
        double arg = q[0] * x + q[1] * y + q[2];
        v += q[3] * Math.cos(arg);
        gx -= q[3] * q[0] * Math.sin(arg);
        gy -= q[3] * q[1] * Math.sin(arg);
      }
      phi[y * w + x] = v;
      g2 += gx * gx + gy * gy;
    }
    double delta = wall / 2.2 * Math.sqrt(g2 / (w * h)); // tanh rises from 10 % to 90 % over 2.2 δ
    double[] f = new double[w * h];
    for (int i = 0; i < f.length; i++) f[i] = Math.tanh(phi[i] / delta);
    return f;
  }

  static double[][] grid(int w, int h) {
    double[][] g = new double[w * h][];
    for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) g[y * w + x] = new double[] {x, y};
    return g;
  }

  static double sd(double[] v) {
    double m = 0;
    for (double a : v) m += a;
    m /= v.length;
    double s = 0;
    for (double a : v) s += (a - m) * (a - m);
    return Math.sqrt(s / v.length);
  }

  /** RMS error over the whole grid of the GP fitted to the measured cells (hyperparameters refitted). */
  static double error(double[][] grid, double[] truth, double[] observed, List<Integer> measured, long seed, SuggestAnalysis.Hyper fixed) {
    double[][] x = new double[measured.size()][];
    double[] y = new double[measured.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = grid[measured.get(i)];
      y[i] = observed[measured.get(i)];
    }
    SuggestAnalysis.Hyper h = fixed != null ? fixed : SuggestAnalysis.fitHyper(x, y, Kernel.MATERN52, 150, seed);
    GpPrediction p = InducingPointGp.fit(x, y, Kernel.MATERN52, h.signalSd(), h.lengthScales(), h.noiseSd(), h.offset(), 300).predict(grid);
    double s = 0;
    double worst = 0;
    for (int i = 0; i < truth.length; i++) {
      double e = p.mean()[i] - truth[i];
      s += e * e;
      worst = Math.max(worst, Math.abs(e));
    }
    return MAX_ERROR ? worst : Math.sqrt(s / truth.length);
  }

  /**
   * Measurements the uncertainty loop needs to reach RMS error ≤ target (checked every {@code every} steps, hyperparameters
   * refitted at each check), starting from {@code start} random cells; {@code max} when never reached.
   */
  static int uncertaintyLoop(double[][] grid, double[] truth, double[] observed, int start, double target, int every, int max, long seed) {
    return loop(grid, truth, observed, start, target, every, max, seed, SuggestAnalysis.Acquisition.UNCERTAINTY);
  }

  /** The same with any map acquisition. */
  static int loop(double[][] grid, double[] truth, double[] observed, int start, double target, int every, int max, long seed,
                  SuggestAnalysis.Acquisition acquisition) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<Integer> measured = new ArrayList<>();
    boolean[] done = new boolean[grid.length];
    while (measured.size() < start) {
      int c = rng.nextInt(grid.length);
      if (!done[c]) {
        done[c] = true;
        measured.add(c);
      }
    }
    SuggestAnalysis.Options o = SuggestAnalysis.Options.defaults(acquisition, seed).withBudget(every);
    while (measured.size() < max) {
      double[][] x = new double[measured.size()][];
      double[] y = new double[measured.size()];
      for (int i = 0; i < x.length; i++) {
        x[i] = grid[measured.get(i)];
        y[i] = observed[measured.get(i)];
      }
      SuggestAnalysis.Hyper h = SuggestAnalysis.fitHyper(x, y, Kernel.MATERN52, 150, seed);
      double err = error(grid, truth, observed, measured, seed, h);
      if (TRACE) {
        List<Integer> rnd = order(grid.length, measured.size(), false, seed);
        double[][] xr = new double[rnd.size()][];
        double[] yr = new double[rnd.size()];
        for (int i = 0; i < xr.length; i++) {
          xr[i] = grid[rnd.get(i)];
          yr[i] = observed[rnd.get(i)];
        }
        SuggestAnalysis.Hyper hr = SuggestAnalysis.fitHyper(xr, yr, Kernel.MATERN52, 150, seed);
        System.out.printf("  n %d: loop err %.3f ls %s sf %.3f sn %.4f | random err %.3f ls %s sf %.3f%n", measured.size(), err / target,
            java.util.Arrays.toString(h.lengthScales()), h.signalSd(), h.noiseSd(), error(grid, truth, observed, rnd, seed, hr) / target,
            java.util.Arrays.toString(hr.lengthScales()), hr.signalSd());
      }
      if (err <= target) return measured.size();
      List<Integer> open = new ArrayList<>();
      for (int i = 0; i < grid.length; i++) if (!done[i]) open.add(i);
      double[][] cand = new double[open.size()][];
      for (int i = 0; i < cand.length; i++) cand[i] = grid[open.get(i)];
      SuggestAnalysis.Result r = SuggestAnalysis.run(x, y, cand, o, h);
      for (SuggestAnalysis.Ranked k : r.ranked()) {
        int c = open.get(k.candidate());
        done[c] = true;
        measured.add(c);
      }
    }
    return max;
  }

  /** The first {@code count} cells in raster order (row by row) or in a seeded random order. */
  static List<Integer> order(int cells, int count, boolean raster, long seed) {
    int[] idx = new int[cells];
    for (int i = 0; i < cells; i++) idx[i] = i;
    if (!raster) {
      SplittableRandom r = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
      for (int i = cells - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        int t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
      }
    }
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < count; i++) out.add(idx[i]);
    return out;
  }

  /** Smallest count (multiple of {@code step}) at which the raster / random order reaches the target, by galloping then bisection. */
  static int baselineCount(double[][] grid, double[] truth, double[] observed, double target, boolean raster, int step, long seed) {
    int cells = grid.length;
    int lo = 0;
    int hi = step;
    while (hi < cells && error(grid, truth, observed, order(cells, hi, raster, seed), seed, null) > target) {
      lo = hi;
      hi = Math.min(cells, hi * 2);
    }
    while (hi - lo > step) {
      int mid = (lo + hi) / 2 / step * step;
      if (mid <= lo) break;
      if (error(grid, truth, observed, order(cells, mid, raster, seed), seed, null) > target) lo = mid;
      else hi = mid;
    }
    return hi;
  }
}
