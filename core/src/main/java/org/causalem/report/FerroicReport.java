package org.causalem.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.causalem.Version;
import org.causalem.causal.Edge;
import org.causalem.causal.EdgeKey;
import org.causalem.causal.Graph;
import org.causalem.causal.GraphComparison;
import org.causalem.causal.PairwiseResult;
import org.causalem.data.Image;
import org.causalem.io.AtomicFiles;
import org.causalem.io.CsvWriter;
import org.causalem.io.GraphFormats;
import org.causalem.io.Json;
import org.causalem.lattice.AtomsResult;
import org.causalem.table.DescriptorTable;
import org.causalem.workflow.FerroicAnalysis;

/**
 * Writes the outputs of the ferroelectric workflow into a directory: report.html (self-contained),
 * results.json, cells.csv and the figures (overlay.png, graph.svg, map_*.png, window_*.png,
 * predictability.png).
 */
public final class FerroicReport {
  private FerroicReport() {}

  /**
   * @param notes what a user must know about the image and its calibration ({@link
   *     org.causalem.lattice.AtomsPipeline#calibrationNotes}, as the atoms analysis already found them)
   * @param truth the true graph when known (the demo), else null
   * @param parameters the run's parameters, recorded in results.json and the report
   */
  public static Map<String, Object> write(Path dir, String title, Image image, AtomsResult atoms, List<String> notes,
                                          FerroicAnalysis.Result res, Graph truth, Map<String, Object> parameters,
                                          long seed) throws IOException {
    CsvWriter.write(dir.resolve("cells.csv"), atoms.cells());
    byte[] overlay = Figures.toPng(AtomsReport.overlay(image, atoms, PixelScale.of(image.y(), image.x())));
    AtomicFiles.write(dir.resolve("overlay.png"), out -> out.write(overlay));
    org.causalem.lattice.OffCentring off = atoms != null && atoms.lattice().sites() > 1 ? atoms.offCentring() : null;
    Map<String, Object> noise = atoms.pixelNoise().summary();
    Map<String, Object> results = resultsJson(atoms, res, truth, parameters, seed, off, noise, notes);
    Json.write(dir.resolve("results.json"), results);

    HtmlReport page = new HtmlReport(title);
    page.paragraph("CausalEM " + Version.get() + " · seed " + seed + " · " + res.rowsUsed() + " unit cells analysed"
        + (res.rowsMissing() > 0 ? " (" + res.rowsMissing() + " cells with a missing value left out and counted)" : ""));
    for (String n : notes) page.callout(n, true);
    page.heading(2, "Atoms and polarization");
    for (String n : atoms.notes()) page.paragraph("Note: " + n);
    page.png("Atom columns coloured by sublattice; arrows: B-site off-centring (polarization), magnified", overlay);
    mapsSection(page, dir, res);
    instrumentSection(page, res, off);
    graphSection(page, dir, res, truth);
    methodsSection(page, res);
    confoundingSection(page, res);
    windowsSection(page, dir, res.windows());
    predictabilitySection(page, dir, res);
    page.heading(2, "Run");
    Map<String, Object> kv = new LinkedHashMap<>(parameters);
    kv.put("seed", seed);
    kv.put("version", Version.get());
    kv.put("pixel size", Double.isNaN(atoms.pixelSizeNm()) ? "uncalibrated" : atoms.pixelSizeNm() + " nm (" + atoms.pixelSizeSource() + ")");
    page.keyValues(kv);
    String html = page.render();
    AtomicFiles.write(dir.resolve("report.html"), out -> out.write(html.getBytes(StandardCharsets.UTF_8)));
    return results;
  }

