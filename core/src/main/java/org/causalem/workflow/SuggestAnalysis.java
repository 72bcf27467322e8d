package org.causalem.workflow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.causalem.bayes.GaussianProcess;
import org.causalem.bayes.GpModel;
import org.causalem.bayes.GpPrediction;
import org.causalem.bayes.HypothesisRanking;
import org.causalem.bayes.InducingPointGp;
import org.causalem.bayes.Kernel;
import org.causalem.bayes.MeanFunction;

/**
 * Where to measure next (automated experiment): from the measurements so far (positions and a scalar value) and a set
 * of candidate positions (a scan grid), rank the next positions by a Gaussian-process acquisition:
 * <ul>
 *   <li>{@link Acquisition#ERROR}: expected reduction of the map's error (learn the whole map): the GP's posterior variance
 *       calibrated locally by its own leave-one-out errors (large near walls and features the stationary GP smooths over,
 *       small in flat regions), and each candidate scored by how much measuring it would reduce the calibrated variance
 *       summed over the grid, weighted by that variance so the worst cells count most (integrated variance reduction, after
 *       Sacks et al. 1989 and the cross-validation-adjusted variance of Le Gratiet &amp; Cannamela 2015);
 *   <li>{@link Acquisition#UNCERTAINTY}: the GP's latent standard deviation;
 *   <li>{@link Acquisition#EI}: expected improvement over the best value so far (find the extreme);
 *   <li>{@link Acquisition#HYPOTHESIS}: hypothesis learning (after Ziatdinov et al. 2022): each candidate physical model
 *       ({@link SpatialHypotheses}) is the mean of a structured GP scored by its evidence (the noise integrated
 *       numerically, the other parameters by Laplace: {@link GpModel#noiseIntegratedLogEvidence}; a sharp step's summed
 *       over where it may lie, {@link MeanFunction#pieces}; each fitted from the model's data-driven starts as well,
 *       {@link MeanFunction#starts}); the next point is where
 *       the models disagree most relative to their predictive scatter, weighted by their posterior probabilities: the
 *       mutual information between the model's identity and the next value ({@link #modelInformation}).
 * </ul>
 * The map GP's hyperparameters are fitted on at most {@code maxOptimisationPoints} measurements; its predictions go
 * through {@link InducingPointGp} (exact when the measurements are at most {@code maxInducing}). A batch of
 * {@code budget} positions is chosen greedily: for ERROR with the posterior covariance updated after each pick (exact,
 * as the variance does not depend on the values to come), for the others with local penalisation: after each pick every
 * candidate's score is multiplied by {@code 1 − exp(−r²/2)}, r the distance in fitted length scales, so the batch does
 * not pile up in one place.
 */
