package org.causalem.simulate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.causalem.data.Axis;
import org.causalem.data.Metadata;
import org.causalem.data.Pixels;
import org.causalem.data.SpectrumImage;
import org.causalem.spectra.Edge;

/**
 * EELS spectrum images with known truth.
 *
 * <p>Core loss: a power-law background {@code A(x,y)·(E/E₀)^(−r(x,y))} plus, for every edge, a
 * smoothed step at the onset decaying as {@code (E/onset)^(−edgeDecay)} with an amplitude map
 * {@code a(x,y)} (the known edge map), with Poisson noise. Low loss: a Gaussian zero-loss peak shifted
 * by a known drift map plus plasmon peaks whose areas follow Poisson statistics for a known t/λ map.
 */
public final class EelsSimulator {
  private EelsSimulator() {}

  /**
   * @param backgroundCounts mean background counts per channel at the first channel
   * @param exponentMean mean power-law exponent r; {@code exponentSpread} its range across the image
   * @param jumpRatio mean edge amplitude relative to the background at the onset
   * @param edgeDecay exponent of the edge's post-onset decay
   */
  public record CoreLossOptions(int width, int height, Axis energy, List<Edge> edges, double backgroundCounts,
                                double exponentMean, double exponentSpread, double jumpRatio, double edgeDecay,
                                boolean noise, long seed) {
    public CoreLossOptions {
      if (width < 1 || height < 1) throw new IllegalArgumentException("width and height must be >= 1, got " + width + "×" + height);
      Objects.requireNonNull(energy, "energy");
      edges = List.copyOf(edges);
      if (!(backgroundCounts > 0)) throw new IllegalArgumentException("backgroundCounts must be > 0, got " + backgroundCounts);
      if (!(energy.value(0) > 0)) throw new IllegalArgumentException("core-loss axis must start above 0 eV, got " + energy.value(0));
    }
  }

  /**
   * A simulated core-loss spectrum image and its truth (row-major maps).
   *
   * @param edgeAmplitude per edge name: the edge step height at its onset (counts per channel)
   */
  public record CoreLoss(SpectrumImage image, Map<String, double[]> edgeAmplitude, double[] backgroundAmplitude,
                         double[] backgroundExponent) {}

  public static CoreLoss coreLoss(CoreLossOptions o) {
    SplittableRandom rng = new SplittableRandom(o.seed());
    int w = o.width();
    int h = o.height();
    int c = o.energy().size();
    double e0 = o.energy().value(0);
    double[] amp = SmoothField.random(w, h, 3, 0.7, 1.3, rng);
    double[] expo = SmoothField.random(w, h, 3, o.exponentMean() - 0.5 * o.exponentSpread(),
        o.exponentMean() + 0.5 * o.exponentSpread(), rng);
    for (int i = 0; i < amp.length; i++) amp[i] *= o.backgroundCounts();
    Map<String, double[]> edgeAmp = new LinkedHashMap<>();
    double[][] shapes = new double[o.edges().size()][c];
    for (int k = 0; k < o.edges().size(); k++) {
      Edge e = o.edges().get(k);
      double bgAtOnset = o.backgroundCounts() * Math.pow(e.onsetEv() / e0, -o.exponentMean());
      double[] a = SmoothField.random(w, h, 4, 0.2, 1.0, rng);
      for (int i = 0; i < a.length; i++) a[i] *= o.jumpRatio() * bgAtOnset;
      edgeAmp.put(e.name(), a);
      for (int j = 0; j < c; j++) {
        double en = o.energy().value(j);
        double rise = 1 / (1 + Math.exp(-(en - e.onsetEv()) / 0.5));
        shapes[k][j] = rise * Math.pow(Math.max(en, e.onsetEv()) / e.onsetEv(), -o.edgeDecay());
      }
    }
    double[] logE = new double[c];
    for (int j = 0; j < c; j++) logE[j] = Math.log(o.energy().value(j) / e0);
    float[] px = new float[Math.multiplyExact(w * h, c)];
    for (int p = 0; p < w * h; p++) {
      for (int j = 0; j < c; j++) {
        double v = amp[p] * Math.exp(-expo[p] * logE[j]);
        for (int k = 0; k < shapes.length; k++) v += edgeAmp.get(o.edges().get(k).name())[p] * shapes[k][j];
        px[p * c + j] = (float) (o.noise() ? SmoothField.poisson(v, rng) : v);
      }
    }
    SpectrumImage si = new SpectrumImage("simulated core loss", Pixels.ofFloats(px), Axis.pixels("y", h),
        Axis.pixels("x", w), o.energy(), Metadata.EMPTY.withSummary(Metadata.SIGNAL, "EELS"));
    return new CoreLoss(si, edgeAmp, amp, expo);
  }

  /**
   * A simulated low-loss spectrum image and its truth.
   *
   * @param tOverLambda relative thickness per pixel
   * @param zeroLossEv ZLP centre per pixel (energy drift)
   */
  public record LowLoss(SpectrumImage image, double[] tOverLambda, double[] zeroLossEv) {}

  /**
   * @param totalCounts counts per spectrum
   * @param plasmonEv plasmon energy; its n-fold peak sits at n·plasmonEv with width growing as √n
   */
  public static LowLoss lowLoss(int width, int height, Axis energy, double totalCounts, double plasmonEv,
                                double zlpFwhmEv, double maxDriftEv, boolean noise, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] t = SmoothField.random(width, height, 3, 0.3, 1.2, rng);
    double[] drift = SmoothField.random(width, height, 2, -maxDriftEv, maxDriftEv, rng);
    int c = energy.size();
    double sz = zlpFwhmEv / 2.3548;
    double sp = 0.25 * plasmonEv;
    float[] px = new float[Math.multiplyExact(width * height, c)];
    double de = energy.scale();
    for (int p = 0; p < width * height; p++) {
      double i0 = totalCounts * Math.exp(-t[p]);
      for (int j = 0; j < c; j++) {
        double en = energy.value(j) - drift[p];
        double v = i0 * gauss(en, 0, sz) * de;
        double term = i0;
        for (int n = 1; n <= 8; n++) {
          term *= t[p] / n;
          double s = sp * Math.sqrt(n);
          v += term * gauss(en, n * plasmonEv, s) * de;
        }
        px[p * c + j] = (float) (noise ? SmoothField.poisson(v, rng) : v);
      }
    }
    SpectrumImage si = new SpectrumImage("simulated low loss", Pixels.ofFloats(px), Axis.pixels("y", height),
        Axis.pixels("x", width), energy, Metadata.EMPTY);
    return new LowLoss(si, t, drift);
  }

  private static double gauss(double x, double mu, double s) {
    double z = (x - mu) / s;
    return Math.exp(-0.5 * z * z) / (s * Math.sqrt(2 * Math.PI));
  }
}