  /** The results.json document. */
  private static Map<String, Object> resultsJson(AtomsResult atoms, FerroicAnalysis.Result res, Graph truth,
                                                 Map<String, Object> parameters, long seed, org.causalem.lattice.OffCentring off,
                                                 Map<String, Object> noise, List<String> notes) {
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("causalem_version", Version.get());
    results.put("seed", seed);
    results.put("parameters", parameters);
    Map<String, Object> graph = graphJson(res.consensus(), seed, parameters);
    addStatus(graph, res);
    results.put("graph", graph);
    Map<String, Object> check = instrumentCheckJson(res, off);
    check.put("pixel_noise_correlation", noise);
    results.put("instrument_check", check);
    Map<String, Object> methods = new LinkedHashMap<>();
    methods.put("pc", graphJson(res.pc(), seed, parameters));
    methods.put("lingam", graphJson(res.lingam(), seed, parameters));
    methods.put("pairwise", pairwiseJson(res));
    methods.put("pairwise_agreement", PairwiseAgreementSection.json(res.pairwise()));
    results.put("methods", methods);
    results.put("variables", res.variables());
    results.put("excluded_variables", res.excluded());
    results.put("cells_used", res.rowsUsed());
    results.put("cells_missing", res.rowsMissing());
    Map<String, Object> fits = new LinkedHashMap<>();
    fits.put("failed_fit_fraction", atoms.failedFitFraction());
    fits.put("vacancy_fraction", atoms.vacancyFractions());
    fits.put("notes", atoms.notes());
    results.put("atoms_plausibility", fits);
    results.put("knowledge", res.knowledge().toText());
    results.put("confounding_check", confoundingJson(res));
    if (truth != null) {
      GraphComparison cmp = GraphComparison.compare(truth, res.consensus().graph());
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("true_graph", GraphFormats.toJsonDocument("truth", truth, GraphFormats.plainEdges(truth), seed, Map.of()));
      t.put("shd", cmp.structuralHammingDistance());
      t.put("shd_pc", GraphComparison.compare(truth, res.pc().graph()).structuralHammingDistance());
      t.put("shd_lingam", GraphComparison.compare(truth, res.lingam().graph()).structuralHammingDistance());
      results.put("truth", t);
    }
    FerroicAnalysis.Windows w = res.windows();
    Map<String, Object> wj = new LinkedHashMap<>();
    wj.put("window_cells", w.windowCells());
    wj.put("step_cells", w.stepCells());
    wj.put("shape", List.of(w.windowsY(), w.windowsX()));
    wj.put("coefficient", w.coefficient());
    wj.put("pc_edge_present", w.pcPresence());
    results.put("sliding_windows", wj);
    if (res.predictability() != null) {
      Map<String, Object> pj = new LinkedHashMap<>();
      pj.put("target", res.predictability().target());
      pj.put("predictors", res.predictability().predictors());
      pj.put("r2", res.predictability().r2());
      pj.put("rmse", res.predictability().rmse());
      pj.put("coverage95", res.predictability().coverage95());
      results.put("predictability", pj);
    }
    results.put("notes", notes);
    return results;
  }

  private static List<Object> confoundingJson(FerroicAnalysis.Result res) {
    List<Object> conf = new ArrayList<>();
    for (FerroicAnalysis.Confounding c : res.confounding()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("cause", c.cause());
      m.put("effect", c.effect());
      m.put("naive", c.naive());
      m.put("naive_se", c.naiveSe());
      m.put("adjusted", c.adjusted());
      m.put("adjusted_se", c.adjustedSe());
      m.put("adjusted_for", c.adjustedFor());
      m.put("misleading", c.misleading());
      m.put("explanation", c.sentence());
      conf.add(m);
    }
    return conf;
  }

  /** One map per searched descriptor, and what was left out of the search. */
  private static void mapsSection(HtmlReport page, Path dir, FerroicAnalysis.Result res) throws IOException {
    page.heading(2, "Descriptor maps");
    page.beginRow();
    int rows = max(res.cellRow()) + 1;
    int cols = max(res.cellCol()) + 1;
    for (String v : res.variables()) {
      float[] map = new float[rows * cols];
      java.util.Arrays.fill(map, Float.NaN);
      double[] c = res.cells().column(v);
      for (int i = 0; i < c.length; i++) map[res.cellRow()[i] * cols + res.cellCol()[i]] = (float) c[i];
      byte[] png = MapFigure.png(map, cols, rows, MapFigure.Options.of(res.cells().descriptor(v)).withScale(PixelScale.cells()));
      AtomicFiles.write(dir.resolve("map_" + v + ".png"), out -> out.write(png));
      page.png(v + " per unit cell", png);
    }
    page.endRow();
    if (!res.excluded().isEmpty()) {
      StringBuilder sb = new StringBuilder("Left out of the search: ");
      res.excluded().forEach((k, v) -> sb.append(k).append(" (").append(v).append("); "));
      page.callout(sb.toString(), true);
    }
  }

