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
