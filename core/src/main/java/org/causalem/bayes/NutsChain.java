package org.causalem.bayes;

import java.util.SplittableRandom;

/** One NUTS chain: warm-up with adaptation, then sampling (package-private worker of {@link Nuts}). */
final class NutsChain {
  private static final double MAX_ENERGY_ERROR = 1000;

  private final LogDensity density;
  private final Nuts.Options options;
  private final SplittableRandom rnd;
  private final int d;
  private double[] invMetric;
  private double stepSize;
  // per-transition statistics
  private double sumAccept;
  private int leapfrogs;
  private boolean divergent;

  /** A point in phase space with its log density and gradient. */
  private static final class Point {
    final double[] q;
    final double[] p;
    final double[] grad;
    final double logp;

    Point(double[] q, double[] p, double[] grad, double logp) {
      this.q = q;
      this.p = p;
      this.grad = grad;
      this.logp = logp;
    }
  }

  /** A sub-trajectory: its time-ordered ends, momentum sum, log weight and chosen sample. */
  private static final class Tree {
    Point edge; // last point built (the outer edge in the build direction)
    Point sample;
    double logSumW;
    double[] rho;
    double[] pBegin;
    double[] pEnd;
    double[] sharpBegin;
    double[] sharpEnd;
    boolean invalid;
  }

  NutsChain(LogDensity density, Nuts.Options options, SplittableRandom rnd) {
    this.density = density;
    this.options = options;
    this.rnd = rnd;
    this.d = density.dimension();
  }

  McmcResult.Chain run(double[] start) {
    invMetric = new double[d];
    java.util.Arrays.fill(invMetric, 1);
    double[] g = new double[d];
    double lp = density.evaluate(start, g);
    if (!Double.isFinite(lp)) throw new IllegalArgumentException("log density is not finite at the starting point " + java.util.Arrays.toString(start));
    Point current = new Point(start.clone(), new double[d], g, lp);
    int warm = options.warmup();
    stepSize = initialStepSize(current);
    // dual averaging state
    double mu = Math.log(10 * stepSize);
    double hBar = 0;
    double logEpsBar = 0;
    int daCount = 0;
    final double gamma = 0.05;
    final double t0 = 10;
    final double kappa = 0.75;
    // windows for the metric
    int initBuffer = (int) (0.15 * warm);
    int termBuffer = (int) (0.1 * warm);
    int window = Math.max(5, (int) (0.025 * warm));
    int windowEnd = nextWindowEnd(initBuffer, window, warm - termBuffer);
    double[] wMean = new double[d];
    double[] wM2 = new double[d];
    int wCount = 0;

    double[][] draws = new double[options.samples()][];
    double[] logp = new double[options.samples()];
    int[] depth = new int[options.samples()];
    int divergences = 0;
    int warmDivergences = 0;
    double acceptSum = 0;
    for (int it = 0; it < warm + options.samples(); it++) {
      int[] treeDepth = new int[1];
      current = transition(current, treeDepth);
      double accept = leapfrogs == 0 ? 0 : sumAccept / leapfrogs;
      if (it < warm) {
        if (divergent) warmDivergences++;
        daCount++;
        double eta = 1.0 / (daCount + t0);
        hBar = (1 - eta) * hBar + eta * (options.targetAcceptance() - accept);
        double logEps = mu - Math.sqrt(daCount) / gamma * hBar;
        double w = Math.pow(daCount, -kappa);
        logEpsBar = w * logEps + (1 - w) * logEpsBar;
        stepSize = Math.exp(logEps);
        if (it >= initBuffer && it < warm - termBuffer) {
          wCount++;
          for (int i = 0; i < d; i++) {
            double delta = current.q[i] - wMean[i];
            wMean[i] += delta / wCount;
            wM2[i] += delta * (current.q[i] - wMean[i]);
          }
          if (it + 1 == windowEnd) {
            for (int i = 0; i < d; i++) {
              double var = wM2[i] / Math.max(1, wCount - 1);
              invMetric[i] = (wCount / (wCount + 5.0)) * var + 1e-3 * (5.0 / (wCount + 5.0));
            }
            java.util.Arrays.fill(wMean, 0);
            java.util.Arrays.fill(wM2, 0);
            wCount = 0;
            window *= 2;
            windowEnd = nextWindowEnd(it + 1, window, warm - termBuffer);
            stepSize = initialStepSize(current);
            mu = Math.log(10 * stepSize);
            hBar = 0;
            logEpsBar = 0;
            daCount = 0;
          }
        }
        if (it == warm - 1) stepSize = Math.exp(logEpsBar);
      } else {
        int s = it - warm;
        draws[s] = current.q.clone();
        logp[s] = current.logp;
        depth[s] = treeDepth[0];
        if (divergent) divergences++;
        acceptSum += accept;
      }
    }
    return new McmcResult.Chain(draws, logp, depth, divergences, warmDivergences, stepSize, invMetric.clone(), acceptSum / options.samples());
  }

