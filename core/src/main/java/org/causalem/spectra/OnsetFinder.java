package org.causalem.spectra;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.causalem.data.Axis;
import org.causalem.data.SpectrumImage;
import org.causalem.numeric.Stats;

/**
 * Finds the onset of an edge as its steepest rise: the background (fitted as in {@link EdgeMapper})
 * is subtracted, the remainder smoothed by a Gaussian, and the onset taken at the first local maximum
 * of the derivative that reaches {@code riseFraction} of the largest local maximum in the search window
 * {@code [centre − searchBeforeEv, centre + searchAfterEv]}, refined to a fraction of a channel.
 * Taking the first strong rise, not the global one, keeps an L3 onset from jumping to L2.
 *
 * <p>Per pixel ({@link #map}) every onset carries an uncertainty and a verdict:
 * <ul>
 *   <li>the steepest rise is found as above in the spectrum summed over every pixel (the anchor); when it lies
 *       on the window's edge the window is widened by {@code searchBeforeEv} on that side once, and the anchor
 *       stays tabulated (with a note) if that does not help; the per-pixel window is centred on the anchor,
 *       so an edge sitting a few eV from its table value is not cut by it;</li>
 *   <li>a pixel's onset is the anchor moved by the shift δ that best matches the summed edge shape to the
 *       pixel's background-subtracted spectrum by least squares over the whole rise (see {@code match}): at a
 *       few counts per channel the first steep rise of a single spectrum is often a noise bump (on the real
 *       49 × 6 SI-EELS file a third of the pixels jumped 3–6 eV early that way), a fit of the whole rise is
 *       not;</li>
 *   <li>uncertainty by a residual bootstrap: the pre-edge residuals of the background fit, divided by the
 *       square root of the background (so that their scale follows the counts: detector gain and channel
 *       correlation included), are resampled in blocks of {@value #BLOCK} channels with a seed, scaled
 *       by the square root of each channel's counts, added to the spectrum smoothed by half the onset
 *       smoothing (the model), and the whole estimate (fit, subtraction, smoothing, onset, jump) repeated
 *       {@code replicates} times on each replica; σ of the onset is 1.4826 × the median absolute deviation
 *       of the replicas (the few replicas that jump to another rise would dominate a plain standard deviation),
 *       σ of the jump their standard deviation;</li>
 *   <li>the edge is detected when its jump (mean background-subtracted counts per channel over
 *       {@code [anchor, anchor + }{@value #JUMP_WIDTH_EV}{@code  eV)}) is at least {@code detectionSigmas} (k)
 *       times the replicas' standard deviation of that jump; otherwise the onset is NaN and flagged
 *       {@link #UNDETECTED};</li>
 *   <li>a best shift within one smoothing σ (at least one channel) of the search window's ends is an edge
 *       beyond the window: NaN, flagged {@link #WINDOW_EDGE}; an onset that fewer than half of the
 *       replicas reproduce inside the window is NaN, flagged {@link #UNSTABLE}.</li>
 * </ul>
 */
public final class OnsetFinder {
  /** Flag of a reported onset. */
  public static final byte OK = 0;
  /** The edge's jump is below k σ of the noise: no onset. */
  public static final byte UNDETECTED = 1;
  /** The steepest rise lies at an end of the search window: no onset. */
  public static final byte WINDOW_EDGE = 2;
  /** Fewer than half of the bootstrap replicas find an onset inside the window: no onset. */
  public static final byte UNSTABLE = 3;

  /** Channels per resampled block of pre-edge residuals (keeps the detector's channel-to-channel correlation). */
  static final int BLOCK = 4;
  /** Width above the anchor over which an edge's jump is measured (eV). */
  static final double JUMP_WIDTH_EV = 10;