  /** The consensus graph with each edge's confidence, coefficient and status, and the truth when known. */
  private static void graphSection(HtmlReport page, Path dir, FerroicAnalysis.Result res, Graph truth) throws IOException {
    page.heading(2, "Causal graph");
    Map<EdgeKey, String> labels = new LinkedHashMap<>();
    for (Edge e : res.consensus().graph().edges()) {
      String from = res.variables().get(e.a());
      String to = res.variables().get(e.b());
      Double conf1 = res.consensus().confidence().get(new EdgeKey(from, to));
      Double coef = res.consensus().coefficient().get(new EdgeKey(from, to));
      FerroicAnalysis.EdgeCheck check = res.check(from, to);
      labels.put(new EdgeKey(from, to), String.format(Locale.ROOT, "%s%s%s", conf1 == null ? "" : String.format(Locale.ROOT, "%.2f", conf1),
          coef == null ? "" : String.format(Locale.ROOT, " · %+.3g", coef), check == null ? "" : " · " + check.status().label()));
    }
    String svg = GraphSvg.render(res.consensus().graph(), labels);
    AtomicFiles.write(dir.resolve("graph.svg"), out -> out.write(svg.getBytes(StandardCharsets.UTF_8)));
    page.svg("Consensus of PC-stable (physics tiers) and DirectLiNGAM: labels are confidence · coefficient · status", svg);
    for (FerroicAnalysis.EdgeCheck c : res.edgeChecks()) page.callout(c.sentence(), c.status() != FerroicAnalysis.Status.SUPPORTED);
    if (res.edgeChecks().isEmpty()) page.paragraph("The methods agree on no edge.");
    page.paragraph("Tiers and prior knowledge used: " + res.knowledge().toText().replace('\n', ';'));
    if (truth != null) {
      GraphComparison cmp = GraphComparison.compare(truth, res.consensus().graph());
      page.callout("Against the known mechanism: structural Hamming distance " + cmp.structuralHammingDistance()
          + (cmp.structuralHammingDistance() == 0 ? " — the true graph is recovered exactly." : "."), cmp.structuralHammingDistance() != 0);
      page.svg("The true graph of the simulation", GraphSvg.render(truth, Map.of()));
    }
  }

  /** Each method's edges and the pairwise directions. */
  private static void methodsSection(HtmlReport page, FerroicAnalysis.Result res) {
    page.heading(2, "Per-method comparison");
    List<List<String>> rowsT = new ArrayList<>();
    for (FerroicAnalysis.MethodGraph m : List.of(res.pc(), res.lingam(), res.consensus())) {
      for (Edge e : m.graph().edges()) {
        String from = res.variables().get(e.a());
        String to = res.variables().get(e.b());
        Double c = m.confidence().get(new EdgeKey(from, to));
        Double k = m.coefficient().get(new EdgeKey(from, to));
        rowsT.add(List.of(m.method(), from + " " + e.type() + " " + to, c == null ? "–" : fmt(c), k == null ? "–" : fmt(k)));
      }
    }
    page.table(List.of("method", "edge", "bootstrap frequency", "coefficient"), rowsT);
    List<List<String>> pw = new ArrayList<>();
    for (PairwiseResult p : res.pairwise()) {
      pw.add(List.of(p.method(), p.x() + " / " + p.y(), p.direction() == PairwiseResult.Direction.X_CAUSES_Y ? p.x() + " → " + p.y()
          : p.direction() == PairwiseResult.Direction.Y_CAUSES_X ? p.y() + " → " + p.x() : "undecided", fmt(p.score())));
    }
    page.paragraph("Pairwise directions (IGCI, ANM, RECI, MDL); the causal ordering they imply (ANM votes): " + String.join(" → ", res.pairwiseOrder()));
    page.table(List.of("method", "pair", "direction", "score"), pw);
    PairwiseAgreementSection.write(page, res.pairwise());
  }

  private static void confoundingSection(HtmlReport page, FerroicAnalysis.Result res) {
    page.heading(2, "Confounding check");
    boolean any = false;
    for (FerroicAnalysis.Confounding c : res.confounding()) {
      page.callout(c.sentence(), c.misleading());
      any = true;
    }
    if (!any) page.paragraph("No pair of descriptors is associated strongly enough to check.");
  }

