package org.causalem.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalem.data.BadInputException;
import org.causalem.io.AtomicFiles;
import org.causalem.io.Json;
import org.causalem.sparse.LawDiscovery;
import org.causalem.sparse.SavitzkyGolay;
import org.causalem.sparse.SparseLaw;
import org.causalem.sparse.SparsityPath;
import org.causalem.table.DescriptorTable;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code causalem laws SERIES.csv --time t --state x,y,z --out DIR}. */
@Command(name = "laws", description = {
    "Parsimonious governing equations dx/dt = f(x) from time series (SINDy): Savitzky–Golay derivatives,",
    "a polynomial library, sequentially thresholded least squares, bootstrap inclusion probabilities,",
    "the Pareto front of error against number of terms, and a simulation of the found law."})
public final class LawsCommand extends OutputCommand {
  @Parameters(index = "0", paramLabel = "SERIES.csv", description = "Numeric CSV with a header row; rows in time order.")
  Path series;

  @Option(names = "--time", required = true, paramLabel = "COLUMN", description = "Time column (strictly increasing).")
  String time;

  @Option(names = "--state", required = true, paramLabel = "X,Y,...", description = "State columns; one equation each.")
  String state;

  @Option(names = "--degree", defaultValue = "2", description = "Polynomial library degree (default: ${DEFAULT-VALUE}).")
  @Range(min = 1, max = 5)
  int degree;

  @Option(names = "--threshold", paramLabel = "T",
      description = "STLSQ threshold on |coefficient|; default: each equation's model chosen along the sparsity path by --criterion.")
  @Range(min = 0, max = 1e300)
  Double threshold;

  @Option(names = "--criterion", defaultValue = "bic", paramLabel = "aic|bic", description = "Model choice along the sparsity path (default: ${DEFAULT-VALUE}).")
  String criterion;

  @Option(names = "--window", defaultValue = "7", paramLabel = "H", description = "Savitzky–Golay half-width in samples (window 2H+1; default: ${DEFAULT-VALUE}).")
  @Range(min = 1, max = 10000)
  int window;

  @Option(names = "--sg-order", defaultValue = "3", description = "Savitzky–Golay polynomial order (default: ${DEFAULT-VALUE}).")
  @Range(min = 1, max = 6)
  int sgOrder;

  @Option(names = "--bootstrap", defaultValue = "50", paramLabel = "B", description = "Bootstrap resamples for inclusion probabilities (default: ${DEFAULT-VALUE}).")
  @Range(min = 2, max = 10000, why = "inclusion probabilities are bootstrap frequencies")
  int bootstrap;

