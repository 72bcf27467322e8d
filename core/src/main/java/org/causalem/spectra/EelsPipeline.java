package org.causalem.spectra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.causalem.data.Axis;
import org.causalem.data.Progress;
import org.causalem.data.Spectrum;
import org.causalem.data.SpectrumImage;
import org.causalem.table.Descriptor;
import org.causalem.table.DescriptorTable;

/**
 * The EELS workflow on one spectrum image: zero-loss alignment and log-ratio thickness where the ZLP
 * was recorded; background-subtracted edge maps, onsets and chemical shifts for each edge; PCA and
 * NMF. Returns maps and a per-pixel {@link DescriptorTable} for registration with other modalities.
 */
public final class EelsPipeline {
  /**
   * @param edges the edges to map; empty = every tabulated edge whose windows fit the energy axis and
   *              whose jump in the summed spectrum is at least {@code minJumpRatio} of the background
   * @param components PCA and NMF components (0 = no decomposition)
   * @param alignZeroLoss shift every spectrum so that its ZLP is at 0 eV (only when a ZLP is recorded)
   * @param bin spatial binning: N × N pixels summed into one before any analysis (1 = none)
   */
  public record Options(List<Edge> edges, EdgeMapper.Options background, OnsetFinder.Options onset, int components,
                        boolean nmf, boolean alignZeroLoss, double minJumpRatio, long seed, int bin) {
    public Options {
      if (bin < 1) throw new IllegalArgumentException("bin must be >= 1, got " + bin);
      edges = List.copyOf(edges);
      Objects.requireNonNull(background, "background");
      Objects.requireNonNull(onset, "onset");
      if (components < 0) throw new IllegalArgumentException("components must be >= 0, got " + components);
      if (!(minJumpRatio >= 0)) throw new IllegalArgumentException("minJumpRatio must be >= 0, got " + minJumpRatio);
    }

    public Options(List<Edge> edges, EdgeMapper.Options background, OnsetFinder.Options onset, int components,
                   boolean nmf, boolean alignZeroLoss, double minJumpRatio, long seed) {
      this(edges, background, onset, components, nmf, alignZeroLoss, minJumpRatio, seed, 1);
    }

    public static Options defaults() {
      return new Options(List.of(), EdgeMapper.Options.defaults(), OnsetFinder.Options.defaults(), 4, true, true, 0.05, 1, 1);
    }

    public Options withEdges(List<Edge> e) {
      return new Options(e, background, onset, components, nmf, alignZeroLoss, minJumpRatio, seed, bin);
    }

    public Options withComponents(int k) {
      return new Options(edges, background, onset, k, nmf, alignZeroLoss, minJumpRatio, seed, bin);
    }

    public Options withBin(int n) {
      return new Options(edges, background, onset, components, nmf, alignZeroLoss, minJumpRatio, seed, n);
    }
  }

  /** Width above the onset over which an edge's jump is measured when edges are detected. */
  static final double DETECTION_WIDTH_EV = 10;

  private final Options options;

  public EelsPipeline(Options options) { this.options = Objects.requireNonNull(options); }

  /** A single spectrum as a 1 × 1 spectrum image. */
  public static SpectrumImage asSpectrumImage(Spectrum s) {
    return new SpectrumImage(s.name(), s.pixels(), Axis.pixels("y", 1), Axis.pixels("x", 1), s.energy(), s.metadata());
  }