  private static int nextWindowEnd(int start, int window, int limit) {
    int end = start + window;
    if (end + 2 * window > limit) end = limit; // the next window would not fit: stretch this one
    return Math.min(end, limit);
  }

  private double initialStepSize(Point x) {
    double eps = stepSize > 0 ? stepSize : 1;
    double[] p = momentum();
    double h0 = hamiltonian(x.logp, p);
    Point y = leapfrog(new Point(x.q, p, x.grad, x.logp), eps);
    double dh = h0 - hamiltonian(y.logp, y.p);
    int dir = dh > Math.log(0.8) ? 1 : -1;
    for (int k = 0; k < 100; k++) {
      eps = dir == 1 ? 2 * eps : eps / 2;
      y = leapfrog(new Point(x.q, p, x.grad, x.logp), eps);
      dh = h0 - hamiltonian(y.logp, y.p);
      if (Double.isNaN(dh)) dh = Double.NEGATIVE_INFINITY;
      if (dir == 1 && !(dh > Math.log(0.8))) break;
      if (dir == -1 && !(dh < Math.log(0.8))) break;
      if (eps > 1e7 || eps < 1e-10) break;
    }
    return eps;
  }

  private double[] momentum() {
    double[] p = new double[d];
    for (int i = 0; i < d; i++) p[i] = gaussian() / Math.sqrt(invMetric[i]);
    return p;
  }

  private double gaussian() {
    double u = rnd.nextDouble();
    double v = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  }

  private double hamiltonian(double logp, double[] p) {
    double k = 0;
    for (int i = 0; i < d; i++) k += p[i] * p[i] * invMetric[i];
    return -logp + 0.5 * k;
  }

  private Point leapfrog(Point x, double eps) {
    double[] p = new double[d];
    double[] q = new double[d];
    for (int i = 0; i < d; i++) p[i] = x.p[i] + 0.5 * eps * x.grad[i];
    for (int i = 0; i < d; i++) q[i] = x.q[i] + eps * invMetric[i] * p[i];
    double[] g = new double[d];
    double lp = density.evaluate(q, g);
    if (Double.isNaN(lp)) lp = Double.NEGATIVE_INFINITY;
    if (Double.isFinite(lp)) for (int i = 0; i < d; i++) p[i] += 0.5 * eps * g[i];
    return new Point(q, p, g, lp);
  }

  private double[] sharp(double[] p) {
    double[] s = new double[d];
    for (int i = 0; i < d; i++) s[i] = invMetric[i] * p[i];
    return s;
  }

