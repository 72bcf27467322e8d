package org.causalem.lattice;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.causalem.SharedData;
import org.causalem.data.DataFile;
import org.causalem.data.Image;
import org.causalem.data.Progress;
import org.causalem.io.Readers;
import org.causalem.simulate.FerroicScenario;
import org.causalem.simulate.ScanDistortion;
import org.junit.jupiter.api.Test;

/**
 * A truth-free check of the line jitter seen inside the columns (see
 * {@code PositionCalibrationDemoRun#lineJitterSeenInsideTheColumns}): per scan line, the mean deviation of the
 * columns' per-line x centroids from their fitted centres, once from the columns of the image's left half and once
 * from its right half. Line jitter moves both halves alike; counting noise and the specimen do not. Diagnostic,
 * on request ({@code -Dcausalem.lineCentroids=true}), prints only. Measured (session 5):
 * <ul>
 *   <li>demo, realistic scan (0.3 px jitter), seeds 1-2: corr(left, right) 0.876 / 0.883, covariance 0.027 /
 *       0.030 px²; the same without jitter: −0.057 / −0.016, covariance −0.0002 / −0.0001 px²;</li>
 *   <li>STO_HAADF_noisy.emd (column σ ≈ 4 px): corr 0.111, covariance 0.009 px² (line-mean s.d. 0.29 px), while
 *       {@link PositionCalibration} reports line terms of 0.53 (A) / 0.67 (B) px in x and 0.24 / 0.35 px in y;
 *       SI-Survey_Image.dm3: corr 0.120, covariance 0.004 px², calibration line x 0.18 / 0.19 px.</li>
 * </ul>
 * The within-column deviations see only the part of the line offsets that varies over the lines one column
 * covers; offsets correlated over many lines move whole columns and must still come from the positions.
 */
class LineCentroidRun {
  static double[][] halves(Image img, AtomsResult res, double winHalf) {
    int h = img.height();
    int w = img.width();
    int half = 3;
    int hw = (int) Math.round(winHalf);
    double[][] sum = new double[2][h];
    double[][] cnt = new double[2][h];
    double[] rel = new double[2 * half + 1];
    double[] relN = new double[2 * half + 1];
    java.util.List<double[]> obs = new java.util.ArrayList<>();
    for (int i = 0; i < res.columns().size(); i++) {
      if (!res.columns().converged(i)) continue;
      double xi = res.columns().x()[i];
      double yi = res.columns().y()[i];
      int x0 = (int) Math.round(xi) - hw;
      int y0 = (int) Math.round(yi);
      if (x0 < 0 || x0 + 2 * hw >= w || y0 - half < 0 || y0 + half >= h) continue;
      for (int l = y0 - half; l <= y0 + half; l++) {
        double bg = Math.min(img.at(x0, l), img.at(x0 + 2 * hw, l));
        double s = 0, sx = 0;
        for (int x = x0; x <= x0 + 2 * hw; x++) { double v = img.at(x, l) - bg; s += v; sx += v * x; }
        if (!(s > 0)) continue;
        double d = sx / s - xi;
        if (Math.abs(d) > 1) continue;
        obs.add(new double[] {l, l - y0 + half, d, xi < w / 2.0 ? 0 : 1});
        rel[l - y0 + half] += d;
        relN[l - y0 + half]++;
      }
    }
    for (double[] o : obs) {
      int l = (int) o[0];
      int g = (int) o[3];
      sum[g][l] += o[2] - rel[(int) o[1]] / relN[(int) o[1]];
      cnt[g][l]++;
    }
    double[][] out = new double[2][h];
    for (int g = 0; g < 2; g++) for (int l = 0; l < h; l++) out[g][l] = cnt[g][l] >= 3 ? sum[g][l] / cnt[g][l] : Double.NaN;
    return out;
  }

  static String report(double[][] m) {
    double sab = 0, saa = 0, sbb = 0, ma = 0, mb = 0;
    int n = 0;
    for (int l = 0; l < m[0].length; l++) if (Double.isFinite(m[0][l]) && Double.isFinite(m[1][l])) { ma += m[0][l]; mb += m[1][l]; n++; }
    ma /= n; mb /= n;
    for (int l = 0; l < m[0].length; l++) if (Double.isFinite(m[0][l]) && Double.isFinite(m[1][l])) {
      sab += (m[0][l] - ma) * (m[1][l] - mb); saa += (m[0][l] - ma) * (m[0][l] - ma); sbb += (m[1][l] - mb) * (m[1][l] - mb);
    }
    return String.format("%d lines, corr(left half, right half) %.3f, cov %.4f px^2, sd left %.3f right %.3f", n, sab / Math.sqrt(saa * sbb), sab / n,
        Math.sqrt(saa / n), Math.sqrt(sbb / n));
  }

  @Test
  void leftAndRightHalvesSeeTheSameLines() throws Exception {
    assumeTrue(Boolean.getBoolean("causalem.lineCentroids"), "skipped: the run needs -Dcausalem.lineCentroids=true");
    for (long seed = 1; seed <= 2; seed++) {
      for (ScanDistortion d : new ScanDistortion[] {ScanDistortion.realistic(), ScanDistortion.realistic().withJitter(0, 0)}) {
        FerroicScenario.Options scene = FerroicScenario.Options.defaults(seed).withSize(24, 24).withDistortion(d);
        Image img = new FerroicScenario(scene).simulate().image();
        AtomsResult res = new AtomsPipeline(AtomsPipeline.Options.of(LatticeKind.PEROVSKITE), false).run(img, Progress.NONE);
        System.out.println("demo seed " + seed + " jitter " + d.jitterRmsPx() + ": " + report(halves(img, res, 4)));
      }
    }
    for (String name : new String[] {"STO_HAADF_noisy.emd", "SI-Survey_Image.dm3"}) {
      try (DataFile df = Readers.open(SharedData.real(name))) {
        Image image = df.first(Image.class);
        AtomsResult res = new AtomsPipeline(AtomsPipeline.Options.of(LatticeKind.AUTO)).run(image, Progress.NONE);
        double sig = 0;
        int c = 0;
        for (int i = 0; i < res.columns().size(); i++) if (res.columns().converged(i)) { sig += res.columns().sigmaYPx(i); c++; }
        sig /= c;
        for (PositionErrors.Sublattice s : res.positionErrors().sublattices()) System.out.println(name + " calib " + s);
        System.out.println(name + " (column sigma " + sig + "): " + report(halves(image, res, Math.max(3, 1.8 * sig))));
      }
    }
  }

  /** On request ({@code -Dcausalem.realJitter=true}): what {@link LineJitter} reads on the real images. */
  @Test
  void lineJitterOnRealImages() throws Exception {
    assumeTrue(Boolean.getBoolean("causalem.realJitter"), "skipped: the run needs -Dcausalem.realJitter=true");
    for (String name : new String[] {"STO_HAADF_noisy.emd", "SI-Survey_Image.dm3"}) {
      try (DataFile df = Readers.open(SharedData.real(name))) {
        Image image = df.first(Image.class);
        AtomsResult res = new AtomsPipeline(AtomsPipeline.Options.of(LatticeKind.AUTO), false).run(image, Progress.NONE);
        LineJitter j = LineJitter.measure(image, res.columns(), res.lattice().site(), res.lattice().sites());
        System.out.printf("%s: variance %.4f lag-one %.2f column variance %.4f variogram %s%n", name, j.variancePx2(), j.lagOne(),
            j.columnVariance(0), java.util.Arrays.toString(j.variogram()));
      }
    }
  }
}
