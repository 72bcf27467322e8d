package org.causalem.workflow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.causalem.bayes.GaussianProcess;
import org.causalem.bayes.GpModel;
import org.causalem.bayes.GpPrediction;
import org.causalem.bayes.InducingPointGp;
import org.causalem.bayes.Kernel;
import org.causalem.bayes.MeanFunction;

/**
 * Where to measure next (automated experiment): from the measurements so far (positions and a scalar value) and a set
 * of candidate positions (a scan grid), rank the next positions by a Gaussian-process acquisition:
 * <ul>
 *   <li>{@link Acquisition#UNCERTAINTY}: the GP's latent standard deviation (learn the whole map);
 *   <li>{@link Acquisition#EI}: expected improvement over the best value so far (find the extreme);
 *   <li>{@link Acquisition#HYPOTHESIS}: hypothesis learning (after Ziatdinov et al. 2022): each candidate physical model
 *       ({@link SpatialHypotheses}) is the mean of a structured GP scored by its Laplace evidence; the next point is where
 *       the models' predictions disagree most, {@code Σ_k p_k (μ_k − μ̄)²} with p_k the posterior model probabilities.
 * </ul>
 * The map GP's hyperparameters are fitted on at most {@code maxOptimisationPoints} measurements; its predictions go
 * through {@link InducingPointGp} (exact when the measurements are at most {@code maxInducing}). A batch of
 * {@code budget} positions is chosen greedily with local penalisation: after each pick every candidate's score is
 * multiplied by {@code 1 − ρ(distance)}, ρ the fitted kernel's correlation, so the batch does not pile up in one place.
 */
public final class SuggestAnalysis {
  /** The acquisition function. */
  public enum Acquisition { UNCERTAINTY, EI, HYPOTHESIS }

  /**
   * @param acquisition how candidates are scored
   * @param budget how many next positions to rank (1 to the number of candidates)
   * @param maximise for EI: look for the maximum (else the minimum)
   * @param kernel GP covariance
   * @param maxInducing inducing points of the map GP (exact GP up to this many measurements)
   * @param maxOptimisationPoints hyperparameters fitted on a seeded subset of at most this many measurements
   * @param hypotheses model names for {@link Acquisition#HYPOTHESIS} (at least two)
   * @param seed every random choice
   */
  public record Options(Acquisition acquisition, int budget, boolean maximise, Kernel kernel, int maxInducing, int maxOptimisationPoints,
                        List<String> hypotheses, long seed) {
    public Options {
      Objects.requireNonNull(acquisition, "acquisition");
      Objects.requireNonNull(kernel, "kernel");
      hypotheses = List.copyOf(hypotheses);
      if (budget < 1) throw new IllegalArgumentException("budget must be ≥ 1, got " + budget);
      if (maxInducing < 10) throw new IllegalArgumentException("maxInducing must be ≥ 10, got " + maxInducing);
      if (maxOptimisationPoints < 10) throw new IllegalArgumentException("maxOptimisationPoints must be ≥ 10, got " + maxOptimisationPoints);
      if (acquisition == Acquisition.HYPOTHESIS && hypotheses.size() < 2) {
        throw new IllegalArgumentException("hypothesis learning needs at least two models, got " + hypotheses);
      }
    }

    public static Options defaults(Acquisition a, long seed) {
      return new Options(a, 10, true, Kernel.MATERN52, 300, 200, SpatialHypotheses.NAMES, seed);
    }

    /** Options with the kernel given by name ({@code rbf}, {@code matern32}, {@code matern52}); IllegalArgumentException for another. */
    public static Options of(Acquisition a, int budget, boolean maximise, String kernel, int maxInducing, int maxOptimisationPoints,
                             List<String> hypotheses, long seed) {
      return new Options(a, budget, maximise, Kernel.of(kernel), maxInducing, maxOptimisationPoints, hypotheses, seed);
    }

    public Options withBudget(int b) { return new Options(acquisition, b, maximise, kernel, maxInducing, maxOptimisationPoints, hypotheses, seed); }
  }

  /** Fitted map-GP hyperparameters (value units, position units); reusable between steps of a closed loop. */
  public record Hyper(double signalSd, double[] lengthScales, double noiseSd, double offset) {}

  /** One ranked position: the candidate's index, its score and the prediction there. */
  public record Ranked(int rank, int candidate, double[] position, double score, double mean, double sd) {}

  /** A hypothesis after fitting: Laplace log evidence (nats), posterior probability, MAP parameters. */
  public record Evidence(String model, double logEvidence, double probability, List<String> parameterNames, double[] parameters) {}

