package org.causalem.output;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalem.io.AtomicFiles;
import org.causalem.io.Json;
import org.causalem.report.SvgChart;
import org.causalem.sparse.LawDiscovery;
import org.causalem.sparse.SparseLaw;
import org.causalem.sparse.SparsityPath;
import org.causalem.workflow.LawsAnalysis;

/** The files of a {@link LawsAnalysis}: {@code laws.json}, {@code simulation.csv} and the plot {@code laws.svg}. */
public final class LawsOutput {
  private LawsOutput() {}

  /** The parameters of the run as recorded in run.json. */
  public static Map<String, Object> parameters(LawsAnalysis.Options o) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("degree", o.degree());
    p.put("threshold", o.threshold().isEmpty() ? "chosen by " + o.lawDiscovery().criterion() : (Object) o.threshold().getAsDouble());
    p.put("savitzky_golay", Json.object("half_width", o.window(), "order", o.sgOrder()));
    p.put("bootstrap", o.bootstrap());
    p.put("error_floor", o.errorFloor());
    return p;
  }

  /** The document written to laws.json. */
  public static Map<String, Object> json(LawsAnalysis.Result r) {
    String time = r.options().time();
    List<String> names = r.options().state();
    double[] t = r.t();
    double[][] x = r.x();
    double[][] sim = r.simulation();
    LawDiscovery.Result res = r.discovery();
    SparseLaw law = res.law();
    List<String> lib = law.library().names();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("series", r.source());
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
    out.put("simulation", r.diverged() ? "diverged before the end of the series" : "ok");
    out.put("notes", r.notes());
    return out;
  }

  /** Writes laws.json and simulation.csv into {@code dir}. */
  public static void write(Path dir, LawsAnalysis.Result r) throws IOException {
    Json.write(dir.resolve("laws.json"), json(r));
    writeSimulation(dir.resolve("simulation.csv"), r.options().time(), r.options().state(), r.t(), r.x(), r.simulation());
  }

  /** Draws laws.svg into {@code dir}: each state column (at most 1 000 of its points) and its simulated law. */
  public static void writeFigures(Path dir, LawsAnalysis.Result r) throws IOException {
    String time = r.options().time();
    List<String> names = r.options().state();
    double[] t = r.t();
    double[][] x = r.x();
    double[][] sim = r.simulation();
    List<String> text = r.discovery().law().describe(time);
    List<SvgChart> charts = new ArrayList<>();
    int[] idx = thin(t.length, 1000);
    double[] tt = new double[idx.length];
    for (int i = 0; i < idx.length; i++) tt[i] = t[idx[i]];
    for (int v = 0; v < names.size(); v++) {
      double[] d = new double[idx.length];
      double[] s = new double[idx.length];
      for (int i = 0; i < idx.length; i++) {
        d[i] = x[v][idx[i]];
        s[i] = sim[v][idx[i]];
      }
      SvgChart c = new SvgChart(text.get(v), time, names.get(v), 900, 260).legend(SvgChart.Legend.OUTSIDE_E);
      c.points("data", tt, d);
      c.line("simulated law (RK4)", tt, s);
      charts.add(c);
    }
    SvgChart.write(dir.resolve("laws.svg"), charts, charts.size(), 1);
  }

  /** Evenly thins {@code n} indices to at most {@code max} (the points of a long series worth drawing). */
  static int[] thin(int n, int max) {
    int m = Math.min(n, max);
    int[] idx = new int[m];
    for (int i = 0; i < m; i++) idx[i] = (int) ((long) i * n / m);
    return idx;
  }

  /** The equations in words, one line each. */
  public static List<String> summary(LawsAnalysis.Result r) { return r.discovery().law().describe(r.options().time()); }

  private static void writeSimulation(Path file, String time, List<String> names, double[] t, double[][] x, double[][] sim) throws java.io.IOException {
    AtomicFiles.write(file, new Simulation(time, names, t, x, sim));
  }

  /** simulation.csv: time, then each state column and its simulation (a class, not a lambda: cheaper on first use). */
  private record Simulation(String time, List<String> names, double[] t, double[][] x, double[][] sim) implements AtomicFiles.StreamWriter {
    @Override public void write(java.io.OutputStream os) throws IOException {
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
      if (w.checkError()) throw new IOException("could not write the simulation table");   // a PrintWriter keeps its errors to itself
    }
  }
}
