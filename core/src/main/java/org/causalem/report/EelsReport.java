package org.causalem.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.causalem.data.Axis;
import org.causalem.data.SpectrumImage;
import org.causalem.io.Decimals;
import org.causalem.spectra.BackgroundFit;
import org.causalem.spectra.Edge;
import org.causalem.spectra.EdgeMapper;
import org.causalem.spectra.EelsPipeline;
import org.causalem.spectra.EelsResult;
import org.causalem.spectra.EnergyWindow;
import org.causalem.spectra.OnsetFinder;

/**
 * The EELS figures and report, drawn as SVG (no AWT): map_&lt;edge&gt;.svg and thickness.svg (colour maps with axes,
 * scale bar and colour bar), spectrum.svg (the summed spectrum with the edges marked and, per edge, the pre-edge
 * background fitted to the summed spectrum and extrapolated under the edge), and report.html with the figures inline.
 */
public final class EelsReport {
  private static final String[] EDGE_COLOURS = {"#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};
  private static final String SUM_COLOUR = "#222222";

  private EelsReport() {}

  /** Writes the figures and report.html into {@code dir}. */
  public static void write(Path dir, String source, SpectrumImage si, EelsResult r, EelsPipeline.Options options, List<String> notes)
      throws IOException {
    int h = r.height();
    int w = r.width();
    int bin = Math.max(1, options.bin());
    PixelScale scale = PixelScale.of(binned(si.y(), bin), binned(si.x(), bin));
    HtmlReport page = new HtmlReport("EELS: " + source);
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("dataset", si.name());
    facts.put("spectra", h + " rows × " + w + " columns" + (bin > 1 ? " (binned " + bin + " × " + bin + ")" : ""));
    Axis e = si.energy();
    facts.put("energy axis", e.size() + " channels, " + Decimals.general(e.value(0), 4) + " – " + Decimals.general(e.value(e.size() - 1), 4)
        + " " + e.unit() + ", " + Decimals.general(e.scale(), 4) + " " + e.unit() + "/channel");
    facts.put("pixel size", scale.calibrated() ? Decimals.general(scale.step(), 4) + " " + scale.unit() : "not calibrated (axes in px)");
    facts.put("background", options.background().model().name().toLowerCase(Locale.ROOT).replace('_', '-') + " fit over "
        + fmt(options.background().preEdgeWidthEv()) + " eV ending " + fmt(options.background().gapEv()) + " eV before the onset; integration "
        + fmt(options.background().integrationWidthEv()) + " eV");
    page.keyValues(facts);
    page.notes(notes);

    page.heading(2, "Summed spectrum");
    double shift = zeroLossShift(r, options);
    double[] sum = sum(si);
    // every figure is drawn first, then placed on the page in order
    List<String> svg = new ArrayList<>();
    svg.add(SvgChart.write(dir.resolve("spectrum.svg"), List.of(spectrumChart(si, sum, shift, r, options)), 1, 1));
    for (int k = 0; k < r.edges().size(); k++) {
      Edge edge = r.edges().get(k);
      SvgChart zoom = edgeChart(si, sum, shift, edge, r.onsets().get(edge.name()), options, EDGE_COLOURS[k % EDGE_COLOURS.length]);
      svg.add(zoom == null ? null : zoom.svg());
      MapFigure.Options o = MapFigure.Options.of(edge.name() + " edge signal", false).withUnit("counts").withScale(scale).withClip(1);
      svg.add(SvgMap.write(dir.resolve("map_" + safe(edge.name()) + ".svg"), r.edgeSignal().get(edge.name()), w, h, o));
    }
    if (r.tOverLambda() != null) {
      MapFigure.Options o = MapFigure.Options.of("relative thickness t/λ", false).withUnit("t/λ").withScale(scale).withClip(1);
      svg.add(SvgMap.write(dir.resolve("thickness.svg"), r.tOverLambda(), w, h, o));
    }
    int loadings = r.pca() == null ? 0 : Math.min(3, r.pca().loadings().length);
    for (int k = 0; k < loadings; k++) {
      MapFigure.Options o = MapFigure.Options.of("PCA loading " + (k + 1), true).withScale(scale).withClip(1).withUnit("score");
      svg.add(SvgMap.render(r.pca().loadings()[k], w, h, o));
    }
    int next = 0;
    page.svg("Sum of all spectra. Vertical lines: edge onsets found on the summed spectrum; coloured: the pre-edge "
        + "background fitted to the sum and extrapolated under the edge." + (shift != 0
        ? " Energies shifted by " + Decimals.general(-shift, 3) + " eV (median zero-loss position) to match the aligned analysis." : ""), svg.get(next++));
    if (!r.edges().isEmpty()) {
      page.beginRow();
      for (int k = 0; k < r.edges().size(); k++) {
        String zoom = svg.get(1 + 2 * k);
        if (zoom != null) page.svg(r.edges().get(k).name() + ": summed spectrum, the pre-edge fit window (thick line), the background "
            + "extrapolated through the integration window (faint line) and the integration window (grey verticals)", zoom);
      }
      page.endRow();
    }
    page.heading(2, "Edge maps");
    List<List<String>> rows = new ArrayList<>();
    page.beginRow();
    for (int k = 0; k < r.edges().size(); k++) {
      Edge edge = r.edges().get(k);
      String n = safe(edge.name());
      page.svg(edge.name() + ": background-subtracted edge integral per pixel (map_" + n + ".npy); colours span the 1–99 % range",
          svg.get(2 + 2 * k));
      OnsetFinder.OnsetMap om = r.onsets().get(edge.name());
      rows.add(List.of(edge.name(), fmt(edge.onsetEv()), fmt(om.summedOnsetEv()), fmt(om.medianOnsetEv()),
          om.count(OnsetFinder.OK) + " / " + om.flags().length));
    }
    next = 1 + 2 * r.edges().size();
    if (r.tOverLambda() != null) page.svg("Log-ratio relative thickness (thickness.npy)", svg.get(next++));
    page.endRow();
    if (!rows.isEmpty()) {
      page.table(List.of("edge", "tabulated onset (eV)", "summed-spectrum onset (eV)", "median pixel onset (eV)", "pixels with an onset"), rows);
    } else {
      page.paragraph("No edge was mapped.");
    }
    if (loadings > 0) {
      page.heading(2, "Principal components");
      page.beginRow();
      for (int k = 0; k < loadings; k++) page.svg("PCA loading " + (k + 1) + " (loadings.npy)", svg.get(next++));
      page.endRow();
    }
    page.writeTo(dir.resolve("report.html"));
  }

  private static SvgChart spectrumChart(SpectrumImage si, double[] sum, double shift, EelsResult r, EelsPipeline.Options options) {
    Axis a = si.energy();
    double[] x = new double[sum.length];
    for (int i = 0; i < x.length; i++) x[i] = a.value(i) - shift;
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    for (double v : sum) {
      if (v > 0) lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    boolean log = hi > 20 * lo;
    SvgChart c = new SvgChart("Summed spectrum (" + si.width() * si.height() + (si.width() * si.height() == 1 ? " spectrum)" : " spectra)"), "energy loss (" + a.unit() + ")",
        log ? "counts (log scale)" : "counts", 900, 420).logY(log);
    c.line("sum", x, sum, SUM_COLOUR).width(1.5);
    for (int k = 0; k < r.edges().size(); k++) {
      Edge edge = r.edges().get(k);
      OnsetFinder.OnsetMap om = r.onsets().get(edge.name());
      double onset = Double.isFinite(om.summedOnsetEv()) ? om.summedOnsetEv() : edge.onsetEv();
      Background b = background(si, sum, shift, edge, om, options);
      if (b != null) c.line(edge.name() + " onset " + fmt(onset) + " eV", b.x(), b.y(), EDGE_COLOURS[k % EDGE_COLOURS.length]).dash(6, 4);
      c.vline(onset, "#888888");
    }
    return c;
  }

  private static SvgChart edgeChart(SpectrumImage si, double[] sum, double shift, Edge edge, OnsetFinder.OnsetMap om,
                                    EelsPipeline.Options options, String colour) {
    Background b = background(si, sum, shift, edge, om, options);
    if (b == null) return null;
    Axis a = si.energy();
    double from = b.fitFrom() - 10;
    double to = b.integTo() + 20;
    int n = 0;
    double[] xs = new double[sum.length];
    double[] ys = new double[sum.length];
    for (int i = 0; i < sum.length; i++) {
      double e = a.value(i) - shift;
      if (e >= from && e <= to) {
        xs[n] = e;
        ys[n++] = sum[i];
      }
    }
    if (n < 2) return null;
    SvgChart c = new SvgChart(edge.name(), "energy loss (" + a.unit() + ")", "counts", 430, 300);
    c.vline(b.integFrom(), "#aaaaaa").vline(b.integTo(), "#aaaaaa");
    c.line("sum", Arrays.copyOf(xs, n), Arrays.copyOf(ys, n), SUM_COLOUR).width(1.5);
    c.line("fit window", b.fitX(), b.fitY(), colour).width(4);
    c.line("background", b.x(), b.y(), colour).dash(6, 4).opacity(0.45);
    return c;
  }

  /** The pre-edge fit (drawn thick over its window) and the extrapolation to the end of the integration window. */
  private record Background(double[] fitX, double[] fitY, double[] x, double[] y, double fitFrom, double integFrom, double integTo) {}

  private static Background background(SpectrumImage si, double[] sum, double shift, Edge edge, OnsetFinder.OnsetMap om,
                                       EelsPipeline.Options options) {
    Axis a = si.energy();
    Axis shifted = new Axis(a.name(), a.size(), a.offset() - shift, a.scale(), a.unit());
    EdgeMapper mapper = new EdgeMapper(options.background());
    Edge anchored = om != null && Double.isFinite(om.anchorEv()) ? new Edge(edge.name(), edge.element(), edge.shell(), om.anchorEv()) : edge;
    Edge used = mapper.covers(shifted, anchored) ? anchored : edge;
    if (!mapper.covers(shifted, used)) return null;
    EnergyWindow fw = mapper.fitWindow(shifted, used);
    EnergyWindow iw = mapper.integrationWindow(shifted, used);
    double[] abscissa = new double[a.size()];
    float[] counts = new float[a.size()];
    for (int i = 0; i < abscissa.length; i++) {
      double en = shifted.value(i);
      abscissa[i] = en > 0 ? options.background().model().abscissa(en) : Double.NaN;
      counts[i] = (float) sum[i];
    }
    BackgroundFit fit = BackgroundFit.fit(options.background().model(), abscissa, counts, fw.from(), fw.to());
    if (!fit.valid()) return null;
    int n = Math.max(0, fw.to() - fw.from());
    double[] fx = new double[n];
    double[] fy = new double[n];
    for (int i = 0; i < n; i++) {
      fx[i] = shifted.value(fw.from() + i);
      fy[i] = fit.value(fx[i]);
    }
    int m = Math.max(0, iw.to() - fw.from());
    double[] x = new double[m];
    double[] y = new double[m];
    for (int i = 0; i < m; i++) {
      x[i] = shifted.value(fw.from() + i);
      y[i] = fit.value(x[i]);
    }
    return new Background(fx, fy, x, y, fw.fromEv(), iw.fromEv(), iw.toEv());
  }

  /** The median zero-loss position the aligned analysis subtracted (0 when not aligned). */
  private static double zeroLossShift(EelsResult r, EelsPipeline.Options options) {
    if (!options.alignZeroLoss() || r.zeroLossEv() == null) return 0;
    float[] z = r.zeroLossEv();
    double[] f = new double[z.length];
    int n = 0;
    for (float v : z) if (Float.isFinite(v)) f[n++] = v;
    if (n == 0) return 0;
    Arrays.sort(f, 0, n);
    return f[n / 2];
  }

  private static double[] sum(SpectrumImage si) {
    double[] s = new double[si.channels()];
    float[] buf = new float[si.channels()];
    for (int row = 0; row < si.height(); row++) {
      for (int col = 0; col < si.width(); col++) {
        si.spectrum(row, col, buf);
        for (int i = 0; i < buf.length; i++) if (Float.isFinite(buf[i])) s[i] += buf[i];
      }
    }
    return s;
  }

  private static Axis binned(Axis a, int bin) {
    return bin == 1 ? a : new Axis(a.name(), Math.max(1, a.size() / bin), a.offset(), a.scale() * bin, a.unit());
  }

  static String safe(String name) { return org.causalem.io.AtomicFiles.safeName(name); }

  private static String fmt(double v) {
    return Double.isFinite(v) ? Decimals.fixed(v, 1) : "–";
  }
}
