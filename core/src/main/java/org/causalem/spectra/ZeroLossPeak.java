package org.causalem.spectra;

import java.util.stream.IntStream;
import org.causalem.data.Axis;
import org.causalem.data.Pixels;
import org.causalem.data.SpectrumImage;

/**
 * The zero-loss peak (ZLP) of a low-loss spectrum image: whether it was recorded, where it sits in
 * each pixel, and the alignment that puts it at 0 eV in every pixel (removing energy drift across the
 * scan).
 */
public final class ZeroLossPeak {
  /** The ZLP is searched for within this distance of 0 eV. */
  public static final double SEARCH_EV = 10;

  private ZeroLossPeak() {}

  /**
   * Whether {@code si} recorded its ZLP: the axis spans 0 eV and the strongest channel of the summed
   * spectrum lies within {@link #SEARCH_EV} of 0 eV, with channels on both sides of it.
   */
  public static boolean recorded(SpectrumImage si) {
    Axis a = si.energy();
    if (a.size() < 5 || !(a.scale() > 0)) return false;
    if (a.value(0) > 0 || a.value(a.size() - 1) < 0) return false;
    double[] sum = sumSpectrum(si);
    int best = strongest(sum);
    return Math.abs(a.value(best)) <= SEARCH_EV && best > 0 && best < sum.length - 1 && sum[best] > 0;
  }

  /** The channel of the largest value of {@code sum} (the first of equals). */
  static int strongest(double[] sum) {
    int best = 0;
    for (int i = 1; i < sum.length; i++) if (sum[i] > sum[best]) best = i;
    return best;
  }

  /** The sum of all spectra of {@code si}. */
  public static double[] sumSpectrum(SpectrumImage si) {
    int c = si.channels();
    double[] sum = new double[c];
    float[] s = new float[c];
    for (int row = 0; row < si.height(); row++) {
      for (int col = 0; col < si.width(); col++) {
        si.spectrum(row, col, s);
        for (int i = 0; i < c; i++) sum[i] += s[i];
      }
    }
    return sum;
  }

  /**
   * The ZLP centre (eV) in every pixel, row-major: the strongest channel within {@link #SEARCH_EV} of
   * 0 eV, refined to a fraction of a channel by a parabola through the logarithms of the three counts
   * around it (exact for a Gaussian peak). NaN where no positive peak is found.
   */
  public static float[] centresEv(SpectrumImage si) {
    Axis a = si.energy();
    EnergyWindow w = EnergyWindow.of(a, -SEARCH_EV, SEARCH_EV);
    int c = si.channels();
    int width = si.width();
    float[] out = new float[width * si.height()];
    IntStream.range(0, si.height()).parallel().forEach(row -> {
      float[] s = new float[c];
      for (int col = 0; col < width; col++) {
        si.spectrum(row, col, s);
        int best = -1;
        for (int i = w.from(); i < w.to(); i++) if (best < 0 || s[i] > s[best]) best = i;
        out[row * width + col] = best < 0 || !(s[best] > 0) ? Float.NaN : (float) a.value(best + vertex(s, best));
      }
    });
    return out;
  }

  /** Sub-channel offset of a peak at {@code i}: parabola through log counts (or counts when not positive). */
  static double vertex(float[] s, int i) {
    if (i <= 0 || i >= s.length - 1) return 0;
    double l = s[i - 1];
    double m = s[i];
    double r = s[i + 1];
    if (l > 0 && m > 0 && r > 0) {
      l = Math.log(l);
      m = Math.log(m);
      r = Math.log(r);
    }
    double den = l - 2 * m + r;
    if (!(den < 0)) return 0;
    double d = 0.5 * (l - r) / den;
    return Math.max(-0.5, Math.min(0.5, d));
  }

  /**
   * A copy of {@code si} with every spectrum shifted so that its ZLP lies at 0 eV (linear
   * interpolation; beyond the ends the end value is repeated). Pixels with a NaN centre are copied
   * unshifted.
   *
   * @param centresEv from {@link #centresEv}
   */
  public static SpectrumImage align(SpectrumImage si, float[] centresEv) {
    int c = si.channels();
    int width = si.width();
    if (centresEv.length != width * si.height()) {
      throw new IllegalArgumentException("centresEv has " + centresEv.length + " values for " + width + "×" + si.height() + " pixels");
    }
    double scale = si.energy().scale();
    float[] out = new float[Math.multiplyExact(width * si.height(), c)];
    IntStream.range(0, si.height()).parallel().forEach(row -> {
      float[] s = new float[c];
      for (int col = 0; col < width; col++) {
        int p = row * width + col;
        si.spectrum(row, col, s);
        int base = p * c;
        double shift = Float.isNaN(centresEv[p]) ? 0 : centresEv[p] / scale;
        for (int i = 0; i < c; i++) {
          double x = i + shift;
          int i0 = (int) Math.floor(x);
          double f = x - i0;
          float v;
          if (i0 < 0) v = s[0];
          else if (i0 >= c - 1) v = s[c - 1];
          else v = (float) (s[i0] * (1 - f) + s[i0 + 1] * f);
          out[base + i] = v;
        }
      }
    });
    return new SpectrumImage(si.name(), Pixels.ofFloats(out), si.y(), si.x(), si.energy(), si.metadata());
  }
}