  /**
   * @param replicates bootstrap replicas per pixel for the uncertainties (0 = none: every σ NaN and no
   *                   detection test)
   * @param detectionSigmas k: an edge is detected where its jump is at least k σ
   * @param seed seed of the bootstrap (each pixel draws from {@code seed} and its index)
   */
  public record Options(double searchBeforeEv, double searchAfterEv, double smoothingEv, double riseFraction,
                        EdgeMapper.Options background, int replicates, double detectionSigmas, long seed) {
    public Options {
      if (!(searchBeforeEv >= 0)) throw new IllegalArgumentException("searchBeforeEv must be >= 0, got " + searchBeforeEv);
      if (!(searchAfterEv >= 0)) throw new IllegalArgumentException("searchAfterEv must be >= 0, got " + searchAfterEv);
      if (!(smoothingEv >= 0)) throw new IllegalArgumentException("smoothingEv must be >= 0, got " + smoothingEv);
      if (!(riseFraction > 0 && riseFraction <= 1)) {
        throw new IllegalArgumentException("riseFraction must be in (0, 1], got " + riseFraction);
      }
      Objects.requireNonNull(background, "background");
      if (replicates < 0 || replicates == 1) throw new IllegalArgumentException("replicates must be 0 or >= 2, got " + replicates);
      if (!(detectionSigmas >= 0)) throw new IllegalArgumentException("detectionSigmas must be >= 0, got " + detectionSigmas);
    }

    public Options(double searchBeforeEv, double searchAfterEv, double smoothingEv, double riseFraction,
                   EdgeMapper.Options background) {
      this(searchBeforeEv, searchAfterEv, smoothingEv, riseFraction, background, 40, 3.0, 1L);
    }

    public static Options defaults() { return new Options(8, 8, 1.0, 0.5, EdgeMapper.Options.defaults()); }

    public Options withBackground(EdgeMapper.Options b) {
      return new Options(searchBeforeEv, searchAfterEv, smoothingEv, riseFraction, b, replicates, detectionSigmas, seed);
    }

    public Options withSeed(long s) {
      return new Options(searchBeforeEv, searchAfterEv, smoothingEv, riseFraction, background, replicates, detectionSigmas, s);
    }
  }

