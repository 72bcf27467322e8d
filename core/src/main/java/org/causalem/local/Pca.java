package org.causalem.local;

/**
 * Principal components of a small descriptor matrix (rows = columns of the image, features ≤ a few hundred): the
 * covariance's eigenvectors by cyclic Jacobi rotations. Scores of the centred rows on the leading {@code k}; each
 * component's sign fixed so that its largest-magnitude loading is positive.
 */
final class Pca {
  private final double[][] scores;
  private final double[] explainedRatio;
  private final double[][] loadings;

  private Pca(double[][] scores, double[] explainedRatio, double[][] loadings) {
    this.scores = scores;
    this.explainedRatio = explainedRatio;
    this.loadings = loadings;
  }

  double[][] scores() { return scores; }

  double[] explainedRatio() { return explainedRatio; }

  double[][] loadings() { return loadings; }

  static Pca fit(double[][] x, int k) {
    int n = x.length;
    int d = x[0].length;
    double[] mean = new double[d];
    for (double[] r : x) for (int j = 0; j < d; j++) mean[j] += r[j] / n;
    double[][] c = new double[d][d];
    double[] row = new double[d];
    for (double[] r : x) {
      for (int j = 0; j < d; j++) row[j] = r[j] - mean[j];
      for (int a = 0; a < d; a++) {
        double ra = row[a];
        for (int b = a; b < d; b++) c[a][b] += ra * row[b];
      }
    }
    for (int a = 0; a < d; a++) {
      for (int b = a; b < d; b++) {
        c[a][b] /= Math.max(1, n - 1);
        c[b][a] = c[a][b];
      }
    }
    double[][] v = new double[d][d];
    double[] ev = jacobi(c, v);
    Integer[] order = new Integer[d];
    for (int j = 0; j < d; j++) order[j] = j;
    java.util.Arrays.sort(order, (p, q) -> Double.compare(ev[q], ev[p]));
    double total = 0;
    for (double e : ev) total += Math.max(0, e);
    int kk = Math.min(k, d);
    double[][] load = new double[kk][d];
    double[] ratio = new double[kk];
    for (int m = 0; m < kk; m++) {
      int j = order[m];
      int arg = 0;
      for (int a = 0; a < d; a++) {
        load[m][a] = v[a][j];
        if (Math.abs(v[a][j]) > Math.abs(v[arg][j])) arg = a;
      }
      if (v[arg][j] < 0) for (int a = 0; a < d; a++) load[m][a] = -load[m][a];
      ratio[m] = total > 0 ? Math.max(0, ev[j]) / total : 0;
    }
    double[][] s = new double[n][kk];
    for (int i = 0; i < n; i++) {
      for (int m = 0; m < kk; m++) {
        double acc = 0;
        for (int a = 0; a < d; a++) acc += (x[i][a] - mean[a]) * load[m][a];
        s[i][m] = acc;
      }
    }
    return new Pca(s, ratio, load);
  }

  /** Eigenvalues of the symmetric {@code a} (destroyed); eigenvectors into the columns of {@code v}. */
  private static double[] jacobi(double[][] a, double[][] v) {
    int d = a.length;
    for (int i = 0; i < d; i++) v[i][i] = 1;
    for (int sweep = 0; sweep < 100; sweep++) {
      double off = 0;
      double diag = 0;
      for (int p = 0; p < d; p++) {
        diag += a[p][p] * a[p][p];
        for (int q = p + 1; q < d; q++) off += a[p][q] * a[p][q];
      }
      if (off <= 1e-24 * Math.max(diag, 1e-300)) break;
      for (int p = 0; p < d; p++) {
        for (int q = p + 1; q < d; q++) {
          double apq = a[p][q];
          if (Math.abs(apq) < 1e-300) continue;
          double theta = (a[q][q] - a[p][p]) / (2 * apq);
          double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          if (theta == 0) t = 1;
          double cs = 1 / Math.sqrt(t * t + 1);
          double sn = t * cs;
          for (int r = 0; r < d; r++) {
            double arp = a[r][p];
            double arq = a[r][q];
            a[r][p] = cs * arp - sn * arq;
            a[r][q] = sn * arp + cs * arq;
          }
          for (int r = 0; r < d; r++) {
            double apr = a[p][r];
            double aqr = a[q][r];
            a[p][r] = cs * apr - sn * aqr;
            a[q][r] = sn * apr + cs * aqr;
          }
          for (int r = 0; r < d; r++) {
            double vrp = v[r][p];
            double vrq = v[r][q];
            v[r][p] = cs * vrp - sn * vrq;
            v[r][q] = sn * vrp + cs * vrq;
          }
        }
      }
    }
    double[] ev = new double[d];
    for (int i = 0; i < d; i++) ev[i] = a[i][i];
    return ev;
  }
}