public final class SuggestAnalysis {
  /** The acquisition function. */
  public enum Acquisition { UNCERTAINTY, ERROR, EI, HYPOTHESIS }

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
      return new Options(a, 10, true, Kernel.MATERN52, 300, 200, SpatialHypotheses.DEFAULTS, seed);
    }

    /** Options with the kernel given by name ({@code rbf}, {@code matern32}, {@code matern52}); IllegalArgumentException for another. */
    public static Options of(Acquisition a, int budget, boolean maximise, String kernel, int maxInducing, int maxOptimisationPoints,
                             List<String> hypotheses, long seed) {
      return new Options(a, budget, maximise, Kernel.of(kernel), maxInducing, maxOptimisationPoints, hypotheses, seed);
    }

    public Options withBudget(int b) { return new Options(acquisition, b, maximise, kernel, maxInducing, maxOptimisationPoints, hypotheses, seed); }

    public Options withHypotheses(List<String> h) { return new Options(acquisition, budget, maximise, kernel, maxInducing, maxOptimisationPoints, h, seed); }
  }

  /** Fitted map-GP hyperparameters (value units, position units); reusable between steps of a closed loop. */
  public record Hyper(double signalSd, double[] lengthScales, double noiseSd, double offset) {}

  /** One ranked position: the candidate's index, its score and the prediction there. */
  public record Ranked(int rank, int candidate, double[] position, double score, double mean, double sd) {}

  /** A hypothesis after fitting: log evidence (nats, noise-integrated Laplace), posterior probability, MAP parameters. */
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
      case ERROR -> {
        ErrorReduction er = errorReduction(positions, values, candidates, gp, p, h, o);
        return new Result(er.ranked, mean, p.latentSd(), er.score, evidences, h, gp.inducingPoints(), gp.inducingPoints() == n, best);
      }
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

  /** Nearest measured neighbours used for each leave-one-out residual of the error acquisition. */
  static final int LOO_NEIGHBOURS = 30;
  /** Most candidates scored by the error acquisition (its cost is quadratic in them). */
  public static final int MAX_SCORED = 1500;

  private record ErrorReduction(List<Ranked> ranked, double[] score) {}

  /**
   * Expected reduction of the locally calibrated squared error summed over the candidates. Each measurement's
   * leave-one-out residual (GP on its {@link #LOO_NEIGHBOURS} nearest measured neighbours) standardised by the
   * predicted sd gives z²; a candidate's calibration c(u) is the kernel-weighted mean of z² around it, shrunk to the
   * global mean where no measurement is near (weight 1/2). Measuring s reduces Σ_r c(r) cov(r, s)² / (var(s) + σ_n²);
   * a batch is picked greedily with the posterior covariance updated after each pick (exact: the variance does not
   * depend on the values still to come).
   */
  private static ErrorReduction errorReduction(double[][] x, double[] y, double[][] cand, InducingPointGp gp, GpPrediction p, Hyper h, Options o) {
    int n = x.length;
    int d = x[0].length;
    double[] inv = new double[d];
    for (int k = 0; k < d; k++) inv[k] = 1 / h.lengthScales()[k];
    double[] z2 = looZ2(x, y, h, o.kernel(), inv);
    double zMean = 0;
    for (double v : z2) zMean += v / n;
    int m = cand.length;
    double[] calib = new double[m];
    double zm = zMean;
    java.util.stream.IntStream.range(0, m).parallel().forEach(i -> {
      double w0 = 0.5;
      double sw = w0;
      double s = w0 * zm;
      for (int j = 0; j < n; j++) {
        double w = Math.exp(-0.5 * r2(cand[i], x[j], inv));
        sw += w;
        s += w * z2[j];
      }
      calib[i] = s / sw;
    });
    // the scored set: every candidate, or a seeded random subset (integration points) and the most uncertain ones
    int[] scored;
    boolean[] integrate;
    if (m <= MAX_SCORED) {
      scored = new int[m];
      for (int i = 0; i < m; i++) scored[i] = i;
      integrate = new boolean[m];
      Arrays.fill(integrate, true);
    } else {
      int rand = MAX_SCORED * 2 / 3;
      int[] sub = subset(m, rand, o.seed());
      boolean[] in = new boolean[m];
      for (int i : sub) in[i] = true;
      Integer[] order = new Integer[m];
      for (int i = 0; i < m; i++) order[i] = i;
      double[] lsd = p.latentSd();
      Arrays.sort(order, (a, b) -> Double.compare(calib[b] * lsd[b] * lsd[b], calib[a] * lsd[a] * lsd[a]));
      int[] all = Arrays.copyOf(sub, MAX_SCORED);
      int k = rand;
      for (int t = 0; t < m && k < MAX_SCORED; t++) if (!in[order[t]]) all[k++] = order[t];
      scored = Arrays.copyOf(all, k);
      integrate = new boolean[k];
      for (int i = 0; i < rand; i++) integrate[i] = true;
    }
    int k = scored.length;
    double[][] pts = new double[k][];
    for (int i = 0; i < k; i++) pts[i] = cand[scored[i]];
    double[] cov = gp.covariance(pts);
    double[] w = new double[k];
    for (int i = 0; i < k; i++) w[i] = integrate[i] ? calib[scored[i]] * Math.max(cov[i * k + i], 0) : 0;
    double sn2 = gp.noiseSd() * gp.noiseSd();
    // scores in units of the signal variance: the expected reduction of Σ c(r)·var(r)² / σ_f⁴
    double sf2 = gp.signalSd() * gp.signalSd();
    for (int i = 0; i < k; i++) w[i] /= sf2 * sf2;
    double[] first = reduction(cov, w, k, sn2, null);
    double[] score = new double[m];
    Arrays.fill(score, Double.NaN);
    for (int i = 0; i < k; i++) score[scored[i]] = first[i];
    boolean[] taken = new boolean[k];
    List<Ranked> out = new ArrayList<>();
    double[] cur = first;
    int budget = Math.min(o.budget(), k);
    for (int r = 0; r < budget; r++) {
      int best = -1;
      for (int i = 0; i < k; i++) if (!taken[i] && (best < 0 || cur[i] > cur[best])) best = i;
      taken[best] = true;
      int c = scored[best];
      out.add(new Ranked(r + 1, c, cand[c].clone(), cur[best], p.mean()[c], p.latentSd()[c]));
      if (r + 1 == budget) break;
      // condition on a measurement at the pick: cov ← cov − cov(·, s) cov(s, ·) / (var(s) + σ_n²)
      double[] col = new double[k];
      for (int i = 0; i < k; i++) col[i] = cov[i * k + best];
      double den = col[best] + sn2;
      java.util.stream.IntStream.range(0, k).parallel().forEach(i -> {
        double f = col[i] / den;
        int oi = i * k;
        for (int j = 0; j < k; j++) cov[oi + j] -= f * col[j];
      });
      for (int i = 0; i < k; i++) w[i] = integrate[i] ? calib[scored[i]] * Math.max(cov[i * k + i], 0) / (sf2 * sf2) : 0;
      cur = reduction(cov, w, k, sn2, taken);
    }
    return new ErrorReduction(List.copyOf(out), score);
  }

  /** Σ_r w_r cov(r, s)² / (cov(s, s) + σ_n²) for every s not taken. */
  private static double[] reduction(double[] cov, double[] w, int k, double sn2, boolean[] taken) {
    double[] out = new double[k];
    java.util.stream.IntStream.range(0, k).parallel().forEach(s -> {
      if (taken != null && taken[s]) return;
      double acc = 0;
      int os = s * k;
      for (int r = 0; r < k; r++) {
        double c = cov[os + r];
        acc += w[r] * c * c;
      }
      out[s] = acc / (Math.max(cov[os + s], 0) + sn2);
    });
    return out;
  }

  /**
   * Squared leave-one-out residual of each measurement over its predictive variance (latent + noise), from the GP
   * with the given hyperparameters on its nearest measured neighbours; capped at 25 so one outlier cannot dominate.
   */
  static double[] looZ2(double[][] x, double[] y, Hyper h, Kernel kernel, double[] inv) {
    int n = x.length;
    int nb = Math.min(LOO_NEIGHBOURS, n - 1);
    double[] out = new double[n];
    java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
      double[] dist = new double[n];
      Integer[] idx = new Integer[n - 1];
      for (int j = 0, q = 0; j < n; j++) {
        dist[j] = r2(x[i], x[j], inv);
        if (j != i) idx[q++] = j;
      }
      Arrays.sort(idx, (a, b) -> Double.compare(dist[a], dist[b]));
      double[][] xs = new double[nb][];
      double[] ys = new double[nb];
      for (int q = 0; q < nb; q++) {
        xs[q] = x[idx[q]];
        ys[q] = y[idx[q]];
      }
      GpPrediction p = InducingPointGp.fit(xs, ys, kernel, h.signalSd(), h.lengthScales(), h.noiseSd(), h.offset(), nb).predict(new double[][] {x[i]});
      double e = y[i] - p.mean()[0];
      double v = p.observationSd()[0] * p.observationSd()[0];
      out[i] = Math.min(e * e / v, 25);
    });
    return out;
  }

  private static double r2(double[] a, double[] b, double[] inv) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      double t = (a[k] - b[k]) * inv[k];
      s += t * t;
    }
    return s;
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

  /**
   * The candidate models fitted to the measurements: per model its posterior probability, and its predictive mean and
   * observation sd at every candidate; evidences as in {@link Result#evidences} (best first).
   */
  record HypothesisPredictions(double[] probability, double[][] mean, double[][] sd, List<Evidence> evidences) {}

  private static HypothesisScores hypothesisScores(double[][] x, double[] y, double[][] cand, Options o) {
    HypothesisPredictions hp = hypothesisPredictions(x, y, cand, o);
    int m = cand.length;
    double[] avg = new double[m];
    for (int i = 0; i < m; i++) for (int j = 0; j < hp.probability.length; j++) avg[i] += hp.probability[j] * hp.mean[j][i];
    return new HypothesisScores(modelInformation(hp.probability, hp.mean, hp.sd), avg, hp.evidences);
  }

  static HypothesisPredictions hypothesisPredictions(double[][] x, double[] y, double[][] cand, Options o) {
    for (int k = 0; k < x[0].length; k++) {
      boolean varies = false;
      for (int i = 1; i < x.length && !varies; i++) if (x[i][k] != x[0][k]) varies = true;
      if (!varies) {
        throw new IllegalArgumentException("hypothesis learning needs measurements at more than one position along every axis; all " + x.length
            + " are at position " + x[0][k] + " on axis " + (k + 1) + " (measure off that line first, e.g. with --acquisition error)");
      }
    }
    SpatialHypotheses.Scaling sc = SpatialHypotheses.Scaling.of(x, cand);
    List<MeanFunction> models = SpatialHypotheses.of(o.hypotheses(), x[0].length, sc, y);
    GaussianProcess.Options go = new GaussianProcess.Options(o.kernel(), true, 2, 150, o.maxOptimisationPoints(), 2.0, o.seed());
    int k = models.size();
    double[] logEv = new double[k];
    double[][] mu = new double[k][];
    GpModel[] fits = new GpModel[k];
    double max = Double.NEGATIVE_INFINITY;
    HypothesisRanking.Fit[] fitted = new HypothesisRanking.Fit[k];
    for (int j = 0; j < k; j++) {
      fitted[j] = HypothesisRanking.fit(models.get(j), x, y, go);
      fits[j] = fitted[j].model();
      logEv[j] = fitted[j].logEvidence();
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
    double[][] sd = new double[k][];
    for (int j = 0; j < k; j++) {
      GpPrediction pj = fits[j].predict(cand);
      mu[j] = pj.mean();
      sd[j] = pj.observationSd();
    }
    List<Evidence> ev = new ArrayList<>();
    for (int j = 0; j < k; j++) ev.add(new Evidence(models.get(j).name(), logEv[j], prob[j], fitted[j].parameterNames(), fitted[j].parameters()));
    ev.sort((a, b) -> Double.compare(b.probability(), a.probability()));
    return new HypothesisPredictions(prob, mu, sd, List.copyOf(ev));
  }

  /** Gauss–Hermite nodes and weights (for ∫ e^{−t²} f(t) dt, weights divided by √π) used by {@link #modelInformation}. */
  private static final double[][] HERMITE = hermite(24);

  /** Gauss–Hermite nodes and weights of order {@code n} (weights divided by √π). */
  static double[][] hermite(int n) {
    org.hipparchus.analysis.integration.gauss.GaussIntegrator g = new org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory().hermite(n);
    double[][] out = new double[2][n];
    for (int i = 0; i < n; i++) {
      out[0][i] = g.getPoint(i);
      out[1][i] = g.getWeight(i) / Math.sqrt(Math.PI);
    }
    return out;
  }

  /**
   * Expected information about which model is true from one more measurement at each candidate: the mutual information
   * {@code I(M; y) = Σ_k p_k E_{y∼N(μ_k, s_k²)}[log N(y; μ_k, s_k²) − log Σ_j p_j N(y; μ_j, s_j²)]} (nats) between the model
   * index and the new value, each model predicting it with its own mean and observation sd; the expectations by
   * 24-point Gauss–Hermite quadrature. Large where the models disagree by more than their predictive scatter, weighted by
   * their posterior probabilities (the discrimination criterion of Box &amp; Hill 1967, here evaluated exactly).
   */
  static double[] modelInformation(double[] prob, double[][] mu, double[][] sd) {
    int k = prob.length;
    int m = mu[0].length;
    double[] out = new double[m];
    double[] t = HERMITE[0];
    double[] wt = HERMITE[1];
    java.util.stream.IntStream.range(0, m).parallel().forEach(i -> {
      double[] logP = new double[k];
      double[] lq = new double[k];
      for (int j = 0; j < k; j++) logP[j] = prob[j] > 0 ? Math.log(prob[j]) : Double.NEGATIVE_INFINITY;
      double info = 0;
      for (int a = 0; a < k; a++) {
        if (!(prob[a] > 0)) continue;
        double acc = 0;
        for (int q = 0; q < t.length; q++) {
          double yv = mu[a][i] + Math.sqrt(2) * sd[a][i] * t[q];
          double max = Double.NEGATIVE_INFINITY;
          for (int j = 0; j < k; j++) {
            double z = (yv - mu[j][i]) / sd[j][i];
            lq[j] = logP[j] - 0.5 * z * z - Math.log(sd[j][i]);
            if (lq[j] > max) max = lq[j];
          }
          double sum = 0;
          for (int j = 0; j < k; j++) sum += Math.exp(lq[j] - max);
          double own = -t[q] * t[q] - Math.log(sd[a][i]);
          acc += wt[q] * (own - max - Math.log(sum));
        }
        info += prob[a] * acc;
      }
      out[i] = Math.max(info, 0);
    });
    return out;
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
