package org.causalem.bayes;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Gaussian-process regression (Rasmussen &amp; Williams 2006): a zero-mean GP, or a structured GP whose
 * mean is a parametric physical model with priors. Inputs are standardised per column and the
 * response scaled internally; hyperparameters (signal amplitude, one length scale per input or a
 * shared one, noise) are chosen by maximising the marginal likelihood with analytic gradients
 * (L-BFGS, several seeded restarts), or sampled with NUTS.
 */
public final class GaussianProcess {
  /**
   * @param kernel covariance function
   * @param ard one length scale per input (else one shared)
   * @param restarts optimisation restarts (the first from the default start, the others jittered)
   * @param maxIterations L-BFGS iterations per restart
   * @param maxOptimisationPoints hyperparameters are optimised on a seeded random subset of at most
   *     this many points (the cost is cubic); the final model always uses all points
   * @param hyperpriorSd sd of Gaussian priors on the log hyperparameters in standardised units
   *     (centred on σ_f = 1, ℓ = 1, σ_n = 0.1); {@code Double.POSITIVE_INFINITY} = pure maximum likelihood
   * @param seed seed of restarts and subsets
   */
  public record Options(Kernel kernel, boolean ard, int restarts, int maxIterations, int maxOptimisationPoints, double hyperpriorSd, long seed) {
    public Options {
      java.util.Objects.requireNonNull(kernel, "kernel");
      if (restarts < 1) throw new IllegalArgumentException("restarts must be ≥ 1, got " + restarts);
      if (maxIterations < 1) throw new IllegalArgumentException("maxIterations must be ≥ 1, got " + maxIterations);
      if (maxOptimisationPoints < 10) throw new IllegalArgumentException("maxOptimisationPoints must be ≥ 10, got " + maxOptimisationPoints);
      if (!(hyperpriorSd > 0)) throw new IllegalArgumentException("hyperpriorSd must be > 0, got " + hyperpriorSd);
    }

    /** Matérn 5/2, ARD, 3 restarts, 200 iterations, 600 optimisation points, pure maximum likelihood. */
    public static Options defaults(long seed) { return new Options(Kernel.MATERN52, true, 3, 200, 600, Double.POSITIVE_INFINITY, seed); }

    public Options withKernel(Kernel k) { return new Options(k, ard, restarts, maxIterations, maxOptimisationPoints, hyperpriorSd, seed); }

    public Options withHyperpriorSd(double sd) { return new Options(kernel, ard, restarts, maxIterations, maxOptimisationPoints, sd, seed); }

    public Options withSeed(long s) { return new Options(kernel, ard, restarts, maxIterations, maxOptimisationPoints, hyperpriorSd, s); }
  }

  private GaussianProcess() {}

  /** Fits a zero-mean GP by maximum marginal likelihood ({@code x[n][D]}, {@code y[n]}; not modified). */
  public static GpModel fit(double[][] x, double[] y, Options options) { return fit(x, y, null, options); }

  /** Fits a structured GP with the given mean function (MAP for its parameters), or zero mean if null. */
  public static GpModel fit(double[][] x, double[] y, MeanFunction mean, Options options) {
    Standardisation st = Standardisation.of(x, y, mean == null);
    GpLikelihood full = st.likelihood(x, y, mean, options);
    GpLikelihood opt = full;
    if (x.length > options.maxOptimisationPoints()) {
      int[] idx = subset(x.length, options.maxOptimisationPoints(), new SplittableRandom(options.seed() ^ 0x5DEECE66DL));
      double[][] xs = new double[idx.length][];
      double[] ys = new double[idx.length];
      for (int i = 0; i < idx.length; i++) {
        xs[i] = x[idx[i]];
        ys[i] = y[idx[i]];
      }
      opt = st.likelihood(xs, ys, mean, options);
    }
    double[] best = optimise(opt, options);
    return GpModel.build(full, st, best, options.kernel());
  }