  /**
   * Runs the workflow.
   *
   * @param progress told the number of steps done
   * @throws IllegalArgumentException if an edge asked for does not fit the energy axis
   */
  public EelsResult run(SpectrumImage original, Progress progress) {
    EnergyWindow.requireIncreasing(original.energy());
    List<String> notes = new ArrayList<>();
    SpectrumImage input = original;
    if (options.bin() > 1) {
      input = bin(original, options.bin());
      int lostRows = original.height() - input.height() * options.bin();
      int lostCols = original.width() - input.width() * options.bin();
      notes.add("binned " + options.bin() + "×" + options.bin() + ": " + original.height() + "×" + original.width() + " pixels → "
          + input.height() + "×" + input.width() + (lostRows + lostCols > 0 ? " (the last " + lostRows + " row(s) and "
          + lostCols + " column(s), which do not fill a bin, left out)" : ""));
    }
    dispersionCheck(input.energy(), notes);
    if (!"eV".equals(input.energy().unit())) {
      notes.add("energy axis of " + input.name() + " is in '" + input.energy().unit() + "', not eV: edge energies "
          + "assume the axis values are eV");
    }
    EdgeMapper mapper = new EdgeMapper(options.background());
    List<Edge> edges = options.edges().isEmpty() ? detectEdges(input, mapper, notes) : options.edges();
    for (Edge e : edges) {
      if (!mapper.covers(input.energy(), e)) {
        Axis a = input.energy();
        throw new IllegalArgumentException("edge " + e.name() + " (onset " + e.onsetEv() + " eV) needs "
            + (e.onsetEv() - options.background().gapEv() - options.background().preEdgeWidthEv()) + ".."
            + (e.onsetEv() + options.background().integrationWidthEv()) + " eV; " + input.name() + " covers "
            + a.value(0) + ".." + a.value(a.size() - 1) + " eV");
      }
    }
    int steps = 2 + 2 * edges.size() + (options.components() > 0 ? (options.nmf() ? 2 : 1) : 0);
    int done = 0;
    progress.update(done, steps);
    SpectrumImage si = input;
    float[] thickness = null;
    float[] zlp = null;
    if (ZeroLossPeak.recorded(input)) {
      zlp = ZeroLossPeak.centresEv(input);
      if (options.alignZeroLoss()) si = ZeroLossPeak.align(input, zlp);
      float[] centres = zlp;
      if (options.alignZeroLoss()) {
        centres = new float[zlp.length];
        for (int i = 0; i < zlp.length; i++) centres[i] = Float.isNaN(zlp[i]) ? Float.NaN : 0f;
      }
      thickness = LogRatioThickness.map(si, centres);
    } else {
      notes.add(noZeroLoss(input));
    }
    progress.update(++done, steps);
    Map<String, float[]> signal = new LinkedHashMap<>();
    Map<String, float[]> onset = new LinkedHashMap<>();
    Map<String, float[]> shift = new LinkedHashMap<>();
    Map<String, OnsetFinder.OnsetMap> onsetMaps = new LinkedHashMap<>();
    OnsetFinder finder = new OnsetFinder(options.onset().withSeed(options.seed()));
    for (Edge e : edges) {
      OnsetFinder.OnsetMap om = finder.map(si, e);
      // the background and integration windows follow the observed (summed-spectrum) onset, so that an edge
      // sitting below its tabulated onset does not rise inside the background-fit window
      Edge anchored = new Edge(e.name(), e.element(), e.shell(), om.anchorEv());
      float[] counts = mapper.map(si, mapper.covers(si.energy(), anchored) ? anchored : e).signal();
      signal.put(e.name(), counts);
      progress.update(++done, steps);
      onset.put(e.name(), om.onsetEv());
      shift.put(e.name(), om.shiftEv());
      onsetMaps.put(e.name(), om);
      notes.addAll(om.notes());
      notes.addAll(plausibility(om, counts, options.onset().detectionSigmas()));
      progress.update(++done, steps);
    }
    Decomposition pca = null;
    Decomposition nmf = null;
    if (options.components() > 0) {
      int k = Math.min(options.components(), Math.min(si.channels(), si.width() * si.height()));
      pca = new Pca(Pca.Options.of(k, options.seed())).fit(si);
      progress.update(++done, steps);
      if (options.nmf()) {
        nmf = new Nmf(Nmf.Options.of(k, options.seed())).fit(si);
        progress.update(++done, steps);
      }
    }
    DescriptorTable table = table(si.height(), si.width(), si.x(), si.y(), edges, signal, onsetMaps, thickness, zlp,
        pca, nmf);
    progress.update(steps, steps);
    return new EelsResult(si.height(), si.width(), edges, signal, onset, shift, onsetMaps, thickness, zlp, pca, nmf, notes, table);
  }

