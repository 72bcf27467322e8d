package org.causalem.bayes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Hypothesis learning (after Ziatdinov et al. 2022): candidate physical models, each the mean function
 * of a structured GP, ranked by their evidence (the noise level integrated numerically, the other parameters
 * by Laplace: {@link GpModel#noiseIntegratedLogEvidence}, the evidence {@code suggest} uses; a plain Laplace
 * approximation collapses the noise of a model that fits a few points exactly), with cross-validated
 * predictive performance reported alongside.
 */
public final class HypothesisRanking {
  /**
   * One candidate after fitting.
   *
   * @param name the mean function's name
   * @param model the structured GP fitted to all rows
   * @param logEvidence log evidence, noise integrated (nats, response units)
   * @param crossValidation held-out predictions and scores
   * @param posteriorProbability {@code ∝ exp(logEvidence)} over the candidates
   */
  public record Hypothesis(String name, GpModel model, double logEvidence, CrossValidation crossValidation, double posteriorProbability) {}

  private HypothesisRanking() {}

  /**
   * One candidate fitted with its evidence.
   *
   * @param model the structured GP (for a model summed over {@link MeanFunction#pieces}: its most probable piece)
   * @param logEvidence log evidence, noise integrated (nats, response units); NaN when no fit reached a maximum
   * @param parameterNames the mean function's parameters (a piece's fixed ones last)
   * @param parameters their fitted values
   */
  public record Fit(GpModel model, double logEvidence, List<String> parameterNames, double[] parameters) {}

  /**
   * Fits one candidate and evaluates its evidence ({@link GpModel#noiseIntegratedLogEvidence}); when that is NaN (the
   * optimiser stopped where the Hessian is not positive definite) refitted up to twice from more starts with more
   * iterations. A model with {@link MeanFunction#pieces} has the evidence {@code log Σ P(piece)·Z(piece)} over its pieces.
   */
  public static Fit fit(MeanFunction m, double[][] x, double[] y, GaussianProcess.Options options) {
    List<MeanFunction.Piece> pieces = m.pieces(x, y);
    if (pieces == null) {
      Fit f = fitWhole(m, x, y, options);
      return new Fit(f.model(), f.logEvidence(), f.model().meanParameterNames(), f.model().meanParameters());
    }
    if (pieces.isEmpty()) throw new IllegalArgumentException("mean function " + m.name() + ": no pieces to sum the evidence over");
    double max = Double.NEGATIVE_INFINITY;
    Fit best = null;
    double[] terms = new double[pieces.size()];
    for (int j = 0; j < pieces.size(); j++) {
      MeanFunction.Piece p = pieces.get(j);
      double[][] xs = x;
      double[] ys = y;
      if (p.rows() != null) {
        xs = new double[p.rows().length][];
        ys = new double[p.rows().length];
        for (int i = 0; i < xs.length; i++) {
          xs[i] = x[p.rows()[i]];
          ys[i] = y[p.rows()[i]];
        }
      }
      Fit f = fitWhole(p.model(), xs, ys, options);
      terms[j] = p.logPriorMass() + f.logEvidence();
      if (p.heldOut() != null) terms[j] += p.heldOut().logLikelihood(f.model().meanParameters(), f.model().noiseSd());
      if (terms[j] > max) {
        max = terms[j];
        List<String> names = new ArrayList<>(f.model().meanParameterNames());
        names.addAll(p.fixedNames());
        double[] par = java.util.Arrays.copyOf(f.model().meanParameters(), names.size());
        System.arraycopy(p.fixedValues(), 0, par, par.length - p.fixedValues().length, p.fixedValues().length);
        best = new Fit(f.model(), Double.NaN, List.copyOf(names), par);
      }
    }
    if (best == null) {
      GpModel g = fitWhole(pieces.get(0).model(), x, y, options).model();
      return new Fit(g, Double.NaN, g.meanParameterNames(), g.meanParameters());
    }
    double sum = 0;
    for (double t : terms) if (!Double.isNaN(t)) sum += Math.exp(t - max);
    return new Fit(best.model(), max + Math.log(sum), best.parameterNames(), best.parameters());
  }

  private static Fit fitWhole(MeanFunction m, double[][] x, double[] y, GaussianProcess.Options o) {
    GpModel g = GaussianProcess.fit(x, y, m, o);
    double e = g.noiseIntegratedLogEvidence();
    for (int retry = 1; retry <= 2 && Double.isNaN(e); retry++) {
      GpModel again = GaussianProcess.fit(x, y, m, new GaussianProcess.Options(o.kernel(), o.ard(), o.restarts() + 2 * retry, 2 * o.maxIterations(),
          o.maxOptimisationPoints(), o.hyperpriorSd(), o.seed() + 7919L * retry));
      double ea = again.noiseIntegratedLogEvidence();
      if (!Double.isNaN(ea)) {
        g = again;
        e = ea;
      }
    }
    return new Fit(g, e, null, null);
  }

  /**
   * Fits every candidate and returns them best first (highest evidence).
   *
   * @param options GP settings; the hyperpriors must be finite for the evidence
   * @param fold cross-validation fold of each row
   */
  public static List<Hypothesis> rank(List<MeanFunction> candidates, double[][] x, double[] y, GaussianProcess.Options options, int[] fold) {
    if (candidates.isEmpty()) throw new IllegalArgumentException("no candidate mean functions");
    if (!Double.isFinite(options.hyperpriorSd())) throw new IllegalArgumentException("hypothesis ranking needs finite hyperpriors: set hyperpriorSd");
    List<GpModel> models = new ArrayList<>();
    List<Double> ev = new ArrayList<>();
    List<CrossValidation> cv = new ArrayList<>();
    double max = Double.NEGATIVE_INFINITY;
    for (MeanFunction m : candidates) {
      GpModel g = GaussianProcess.fit(x, y, m, options);
      double e = g.noiseIntegratedLogEvidence();
      models.add(g);
      ev.add(e);
      cv.add(GaussianProcess.crossValidate(x, y, m, fold, options));
      if (e > max) max = e;
    }
    double sum = 0;
    for (double e : ev) if (!Double.isNaN(e)) sum += Math.exp(e - max);
    List<Hypothesis> out = new ArrayList<>();
    for (int k = 0; k < candidates.size(); k++) {
      double e = ev.get(k);
      out.add(new Hypothesis(candidates.get(k).name(), models.get(k), e, cv.get(k), Double.isNaN(e) ? 0 : Math.exp(e - max) / sum));
    }
    out.sort(Comparator.comparingDouble((Hypothesis h) -> Double.isNaN(h.logEvidence()) ? Double.NEGATIVE_INFINITY : h.logEvidence()).reversed());
    return out;
  }
}