  private static void windowsSection(HtmlReport page, Path dir, FerroicAnalysis.Windows w) throws IOException {
    page.heading(2, "Sliding-window causal maps");
    page.paragraph("Windows of " + w.windowCells() + " × " + w.windowCells() + " cells, step " + w.stepCells()
        + ": the coefficient of each consensus edge (regression of the effect on its consensus parents) in each window.");
    page.beginRow();
    for (Map.Entry<EdgeKey, double[]> e : w.coefficient().entrySet()) {
      float[] f = new float[e.getValue().length];
      for (int i = 0; i < f.length; i++) f[i] = (float) e.getValue()[i];
      byte[] png = MapFigure.png(f, w.windowsX(), w.windowsY(), MapFigure.Options.of(e.getKey().toString(), true).withScale(PixelScale.windows()));
      String safe = (e.getKey().from() + "_to_" + e.getKey().to()).replaceAll("[^A-Za-z0-9_]", "_");
      AtomicFiles.write(dir.resolve("window_" + safe + ".png"), out -> out.write(png));
      page.png("Window coefficient of " + e.getKey(), png);
    }
    page.endRow();
  }

  private static void predictabilitySection(HtmlReport page, Path dir, FerroicAnalysis.Result res) throws IOException {
    if (res.predictability() == null) return;
    FerroicAnalysis.Predictability p = res.predictability();
    int rows = max(res.cellRow()) + 1;
    int cols = max(res.cellCol()) + 1;
    page.heading(2, "Predictability map");
    page.paragraph(String.format(Locale.ROOT,
        "A Gaussian process predicts the %s of each cell from its own structural descriptors and its four nearest "
            + "neighbours', every cell predicted by a model that never saw its spatial block (3 × 3 blocks): "
            + "R² = %.3f, RMSE = %.3g px, 95 %% interval coverage %.1f %%.", p.target(), p.r2(), p.rmse(), 100 * p.coverage95()));
    float[] err = new float[rows * cols];
    float[] unc = new float[rows * cols];
    java.util.Arrays.fill(err, Float.NaN);
    java.util.Arrays.fill(unc, Float.NaN);
    for (int i = 0; i < p.mean().length; i++) {
      int k = res.cellRow()[i] * cols + res.cellCol()[i];
      err[k] = (float) (p.observed()[i] - p.mean()[i]);
      unc[k] = (float) p.sd()[i];
    }
    byte[] e1 = MapFigure.png(err, cols, rows, MapFigure.Options.of("observed − predicted", true).withScale(PixelScale.cells()));
    byte[] e2 = MapFigure.png(unc, cols, rows, MapFigure.Options.of("predictive standard deviation", false).withScale(PixelScale.cells()));
    AtomicFiles.write(dir.resolve("predictability.png"), out -> out.write(e1));
    AtomicFiles.write(dir.resolve("predictability_sd.png"), out -> out.write(e2));
    page.beginRow().png("Prediction error of the polarization magnitude", e1).png("Its uncertainty", e2).endRow();
  }

  /** Adds each consensus edge's status, bootstrap frequency and replication to the graph document. */
  @SuppressWarnings("unchecked")
  static void addStatus(Map<String, Object> graph, FerroicAnalysis.Result res) {
    for (Map<String, Object> e : (List<Map<String, Object>>) graph.get("edges")) {
      FerroicAnalysis.EdgeCheck c = res.check((String) e.get("from"), (String) e.get("to"));
      if (c == null) continue;
      e.put("status", c.status().label());
      e.put("bootstrap_frequency", c.bootstrapFrequency());
      e.put("explanation", c.sentence());
    }
  }