  /**
   * @param ranked the next positions, best first
   * @param mean map GP mean at every candidate (for HYPOTHESIS: the model-averaged mean)
   * @param sd map GP latent sd at every candidate
   * @param acquisition the acquisition at every candidate (before batch penalisation)
   * @param evidences per hypothesis, best first (empty unless HYPOTHESIS)
   * @param hyper the map GP's hyperparameters
   * @param inducing inducing points used (= measurements when exact)
   * @param exact whether the map GP was exact
   * @param bestObserved the best value measured so far (EI's incumbent)
   */
  public record Result(List<Ranked> ranked, double[] mean, double[] sd, double[] acquisition, List<Evidence> evidences, Hyper hyper,
                       int inducing, boolean exact, double bestObserved) {}

  private SuggestAnalysis() {}

  /**
   * Hyperparameters of a zero-mean GP fitted (maximum likelihood, 2 restarts) on at most {@code maxPoints} of the rows.
   * A position axis on which every measurement so far is the same (the first line of a raster) gets the mean length
   * scale of the other axes (an isotropic guess, said nowhere else because it changes with the next line).
   */
  public static Hyper fitHyper(double[][] x, double[] y, Kernel kernel, int maxPoints, long seed) {
    int n = x.length;
    int d = x[0].length;
    boolean[] varies = new boolean[d];
    int used = 0;
    for (int k = 0; k < d; k++) {
      for (int i = 1; i < n && !varies[k]; i++) if (x[i][k] != x[0][k]) varies[k] = true;
      if (varies[k]) used++;
    }
    if (used == 0) throw new IllegalArgumentException("all " + n + " measurements are at one position");
    int[] idx = n > maxPoints ? subset(n, maxPoints, seed) : null;
    int rows = idx == null ? n : idx.length;
    double[][] xs = new double[rows][used];
    double[] ys = new double[rows];
    for (int i = 0; i < rows; i++) {
      int r = idx == null ? i : idx[i];
      for (int k = 0, c = 0; k < d; k++) if (varies[k]) xs[i][c++] = x[r][k];
      ys[i] = y[r];
    }
    GpModel g = GaussianProcess.fit(xs, ys, new GaussianProcess.Options(kernel, true, 2, 150, maxPoints, Double.POSITIVE_INFINITY, seed));
    double[] fitted = g.lengthScales();
    double meanLs = Arrays.stream(fitted).average().orElseThrow();
    double[] ls = new double[d];
    for (int k = 0, c = 0; k < d; k++) ls[k] = varies[k] ? fitted[c++] : meanLs;
    double m = 0;
    for (double v : y) m += v;
    return new Hyper(g.signalSd(), ls, Math.max(g.noiseSd(), 1e-6 * g.signalSd()), m / n);
  }

  /** Ranks the candidates; {@code hyper} null fits the map GP's hyperparameters first. */
  public static Result run(double[][] positions, double[] values, double[][] candidates, Options o, Hyper hyper) {
    int n = positions.length;
    if (n < 3) throw new IllegalArgumentException("need at least 3 measurements, got " + n);
    if (values.length != n) throw new IllegalArgumentException(n + " positions but " + values.length + " values");
    if (candidates.length < 1) throw new IllegalArgumentException("no candidate positions left to measure");
    Hyper h = hyper != null ? hyper : fitHyper(positions, values, o.kernel(), o.maxOptimisationPoints(), o.seed());
    InducingPointGp gp = InducingPointGp.fit(positions, values, o.kernel(), h.signalSd(), h.lengthScales(), h.noiseSd(), h.offset(), o.maxInducing());
    GpPrediction p = gp.predict(candidates);
    double best = o.maximise() ? Arrays.stream(values).max().orElseThrow() : Arrays.stream(values).min().orElseThrow();
    double[] mean = p.mean();
    double[] acq;
    List<Evidence> evidences = List.of();
    switch (o.acquisition()) {
      case UNCERTAINTY -> acq = p.latentSd().clone();
      case EI -> acq = expectedImprovement(mean, p.latentSd(), best, o.maximise(), 0.01 * h.signalSd());
      default -> {
        HypothesisScores hs = hypothesisScores(positions, values, candidates, o);
        acq = hs.disagreement;
        evidences = hs.evidences;
        mean = hs.averagedMean;
      }
    }
    List<Ranked> ranked = batch(candidates, acq, mean, p.latentSd(), Math.min(o.budget(), candidates.length), o.kernel(), h.lengthScales());
    return new Result(ranked, mean, p.latentSd(), acq, evidences, h, gp.inducingPoints(), gp.inducingPoints() == n, best);
  }

