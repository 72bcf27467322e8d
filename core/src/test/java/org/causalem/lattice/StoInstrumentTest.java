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
 * The acid test on a real image: {@code STO_HAADF_noisy.emd}, paraelectric cubic SrTiO3 (MANIFEST: uniform
 * composition, true mean B off-centring zero; whatever banding or off-centring appears is instrumental).
 * Banding fractions are computed here, independently of the code: the share of a descriptor's variance
 * explained by 32-px bins of scan column (x) or scan row (y).
 */
class StoInstrumentTest {
  static double eta2(double[] v, double[] pos, double binPx) {
    java.util.Map<Integer, double[]> g = new java.util.HashMap<>();
    double s = 0;
    int n = 0;
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) continue;
      s += v[i];
      n++;
    }
    double m = s / n;
    double tot = 0;
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) continue;
      tot += (v[i] - m) * (v[i] - m);
      double[] b = g.computeIfAbsent((int) Math.floor(pos[i] / binPx), k -> new double[2]);
      b[0] += v[i];
      b[1]++;
    }
    double btw = 0;
    for (double[] b : g.values()) btw += b[1] * (b[0] / b[1] - m) * (b[0] / b[1] - m);
    return btw / tot;
  }

  @Test
  void offCentringIsFlaggedAsInstrumentalAndTheScanExplainsTheBanding() throws Exception {
    Path file = SharedData.real("STO_HAADF_noisy.emd");
    Image image;
    try (DataFile df = Readers.open(file)) {
      Image img = df.first(Image.class);
      image = img.withPixels(img.toFloat().clone());
    }
    AtomsResult r = new AtomsPipeline(AtomsPipeline.Options.of(LatticeKind.PEROVSKITE).withLatticeConstantNm(0.3905))
        .run(image, Progress.NONE);
    DescriptorTable c = r.cells();
    OffCentring off = r.offCentring();
    double[] x = c.column("x_px");
    double[] y = c.column("y_px");
    double[] a = c.column("a_px");
    double[] b = c.column("b_px");
    double[] sx = c.column("sampling_x");
    double[] sy = c.column("sampling_y");
    double[] aScan = new double[a.length];
    double[] bScan = new double[b.length];
    for (int i = 0; i < a.length; i++) {
      aScan[i] = a[i] / sx[i];
      bScan[i] = b[i] / sy[i];
    }
    double raw = InstrumentDescriptorsTest.corr(c.column("intensity_A"), a);
    double norm = InstrumentDescriptorsTest.corr(c.column("intensity_A_norm"), a);
    double jit = InstrumentDescriptorsTest.corr(c.column("polarization_x_px"), c.column("scan_line_offset_px"));
    System.out.printf("STO: banding a_px by scan column %.3f -> a_px/sampling_x %.3f; b_px by scan row %.3f -> b_px/sampling_y %.3f%n",
        eta2(a, x, 32), eta2(aScan, x, 32), eta2(b, y, 32), eta2(bScan, y, 32));
    System.out.printf("STO: corr(intensity_A, a_px) %.3f, corr(intensity_A_norm, a_px) %.3f, corr(polarization_x_px, scan_line_offset_px) %.3f%n",
        raw, norm, jit);
    System.out.println("STO: " + off.sentence());
    // the uniform off-centring of a paraelectric crystal is flagged, with its caveat, and it depends on the fit window
    assertThat(off.significant()).isTrue();
    assertThat(off.sentence()).contains(OffCentring.CAVEAT);
    assertThat(off.windowDependent()).isTrue();
    assertThat(off.windows().get(2).magnitudePx()).isGreaterThan(off.windows().get(0).magnitudePx());
    // the composition proxy does not follow the cell size
    assertThat(Math.abs(norm)).isLessThan(0.1);
    // b_px is banded along the slow scan, and the scan's local sampling carries that banding
    assertThat(eta2(b, y, 32)).isGreaterThan(0.15);
    assertThat(eta2(bScan, y, 32)).isLessThan(0.5 * eta2(b, y, 32));
    // the line offset is in the polarization: a B column and its cage sit on different scan lines
    assertThat(jit).isGreaterThan(0.15);
    // the strongest false edge, intensity_B -> polarization_x_px, is carried by the instrument nodes:
    // its partial correlation given them (least squares in this test) vanishes
    double[] ib = c.column("intensity_B");
    double[] pol = c.column("polarization_x_px");
    double rawB = InstrumentDescriptorsTest.corr(ib, pol);
    double partial = partial(c, ib, pol, InstrumentDescriptors.NUISANCE);
    System.out.printf("STO: corr(intensity_B, polarization_x_px) %.3f, partial given the nuisance nodes %.3f%n", rawB, partial);
    assertThat(Math.abs(rawB)).isGreaterThan(0.12);
    assertThat(Math.abs(partial)).isLessThan(0.06);
  }

  /** Correlation of the residuals of u and v after least squares on an intercept and the named columns. */
  static double partial(DescriptorTable t, double[] u, double[] v, java.util.List<String> given) {
    int k = given.size() + 1;
    int n = u.length;
    boolean[] ok = new boolean[n];
    double[][] z = new double[n][k];
    for (int i = 0; i < n; i++) {
      ok[i] = Double.isFinite(u[i]) && Double.isFinite(v[i]);
      z[i][0] = 1;
      for (int j = 1; j < k; j++) {
        z[i][j] = t.column(given.get(j - 1))[i];
        ok[i] &= Double.isFinite(z[i][j]);
      }
    }
    double[] ru = residual(z, u, ok);
    double[] rv = residual(z, v, ok);
    return InstrumentDescriptorsTest.corr(ru, rv);
  }

  private static double[] residual(double[][] z, double[] y, boolean[] ok) {
    int k = z[0].length;
    double[][] a = new double[k][k + 1];
    // standardise the regressors for a well-conditioned solve
    double[] mean = new double[k];
    double[] sd = new double[k];
    int n = 0;
    for (int i = 0; i < y.length; i++) {
      if (!ok[i]) continue;
      n++;
      for (int j = 0; j < k; j++) mean[j] += z[i][j];
    }
    for (int j = 0; j < k; j++) mean[j] /= n;
    for (int i = 0; i < y.length; i++) if (ok[i]) for (int j = 0; j < k; j++) sd[j] += (z[i][j] - mean[j]) * (z[i][j] - mean[j]);
    for (int j = 0; j < k; j++) sd[j] = sd[j] > 0 ? Math.sqrt(sd[j] / n) : 0;
    double[][] w = new double[y.length][k];
    for (int i = 0; i < y.length; i++) {
      if (!ok[i]) continue;
      w[i][0] = 1;
      for (int j = 1; j < k; j++) w[i][j] = sd[j] > 0 ? (z[i][j] - mean[j]) / sd[j] : 0;
      for (int p = 0; p < k; p++) {
        for (int q = 0; q < k; q++) a[p][q] += w[i][p] * w[i][q];
        a[p][k] += w[i][p] * y[i];
      }
    }
    for (int p = 0; p < k; p++) a[p][p] += 1e-9 * n;   // a constant regressor (none here) stays solvable
    for (int c = 0; c < k; c++) {
      int piv = c;
      for (int r = c + 1; r < k; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
      double[] tmp = a[c];
      a[c] = a[piv];
      a[piv] = tmp;
      for (int r = 0; r < k; r++) {
        if (r == c) continue;
        double f = a[r][c] / a[c][c];
        for (int q = c; q <= k; q++) a[r][q] -= f * a[c][q];
      }
    }
    double[] out = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      if (!ok[i]) {
        out[i] = Double.NaN;
        continue;
      }
      double fit = 0;
      for (int j = 0; j < k; j++) fit += w[i][j] * a[j][k] / a[j][j];
      out[i] = y[i] - fit;
    }
    return out;
  }
}