  /**
   * The tabulated edges that fit the axis and show a jump of at least {@code minJumpRatio} of the
   * extrapolated background in the summed spectrum.
   */
  List<Edge> detectEdges(SpectrumImage si, EdgeMapper mapper, List<String> notes) {
    Axis a = si.energy();
    double[] sum = ZeroLossPeak.sumSpectrum(si);
    float[] s = new float[sum.length];
    for (int i = 0; i < s.length; i++) s[i] = (float) sum[i];
    List<Edge> found = new ArrayList<>();
    double[] u = new double[s.length];
    for (int i = 0; i < u.length; i++) u[i] = a.value(i) > 0 ? options.background().model().abscissa(a.value(i)) : Double.NaN;
    for (Edge e : EdgeTable.all()) {
      if (!mapper.covers(a, e)) continue;
      EnergyWindow integ = mapper.integrationWindow(a, e);
      EnergyWindow fit = mapper.fitWindow(a, e);
      BackgroundFit bg = BackgroundFit.fit(options.background().model(), u, s, fit.from(), fit.to());
      if (!bg.valid()) continue;
      // a short window above the onset, so that the next edge up does not count as this one's jump
      EnergyWindow near = EnergyWindow.of(a, integ.fromEv(), e.onsetEv() + DETECTION_WIDTH_EV);
      double sig = 0;
      double back = 0;
      for (int i = near.from(); i < near.to(); i++) {
        double b = bg.value(a.value(i));
        sig += s[i] - b;
        back += b;
      }
      if (back > 0 && sig >= options.minJumpRatio() * back) found.add(e);
    }
    if (found.isEmpty()) {
      notes.add("no tabulated edge with a jump of at least " + options.minJumpRatio() + " × background in "
          + round(a.value(0)) + ".." + round(a.value(a.size() - 1)) + " eV: no edge maps (name edges explicitly to force them)");
    }
    return found;
  }

  /**
   * Sums {@code n × n} pixels into one (counts add, so the spectra keep their noise statistics); pixels that do
   * not fill a bin at the bottom and right are left out. Scan axes: {@code n} times the scale, offset at the
   * centre of the first bin.
   *
   * @throws IllegalArgumentException when n is below 1 or larger than the image
   */
  public static SpectrumImage bin(SpectrumImage si, int n) {
    if (n < 1) throw new IllegalArgumentException("bin must be >= 1, got " + n);
    if (n > si.width() || n > si.height()) {
      throw new IllegalArgumentException("bin " + n + " is larger than the " + si.height() + "×" + si.width() + " spectrum image "
          + si.name() + "; expected at most " + Math.min(si.width(), si.height()));
    }
    if (n == 1) return si;
    int h = si.height() / n;
    int w = si.width() / n;
    int c = si.channels();
    float[] out = new float[Math.multiplyExact(Math.multiplyExact(h, w), c)];
    float[] s = new float[c];
    for (int r = 0; r < h * n; r++) {
      for (int q = 0; q < w * n; q++) {
        si.spectrum(r, q, s);
        int base = ((r / n) * w + q / n) * c;
        for (int k = 0; k < c; k++) out[base + k] += s[k];
      }
    }
    return new SpectrumImage(si.name() + " (binned " + n + "×" + n + ")", org.causalem.data.Pixels.ofFloats(out),
        binnedAxis(si.y(), n, h), binnedAxis(si.x(), n, w), si.energy(), si.metadata());
  }

  /** A scan axis after {@link #bin}: {@code n} times the step, offset at the centre of the first bin, {@code size} values. */
  public static Axis binnedAxis(Axis a, int n, int size) {
    return new Axis(a.name(), size, a.value(0.5 * (n - 1)), a.scale() * n, a.unit());
  }

  /** A note when the energy dispersion is outside what EELS spectrometers use (0.005–5 eV per channel). */
  static void dispersionCheck(Axis energy, List<String> notes) {
    double d = energy.scale();
    if ("eV".equals(energy.unit()) && (d < 0.005 || d > 5)) {
      notes.add(String.format(java.util.Locale.ROOT, "energy dispersion %.4g eV per channel is outside the 0.005–5 eV of "
          + "EELS spectrometers: check the energy calibration (or whether this is an EELS spectrum image)", d));
    }
  }

  /** Notes on an edge's per-pixel results: pixels not detected, window-edge hits, negative edge counts. */
  static List<String> plausibility(OnsetFinder.OnsetMap om, float[] counts, double k) {
    List<String> out = new ArrayList<>();
    int n = om.flags().length;
    int undetected = om.count(OnsetFinder.UNDETECTED);
    int edge = om.count(OnsetFinder.WINDOW_EDGE);
    int unstable = om.count(OnsetFinder.UNSTABLE);
    int negative = 0;
    for (float c : counts) if (c < 0) negative++;
    String name = om.edge().name();
    if (undetected + edge + unstable > 0) {
      out.add(String.format(java.util.Locale.ROOT, "%s: onsets reported in %d of %d pixels; %d not detected (jump below %.3g σ), "
          + "%d with the edge at an end of the %.2f..%.2f eV search window, %d not reproduced by the bootstrap: "
          + "NaN in onset_/shift_ maps (flags in onset_flag_%s.npy)%s", name, n - undetected - edge - unstable, n, undetected, k,
          edge, om.searchFromEv(), om.searchToEv(), unstable, name.replaceAll("[^A-Za-z0-9._-]", "_"),
          undetected > n / 2 ? "; most pixels are too noisy for a per-pixel onset: try `bin`" : ""));
    }
    if (negative > 0) {
      out.add(String.format(java.util.Locale.ROOT, "%s: %d of %d pixels have negative background-subtracted edge counts "
          + "(the edge is at or below the noise there, or the background is over-extrapolated)", name, negative, n));
    }
    return out;
  }

