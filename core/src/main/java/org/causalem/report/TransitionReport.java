package org.causalem.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.causalem.Version;
import org.causalem.data.Image;
import org.causalem.io.AtomicFiles;
import org.causalem.io.CsvWriter;
import org.causalem.io.GraphFormats;
import org.causalem.io.Json;
import org.causalem.workflow.TransitionAnalysis;

/**
 * Writes the outputs of the phase-transition workflow: report.html, results.json, sites.csv,
 * nucleation.csv and one phase map per frame (phase_map_NNN.png).
 */
public final class TransitionReport {
  private static final Color[] PHASE = {new Color(70, 130, 255), new Color(255, 80, 60), new Color(60, 200, 90), new Color(230, 160, 0)};

  private TransitionReport() {}

  public static Map<String, Object> write(Path dir, String title, List<Image> frames, TransitionAnalysis.Result r,
                                          Map<String, Object> parameters, long seed) throws IOException {
    CsvWriter.write(dir.resolve("sites.csv"), r.sites());
    StringBuilder nuc = new StringBuilder("site,frame,x_px,y_px\n");
    for (TransitionAnalysis.Nucleation n : r.nucleations()) {
      nuc.append(n.site()).append(',').append(n.frame()).append(',').append(fmt(n.xPx())).append(',').append(fmt(n.yPx())).append('\n');
    }
    String nucText = nuc.toString();
    AtomicFiles.write(dir.resolve("nucleation.csv"), out -> out.write(nucText.getBytes(StandardCharsets.UTF_8)));
    double alpha = parameters.get("alpha") instanceof Number a ? a.doubleValue() : 0.01;
    Map<String, Object> res = results(frames, r, parameters, seed, alpha);
    Json.write(dir.resolve("results.json"), res);
    writePage(dir, title, frames, r, parameters, seed, alpha);
    return res;
  }

  /** results.json: run, lattice, phases, events, prediction, the Granger-style tests and the causes. */
  private static Map<String, Object> results(List<Image> frames, TransitionAnalysis.Result r, Map<String, Object> parameters,
                                             long seed, double alpha) {
    Map<String, Object> res = new LinkedHashMap<>();
    res.put("causalem_version", Version.get());
    res.put("seed", seed);
    res.put("parameters", parameters);
    res.put("frames", frames.size());
    res.put("sites", r.siteX().length);
    res.put("lattice_constant_px", r.latticeConstantPx());
    res.put("lattice", r.lattice());
    res.put("coordination", r.coordination());
    res.put("anion_cage", r.anionCage());
    res.put("drift_px", r.driftPx());
    Map<String, Object> phases = new LinkedHashMap<>();
    phases.put("classes", r.classes());
    phases.put("initial_class", r.initialPhase());
    phases.put("bic_by_components", r.classBic());
    phases.put("component_means", r.classMeans());
    phases.put("transition_matrix", r.transitions());
    res.put("phases", phases);
    List<Object> events = new ArrayList<>();
    for (TransitionAnalysis.Nucleation n : r.nucleations()) events.add(Json.object("site", n.site(), "frame", n.frame(), "x_px", n.xPx(), "y_px", n.yPx()));
    res.put("nucleation_events", events);
    Map<String, Object> pred = new LinkedHashMap<>();
    pred.put("descriptors", TransitionAnalysis.DESCRIPTORS);
    pred.put("window_frames", r.windowFrames());
    pred.put("auc", r.auc().auc());
    pred.put("auc_ci95", List.of(r.auc().lo(), r.auc().hi()));
    pred.put("shuffled_label_auc", r.shuffledAuc());
    pred.put("standardised_coefficients", r.coefficients());
    res.put("prediction", pred);
    res.put("granger", grangerJson(r, alpha));
    res.put("causes_of_nucleation", r.causes());
    res.put("cause_status", r.causeStatus());
    if (r.causalGraph() != null) {
      res.put("graph", GraphFormats.toJsonDocument("pc", r.causalGraph(), GraphFormats.plainEdges(r.causalGraph()), seed, parameters));
    }
    return res;
  }