  /**
   * Samples the hyperparameters (and mean-function parameters) with NUTS under the hyperpriors, and
   * returns an ensemble of {@code draws} models evenly spaced through the pooled draws.
   */
  public static GpEnsemble sample(double[][] x, double[] y, MeanFunction mean, Options options, Nuts.Options nuts, int draws) {
    if (!Double.isFinite(options.hyperpriorSd())) throw new IllegalArgumentException("sampling needs finite hyperpriors: set hyperpriorSd");
    if (draws < 1) throw new IllegalArgumentException("draws must be ≥ 1, got " + draws);
    Standardisation st = Standardisation.of(x, y, mean == null);
    GpLikelihood lik = st.likelihood(x, y, mean, options);
    double[] mode = optimise(lik, options);
    double[][] init = new double[nuts.chains()][];
    SplittableRandom rnd = new SplittableRandom(options.seed());
    for (int c = 0; c < init.length; c++) {
      init[c] = mode.clone();
      for (int k = 0; k < init[c].length; k++) init[c][k] += 0.1 * (rnd.nextDouble() - 0.5);
    }
    McmcResult mc = new Nuts(nuts).sample(lik, init);
    double[][] pooled = mc.pooled();
    List<GpModel> models = new ArrayList<>();
    for (int k = 0; k < draws; k++) {
      int i = (int) ((k + 0.5) * pooled.length / draws);
      models.add(GpModel.build(lik, st, pooled[i], options.kernel()));
    }
    return new GpEnsemble(models, mc);
  }

  /** Maximises the log posterior from several seeded starts, the restarts in parallel; the best wins. */
  static double[] optimise(GpLikelihood lik, Options options) {
    SplittableRandom rnd = new SplittableRandom(options.seed());
    double[] centre = lik.priorCentre();
    int hyper = lik.lengths + 2;
    double[][] data = lik.mean == null ? new double[0][] : lik.mean.starts(lik.xRaw, lik.rawTarget());
    double[][] starts = new double[options.restarts() + data.length][];
    for (int r = 0; r < options.restarts(); r++) {
      double[] x0 = centre.clone();
      x0[hyper - 1] = Math.log(0.3);
      if (r > 0) for (int k = 0; k < hyper; k++) x0[k] += rnd.nextDouble(-1.5, 1.5);
      starts[r] = x0;
    }
    // the mean function's data-driven starts (other basins of its parameters), from the default hyperparameters
    for (int s = 0; s < data.length; s++) {
      double[] x0 = centre.clone();
      x0[hyper - 1] = Math.log(0.3);
      System.arraycopy(data[s], 0, x0, hyper, data[s].length);
      starts[options.restarts() + s] = x0;
    }
    Lbfgs.Result[] results = new Lbfgs.Result[starts.length];
    java.util.stream.IntStream.range(0, starts.length).parallel().forEach(r -> {
      try {
        results[r] = Lbfgs.minimize((th, g) -> {
          double v = lik.evaluate(th, g);
          for (int k = 0; k < g.length; k++) g[k] = -g[k];
          return Double.isFinite(v) ? -v : Double.POSITIVE_INFINITY;
        }, starts[r], options.maxIterations(), 1e-3);
      } catch (IllegalArgumentException e) {
        results[r] = null; // not finite at this start
      }
    });
    double[] bestX = null;
    double bestF = Double.POSITIVE_INFINITY;
    for (Lbfgs.Result res : results) {
      if (res != null && res.value() < bestF) {
        bestF = res.value();
        bestX = res.x();
      }
    }
    if (bestX == null) throw new IllegalArgumentException("GP hyperparameter optimisation failed from every start (is the data constant or duplicated?)");
    return bestX;
  }

  /** {@code m} of the indices 0..n−1 chosen uniformly at random without replacement (partial Fisher–Yates), sorted. */
  public static int[] subset(int n, int m, SplittableRandom rnd) {
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) idx[i] = i;
    for (int i = 0; i < m; i++) {
      int j = i + rnd.nextInt(n - i);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    int[] out = java.util.Arrays.copyOf(idx, m);
    java.util.Arrays.sort(out);
    return out;
  }

