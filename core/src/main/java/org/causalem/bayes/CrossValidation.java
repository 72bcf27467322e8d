package org.causalem.bayes;

/**
 * Out-of-sample predictions and their scores.
 *
 * @param mean held-out predictive mean per row
 * @param sd held-out predictive sd (of an observation) per row
 * @param rmse root-mean-square error
 * @param r2 {@code 1 − SSE/SST} (predictability; may be negative)
 * @param coverage95 fraction of rows inside the central 95 % Gaussian interval
 * @param meanLogPredictiveDensity mean Gaussian log predictive density per row (nats)
 */
public record CrossValidation(double[] mean, double[] sd, double rmse, double r2, double coverage95, double meanLogPredictiveDensity) {
  static CrossValidation of(double[] y, double[] mu, double[] sd) {
    int n = y.length;
    double ym = 0;
    for (double v : y) ym += v;
    ym /= n;
    double sse = 0;
    double sst = 0;
    int covered = 0;
    double lpd = 0;
    for (int i = 0; i < n; i++) {
      double e = y[i] - mu[i];
      sse += e * e;
      sst += (y[i] - ym) * (y[i] - ym);
      if (Math.abs(e) <= 1.959963984540054 * sd[i]) covered++;
      lpd += -0.5 * Math.log(2 * Math.PI * sd[i] * sd[i]) - 0.5 * e * e / (sd[i] * sd[i]);
    }
    return new CrossValidation(mu, sd, Math.sqrt(sse / n), 1 - sse / sst, covered / (double) n, lpd / n);
  }
}