  /** The Granger-style test of every descriptor as written in results.json. */
  private static Map<String, Object> grangerJson(TransitionAnalysis.Result r, double alpha) {
    List<Object> granger = new ArrayList<>();
    for (TransitionAnalysis.Granger g : r.granger()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("descriptor", g.descriptor());
      m.put("rows_at_risk", g.rows());
      m.put("events", g.events());
      m.put("standardised_coefficient", g.coefficient());
      m.put("p_beyond_own_state", g.pBeyondOwnState());
      m.put("p_beyond_neighbours", g.pBeyondNeighbours());
      m.put("granger_cause", grangerCause(g, r.granger().size(), alpha));
      granger.add(m);
    }
    Map<String, Object> gr = new LinkedHashMap<>();
    gr.put("test", "discrete-time hazard logistic regression on site-frames at risk; likelihood-ratio chi2(1) p values; "
        + "granger_cause = p_beyond_own_state < alpha / number of descriptors (Bonferroni); predictive precedence, "
        + "not proof: an unimaged common cause of descriptor and hazard would pass too");
    gr.put("alpha", alpha);
    gr.put("descriptors", granger);
    return gr;
  }

  /** report.html and the phase map of every frame. */
  private static void writePage(Path dir, String title, List<Image> frames, TransitionAnalysis.Result r,
                                Map<String, Object> parameters, long seed, double alpha) throws IOException {
    HtmlReport page = new HtmlReport(title);
    page.paragraph("CausalEM " + Version.get() + " · seed " + seed + " · " + frames.size() + " frames · " + r.siteX().length
        + " tracked metal sites · lattice constant " + fmt(r.latticeConstantPx()) + " px");
    page.heading(2, "Phase maps");
    page.paragraph(r.classes() + " local phase(s) from a Gaussian mixture of each site's off-centring in its cage of " + r.anionCage()
        + " anion columns (" + r.lattice() + " lattice, " + r.coordination() + " metal neighbours) "
        + "(number of components by BIC; overlapping components merged). Colour = phase; frames after drift correction.");
    page.beginRow();
    for (int t = 0; t < frames.size(); t++) {
      byte[] png = Figures.toPng(phaseMap(frames.get(t), r, t));
      String name = String.format(Locale.ROOT, "phase_map_%03d.png", t);
      AtomicFiles.write(dir.resolve(name), out -> out.write(png));
      if (t == 0 || t == frames.size() / 2 || t == frames.size() - 1) page.png("frame " + t, png);
    }
    page.endRow();
    page.heading(2, "Transitions");
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < r.transitions().length; i++) {
      List<String> row = new ArrayList<>();
      row.add("from phase " + i + (i == r.initialPhase() ? " (initial)" : ""));
      for (double v : r.transitions()[i]) row.add(fmt(v));
      rows.add(row);
    }
    List<String> head = new ArrayList<>(List.of(""));
    for (int i = 0; i < r.transitions().length; i++) head.add("to " + i);
    page.table(head, rows);
    page.paragraph(r.nucleations().size() + " nucleation events (a site entering a new phase for good while none of its neighbours had).");
    page.heading(2, "Could the nucleation sites have been predicted?");
    boolean predictable = r.auc().lo() > Math.max(0.5, r.shuffledAuc());
    page.callout(String.format(Locale.ROOT,
        "From each site's descriptors averaged over the %d frame(s) before its event, a logistic model cross-validated over "
            + "spatial blocks predicts the nucleation sites with ROC AUC %.3f (95%% interval %.3f–%.3f); with shuffled labels "
            + "the same procedure gives %.3f. %s",
        r.windowFrames(), r.auc().auc(), r.auc().lo(), r.auc().hi(), r.shuffledAuc(),
        predictable ? "Nucleation was predictable before it happened." : "Nucleation was not predictable from these descriptors."),
        !predictable);
    page.paragraph("Causes found by PC-stable on the site table (descriptors before nucleation, time order as a tier): "
        + (r.causes().isEmpty() ? "none" : String.join(", ", r.causes().stream()
            .map(c -> c + " (" + r.causeStatus().getOrDefault(c, "?") + ")").toList()))
        + ". Status, as in the ferroic workflow: the site's scan position (x_px, y_px) is a nuisance node; instrument = the link "
        + "vanishes given it, supported = reproduced with the same sign in both halves split along the slow and the fast scan, "
        + "unstable = not reproduced. Only supported causes are claims.");
    if (r.causalGraph() != null) page.svg("Causal graph of the site table", GraphSvg.render(r.causalGraph(), Map.of()));
    page.heading(2, "Does a descriptor's history precede nucleation? (Granger-style)");
    page.paragraph("Discrete-time hazard model on the per-site time series: one row per site and frame at risk (the site and its "
        + "neighbours still in the initial phase), outcome = the site nucleates at that frame; every covariate is the mean of "
        + "its values over the frames before (the history), so causes precede effects by construction. Likelihood-ratio p "
        + "values (χ²(1)) for adding a descriptor's history beyond the site's own state (its off-centring history, the other "
        + "descriptors' histories, the frame), and beyond its neighbours' history of the same descriptor. A descriptor is "
        + "called a Granger cause when the first p is below α / " + r.granger().size() + " (Bonferroni, α = " + fmt(alpha) + "). "
        + "Granger causality is predictive precedence: a hidden cause that moves the descriptor and the hazard alike "
        + "(a strain field that is not imaged, the beam) would also pass it.");
    List<List<String>> grows = new ArrayList<>();
    for (TransitionAnalysis.Granger g : r.granger()) {
      grows.add(List.of(g.descriptor(), Integer.toString(g.rows()), Integer.toString(g.events()), fmt(g.coefficient()),
          fmt(g.pBeyondOwnState()), fmt(g.pBeyondNeighbours()), grangerCause(g, r.granger().size(), alpha) ? "yes" : "no"));
    }
    page.table(List.of("descriptor", "site-frames at risk", "events", "standardised coefficient", "p beyond own state",
        "p beyond neighbours", "Granger cause"), grows);
    page.heading(2, "Run");
    Map<String, Object> kv = new LinkedHashMap<>(parameters);
    kv.put("seed", seed);
    kv.put("version", Version.get());
    page.keyValues(kv);
    String html = page.render();
    AtomicFiles.write(dir.resolve("report.html"), out -> out.write(html.getBytes(StandardCharsets.UTF_8)));
  }


  /** The frame in grey with each tracked site as a dot coloured by its phase (hollow where unclassified). */
  static BufferedImage phaseMap(Image frame, TransitionAnalysis.Result r, int t) {
    float[] px = frame.toFloat();
    float[] sorted = px.clone();
    java.util.Arrays.sort(sorted);
    double lo = sorted[(int) (0.005 * (sorted.length - 1))];
    double hi = sorted[(int) (0.995 * (sorted.length - 1))];
    int w = frame.width();
    int h = frame.height();
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < px.length; i++) {
      int g = (int) Math.max(0, Math.min(255, 255 * (px[i] - lo) / Math.max(1e-9, hi - lo)));
      img.setRGB(i % w, i / w, (g << 16) | (g << 8) | g);
    }
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setStroke(new BasicStroke(1.2f));
    double rad = Math.max(2, r.latticeConstantPx() / 5);
    for (int s = 0; s < r.siteX().length; s++) {
      double x = r.siteX()[s] + r.driftPx()[t][0];
      double y = r.siteY()[s] + r.driftPx()[t][1];
      int p = r.phase()[t][s];
      Ellipse2D dot = new Ellipse2D.Double(x - rad, y - rad, 2 * rad, 2 * rad);
      if (p < 0) {
        g.setColor(Color.LIGHT_GRAY);
        g.draw(dot);
      } else {
        g.setColor(PHASE[p % PHASE.length]);
        g.fill(dot);
      }
    }
    g.dispose();
    return img;
  }

  /** Bonferroni over the descriptors on the p value beyond the site's own state. */
  static boolean grangerCause(TransitionAnalysis.Granger g, int tests, double alpha) {
    return g.pBeyondOwnState() < alpha / Math.max(1, tests);
  }

  private static String fmt(double v) { return String.format(Locale.ROOT, "%.4g", v); }
}