  /** The documented {@code instrument_check} object of results.json (see the README). */
  /** @param off the atom pipeline's off-centring record (its standard errors, fit-window dependence), or null to use the workflow's */
  public static Map<String, Object> instrumentCheckJson(FerroicAnalysis.Result res, org.causalem.lattice.OffCentring off) {
    FerroicAnalysis.InstrumentSummary s = res.instrument();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("nuisance_nodes", s.nuisance());
    m.put("nuisance_absent", s.nuisanceAbsent());
    m.put("nuisance_excluded", s.nuisanceExcluded());
    List<Object> ie = new ArrayList<>();
    for (String[] e : s.instrumentEdges()) ie.add(Json.object("from", e[0], "to", e[1]));
    m.put("instrument_edges", ie);
    m.put("scan_bin_px", s.binPx());
    List<Object> band = new ArrayList<>();
    for (org.causalem.workflow.InstrumentCheck.Banding b : s.banding()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("descriptor", b.descriptor());
      x.put("scan_row_fraction", b.rowFraction());
      x.put("scan_column_fraction", b.columnFraction());
      x.put("scan_row_chance", b.rowChance());
      x.put("scan_column_chance", b.columnChance());
      x.put("banded", b.banded());
      band.add(x);
    }
    m.put("banding", band);
    List<Object> cal = new ArrayList<>();
    for (org.causalem.workflow.InstrumentCheck.Calibration c : s.calibration()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("descriptor", c.descriptor());
      x.put("sigma_column", c.sigmaColumn());
      x.put("observed", c.observed());
      x.put("reported", c.expected());
      x.put("observed_over_reported", c.ratio());
      x.put("cells", c.cells());
      cal.add(x);
    }
    m.put("uncertainty_calibration", cal);
    m.put("half_cells", s.halfCells());
    List<Object> rep = new ArrayList<>();
    for (FerroicAnalysis.EdgeCheck c : res.edgeChecks()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("from", c.from());
      x.put("to", c.to());
      x.put("full", true);
      for (int h = 0; h < FerroicAnalysis.HALVES.size(); h++) x.put(FerroicAnalysis.HALVES.get(h), c.foundInHalves().get(h));
      x.put("with_nuisance", !c.explainedByInstrument());
      x.put("instrument_neighbours", c.instrumentNeighbours());
      x.put("status", c.status().label());
      rep.add(x);
    }
    m.put("replication", rep);
    if (off != null) {
      m.put("off_centring", off.toMap());
    } else if (s.offCentring() != null) {
      org.causalem.workflow.InstrumentCheck.OffCentring o = s.offCentring();
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("mean_x_px", o.meanXPx());
      x.put("se_x_px", o.seXPx());
      x.put("mean_y_px", o.meanYPx());
      x.put("se_y_px", o.seYPx());
      x.put("scan_strips", o.strips());
      x.put("significant", o.significant());
      m.put("off_centring", x);
    }
    return m;
  }

  /** The "Instrument check" section: nuisance nodes, banding, uncertainty calibration, replication, off-centring. */
  static void instrumentSection(HtmlReport page, FerroicAnalysis.Result res, org.causalem.lattice.OffCentring off) {
    FerroicAnalysis.InstrumentSummary s = res.instrument();
    page.heading(2, "Instrument check");
    page.paragraph("A STEM image is recorded line by line, and the scan leaves its own structure in every descriptor: line jitter "
        + "bands a descriptor by scan row, a non-uniform fast-scan speed bands it by scan column and changes every integrated "
        + "intensity with the local magnification. Instrument descriptors enter the search as nuisance nodes (nothing causes them; "
        + "they may affect any descriptor): " + (s.nuisance().isEmpty() ? "none available" : String.join(", ", s.nuisance()))
        + (s.nuisanceAbsent().isEmpty() ? "" : " (not in the table: " + String.join(", ", s.nuisanceAbsent()) + ")") + ".");
    if (!s.instrumentEdges().isEmpty()) {
      List<String> es = new ArrayList<>();
      for (String[] e : s.instrumentEdges()) es.add(e[0] + " — " + e[1]);
      page.paragraph("The instrument descriptors are associated with: " + String.join(", ", es) + ".");
    }
    List<List<String>> band = new ArrayList<>();
    for (org.causalem.workflow.InstrumentCheck.Banding b : s.banding()) {
      band.add(List.of(b.descriptor(), pct(b.rowFraction()), pct(b.columnFraction()), pct(Math.max(b.rowChance(), b.columnChance())),
          b.banded() ? "banded along the scan" : "–"));
    }
    page.paragraph(String.format(Locale.ROOT, "Banding: the share of each descriptor's variance explained by scan-row bins and by "
        + "scan-column bins (%.1f px wide, about one cell), against the share chance alone gives.", s.binPx()));
    page.table(List.of("descriptor", "scan rows", "scan columns", "chance", ""), band);
    if (!s.calibration().isEmpty()) {
      List<List<String>> cal = new ArrayList<>();
      for (org.causalem.workflow.InstrumentCheck.Calibration c : s.calibration()) {
        cal.add(List.of(c.descriptor(), fmt(c.observed()), fmt(c.expected()), String.format(Locale.ROOT, "%.2f", c.ratio())));
      }
      page.paragraph("Uncertainty calibration: the scatter of each cell about the mean of its four cells two steps away (no shared "
          + "atom column; a linear trend cancels) against what the reported standard errors predict. A ratio near 1: the errors "
          + "account for the scatter; well above 1: real cell-to-cell disorder or errors reported too small (scan noise is not in "
          + "shot-noise errors).");
      page.table(List.of("descriptor", "observed", "reported", "observed / reported"), cal);
    }
    List<List<String>> rep = new ArrayList<>();
    for (FerroicAnalysis.EdgeCheck c : res.edgeChecks()) {
      List<String> row = new ArrayList<>();
      row.add(c.from() + " → " + c.to());
      row.add("yes");
      for (Boolean f : c.foundInHalves()) row.add(f == null ? "–" : f ? "yes" : "no");
      row.add(c.explainedByInstrument() ? "vanishes" : "yes");
      row.add(c.status().label());
      rep.add(row);
    }
    page.paragraph("Replication: each consensus edge in the full image, in the two halves split at the median scan row (slow scan) "
        + "and the two split at the median scan column (fast scan), each with the full image's sign, and in the search with the "
        + "nuisance nodes. supported: found everywhere; instrument: vanishes given the instrument descriptors; unstable: not "
        + "reproduced. Only supported edges are read as causal.");
    List<String> header = new ArrayList<>(List.of("edge", "full"));
    header.addAll(FerroicAnalysis.HALVES);
    header.add("with nuisance");
    header.add("status");
    if (rep.isEmpty()) page.paragraph("No consensus edge to replicate.");
    else page.table(header, rep);
    if (off != null) {
      String text = "Uniform off-centring: " + off.sentence() + ".";
      if (off.significant()) text += " Read the polarization maps relative to it, or name a reference region (`referenceRegion` of the atoms analysis).";
      page.callout(text, off.significant());
    } else if (s.offCentring() != null) {
      org.causalem.workflow.InstrumentCheck.OffCentring o = s.offCentring();
      String text = String.format(Locale.ROOT, "Mean B-site off-centring: (%+.3g ± %.2g, %+.3g ± %.2g) px (standard errors from %d "
          + "scan-row strips).", o.meanXPx(), o.seXPx(), o.meanYPx(), o.seYPx(), o.strips());
      if (o.significant()) {
        text += " It is significant: a uniform offset of every cell is usually instrumental (asymmetric probe tails, specimen "
            + "mistilt), not a polarization; it grows with the fit window when it is. Read the polarization maps relative to it.";
      }
      page.callout(text, o.significant());
    }
  }

