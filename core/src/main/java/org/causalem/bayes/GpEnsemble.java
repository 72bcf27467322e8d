package org.causalem.bayes;

import java.util.List;

/**
 * GP models at hyperparameters drawn by NUTS; predictions are the equal-weight mixture (mean of the
 * means; variance by the law of total variance).
 *
 * @param models one model per kept draw
 * @param draws the full NUTS result (for diagnostics)
 */
public record GpEnsemble(List<GpModel> models, McmcResult draws) implements GpPredictor {
  public GpEnsemble {
    models = List.copyOf(models);
    if (models.isEmpty()) throw new IllegalArgumentException("no models");
  }

  @Override public GpPrediction predict(double[][] x) {
    int m = x.length;
    double[] mean = new double[m];
    double[] lat2 = new double[m];
    double[] obs2 = new double[m];
    for (GpModel g : models) {
      GpPrediction p = g.predict(x);
      for (int i = 0; i < m; i++) {
        mean[i] += p.mean()[i];
        lat2[i] += p.latentSd()[i] * p.latentSd()[i] + p.mean()[i] * p.mean()[i];
        obs2[i] += p.observationSd()[i] * p.observationSd()[i] + p.mean()[i] * p.mean()[i];
      }
    }
    int k = models.size();
    double[] lat = new double[m];
    double[] obs = new double[m];
    for (int i = 0; i < m; i++) {
      mean[i] /= k;
      lat[i] = Math.sqrt(Math.max(lat2[i] / k - mean[i] * mean[i], 0));
      obs[i] = Math.sqrt(Math.max(obs2[i] / k - mean[i] * mean[i], 0));
    }
    return new GpPrediction(mean, lat, obs);
  }
}