  /** EI = (μ − f* − ξ)Φ(z) + σφ(z), z = (μ − f* − ξ)/σ (sign-flipped for minimisation). */
  static double[] expectedImprovement(double[] mu, double[] sd, double best, boolean maximise, double xi) {
    double[] out = new double[mu.length];
    for (int i = 0; i < mu.length; i++) {
      double imp = (maximise ? mu[i] - best : best - mu[i]) - xi;
      double s = sd[i];
      if (s <= 0) {
        out[i] = Math.max(imp, 0);
        continue;
      }
      double z = imp / s;
      out[i] = imp * normalCdf(z) + s * Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    }
    return out;
  }

  private record HypothesisScores(double[] disagreement, double[] averagedMean, List<Evidence> evidences) {}

  private static HypothesisScores hypothesisScores(double[][] x, double[] y, double[][] cand, Options o) {
    SpatialHypotheses.Scaling sc = SpatialHypotheses.Scaling.of(x, cand);
    List<MeanFunction> models = SpatialHypotheses.of(o.hypotheses(), x[0].length, sc, y);
    GaussianProcess.Options go = new GaussianProcess.Options(o.kernel(), true, 2, 150, o.maxOptimisationPoints(), 2.0, o.seed());
    int k = models.size();
    double[] logEv = new double[k];
    double[][] mu = new double[k][];
    GpModel[] fits = new GpModel[k];
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < k; j++) {
      fits[j] = GaussianProcess.fit(x, y, models.get(j), go);
      logEv[j] = fits[j].laplaceLogEvidence();
      mu[j] = fits[j].predict(cand).mean();
      if (logEv[j] > max) max = logEv[j];
    }
    double[] prob = new double[k];
    double sum = 0;
    for (int j = 0; j < k; j++) {
      prob[j] = Double.isNaN(logEv[j]) ? 0 : Math.exp(logEv[j] - max);
      sum += prob[j];
    }
    for (int j = 0; j < k; j++) prob[j] /= sum;
    int m = cand.length;
    double[] avg = new double[m];
    double[] dis = new double[m];
    for (int i = 0; i < m; i++) {
      double a = 0;
      for (int j = 0; j < k; j++) a += prob[j] * mu[j][i];
      double v = 0;
      for (int j = 0; j < k; j++) v += prob[j] * (mu[j][i] - a) * (mu[j][i] - a);
      avg[i] = a;
      dis[i] = v;
    }
    List<Evidence> ev = new ArrayList<>();
    for (int j = 0; j < k; j++) ev.add(new Evidence(models.get(j).name(), logEv[j], prob[j], fits[j].meanParameterNames(), fits[j].meanParameters()));
    ev.sort((a, b) -> Double.compare(b.probability(), a.probability()));
    return new HypothesisScores(dis, avg, List.copyOf(ev));
  }

  /** Greedy batch with local penalisation by the kernel correlation to the points already picked. */
  private static List<Ranked> batch(double[][] cand, double[] acq, double[] mean, double[] sd, int budget, Kernel kernel, double[] ls) {
    int m = cand.length;
    double[] score = acq.clone();
    boolean[] taken = new boolean[m];
    List<Ranked> out = new ArrayList<>();
    for (int r = 0; r < budget; r++) {
      int best = -1;
      for (int i = 0; i < m; i++) if (!taken[i] && (best < 0 || score[i] > score[best])) best = i;
      taken[best] = true;
      out.add(new Ranked(r + 1, best, cand[best].clone(), score[best], mean[best], sd[best]));
      for (int i = 0; i < m; i++) {
        if (taken[i]) continue;
        double r2 = 0;
        for (int d = 0; d < ls.length; d++) {
          double t = (cand[i][d] - cand[best][d]) / ls[d];
          r2 += t * t;
        }
        score[i] *= 1 - Math.exp(-0.5 * r2);
      }
    }
    return out;
  }

  static int[] subset(int n, int m, long seed) {
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) idx[i] = i;
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < m; i++) {
      int j = i + r.nextInt(n - i);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    int[] out = Arrays.copyOf(idx, m);
    Arrays.sort(out);
    return out;
  }

  private static double normalCdf(double z) { return 0.5 * org.hipparchus.special.Erf.erfc(-z / Math.sqrt(2)); }
}
