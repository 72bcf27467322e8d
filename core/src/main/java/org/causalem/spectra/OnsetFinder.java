package org.causalem.spectra;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.IntStream;
import org.causalem.data.Axis;
import org.causalem.data.SpectrumImage;

/**
 * Finds the onset of an edge as its steepest rise: the background (fitted as in {@link EdgeMapper})
 * is subtracted, the remainder smoothed by a Gaussian, and the onset taken at the first local maximum
 * of the derivative that reaches {@code riseFraction} of the largest local maximum in the search window
 * {@code [tabulated − searchBeforeEv, tabulated + searchAfterEv]}, refined to a fraction of a channel.
 * Taking the first strong rise, not the global one, keeps an L3 onset from jumping to L2.
 */
public final class OnsetFinder {
  public record Options(double searchBeforeEv, double searchAfterEv, double smoothingEv, double riseFraction,
                        EdgeMapper.Options background) {
    public Options {
      if (!(searchBeforeEv >= 0)) throw new IllegalArgumentException("searchBeforeEv must be >= 0, got " + searchBeforeEv);
      if (!(searchAfterEv >= 0)) throw new IllegalArgumentException("searchAfterEv must be >= 0, got " + searchAfterEv);
      if (!(smoothingEv >= 0)) throw new IllegalArgumentException("smoothingEv must be >= 0, got " + smoothingEv);
      if (!(riseFraction > 0 && riseFraction <= 1)) {
        throw new IllegalArgumentException("riseFraction must be in (0, 1], got " + riseFraction);
      }
      Objects.requireNonNull(background, "background");
    }

    public static Options defaults() { return new Options(8, 8, 1.0, 0.5, EdgeMapper.Options.defaults()); }
  }

  /** Onsets per pixel and their shift from the median onset (the chemical shift), row-major, eV. */
  public record OnsetMap(Edge edge, float[] onsetEv, float[] shiftEv, double medianOnsetEv) {}

  private final Options options;
  private final EdgeMapper mapper;

  public OnsetFinder(Options options) {
    this.options = Objects.requireNonNull(options);
    this.mapper = new EdgeMapper(options.background());
  }

  /** The onset of {@code edge} in one spectrum {@code counts} on {@code axis}; NaN if there is no rise. */
  public double find(Axis axis, float[] counts, Edge edge) {
    if (!mapper.covers(axis, edge)) {
      throw new IllegalArgumentException("edge " + edge.name() + " does not fit the energy axis "
          + axis.value(0) + ".." + axis.value(axis.size() - 1) + " eV");
    }
    return find(axis, counts, edge, precompute(axis), new double[axis.size()]);
  }

  /** Onsets of {@code edge} in every pixel of {@code si}, and their shift from the median. */
  public OnsetMap map(SpectrumImage si, Edge edge) {
    Axis axis = si.energy();
    if (!mapper.covers(axis, edge)) {
      throw new IllegalArgumentException("edge " + edge.name() + " does not fit the energy axis of " + si.name());
    }
    double[] u = precompute(axis);
    int width = si.width();
    float[] onset = new float[width * si.height()];
    IntStream.range(0, si.height()).parallel().forEach(row -> {
      float[] s = new float[si.channels()];
      double[] work = new double[si.channels()];
      for (int col = 0; col < width; col++) {
        si.spectrum(row, col, s);
        onset[row * width + col] = (float) find(axis, s, edge, u, work);
      }
    });
    double median = median(onset);
    float[] shift = new float[onset.length];
    for (int i = 0; i < onset.length; i++) shift[i] = (float) (onset[i] - median);
    return new OnsetMap(edge, onset, shift, median);
  }

  private double[] precompute(Axis axis) {
    double[] u = new double[axis.size()];
    for (int i = 0; i < u.length; i++) {
      double e = axis.value(i);
      u[i] = e > 0 ? options.background().model().abscissa(e) : Double.NaN;
    }
    return u;
  }

  private double find(Axis axis, float[] counts, Edge edge, double[] u, double[] work) {
    EnergyWindow fit = mapper.fitWindow(axis, edge);
    BackgroundFit bg = BackgroundFit.fit(options.background().model(), u, counts, fit.from(), fit.to());
    EnergyWindow search = EnergyWindow.of(axis, edge.onsetEv() - options.searchBeforeEv(),
        edge.onsetEv() + options.searchAfterEv());
    int sigmaCh = (int) Math.ceil(3 * options.smoothingEv() / axis.scale());
    int lo = Math.max(0, search.from() - sigmaCh - 2);
    int hi = Math.min(counts.length, search.to() + sigmaCh + 2);
    // background-subtracted signal over [lo, hi)
    double[] sig = work;
    for (int i = lo; i < hi; i++) sig[i] = counts[i] - (bg.valid() ? bg.value(axis.value(i)) : 0);
    double[] smooth = gaussianSmooth(sig, lo, hi, options.smoothingEv() / axis.scale());
    // derivative on [search.from, search.to)
    int n = search.to() - search.from();
    if (n < 3) return Double.NaN;
    double[] d = new double[n];
    for (int k = 0; k < n; k++) {
      int i = search.from() + k;
      int a = Math.max(lo, i - 1) - lo;
      int b = Math.min(hi - 1, i + 1) - lo;
      d[k] = (smooth[b] - smooth[a]) / (b - a);
    }
    // interior local maxima only: a maximum on the window's edge is a rise that began outside it
    double strongest = 0;
    for (int k = 1; k < n - 1; k++) {
      if (d[k] >= d[k - 1] && d[k] > d[k + 1]) strongest = Math.max(strongest, d[k]);
    }
    if (!(strongest > 0)) return Double.NaN;
    double threshold = options.riseFraction() * strongest;
    for (int k = 1; k < n - 1; k++) {
      if (d[k] >= d[k - 1] && d[k] > d[k + 1] && d[k] >= threshold) {
        double den = d[k - 1] - 2 * d[k] + d[k + 1];
        double off = den < 0 ? Math.max(-0.5, Math.min(0.5, 0.5 * (d[k - 1] - d[k + 1]) / den)) : 0;
        return axis.value(search.from() + k + off);
      }
    }
    return Double.NaN;
  }

  /** Gaussian smoothing (σ in channels) of {@code v[lo..hi)}; returns an array indexed from {@code lo}. */
  private static double[] gaussianSmooth(double[] v, int lo, int hi, double sigmaCh) {
    int n = hi - lo;
    double[] out = new double[n];
    if (sigmaCh < 0.3) {
      System.arraycopy(v, lo, out, 0, n);
      return out;
    }
    int r = (int) Math.ceil(3 * sigmaCh);
    double[] k = new double[2 * r + 1];
    for (int j = -r; j <= r; j++) k[j + r] = Math.exp(-0.5 * j * j / (sigmaCh * sigmaCh));
    for (int i = 0; i < n; i++) {
      double s = 0;
      double w = 0;
      for (int j = -r; j <= r; j++) {
        int t = i + j;
        if (t < 0 || t >= n) continue;
        s += k[j + r] * v[lo + t];
        w += k[j + r];
      }
      out[i] = s / w;
    }
    return out;
  }

  static double median(float[] values) {
    float[] f = new float[values.length];
    int m = 0;
    for (float x : values) if (!Float.isNaN(x)) f[m++] = x;
    if (m == 0) return Double.NaN;
    Arrays.sort(f, 0, m);
    return m % 2 == 1 ? f[m / 2] : 0.5 * (f[m / 2 - 1] + f[m / 2]);
  }
}
