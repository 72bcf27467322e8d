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
   */
  public record Options(List<Edge> edges, EdgeMapper.Options background, OnsetFinder.Options onset, int components,
                        boolean nmf, boolean alignZeroLoss, double minJumpRatio, long seed) {
    public Options {
      edges = List.copyOf(edges);
      Objects.requireNonNull(background, "background");
      Objects.requireNonNull(onset, "onset");
      if (components < 0) throw new IllegalArgumentException("components must be >= 0, got " + components);
      if (!(minJumpRatio >= 0)) throw new IllegalArgumentException("minJumpRatio must be >= 0, got " + minJumpRatio);
    }

    public static Options defaults() {
      return new Options(List.of(), EdgeMapper.Options.defaults(), OnsetFinder.Options.defaults(), 4, true, true, 0.05, 1);
    }

    public Options withEdges(List<Edge> e) {
      return new Options(e, background, onset, components, nmf, alignZeroLoss, minJumpRatio, seed);
    }

    public Options withComponents(int k) {
      return new Options(edges, background, onset, k, nmf, alignZeroLoss, minJumpRatio, seed);
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
  public EelsResult run(SpectrumImage input, Progress progress) {
    EnergyWindow.requireIncreasing(input.energy());
    List<String> notes = new ArrayList<>();
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
      Axis a = input.energy();
      notes.add("no zero-loss peak recorded (energy axis " + round(a.value(0)) + ".." + round(a.value(a.size() - 1))
          + " eV): thickness t/λ not computed, spectra not aligned");
    }
    progress.update(++done, steps);
    Map<String, float[]> signal = new LinkedHashMap<>();
    Map<String, float[]> onset = new LinkedHashMap<>();
    Map<String, float[]> shift = new LinkedHashMap<>();
    OnsetFinder finder = new OnsetFinder(options.onset());
    for (Edge e : edges) {
      signal.put(e.name(), mapper.map(si, e).signal());
      progress.update(++done, steps);
      OnsetFinder.OnsetMap om = finder.map(si, e);
      onset.put(e.name(), om.onsetEv());
      shift.put(e.name(), om.shiftEv());
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
    DescriptorTable table = table(si.height(), si.width(), si.x(), si.y(), edges, signal, onset, shift, thickness, zlp,
        pca, nmf);
    progress.update(steps, steps);
    return new EelsResult(si.height(), si.width(), edges, signal, onset, shift, thickness, zlp, pca, nmf, notes, table);
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

  private static DescriptorTable table(int height, int width, Axis xAxis, Axis yAxis, List<Edge> edges,
                                       Map<String, float[]> signal,
                                       Map<String, float[]> onset, Map<String, float[]> shift, float[] thickness,
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
      add(names, units, cols, e.name() + "_onset_eV", "eV", toDouble(onset.get(e.name())));
      add(names, units, cols, e.name() + "_shift_eV", "eV", toDouble(shift.get(e.name())));
    }
    if (thickness != null) add(names, units, cols, "t_over_lambda", "", toDouble(thickness));
    if (zlp != null) add(names, units, cols, "zlp_eV", "eV", toDouble(zlp));
    if (pca != null) for (int k = 0; k < pca.components(); k++) add(names, units, cols, "pca" + (k + 1), "", toDouble(pca.loadings()[k]));
    if (nmf != null) for (int k = 0; k < nmf.components(); k++) add(names, units, cols, "nmf" + (k + 1), "counts", toDouble(nmf.loadings()[k]));
    return new DescriptorTable(names, units, cols.toArray(new double[0][]));
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
}
