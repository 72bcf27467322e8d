package org.causalem.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalem.bayes.ModelComparison;
import org.causalem.bayes.RegressionFormula;
import org.causalem.bayes.StudentT;
import org.causalem.io.Json;
import org.causalem.report.SvgChart;
import org.causalem.workflow.BayesAnalysis;

/** The files of a {@link BayesAnalysis}: {@code bayes.json}, one {@code posterior_MODEL.svg} per model and {@code model_probabilities.svg}. */
public final class BayesOutput {
  private BayesOutput() {}

  /** The parameters of the run as recorded in run.json. */
  public static Map<String, Object> parameters(BayesAnalysis.Result r) {
    BayesAnalysis.Options o = r.options();
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("g", o.g().isEmpty() ? "rows (" + r.rows() + ")" : (Object) o.g().getAsDouble());
    p.put("noise_shape", o.noiseShape());
    p.put("noise_rate", o.noiseRate().isEmpty() ? "var(target)" : (Object) o.noiseRate().getAsDouble());
    return p;
  }

  /** The document written to bayes.json. */
  public static Map<String, Object> json(BayesAnalysis.Result r) {
    BayesAnalysis.Options o = r.options();
    List<ModelComparison.Ranked> ranked = r.ranked();
    ModelComparison.Ranked best = r.best();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("table", r.source());
    out.put("target", o.target());
    out.put("rows", r.rows());
    out.put("rows_dropped_missing", r.tableRows() - r.rows());
    Map<String, Object> priorDesc = new LinkedHashMap<>();
    priorDesc.put("coefficients", "g-prior: beta | sigma^2 ~ N(m0, g sigma^2 (X'X)^-1), m0 = mean(y) for the intercept, 0 otherwise");
    priorDesc.put("g", o.g().isEmpty() ? (double) r.rows() : o.g().getAsDouble());
    priorDesc.put("noise_variance", "InvGamma(shape, rate)");
    priorDesc.put("noise_shape", o.noiseShape());
    priorDesc.put("noise_rate", r.noiseRate());
    priorDesc.put("model_prior", "uniform");
    out.put("prior", priorDesc);
    List<Object> ms = new ArrayList<>();
    for (int k = 0; k < ranked.size(); k++) {
      ModelComparison.Ranked m0 = ranked.get(k);
      BayesAnalysis.Posterior post = r.posteriors().get(k);
      double logEvidence = m0.posterior().logEvidence();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", m0.name());
      m.put("formula", formulaText(r.formulas().get(k)));
      m.put("log_evidence", logEvidence);
      m.put("log_bayes_factor_vs_best", logEvidence - best.posterior().logEvidence());
      m.put("posterior_probability", m0.posteriorProbability());
      Map<String, Object> coef = new LinkedHashMap<>();
      for (BayesAnalysis.Coefficient c : post.coefficients()) {
        Map<String, Object> cm = new LinkedHashMap<>();
        cm.put("mean", c.marginal().location());
        cm.put("sd", c.marginal().sd());
        cm.put("ci95", List.of(c.ci95Low(), c.ci95High()));
        coef.put(c.label(), cm);
      }
      m.put("coefficients", coef);
      m.put("noise_sd_posterior_mean", post.noiseSdMean());
      m.put("information_gain_nats", post.informationGainNats());
      ms.add(m);
    }
    out.put("models", ms);
    out.put("best", best.name());
    out.put("notes", r.notes());
    return out;
  }

  /** Writes bayes.json into {@code dir}. */
  public static void write(Path dir, BayesAnalysis.Result r) throws IOException {
    Json.write(dir.resolve("bayes.json"), json(r));
  }

  /** Draws the coefficient posteriors of each model and the model probabilities into {@code dir}. */
  public static void writeFigures(Path dir, BayesAnalysis.Result r) throws IOException {
    writePlots(dir, r.ranked(), r.posteriors());
  }

  /** One line: the best model. */
  public static String summary(BayesAnalysis.Result r) {
    return "best model: " + r.best().name() + " (posterior probability " + org.causalem.io.Decimals.fixed(r.best().posteriorProbability(), 3) + ")";
  }

  private static String formulaText(RegressionFormula f) {
    StringBuilder sb = new StringBuilder(f.target()).append(" ~ ");
    List<String> parts = new ArrayList<>();
    for (RegressionFormula.Term t : f.terms()) parts.add(t.label());
    if (parts.isEmpty()) parts.add("1");
    sb.append(String.join(" + ", parts));
    if (!f.intercept()) sb.append(" - 1");
    return sb.toString();
  }

  private static void writePlots(Path dir, List<ModelComparison.Ranked> ranked, List<BayesAnalysis.Posterior> posteriors) throws IOException {
    for (int k = 0; k < ranked.size(); k++) {
      String model = ranked.get(k).name();
      List<SvgChart> charts = new ArrayList<>();
      for (BayesAnalysis.Coefficient c : posteriors.get(k).coefficients()) charts.add(densityChart(model, c));
      int cols = Math.min(3, charts.size());
      int rows = (charts.size() + cols - 1) / cols;
      SvgChart.write(dir.resolve("posterior_" + safe(model) + ".svg"), charts, rows, cols);
    }
    SvgChart ev = new SvgChart("posterior model probabilities", "model", "probability", 600, 360);
    double[] idx = new double[ranked.size()];
    double[] pr = new double[ranked.size()];
    List<String> names = new java.util.ArrayList<>();
    for (int k = 0; k < idx.length; k++) {
      idx[k] = k;
      pr[k] = ranked.get(k).posteriorProbability();
      names.add(ranked.get(k).name());
    }
    ev.xCategories(names);
    ev.points("p(model | data)", idx, pr).width(7);
    SvgChart.write(dir.resolve("model_probabilities.svg"), List.of(ev), 1, 1);
  }

  /** A coefficient's posterior density between its 0.001 and 0.999 quantiles. */
  private static SvgChart densityChart(String model, BayesAnalysis.Coefficient c) {
    StudentT t = c.marginal();
    double lo = t.quantile(0.001);
    double hi = 2 * t.location() - lo;   // the 0.999 quantile: a Student t is symmetric about its location
    int m = 200;
    double[] xs = new double[m];
    for (int i = 0; i < m; i++) xs[i] = lo + (hi - lo) * i / (m - 1);
    double[] post = t.logDensities(xs);
    for (int i = 0; i < m; i++) post[i] = Math.exp(post[i]);
    SvgChart chart = new SvgChart(model + ": " + c.label(), c.label(), "posterior density", 360, 260);
    chart.line("posterior", xs, post);
    return chart.legend(SvgChart.Legend.NONE);
  }

  private static String safe(String name) { return org.causalem.io.AtomicFiles.safeName(name); }
}
