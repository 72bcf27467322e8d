package org.causalem.workflow;

/** Acquisitions for hypothesis learning beyond the myopic mutual information (experiments of the abrupt-or-gradual case). */
final class LookAhead {
  private LookAhead() {}

  private static final double[][] GH = SuggestAnalysis.hermite(16);

  static int choose(double[] prob, double[][] mu, double[][] sd, String acq, double p) {
    double[] mi = SuggestAnalysis.modelInformation(prob, mu, sd);
    int m = mi.length;
    switch (acq) {
      case "mi":
        return argmax(mi);
      case "reach": {
        double[] r = new double[m];
        for (int i = 0; i < m; i++) r[i] = score(prob, mu, sd, new int[] {i}, p, false) + 1e-3 * mi[i];
        return argmax(r);
      }
      case "pair":
      case "reach2": {
        boolean reach = acq.equals("reach2");
        double best = Double.NEGATIVE_INFINITY;
        int bi = 0;
        int bj = 0;
        for (int i = 0; i < m; i++) for (int j = i + 1; j < m; j++) {
          double s = score(prob, mu, sd, new int[] {i, j}, p, !reach) + (reach ? 1e-3 * (mi[i] + mi[j]) : 0);
          if (s > best) {
            best = s;
            bi = i;
            bj = j;
          }
        }
        return mi[bi] >= mi[bj] ? bi : bj;
      }
      default:
        throw new IllegalArgumentException("acquisition " + acq);
    }
  }

  /**
   * With the models' predictions fixed and the values at the cells independent given the model: {@code info} the mutual
   * information between the model and the values; else the probability that the true model's posterior reaches p.
   */
  static double score(double[] prob, double[][] mu, double[][] sd, int[] cells, double p, boolean info) {
    int k = prob.length;
    int q = GH[0].length;
    int d = cells.length;
    int nodes = (int) Math.pow(q, d);
    double total = 0;
    double[] lq = new double[k];
    for (int a = 0; a < k; a++) {
      if (!(prob[a] > 0)) continue;
      double acc = 0;
      for (int node = 0; node < nodes; node++) {
        double w = 1;
        double own = 0;
        java.util.Arrays.fill(lq, 0);
        int rest = node;
        for (int t = 0; t < d; t++) {
          int qi = rest % q;
          rest /= q;
          int c = cells[t];
          w *= GH[1][qi];
          double yv = mu[a][c] + Math.sqrt(2) * sd[a][c] * GH[0][qi];
          for (int j = 0; j < k; j++) {
            double z = (yv - mu[j][c]) / sd[j][c];
            lq[j] += -0.5 * z * z - Math.log(sd[j][c]);
          }
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
          lq[j] += prob[j] > 0 ? Math.log(prob[j]) : Double.NEGATIVE_INFINITY;
          max = Math.max(max, lq[j]);
        }
        double sum = 0;
        for (int j = 0; j < k; j++) sum += Math.exp(lq[j] - max);
        double logPost = lq[a] - max - Math.log(sum);
        acc += w * (info ? logPost - Math.log(prob[a]) : (logPost >= Math.log(p) ? 1 : 0));
      }
      total += prob[a] * acc;
    }
    return total;
  }

  private static int argmax(double[] v) {
    int b = 0;
    for (int i = 1; i < v.length; i++) if (v[i] > v[b]) b = i;
    return b;
  }
}