  private Point transition(Point x, int[] depthOut) {
    sumAccept = 0;
    leapfrogs = 0;
    divergent = false;
    double[] p0 = momentum();
    Point start = new Point(x.q, p0, x.grad, x.logp);
    double h0 = hamiltonian(x.logp, p0);
    Tree whole = leaf(start, 0);
    Point left = start;
    Point right = start;
    Point sample = start;
    int depth = 0;
    while (depth < options.maxTreeDepth()) {
      boolean forward = rnd.nextBoolean();
      Tree t = build(forward ? right : left, depth, forward ? stepSize : -stepSize, h0);
      depth++;
      if (t.invalid) break;
      if (forward) right = t.edge;
      else left = t.edge;
      if (Math.log(rnd.nextDouble()) < t.logSumW - whole.logSumW) sample = t.sample;
      Tree merged = forward ? merge(whole, t) : merge(t, whole);
      merged.logSumW = logAddExp(whole.logSumW, t.logSumW);
      whole = merged;
      if (whole.invalid) break;
    }
    depthOut[0] = depth;
    return new Point(sample.q, new double[d], sample.grad, sample.logp);
  }

  private Tree leaf(Point x, double logW) {
    Tree t = new Tree();
    t.edge = x;
    t.sample = x;
    t.logSumW = logW;
    t.rho = x.p.clone();
    t.pBegin = x.p;
    t.pEnd = x.p;
    t.sharpBegin = sharp(x.p);
    t.sharpEnd = t.sharpBegin;
    return t;
  }

  private Tree build(Point from, int depth, double eps, double h0) {
    if (depth == 0) {
      Point y = leapfrog(from, eps);
      double h = hamiltonian(y.logp, y.p);
      if (Double.isNaN(h)) h = Double.POSITIVE_INFINITY;
      leapfrogs++;
      sumAccept += h0 - h > 0 ? 1 : Math.exp(h0 - h);
      Tree t = leaf(y, h0 - h);
      if (h - h0 > MAX_ENERGY_ERROR) {
        divergent = true;
        t.invalid = true;
      }
      return t;
    }
    Tree first = build(from, depth - 1, eps, h0);
    if (first.invalid) return first;
    Tree second = build(first.edge, depth - 1, eps, h0);
    if (second.invalid) return second;
    double total = logAddExp(first.logSumW, second.logSumW);
    Point sample = Math.log(rnd.nextDouble()) < second.logSumW - total ? second.sample : first.sample;
    Tree t = eps > 0 ? merge(first, second) : merge(second, first);
    t.edge = second.edge;
    t.sample = sample;
    t.logSumW = total;
    return t;
  }

  /** Joins a (earlier in time) and b (later); checks the U-turn criterion, also across the seam. */
  private Tree merge(Tree a, Tree b) {
    Tree t = new Tree();
    t.rho = new double[d];
    for (int i = 0; i < d; i++) t.rho[i] = a.rho[i] + b.rho[i];
    t.pBegin = a.pBegin;
    t.pEnd = b.pEnd;
    t.sharpBegin = a.sharpBegin;
    t.sharpEnd = b.sharpEnd;
    boolean ok = noUTurn(t.rho, a.sharpBegin, b.sharpEnd);
    if (ok) {
      double[] r = new double[d];
      for (int i = 0; i < d; i++) r[i] = a.rho[i] + b.pBegin[i];
      ok = noUTurn(r, a.sharpBegin, b.sharpBegin);
    }
    if (ok) {
      double[] r = new double[d];
      for (int i = 0; i < d; i++) r[i] = a.pEnd[i] + b.rho[i];
      ok = noUTurn(r, a.sharpEnd, b.sharpEnd);
    }
    t.invalid = !ok;
    return t;
  }

  private boolean noUTurn(double[] rho, double[] sharpMinus, double[] sharpPlus) {
    double a = 0;
    double b = 0;
    for (int i = 0; i < d; i++) {
      a += sharpMinus[i] * rho[i];
      b += sharpPlus[i] * rho[i];
    }
    return a > 0 && b > 0;
  }

  private static double logAddExp(double a, double b) {
    if (a == Double.NEGATIVE_INFINITY) return b;
    if (b == Double.NEGATIVE_INFINITY) return a;
    double m = Math.max(a, b);
    return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
  }
}