  private static String pct(double f) { return Double.isFinite(f) ? String.format(Locale.ROOT, "%.0f %%", 100 * f) : "–"; }

  /** A method's graph in the form of {@code causalem discover}'s graph.json. */
  public static Map<String, Object> graphJson(FerroicAnalysis.MethodGraph m, long seed, Map<String, Object> parameters) {
    List<GraphFormats.AnnotatedEdge> edges = new ArrayList<>();
    for (Edge e : GraphFormats.canonicalEdges(m.graph())) {
      String from = m.graph().nodes().get(e.a());
      String to = m.graph().nodes().get(e.b());
      edges.add(new GraphFormats.AnnotatedEdge(from, to, e.type(), m.confidence().get(new EdgeKey(from, to)),
          m.coefficient().get(new EdgeKey(from, to))));
    }
    return GraphFormats.toJsonDocument(m.method(), m.graph(), edges, seed, parameters);
  }

  private static List<Object> pairwiseJson(FerroicAnalysis.Result res) {
    List<Object> out = new ArrayList<>();
    for (PairwiseResult p : res.pairwise()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("method", p.method());
      m.put("x", p.x());
      m.put("y", p.y());
      m.put("direction", p.direction() == PairwiseResult.Direction.X_CAUSES_Y ? p.x() + " -> " + p.y()
          : p.direction() == PairwiseResult.Direction.Y_CAUSES_X ? p.y() + " -> " + p.x() : "undecided");
      m.put("score", p.score());
      if (!p.reason().isEmpty()) m.put("reason", p.reason());
      out.add(m);
    }
    Map<String, Object> order = new LinkedHashMap<>();
    order.put("implied_order", res.pairwiseOrder());
    out.add(order);
    return out;
  }

  private static int max(int[] v) {
    int m = 0;
    for (int x : v) m = Math.max(m, x);
    return m;
  }

  private static String fmt(double v) { return String.format(Locale.ROOT, "%.3g", v); }
}