  private static DescriptorTable table(int height, int width, Axis xAxis, Axis yAxis, List<Edge> edges,
                                       Map<String, float[]> signal, Map<String, OnsetFinder.OnsetMap> onsets, float[] thickness,
                                       float[] zlp, Decomposition pca, Decomposition nmf) {
    List<String> names = new ArrayList<>();
    List<String> units = new ArrayList<>();
    List<double[]> cols = new ArrayList<>();
    int n = height * width;
    double[] row = new double[n];
    double[] col = new double[n];
    for (int i = 0; i < n; i++) {
      row[i] = i / width;
      col[i] = i % width;
    }
    add(names, units, cols, "row", "", row);
    add(names, units, cols, "col", "", col);
    add(names, units, cols, "x_px", "px", col.clone());
    add(names, units, cols, "y_px", "px", row.clone());
    if ("nm".equals(xAxis.unit()) && "nm".equals(yAxis.unit())) {
      double[] xn = new double[n];
      double[] yn = new double[n];
      for (int i = 0; i < n; i++) {
        xn[i] = xAxis.value(col[i]);
        yn[i] = yAxis.value(row[i]);
      }
      add(names, units, cols, "x_nm", "nm", xn);
      add(names, units, cols, "y_nm", "nm", yn);
    }
    for (Edge e : edges) {
      add(names, units, cols, e.name() + "_counts", "counts", toDouble(signal.get(e.name())));
      OnsetFinder.OnsetMap om = onsets.get(e.name());
      add(names, units, cols, e.name() + "_onset_eV", "eV", toDouble(om.onsetEv()));
      add(names, units, cols, e.name() + "_onset_sigma_eV", "eV", toDouble(om.sigmaEv()));
      add(names, units, cols, e.name() + "_shift_eV", "eV", toDouble(om.shiftEv()));
      add(names, units, cols, e.name() + "_shift_sigma_eV", "eV", toDouble(om.shiftSigmaEv()));
      double[] flag = new double[n];
      for (int i = 0; i < n; i++) flag[i] = om.flags()[i];
      add(names, units, cols, e.name() + "_onset_flag", "", flag);
    }
    if (thickness != null) add(names, units, cols, "t_over_lambda", "", toDouble(thickness));
    if (zlp != null) add(names, units, cols, "zlp_eV", "eV", toDouble(zlp));
    if (pca != null) for (int k = 0; k < pca.components(); k++) add(names, units, cols, "pca" + (k + 1), "", toDouble(pca.loadings()[k]));
    if (nmf != null) for (int k = 0; k < nmf.components(); k++) add(names, units, cols, "nmf" + (k + 1), "counts", toDouble(nmf.loadings()[k]));
    // every map is spectral, whatever its name (its role decides its tier once registered onto the cells)
    return new DescriptorTable(names, units, cols.toArray(new double[0][]), names.stream().map(Descriptor::mapRole).toList());
  }

  private static void add(List<String> names, List<String> units, List<double[]> cols, String name, String unit, double[] c) {
    names.add(name);
    units.add(unit);
    cols.add(c);
  }

  private static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) d[i] = f[i];
    return d;
  }

  private static double round(double v) { return Math.round(v * 100) / 100.0; }

  /**
   * Why there is no thickness map: the energy axis does not reach 0 eV, or it does but its strongest channel is not near
   * 0 (then the spectra may not be EELS, or the energy offset is wrong).
   */
  private static String noZeroLoss(SpectrumImage input) {
    Axis a = input.energy();
    String range = "energy axis " + round(a.value(0)) + ".." + round(a.value(a.size() - 1)) + " eV";
    if (a.value(0) > 0 || a.value(a.size() - 1) < 0) {
      return "no zero-loss peak recorded (" + range + "): thickness t/λ not computed, spectra not aligned";
    }
    int best = ZeroLossPeak.strongest(ZeroLossPeak.sumSpectrum(input));
    return "no zero-loss peak found although the " + range + " includes 0 eV (the summed spectrum peaks at "
        + round(a.value(best)) + " eV): are these EELS spectra, and is the energy offset right? thickness t/λ not computed, "
        + "spectra not aligned";
  }
}
