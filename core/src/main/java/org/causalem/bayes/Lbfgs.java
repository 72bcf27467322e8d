package org.causalem.bayes;

import org.causalem.numeric.Stats;

/** Limited-memory BFGS minimiser with a backtracking Armijo line search (package-private). */
final class Lbfgs {
  /** f(x) with its gradient written into g; +∞ where undefined. */
  interface Objective {
    double value(double[] x, double[] g);
  }

  record Result(double[] x, double value, int iterations, boolean converged) {}

  private Lbfgs() {}

  static Result minimize(Objective f, double[] x0, int maxIterations, double gradientTolerance) {
    int d = x0.length;
    int m = 8;
    double[][] s = new double[m][d];
    double[][] y = new double[m][d];
    double[] rho = new double[m];
    int stored = 0;
    int head = 0;
    double[] x = x0.clone();
    double[] g = new double[d];
    double fx = f.value(x, g);
    if (!Double.isFinite(fx)) throw new IllegalArgumentException("objective is not finite at the starting point");
    double[] dir = new double[d];
    double[] xn = new double[d];
    double[] gn = new double[d];
    double[] alpha = new double[m];
    for (int it = 0; it < maxIterations; it++) {
      double gmax = 0;
      for (double v : g) gmax = Math.max(gmax, Math.abs(v));
      if (gmax < gradientTolerance) return new Result(x, fx, it, true);
      // two-loop recursion
      for (int i = 0; i < d; i++) dir[i] = -g[i];
      for (int k = 0; k < stored; k++) {
        int idx = Math.floorMod(head - 1 - k, m);
        alpha[idx] = rho[idx] * Stats.dot(s[idx], dir);
        for (int i = 0; i < d; i++) dir[i] -= alpha[idx] * y[idx][i];
      }
      double gammaScale = 1;
      if (stored > 0) {
        int last = Math.floorMod(head - 1, m);
        gammaScale = Stats.dot(s[last], y[last]) / Stats.dot(y[last], y[last]);
      } else {
        gammaScale = 1 / Math.max(1, Math.sqrt(Stats.dot(g, g)));
      }
      for (int i = 0; i < d; i++) dir[i] *= gammaScale;
      for (int k = stored - 1; k >= 0; k--) {
        int idx = Math.floorMod(head - 1 - k, m);
        double beta = rho[idx] * Stats.dot(y[idx], dir);
        for (int i = 0; i < d; i++) dir[i] += s[idx][i] * (alpha[idx] - beta);
      }
      double slope = Stats.dot(g, dir);
      if (!(slope < 0)) {
        for (int i = 0; i < d; i++) dir[i] = -g[i];
        slope = -Stats.dot(g, g);
        stored = 0;
      }
      double step = 1;
      double fn = Double.NaN;
      boolean accepted = false;
      for (int ls = 0; ls < 40; ls++) {
        for (int i = 0; i < d; i++) xn[i] = x[i] + step * dir[i];
        fn = f.value(xn, gn);
        if (Double.isFinite(fn) && fn <= fx + 1e-4 * step * slope) {
          accepted = true;
          break;
        }
        step *= 0.5;
      }
      if (!accepted) return new Result(x, fx, it, false);
      double[] sv = s[head];
      double[] yv = y[head];
      for (int i = 0; i < d; i++) {
        sv[i] = xn[i] - x[i];
        yv[i] = gn[i] - g[i];
      }
      double sy = Stats.dot(sv, yv);
      if (sy > 1e-12) {
        rho[head] = 1 / sy;
        head = (head + 1) % m;
        stored = Math.min(stored + 1, m);
      }
      double change = fx - fn;
      System.arraycopy(xn, 0, x, 0, d);
      System.arraycopy(gn, 0, g, 0, d);
      fx = fn;
      if (change < 1e-10 * (1 + Math.abs(fx))) return new Result(x, fx, it + 1, true);
    }
    return new Result(x, fx, maxIterations, false);
  }
}
