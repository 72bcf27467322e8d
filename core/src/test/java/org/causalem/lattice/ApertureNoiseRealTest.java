package org.causalem.lattice;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.causalem.SharedData;
import org.causalem.data.DataFile;
import org.causalem.data.Image;
import org.causalem.data.Progress;
import org.causalem.io.Readers;
import org.causalem.table.DescriptorTable;
import org.junit.jupiter.api.Test;

/**
 * The aperture standard errors on a real image whose detector correlates consecutive pixels along one scan
 * direction: {@code STO_HAADF_noisy.emd}, homogeneous SrTiO3 (MANIFEST: uniform composition), so the aperture
 * proxies' scatter about a smooth trend (a quadratic surface in the cell position, computed here) is noise and the
 * reported standard error must match it (0.8-1.25). With independent pixels assumed, observed/reported was 1.4-1.9.
 */
class ApertureNoiseRealTest {
  @Test
  void apertureErrorsMatchTheScatterOnTheRealImage() throws Exception {
    Path file = SharedData.real("STO_HAADF_noisy.emd");
    Image image;
    try (DataFile df = Readers.open(file)) {
      Image img = df.first(Image.class);
      image = img.withPixels(img.toFloat().clone());
    }
    InstrumentDescriptors.NoiseCorrelation noise = InstrumentDescriptors.noiseCorrelation(image);
    System.out.printf("STO noise correlation: x %s, y %s, significant %s%n", java.util.Arrays.toString(noise.x()),
        java.util.Arrays.toString(noise.y()), noise.significant());
    assertThat(Math.max(noise.x()[0], noise.y()[0])).isBetween(0.2, 0.4);
    assertThat(noise.significant()).isTrue();
    AtomsResult r = new AtomsPipeline(AtomsPipeline.Options.of(LatticeKind.PEROVSKITE).withLatticeConstantNm(0.3905))
        .run(image, Progress.NONE);
    DescriptorTable c = r.cells();
    // the same errors with independent pixels assumed, for the record (column level, per site)
    InstrumentDescriptors.Aperture with = InstrumentDescriptors.aperture(image, r.columns(), r.scan(), noise);
    InstrumentDescriptors.Aperture without = InstrumentDescriptors.aperture(image, r.columns(), r.scan(),
        new InstrumentDescriptors.NoiseCorrelation(new double[InstrumentDescriptors.NOISE_LAGS], new double[InstrumentDescriptors.NOISE_LAGS], false));
    double[] factor = new double[2];
    int[] count = new int[2];
    for (int i = 0; i < with.sigma().length; i++) {
      int site = r.lattice().site()[i];
      if (site < 0 || site > 1 || !Double.isFinite(with.sigma()[i])) continue;
      factor[site] += with.sigma()[i] / without.sigma()[i];
      count[site]++;
    }
    System.out.printf("STO: aperture sigma with/without the correlation, mean over columns: A %.3f, B %.3f%n",
        factor[0] / count[0], factor[1] / count[1]);
    double[] x = c.column("x_px");
    double[] y = c.column("y_px");
    for (String site : new String[] {"A", "B"}) {
      double[] v = c.column("intensity_" + site + "_ap");
      double[] s = c.column("intensity_" + site + "_ap_sigma");
      double ratio = scatterAboutQuadratic(x, y, v) / InstrumentDescriptorsTest.rms(s);
      double local = localScatterRatio(c.column("row"), c.column("col"), v, s);
      System.out.printf("STO: intensity_%s_ap observed/reported %.3f (about a quadratic surface), %.3f (local second differences)%n",
          site, ratio, local);
      assertThat(ratio).as("intensity_%s_ap", site).isBetween(0.8, 1.25);
    }
  }

  /**
   * Observed/reported scatter from local second differences along the cell rows, {@code v(k) − ½[v(k−2) + v(k+2)]}
   * (cells two apart share no corner column), which removes any trend smooth over four cells: the mean square of
   * the differences over the mean of their reported variances {@code σ²(k) + ¼[σ²(k−2) + σ²(k+2)]}, square-rooted.
   */
  static double localScatterRatio(double[] row, double[] col, double[] v, double[] s) {
    java.util.Map<Long, Integer> at = new java.util.HashMap<>();
    for (int i = 0; i < v.length; i++) if (Double.isFinite(v[i]) && Double.isFinite(s[i])) at.put(((long) row[i] << 32) ^ ((long) col[i] & 0xffffffffL), i);
    double num = 0;
    double den = 0;
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i]) || !Double.isFinite(s[i])) continue;
      Integer l = at.get(((long) row[i] << 32) ^ (((long) col[i] - 2) & 0xffffffffL));
      Integer r = at.get(((long) row[i] << 32) ^ (((long) col[i] + 2) & 0xffffffffL));
      if (l == null || r == null) continue;
      double d = v[i] - 0.5 * (v[l] + v[r]);
      num += d * d;
      den += s[i] * s[i] + 0.25 * (s[l] * s[l] + s[r] * s[r]);
    }
    return Math.sqrt(num / den);
  }

  /** Standard deviation of v about its least-squares quadratic surface in (x, y) (6 terms). */
  static double scatterAboutQuadratic(double[] x, double[] y, double[] v) {
    int k = 6;
    double[][] a = new double[k][k + 1];
    int n = 0;
    double mx = 0;
    double my = 0;
    for (int i = 0; i < v.length; i++) if (Double.isFinite(v[i]) && Double.isFinite(x[i]) && Double.isFinite(y[i])) {
      mx += x[i];
      my += y[i];
      n++;
    }
    mx /= n;
    my /= n;
    double[][] z = new double[v.length][];
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i]) || !Double.isFinite(x[i]) || !Double.isFinite(y[i])) continue;
      double u = (x[i] - mx) / 100;
      double w = (y[i] - my) / 100;
      z[i] = new double[] {1, u, w, u * u, u * w, w * w};
      for (int p = 0; p < k; p++) {
        for (int q = 0; q < k; q++) a[p][q] += z[i][p] * z[i][q];
        a[p][k] += z[i][p] * v[i];
      }
    }
    for (int p = 0; p < k; p++) {
      int piv = p;
      for (int q = p + 1; q < k; q++) if (Math.abs(a[q][p]) > Math.abs(a[piv][p])) piv = q;
      double[] t = a[p];
      a[p] = a[piv];
      a[piv] = t;
      for (int q = 0; q < k; q++) {
        if (q == p) continue;
        double f = a[q][p] / a[p][p];
        for (int j = p; j <= k; j++) a[q][j] -= f * a[p][j];
      }
    }
    double ss = 0;
    for (int i = 0; i < v.length; i++) {
      if (z[i] == null) continue;
      double fit = 0;
      for (int p = 0; p < k; p++) fit += z[i][p] * a[p][k] / a[p][p];
      ss += (v[i] - fit) * (v[i] - fit);
    }
    return Math.sqrt(ss / (n - k));
  }
}