  @Option(names = "--error-floor", defaultValue = "1e-3", paramLabel = "F",
      description = "Residuals below F × RMS(dx/dt) count as exact when --criterion chooses the model (default: ${DEFAULT-VALUE}).")
  @Range(min = 0, max = 1, maxExclusive = true)
  double errorFloor;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the bootstrap (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override protected void execute(OutputDirectory dir, RunRecord run) throws Exception {
    SparsityPath.Criterion crit = switch (criterion.toLowerCase(java.util.Locale.ROOT)) {
      case "aic" -> SparsityPath.Criterion.AIC;
      case "bic" -> SparsityPath.Criterion.BIC;
      default -> throw OptionChecks.usage(spec, "--criterion must be aic or bic, got '" + criterion + "'");
    };
    if (sgOrder >= 2 * window + 1) {
      throw OptionChecks.usage(spec, "--sg-order " + sgOrder + " needs a window wider than the order: --window " + window + " gives " + (2 * window + 1)
          + " samples; use --window " + (sgOrder / 2 + 1) + " or more");
    }
    LawDiscovery.Options opt = new LawDiscovery.Options(degree, threshold == null ? Double.NaN : threshold, crit,
        new SavitzkyGolay.Options(window, sgOrder), bootstrap, 40, errorFloor, seed);
    List<String> names = TableOptions.names(spec, state, "--state");
    if (names.contains(time)) throw OptionChecks.usage(spec, "--state contains the time column '" + time + "'");
    run.seed(seed);
    run.input(series);
    run.parameter("degree", degree);
    run.parameter("threshold", threshold == null ? "chosen by " + crit : threshold);
    run.parameter("savitzky_golay", Map.of("half_width", window, "order", sgOrder));
    run.parameter("bootstrap", bootstrap);
    run.parameter("error_floor", errorFloor);
    DescriptorTable csv = run.step("read series", () -> TableOptions.read(series));
    double[] t = TableOptions.column(csv, series, time, "--time");
    double[][] x = new double[names.size()][];
    for (int v = 0; v < names.size(); v++) x[v] = TableOptions.column(csv, series, names.get(v), "--state");
    List<String> all = new ArrayList<>(names);
    all.add(time);
    if (TableOptions.completeRows(csv, series, all, "--state").length != csv.rows()) throw new BadInputException(series + ": missing values in the time or state columns");
    for (int v = 0; v < names.size(); v++) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (double a : x[v]) {
        lo = Math.min(lo, a);
        hi = Math.max(hi, a);
      }
      if (!(hi - lo > 1e-12 * Math.max(Math.abs(hi), Math.abs(lo)))) {
        throw new BadInputException(series + ": state column '" + names.get(v) + "' is constant (" + lo + " on every row): its law cannot be"
            + " identified (every library term in it is collinear with the constant); leave it out of --state");
      }
    }
    if (names.size() > 1) {
      double[][] design = new double[t.length][names.size() + 1];
      for (int i = 0; i < t.length; i++) {
        design[i][0] = 1;
        for (int v = 0; v < names.size(); v++) design[i][v + 1] = x[v][i];
      }
      org.causalem.bayes.Collinearity.Dependence dep = org.causalem.bayes.Collinearity.find(design);
      if (dep != null) {
        List<String> with = new ArrayList<>();
        for (int c : dep.combination()) with.add(c == 0 ? "a constant" : "'" + names.get(c - 1) + "'");
        throw new BadInputException(series + ": state column '" + names.get(dep.column() - 1) + "' is a linear function of " + String.join(" and ", with)
            + " on every row: the terms of the library are collinear and no law can be identified; leave it out of --state");
      }
    }
    for (int i = 1; i < t.length; i++) {
      if (!(t[i] > t[i - 1])) {
        throw new BadInputException(series + ": time column '" + time + "' must increase strictly; data row " + (i + 1) + " has " + t[i] + " after " + t[i - 1]);
      }
    }
    int w = 2 * window + 1;
    if (t.length < Math.max(w, 10)) throw new BadInputException(series + ": " + t.length + " samples; need at least " + Math.max(w, 10));
    LawDiscovery.Result res;
    try {
      res = run.step("discover", () -> new LawDiscovery(opt).discover(t, x, names));
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().contains("singular")) {
        throw new BadInputException(series + ": the library terms are collinear on this data (" + e.getMessage() + "); lower --degree or give more varied data", e);
      }
      throw e;
    }
    SparseLaw law = res.law();
    List<String> lib = law.library().names();
    double[] x0 = new double[names.size()];
    SavitzkyGolay sg = new SavitzkyGolay(opt.derivative());
    double[][] smooth = new double[names.size()][];
    for (int v = 0; v < names.size(); v++) {
      smooth[v] = sg.smooth(t, x[v]);
      x0[v] = smooth[v][0];
    }
    double maxStep = (t[t.length - 1] - t[0]) / t.length;
    double[][] sim = run.step("simulate", () -> law.simulate(x0, t, maxStep));

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("series", series.toString());
    out.put("time", time);
    out.put("state", names);
    out.put("samples", t.length);
    out.put("library", lib);
    List<String> text = law.describe(time);
    List<Object> eqs = new ArrayList<>();
    List<Object> pareto = new ArrayList<>();
    for (int j = 0; j < names.size(); j++) {
      Map<String, Object> e = new LinkedHashMap<>();
      String lhs = "d" + names.get(j) + "/d" + time;
      e.put("lhs", lhs);
      e.put("equation", text.get(j));
      e.put("threshold", res.thresholds()[j]);
      List<Object> terms = new ArrayList<>();
      for (int f = 0; f < lib.size(); f++) {
        double c = law.coefficients()[j][f];
        if (c == 0) continue;
        Map<String, Object> term = new LinkedHashMap<>();
        term.put("term", lib.get(f));
        term.put("coefficient", c);
        term.put("inclusion_probability", res.inclusionProbability()[j][f]);
        terms.add(term);
      }
      e.put("terms", terms);
      Map<String, Object> excl = new LinkedHashMap<>();
      for (int f = 0; f < lib.size(); f++) {
        if (law.coefficients()[j][f] == 0 && res.inclusionProbability()[j][f] > 0) excl.put(lib.get(f), res.inclusionProbability()[j][f]);
      }
      e.put("excluded_terms_inclusion_probability", excl);
      double se = 0;
      int cnt = 0;
      for (int i = 0; i < t.length; i++) {
        if (Double.isFinite(sim[j][i])) {
          se += (sim[j][i] - x[j][i]) * (sim[j][i] - x[j][i]);
          cnt++;
        }
      }
      e.put("simulation_rmse", cnt == t.length ? Math.sqrt(se / cnt) : null);
      eqs.add(e);
      SparsityPath path = res.paths().get(j);
      List<Object> pts = new ArrayList<>();
      for (SparsityPath.Point p : path.pareto()) {
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("terms", p.terms());
        pm.put("rmse", p.rmse(path.rows()));
        pm.put("aic", p.aic());
        pm.put("bic", p.bic());
        pm.put("threshold", p.threshold());
        List<String> used = new ArrayList<>();
        for (int f = 0; f < lib.size(); f++) if (p.coefficients()[f] != 0) used.add(lib.get(f));
        pm.put("included", used);
        pts.add(pm);
      }
      Map<String, Object> pe = new LinkedHashMap<>();
      pe.put("lhs", lhs);
      pe.put("front", pts);
      pareto.add(pe);
    }
    out.put("equations", eqs);
    out.put("pareto", pareto);
    boolean blown = false;
    for (double[] s : sim) for (double v : s) if (!Double.isFinite(v)) blown = true;
    out.put("simulation", blown ? "diverged before the end of the series" : "ok");
    Json.write(dir.path().resolve("laws.json"), out);
    writeSimulation(dir.path().resolve("simulation.csv"), time, names, t, x, sim);
    run.step("plots", () -> {
      List<XYChart> charts = new ArrayList<>();
      int[] idx = Figures.thin(t.length, 1000);
      double[] tt = new double[idx.length];
      for (int i = 0; i < idx.length; i++) tt[i] = t[idx[i]];
      for (int v = 0; v < names.size(); v++) {
        double[] d = new double[idx.length];
        double[] s = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
          d[i] = x[v][idx[i]];
          s[i] = sim[v][idx[i]];
        }
        XYChart c = Figures.chart(text.get(v), time, names.get(v), 900, 260);
        Figures.points(c, "data", tt, d).setMarker(org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE);
        Figures.line(c, "simulated law (RK4)", tt, s);
        charts.add(c);
      }
      Figures.png(dir.path().resolve("laws.png"), charts, charts.size(), 1);
      org.causalem.report.OutputReport.write(dir.path(), "laws: " + series.getFileName(), text, "laws.png", "laws.json", "simulation.csv");
      return null;
    });
    for (String s : text) note(s);
  }

  private static void writeSimulation(Path file, String time, List<String> names, double[] t, double[][] x, double[][] sim) throws java.io.IOException {
    AtomicFiles.write(file, os -> {
      PrintWriter w = new PrintWriter(new java.io.OutputStreamWriter(os, StandardCharsets.UTF_8));
      StringBuilder h = new StringBuilder(time);
      for (String n : names) h.append(',').append(n).append(',').append(n).append("_simulated");
      w.println(h);
      for (int i = 0; i < t.length; i++) {
        StringBuilder sb = new StringBuilder().append(t[i]);
        for (int v = 0; v < names.size(); v++) sb.append(',').append(x[v][i]).append(',').append(Double.isFinite(sim[v][i]) ? String.valueOf(sim[v][i]) : "");
        w.println(sb);
      }
      w.flush();
    });
  }
}