  /**
   * K-fold (or spatial-block) cross-validation: for each fold label, fits on the other rows (the
   * hyperparameters refitted) and predicts the held-out rows.
   *
   * @param fold fold label of each row (any integers)
   */
  public static CrossValidation crossValidate(double[][] x, double[] y, MeanFunction mean, int[] fold, Options options) {
    int n = y.length;
    if (fold.length != n) throw new IllegalArgumentException("fold has " + fold.length + " labels for " + n + " rows");
    double[] mu = new double[n];
    double[] sd = new double[n];
    int[] labels = java.util.Arrays.stream(fold).distinct().sorted().toArray();
    if (labels.length < 2) throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + labels.length);
    for (int label : labels) {
      List<Integer> train = new ArrayList<>();
      List<Integer> test = new ArrayList<>();
      for (int i = 0; i < n; i++) (fold[i] == label ? test : train).add(i);
      if (train.size() < 3) throw new IllegalArgumentException("fold " + label + " leaves only " + train.size() + " training rows");
      double[][] xt = new double[train.size()][];
      double[] yt = new double[train.size()];
      for (int i = 0; i < xt.length; i++) {
        xt[i] = x[train.get(i)];
        yt[i] = y[train.get(i)];
      }
      double[][] xv = new double[test.size()][];
      for (int i = 0; i < xv.length; i++) xv[i] = x[test.get(i)];
      GpPrediction p = fit(xt, yt, mean, options.withSeed(options.seed() + 31L * label)).predict(xv);
      for (int i = 0; i < xv.length; i++) {
        mu[test.get(i)] = p.mean()[i];
        sd[test.get(i)] = p.observationSd()[i];
      }
    }
    return CrossValidation.of(y, mu, sd);
  }

  /** Assigns rows to k folds at random (seeded), as evenly as possible. */
  public static int[] randomFolds(int n, int k, long seed) {
    if (k < 2 || k > n) throw new IllegalArgumentException("folds must be in 2.." + n + ", got " + k);
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) perm[i] = i;
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    int[] fold = new int[n];
    for (int i = 0; i < n; i++) fold[perm[i]] = i % k;
    return fold;
  }

  /** Input standardisation and response scaling used inside a fit. */
  record Standardisation(double[] xMean, double[] xSd, double yShift, double yScale) {
    static Standardisation of(double[][] x, double[] y, boolean centreY) {
      int n = x.length;
      if (n < 3) throw new IllegalArgumentException("a GP needs at least 3 rows, got " + n);
      if (y.length != n) throw new IllegalArgumentException("x has " + n + " rows, y has " + y.length);
      int d = x[0].length;
      double[] m = new double[d];
      double[] s = new double[d];
      for (double[] row : x) {
        if (row.length != d) throw new IllegalArgumentException("rows of x differ in length");
        for (int k = 0; k < d; k++) {
          if (!Double.isFinite(row[k])) throw new IllegalArgumentException("x has a non-finite value");
          m[k] += row[k];
        }
      }
      for (int k = 0; k < d; k++) m[k] /= n;
      for (double[] row : x) for (int k = 0; k < d; k++) s[k] += (row[k] - m[k]) * (row[k] - m[k]);
      for (int k = 0; k < d; k++) {
        s[k] = Math.sqrt(s[k] / (n - 1));
        if (!(s[k] > 0)) throw new IllegalArgumentException("input " + k + " is constant");
      }
      double ym = 0;
      for (double v : y) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException("y has a non-finite value");
        ym += v;
      }
      ym /= n;
      double ys = 0;
      for (double v : y) ys += (v - ym) * (v - ym);
      ys = Math.sqrt(ys / (n - 1));
      if (!(ys > 0)) throw new IllegalArgumentException("the response is constant");
      return new Standardisation(m, s, centreY ? ym : 0, ys);
    }

    double[] input(double[] row) {
      double[] z = new double[row.length];
      for (int k = 0; k < row.length; k++) z[k] = (row[k] - xMean[k]) / xSd[k];
      return z;
    }

    GpLikelihood likelihood(double[][] x, double[] y, MeanFunction mean, Options o) {
      double[][] xs = new double[x.length][];
      double[] t = new double[y.length];
      for (int i = 0; i < x.length; i++) {
        xs[i] = input(x[i]);
        t[i] = (y[i] - yShift) / yScale;
      }
      return new GpLikelihood(o.kernel(), xs, x, t, yScale, mean, o.ard(), o.hyperpriorSd());
    }
  }
}
