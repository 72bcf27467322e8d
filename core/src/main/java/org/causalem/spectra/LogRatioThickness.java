package org.causalem.spectra;

import java.util.stream.IntStream;
import org.causalem.data.Axis;
import org.causalem.data.SpectrumImage;

/**
 * Relative thickness t/λ by the log-ratio method (Egerton §5.1): {@code t/λ = ln(I_t / I_0)}, with
 * {@code I_0} the zero-loss integral (from the first minimum below the ZLP, or the first channel, to
 * the first minimum above it) and {@code I_t} the whole spectrum. Needs the ZLP in the spectrum.
 */
public final class LogRatioThickness {
  private LogRatioThickness() {}

  /**
   * t/λ at every pixel, row-major; NaN where the ZLP is missing or the counts are not positive.
   *
   * @param centresEv ZLP centres from {@link ZeroLossPeak#centresEv}
   */
  public static float[] map(SpectrumImage si, float[] centresEv) {
    Axis a = si.energy();
    int c = si.channels();
    int width = si.width();
    float[] out = new float[width * si.height()];
    IntStream.range(0, si.height()).parallel().forEach(row -> {
      float[] s = new float[c];
      for (int col = 0; col < width; col++) {
        int p = row * width + col;
        si.spectrum(row, col, s);
        out[p] = Float.isNaN(centresEv[p]) ? Float.NaN : (float) tOverLambda(s, (int) Math.round(a.index(centresEv[p])),
            (int) Math.ceil(15 / a.scale()));
      }
    });
    return out;
  }

  /** t/λ of one spectrum whose ZLP maximum is at channel {@code peak}; minima searched within {@code reach} channels. */
  static double tOverLambda(float[] s, int peak, int reach) {
    int c = s.length;
    if (peak < 0 || peak >= c) return Double.NaN;
    // climb to the maximum of the smoothed counts first: with noise it may sit a channel away
    while (peak + 1 < c && smooth(s, peak + 1) > smooth(s, peak)) peak++;
    while (peak - 1 >= 0 && smooth(s, peak - 1) > smooth(s, peak)) peak--;
    int right = peak;
    while (right + 1 < c && right - peak < reach && smooth(s, right + 1) <= smooth(s, right)) right++;
    int left = peak;
    while (left - 1 >= 0 && peak - left < reach && smooth(s, left - 1) <= smooth(s, left)) left--;
    double i0 = 0;
    for (int i = left; i <= right; i++) i0 += s[i];
    double it = 0;
    for (int i = 0; i < c; i++) it += s[i];
    if (!(i0 > 0) || !(it > 0)) return Double.NaN;
    return Math.log(it / i0);
  }

  private static double smooth(float[] s, int i) {
    int lo = Math.max(0, i - 1);
    int hi = Math.min(s.length - 1, i + 1);
    double sum = 0;
    for (int k = lo; k <= hi; k++) sum += s[k];
    return sum / (hi - lo + 1);
  }
}