  /**
   * Onsets per pixel, row-major, eV, with their uncertainties and verdicts.
   *
   * @param onsetEv the onset, NaN where not reported (see {@code flags})
   * @param sigmaEv bootstrap standard deviation of the onset (NaN where not reported)
   * @param shiftEv onset minus the median reported onset (the chemical shift)
   * @param shiftSigmaEv σ of the shift: the onset's σ and the median's, in quadrature
   * @param flags {@link #OK}, {@link #UNDETECTED}, {@link #WINDOW_EDGE} or {@link #UNSTABLE}
   * @param jump mean background-subtracted counts per channel just above the anchor
   * @param jumpSigma bootstrap standard deviation of {@code jump}
   * @param medianOnsetEv median of the reported onsets
   * @param summedOnsetEv the onset in the spectrum summed over every pixel (NaN when none)
   * @param anchorEv the centre of the per-pixel search window (the summed onset, or the tabulated onset)
   * @param searchFromEv start of the per-pixel search window
   * @param searchToEv end of the per-pixel search window
   * @param notes what a user needs to know (anchor moved, many pixels undetected...)
   */
  public record OnsetMap(Edge edge, float[] onsetEv, float[] sigmaEv, float[] shiftEv, float[] shiftSigmaEv, byte[] flags,
                         float[] jump, float[] jumpSigma, double medianOnsetEv, double summedOnsetEv, double anchorEv,
                         double searchFromEv, double searchToEv, List<String> notes) {
    public OnsetMap {
      notes = List.copyOf(notes);
    }

    /** Pixels with flag {@code f}. */
    public int count(byte f) {
      int n = 0;
      for (byte b : flags) if (b == f) n++;
      return n;
    }
  }

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
    EnergyWindow search = EnergyWindow.of(axis, edge.onsetEv() - options.searchBeforeEv(), edge.onsetEv() + options.searchAfterEv());
    return find(axis, counts, edge, search, precompute(axis), new double[axis.size()])[0];
  }

  /**
   * The onset of {@code edge} in the spectrum summed over every pixel, with the search window widened once
   * when the rise lies on its edge: {onset (NaN when none), window start, window end, 1 when on the window's
   * edge even so}.
   */
  public double[] summedOnset(Axis axis, double[] summed, Edge edge) {
    float[] s = new float[summed.length];
    for (int i = 0; i < s.length; i++) s[i] = (float) summed[i];
    double[] u = precompute(axis);
    double[] work = new double[axis.size()];
    double from = edge.onsetEv() - options.searchBeforeEv();
    double to = edge.onsetEv() + options.searchAfterEv();
    double[] r = find(axis, s, edge, EnergyWindow.of(axis, from, to), u, work);
    if (r[1] != 0) {
      // on the window's edge: widen on that side once
      if (r[1] < 0) from -= options.searchBeforeEv();
      else to += options.searchAfterEv();
      from = Math.max(from, axis.value(0));
      to = Math.min(to, axis.value(axis.size() - 1));
      r = find(axis, s, edge, EnergyWindow.of(axis, from, to), u, work);
    }
    return new double[] {r[1] != 0 ? Double.NaN : r[0], from, to, r[1] != 0 ? 1 : 0};
  }

  /** Onsets of {@code edge} in every pixel of {@code si}, with uncertainties, verdicts and shifts from the median. */
  public OnsetMap map(SpectrumImage si, Edge edge) {
    Axis axis = si.energy();
    if (!mapper.covers(axis, edge)) {
      throw new IllegalArgumentException("edge " + edge.name() + " does not fit the energy axis of " + si.name());
    }
    List<String> notes = new ArrayList<>();
    double[] summed = ZeroLossPeak.sumSpectrum(si);
    double[] so = summedOnset(axis, summed, edge);
    double anchor = edge.onsetEv();
    if (Double.isFinite(so[0])) {
      anchor = so[0];
      if (Math.abs(so[0] - edge.onsetEv()) > Math.min(options.searchBeforeEv(), options.searchAfterEv()) / 2) {
        notes.add(String.format(Locale.ROOT, "%s: the summed spectrum's onset is %.2f eV, %.1f eV from the tabulated %.1f eV: "
            + "per-pixel search centred there (check the energy calibration, or whether this is the edge named)",
            edge.name(), so[0], so[0] - edge.onsetEv(), edge.onsetEv()));
      }
    } else {
      notes.add(String.format(Locale.ROOT, "%s: no steepest rise inside %.1f..%.1f eV in the summed spectrum: per-pixel search "
          + "centred on the tabulated %.1f eV", edge.name(), so[1], so[2], edge.onsetEv()));
    }
    Edge anchored = new Edge(edge.name(), edge.element(), edge.shell(), anchor);
    if (!mapper.covers(axis, anchored)) anchored = edge;
    final Edge at = anchored;
    EnergyWindow search = EnergyWindow.of(axis, at.onsetEv() - options.searchBeforeEv(), at.onsetEv() + options.searchAfterEv());
    double[] u = precompute(axis);
    Grid grid = grid(axis, template(axis, summed, at, search, u), at, search);
    int width = si.width();
    int n = width * si.height();
    float[] onset = new float[n];
    float[] sigma = new float[n];
    byte[] flags = new byte[n];
    float[] jump = new float[n];
    float[] jumpSigma = new float[n];
    IntStream.range(0, si.height()).parallel().forEach(row -> {
      float[] s = new float[si.channels()];
      float[] rep = new float[si.channels()];
      double[] work = new double[si.channels()];
      double[] res = new double[si.channels()];
      double[] onsets = new double[Math.max(options.replicates(), 1)];
      double[] jumps = new double[onsets.length];
      for (int col = 0; col < width; col++) {
        int p = row * width + col;
        si.spectrum(row, col, s);
        measure(axis, s, at, search, u, grid, work, res, rep, onsets, jumps, options.seed() * 1_000_003L + p, p, onset, sigma,
            flags, jump, jumpSigma);
      }
    });
    double median = Stats.median(onset);
    int ok = 0;
    for (byte f : flags) if (f == OK) ok++;
    float[] sig = sigma.clone();
    double medianSigma = Stats.median(sig);
    double sigmaOfMedian = ok > 0 ? 1.2533 * medianSigma / Math.sqrt(ok) : Double.NaN;
    float[] shift = new float[n];
    float[] shiftSigma = new float[n];
    for (int i = 0; i < n; i++) {
      shift[i] = (float) (onset[i] - median);
      shiftSigma[i] = (float) Math.sqrt(sigma[i] * (double) sigma[i] + sigmaOfMedian * sigmaOfMedian);
    }
    return new OnsetMap(edge, onset, sigma, shift, shiftSigma, flags, jump, jumpSigma, median, so[0], at.onsetEv(),
        axis.value(search.from()), axis.value(Math.max(search.from(), search.to() - 1)), notes);
  }

  /** One pixel: onset, bootstrap σ, jump and verdict, written at index p. */
  private void measure(Axis axis, float[] s, Edge edge, EnergyWindow search, double[] u, Grid grid, double[] work,
                       double[] res, float[] rep,
                       double[] onsets, double[] jumps, long seed, int p, float[] onset, float[] sigma, byte[] flags,
                       float[] jump, float[] jumpSigma) {
    EnergyWindow fit = mapper.fitWindow(axis, edge);
    EnergyWindow jw = EnergyWindow.of(axis, edge.onsetEv(), edge.onsetEv() + JUMP_WIDTH_EV);
    // one background fit of the spectrum serves the match, the jump and the residuals
    BackgroundFit bg = BackgroundFit.fit(options.background().model(), u, s, fit.from(), fit.to());
    double[] base = match(axis, s, bg, u, grid, work);
    double j0 = jumpOf(axis, s, bg, u, jw);
    jump[p] = (float) j0;
    int b = options.replicates();
    if (b == 0) {
      jumpSigma[p] = Float.NaN;
      sigma[p] = Float.NaN;
      boolean found = Double.isFinite(base[0]) && base[1] == 0;
      flags[p] = !Double.isFinite(base[0]) ? UNDETECTED : base[1] != 0 ? WINDOW_EDGE : OK;
      onset[p] = found ? (float) base[0] : Float.NaN;
      return;
    }
    // normalised pre-edge residuals of the background fit
    int len = 0;
    if (bg.valid()) {
      for (int i = fit.from(); i < fit.to(); i++) {
        double m = bg.value(axis.value(i));
        if (m > 0 && Double.isFinite(m)) res[len++] = (s[i] - m) / Math.sqrt(m);
      }
    }
    if (len < BLOCK + 1) {
      flags[p] = UNDETECTED;
      onset[p] = Float.NaN;
      sigma[p] = Float.NaN;
      jumpSigma[p] = Float.NaN;
      return;
    }
    // the channels a replica needs: the fit window, the search window with its smoothing margin, the jump window
    int sigmaCh = (int) Math.ceil(3 * options.smoothingEv() / axis.scale());
    int lo = Math.min(fit.from(), Math.max(0, search.from() - sigmaCh - 2));
    int hi = Math.max(Math.max(fit.to(), jw.to()), Math.min(s.length, search.to() + sigmaCh + 2));
    int[] mr = matchRange(axis, search);
    lo = Math.min(lo, mr[0]);
    hi = Math.max(hi, mr[1]);
    // the model the noise is added to: the spectrum smoothed by half the onset smoothing (so a replica carries
    // the data's noise once, not twice)
    double[] model = gaussianSmooth(toDouble(s, work), lo, hi, 0.5 * options.smoothingEv() / axis.scale());
    SplittableRandom rng = new SplittableRandom(seed);
    System.arraycopy(s, 0, rep, 0, s.length);
    int inside = 0;
    for (int r = 0; r < b; r++) {
      int i = lo;
      while (i < hi) {
        int start = rng.nextInt(len - BLOCK + 1);
        for (int k = 0; k < BLOCK && i < hi; k++, i++) {
          double m = model[i - lo];
          rep[i] = (float) (m + res[start + k] * Math.sqrt(Math.max(Math.abs(m), 1.0)));
        }
      }
      BackgroundFit rbg = BackgroundFit.fit(options.background().model(), u, rep, fit.from(), fit.to());
      double[] o = match(axis, rep, rbg, u, grid, work);
      onsets[r] = o[1] == 0 ? o[0] : Double.NaN;
      if (Double.isFinite(onsets[r])) inside++;
      jumps[r] = jumpOf(axis, rep, rbg, u, jw);
    }
    double js = sd(jumps, b);
    jumpSigma[p] = (float) js;
    boolean detected = Double.isFinite(base[0]) && j0 >= options.detectionSigmas() * js && j0 > 0;
    if (!detected) {
      flags[p] = UNDETECTED;
    } else if (base[1] != 0) {
      flags[p] = WINDOW_EDGE;
    } else if (inside < b / 2.0) {
      flags[p] = UNSTABLE;
    } else {
      flags[p] = OK;
    }
    onset[p] = flags[p] == OK ? (float) base[0] : Float.NaN;
    sigma[p] = flags[p] == OK ? (float) robustSd(onsets, b) : Float.NaN;
  }

  /** Above the search window, the matched range takes in this much of the edge's plateau (eV). */
  static final double MATCH_ABOVE_EV = 5;
  /** Below the search window, the matched range takes in this much of the pre-edge (eV). */
  static final double MATCH_BELOW_EV = 2;

  /** Channels [from, to) compared with the template: the search window widened by the margins above. */
  private static int[] matchRange(Axis axis, EnergyWindow search) {
    EnergyWindow w = EnergyWindow.of(axis, axis.value(search.from()) - MATCH_BELOW_EV,
        axis.value(Math.max(search.from(), search.to() - 1)) + MATCH_ABOVE_EV);
    return new int[] {w.from(), w.to()};
  }

  /**
   * The edge shape of the summed spectrum: background-subtracted and smoothed by half the onset smoothing, on
   * every channel (0 where not needed).
   */
  private double[] template(Axis axis, double[] summed, Edge at, EnergyWindow search, double[] u) {
    float[] f = new float[summed.length];
    for (int i = 0; i < f.length; i++) f[i] = (float) summed[i];
    EnergyWindow fit = mapper.fitWindow(axis, at);
    BackgroundFit bg = BackgroundFit.fit(options.background().model(), u, f, fit.from(), fit.to());
    double[] sig = new double[f.length];
    for (int i = 0; i < f.length; i++) sig[i] = f[i] - (bg.valid() ? bg.value(axis.value(i)) : 0);
    double[] sm = gaussianSmooth(sig, 0, f.length, 0.5 * options.smoothingEv() / axis.scale());
    return sm;
  }

  /**
   * The pixel's onset as the summed spectrum's onset moved by the shift that best matches the template to the
   * pixel's background-subtracted spectrum: least squares of {@code s(E) ≈ a·T(E − δ) + c} over the search
   * window widened by {@value #MATCH_BELOW_EV} eV below and {@value #MATCH_ABOVE_EV} eV above, δ on a grid of
   * half a channel over the window, refined by a parabola through the least squares. A fit over the whole rise
   * is not led astray by a noise bump the way the first steep rise is. {onset, 0 | −1 | +1}: ±1 when the best δ
   * is at an end of the window (the edge lies beyond it); {NaN, 0} when no shift gives a positive amplitude.
   */
  private double[] match(Axis axis, float[] s, BackgroundFit bg, double[] u, Grid g, double[] work) {
    if (!bg.valid()) return new double[] {Double.NaN, 0};
    if (g == null) return new double[] {Double.NaN, 0};
    int from = g.from;
    int to = g.to;
    int m = to - from;
    double ym = 0;
    for (int i = from; i < to; i++) {
      work[i] = s[i] - background(bg, axis, u, i);
      ym += work[i];
    }
    ym /= m;
    // the centred spectrum and its sum of squares: the same for every shift
    double[] y = new double[m];
    double syy = 0;
    for (int i = 0; i < m; i++) {
      y[i] = work[from + i] - ym;
      syy += y[i] * y[i];
    }
    int steps = g.x.length;
    double[] rss = new double[steps];
    int best = -1;
    for (int k = 0; k < steps; k++) {
      double[] x = g.x[k];
      double sxy = 0;
      for (int i = 0; i < m; i++) sxy += x[i] * y[i];
      double sxx = g.sxx[k];
      rss[k] = sxx > 0 && sxy > 0 ? syy - sxy * sxy / sxx : Double.POSITIVE_INFINITY;
      if (Double.isFinite(rss[k]) && (best < 0 || rss[k] < rss[best])) best = k;
    }
    if (best < 0) return new double[] {Double.NaN, 0};
    double off = 0;
    if (best > 0 && best < steps - 1 && Double.isFinite(rss[best - 1]) && Double.isFinite(rss[best + 1])) {
      double den = rss[best - 1] - 2 * rss[best] + rss[best + 1];
      if (den > 0) off = Math.max(-0.5, Math.min(0.5, 0.5 * (rss[best - 1] - rss[best + 1]) / den));
    }
    double pos = best + off;
    double margin = Math.max(1.0, options.smoothingEv() / axis.scale()) * 2;   // one channel (or σ) in grid steps
    int side = pos < margin ? -1 : pos > steps - 1 - margin ? 1 : 0;
    return new double[] {g.onsetEv + g.lowest + pos * g.step, side};
  }

  /**
   * The template shifted by each δ of the match's grid, centred over the matched channels, and its sum of squares:
   * {@code x[k][i − from]}, {@code sxx[k]}; the same for every pixel and replica of an edge.
   */
  private record Grid(int from, int to, double onsetEv, double lowest, double step, double[][] x, double[] sxx) {}

  /** The match's grid for {@code edge} and {@code search}, or null when the window is too small for a match. */
  private static Grid grid(Axis axis, double[] template, Edge edge, EnergyWindow search) {
    int[] mr = matchRange(axis, search);
    int from = mr[0];
    int to = mr[1];
    int m = to - from;
    if (m < 4) return null;
    double scale = axis.scale();
    double lowest = axis.value(search.from()) - edge.onsetEv();
    double highest = axis.value(Math.max(search.from(), search.to() - 1)) - edge.onsetEv();
    double step = scale / 2;
    int steps = (int) Math.floor((highest - lowest) / step) + 1;
    if (steps < 3) return null;
    double[][] xs = new double[steps][m];
    double[] sxxs = new double[steps];
    for (int k = 0; k < steps; k++) {
      double delta = lowest + k * step;
      double shiftCh = delta / scale;
      double xm = 0;
      for (int i = from; i < to; i++) xm += interp(template, i - shiftCh);
      xm /= m;
      double sxx = 0;
      for (int i = from; i < to; i++) {
        double x = interp(template, i - shiftCh) - xm;
        xs[k][i - from] = x;
        sxx += x * x;
      }
      sxxs[k] = sxx;
    }
    return new Grid(from, to, edge.onsetEv(), lowest, step, xs, sxxs);
  }

  /** The fitted background at channel i, from the precomputed abscissa where the energy is positive. */
  private static double background(BackgroundFit bg, Axis axis, double[] u, int i) {
    double ui = u[i];
    return Double.isNaN(ui) ? bg.value(axis.value(i)) : bg.valueAtAbscissa(ui);
  }

  /** Linear interpolation of v at fractional index x (clamped to the ends). */
  private static double interp(double[] v, double x) {
    if (x <= 0) return v[0];
    if (x >= v.length - 1) return v[v.length - 1];
    int i = (int) x;
    double f = x - i;
    return v[i] * (1 - f) + v[i + 1] * f;
  }

  private static double[] toDouble(float[] s, double[] into) {
    for (int i = 0; i < s.length; i++) into[i] = s[i];
    return into;
  }

  /** Mean background-subtracted counts per channel over {@code jw}; NaN when the background fit fails. */
  private static double jumpOf(Axis axis, float[] s, BackgroundFit bg, double[] u, EnergyWindow jw) {
    if (!bg.valid() || jw.channels() < 1) return Double.NaN;
    double sum = 0;
    for (int i = jw.from(); i < jw.to(); i++) sum += s[i] - background(bg, axis, u, i);
    return sum / jw.channels();
  }

  /**
   * 1.4826 × the median absolute deviation of the finite values among the first n (NaN with fewer than 3): the
   * standard deviation of the replicas' core, not inflated by the few that jump to another rise.
   */
  private static double robustSd(double[] v, int n) {
    double[] f = new double[n];
    int k = 0;
    for (int i = 0; i < n; i++) if (Double.isFinite(v[i])) f[k++] = v[i];
    if (k < 3) return Double.NaN;
    double med = Stats.median(f, k);
    for (int i = 0; i < k; i++) f[i] = Math.abs(f[i] - med);
    double mad = Stats.median(f, k);
    return 1.4826 * mad;
  }

  /** Standard deviation of the finite values among the first n (NaN with fewer than 2). */
  private static double sd(double[] v, int n) {
    double m = 0;
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (Double.isFinite(v[i])) {
        m += v[i];
        k++;
      }
    }
    if (k < 2) return Double.NaN;
    m /= k;
    double ss = 0;
    for (int i = 0; i < n; i++) if (Double.isFinite(v[i])) ss += (v[i] - m) * (v[i] - m);
    return Math.sqrt(ss / (k - 1));
  }

  private double[] precompute(Axis axis) {
    double[] u = new double[axis.size()];
    for (int i = 0; i < u.length; i++) {
      double e = axis.value(i);
      u[i] = e > 0 ? options.background().model().abscissa(e) : Double.NaN;
    }
    return u;
  }

  /**
   * {onset (NaN when there is no rise), 0 | −1 | +1}: the last is −1 or +1 when the chosen rise lies within one
   * smoothing σ (at least one channel) of the start or end of {@code search}: a rise that began outside it.
   */
  private double[] find(Axis axis, float[] counts, Edge edge, EnergyWindow search, double[] u, double[] work) {
    EnergyWindow fit = mapper.fitWindow(axis, edge);
    BackgroundFit bg = BackgroundFit.fit(options.background().model(), u, counts, fit.from(), fit.to());
    int sigmaCh = (int) Math.ceil(3 * options.smoothingEv() / axis.scale());
    int lo = Math.max(0, search.from() - sigmaCh - 2);
    int hi = Math.min(counts.length, search.to() + sigmaCh + 2);
    // background-subtracted signal over [lo, hi)
    double[] sig = work;
    for (int i = lo; i < hi; i++) sig[i] = counts[i] - (bg.valid() ? bg.value(axis.value(i)) : 0);
    double[] smooth = gaussianSmooth(sig, lo, hi, options.smoothingEv() / axis.scale());
    // derivative on [search.from, search.to)
    int n = search.to() - search.from();
    if (n < 3) return new double[] {Double.NaN, 0};
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
    if (!(strongest > 0)) return new double[] {Double.NaN, 0};
    double threshold = options.riseFraction() * strongest;
    double margin = Math.max(1.0, options.smoothingEv() / axis.scale());
    for (int k = 1; k < n - 1; k++) {
      if (d[k] >= d[k - 1] && d[k] > d[k + 1] && d[k] >= threshold) {
        double den = d[k - 1] - 2 * d[k] + d[k + 1];
        double off = den < 0 ? Math.max(-0.5, Math.min(0.5, 0.5 * (d[k - 1] - d[k + 1]) / den)) : 0;
        double pos = k + off;
        int side = pos < margin ? -1 : pos > n - 1 - margin ? 1 : 0;
        return new double[] {axis.value(search.from() + pos), side};
      }
    }
    return new double[] {Double.NaN, 0};
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
}
