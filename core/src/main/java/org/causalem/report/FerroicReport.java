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
   * @param truth the true graph when known (the demo), else null
   * @param parameters the run's parameters, recorded in results.json and the report
   */
  public static Map<String, Object> write(Path dir, String title, Image image, AtomsResult atoms,
                                          FerroicAnalysis.Result res, Graph truth, Map<String, Object> parameters,
                                          long seed) throws IOException {
    CsvWriter.write(dir.resolve("cells.csv"), atoms.cells());
    byte[] overlay = Figures.toPng(AtomsOverlay.render(image, atoms));
    AtomicFiles.write(dir.resolve("overlay.png"), out -> out.write(overlay));
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("causalem_version", Version.get());
    results.put("seed", seed);
    results.put("parameters", parameters);
    results.put("graph", graphJson(res.consensus(), seed, parameters));
    Map<String, Object> methods = new LinkedHashMap<>();
    methods.put("pc", graphJson(res.pc(), seed, parameters));
    methods.put("lingam", graphJson(res.lingam(), seed, parameters));
    methods.put("pairwise", pairwiseJson(res));
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
    results.put("confounding_check", conf);
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
    List<String> notes = org.causalem.lattice.AtomsPipeline.calibrationNotes(image, atoms);
    results.put("notes", notes);
    Json.write(dir.resolve("results.json"), results);

    // figures and the page
    HtmlReport page = new HtmlReport(title);
    page.paragraph("CausalEM " + Version.get() + " · seed " + seed + " · " + res.rowsUsed() + " unit cells analysed"
        + (res.rowsMissing() > 0 ? " (" + res.rowsMissing() + " cells with a missing value left out and counted)" : ""));
    for (String n : notes) page.callout(n, true);
    page.heading(2, "Atoms and polarization");
    for (String n : atoms.notes()) page.paragraph("Note: " + n);
    page.png("Atom columns coloured by sublattice; arrows: B-site off-centring (polarization), magnified", overlay);
    page.heading(2, "Descriptor maps");
    page.beginRow();
    int rows = max(res.cellRow()) + 1;
    int cols = max(res.cellCol()) + 1;
    for (String v : res.variables()) {
      float[] map = new float[rows * cols];
      java.util.Arrays.fill(map, Float.NaN);
      double[] c = res.cells().column(v);
      for (int i = 0; i < c.length; i++) map[res.cellRow()[i] * cols + res.cellCol()[i]] = (float) c[i];
      byte[] png = MapFigure.png(map, cols, rows, MapFigure.Options.of(v, v.startsWith("polarization")));
      AtomicFiles.write(dir.resolve("map_" + v + ".png"), out -> out.write(png));
      page.png(v + " per unit cell", png);
    }
    page.endRow();
    if (!res.excluded().isEmpty()) {
      StringBuilder sb = new StringBuilder("Left out of the search: ");
      res.excluded().forEach((k, v) -> sb.append(k).append(" (").append(v).append("); "));
      page.callout(sb.toString(), true);
    }
    page.heading(2, "Causal graph");
    Map<String, String> labels = new LinkedHashMap<>();
    for (Edge e : res.consensus().graph().edges()) {
      String from = res.variables().get(e.a());
      String to = res.variables().get(e.b());
      Double conf1 = res.consensus().confidence().get(from + "→" + to);
      Double coef = res.consensus().coefficient().get(from + "→" + to);
      labels.put(from + "\u0000" + to, String.format(Locale.ROOT, "%s%s", conf1 == null ? "" : String.format(Locale.ROOT, "%.2f", conf1),
          coef == null ? "" : String.format(Locale.ROOT, " · %+.3g", coef)));
    }
    String svg = GraphSvg.render(res.consensus().graph(), labels);
    AtomicFiles.write(dir.resolve("graph.svg"), out -> out.write(svg.getBytes(StandardCharsets.UTF_8)));
    page.svg("Consensus of PC-stable (physics tiers) and DirectLiNGAM: labels are mean bootstrap frequency · coefficient", svg);
    page.paragraph("Tiers and prior knowledge used: " + res.knowledge().toText().replace('\n', ';'));
    if (truth != null) {
      GraphComparison cmp = GraphComparison.compare(truth, res.consensus().graph());
      page.callout("Against the known mechanism: structural Hamming distance " + cmp.structuralHammingDistance()
          + (cmp.structuralHammingDistance() == 0 ? " — the true graph is recovered exactly." : "."), cmp.structuralHammingDistance() != 0);
      page.svg("The true graph of the simulation", GraphSvg.render(truth, Map.of()));
    }
    page.heading(2, "Per-method comparison");
    List<List<String>> rowsT = new ArrayList<>();
    for (FerroicAnalysis.MethodGraph m : List.of(res.pc(), res.lingam(), res.consensus())) {
      for (Edge e : m.graph().edges()) {
        String from = res.variables().get(e.a());
        String to = res.variables().get(e.b());
        Double c = m.confidence().get(from + "→" + to);
        Double k = m.coefficient().get(from + "→" + to);
        rowsT.add(List.of(m.method(), from + " " + e.type() + " " + to, c == null ? "–" : fmt(c), k == null ? "–" : fmt(k)));
      }
    }
    page.table(List.of("method", "edge", "bootstrap frequency", "coefficient"), rowsT);
    List<List<String>> pw = new ArrayList<>();
    for (PairwiseResult p : res.pairwise()) {
      pw.add(List.of(p.method(), p.x() + " / " + p.y(), p.direction() == PairwiseResult.Direction.X_CAUSES_Y ? p.x() + " → " + p.y()
          : p.direction() == PairwiseResult.Direction.Y_CAUSES_X ? p.y() + " → " + p.x() : "undecided", fmt(p.score())));
    }
    page.paragraph("Pairwise directions (IGCI, ANM); the causal ordering they imply (ANM votes): " + String.join(" → ", res.pairwiseOrder()));
    page.table(List.of("method", "pair", "direction", "score"), pw);
    page.heading(2, "Confounding check");
    boolean any = false;
    for (FerroicAnalysis.Confounding c : res.confounding()) {
      page.callout(c.sentence(), c.misleading());
      any = true;
    }
    if (!any) page.paragraph("No pair of descriptors is associated strongly enough to check.");
    page.heading(2, "Sliding-window causal maps");
    page.paragraph("Windows of " + w.windowCells() + " × " + w.windowCells() + " cells, step " + w.stepCells()
        + ": the coefficient of each consensus edge (regression of the effect on its consensus parents) in each window.");
    page.beginRow();
    for (Map.Entry<String, double[]> e : w.coefficient().entrySet()) {
      float[] f = new float[e.getValue().length];
      for (int i = 0; i < f.length; i++) f[i] = (float) e.getValue()[i];
      byte[] png = MapFigure.png(f, w.windowsX(), w.windowsY(), MapFigure.Options.of(e.getKey(), true));
      String safe = e.getKey().replace("→", "_to_").replaceAll("[^A-Za-z0-9_]", "_");
      AtomicFiles.write(dir.resolve("window_" + safe + ".png"), out -> out.write(png));
      page.png("Window coefficient of " + e.getKey(), png);
    }
    page.endRow();
    if (res.predictability() != null) {
      FerroicAnalysis.Predictability p = res.predictability();
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
      byte[] e1 = MapFigure.png(err, cols, rows, MapFigure.Options.of("observed − predicted", true));
      byte[] e2 = MapFigure.png(unc, cols, rows, MapFigure.Options.of("predictive standard deviation", false));
      AtomicFiles.write(dir.resolve("predictability.png"), out -> out.write(e1));
      AtomicFiles.write(dir.resolve("predictability_sd.png"), out -> out.write(e2));
      page.beginRow().png("Prediction error of the polarization magnitude", e1).png("Its uncertainty", e2).endRow();
    }
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

  /** A method's graph in the form of {@code causalem discover}'s graph.json. */
  public static Map<String, Object> graphJson(FerroicAnalysis.MethodGraph m, long seed, Map<String, Object> parameters) {
    List<GraphFormats.AnnotatedEdge> edges = new ArrayList<>();
    for (Edge e : GraphFormats.canonicalEdges(m.graph())) {
      String from = m.graph().nodes().get(e.a());
      String to = m.graph().nodes().get(e.b());
      edges.add(new GraphFormats.AnnotatedEdge(from, to, e.type(), m.confidence().get(from + "→" + to),
          m.coefficient().get(from + "→" + to)));
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
