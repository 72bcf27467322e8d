package org.causalem.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalem.bayes.ModelComparison;
import org.causalem.bayes.NormalInverseGamma;
import org.causalem.bayes.RegressionFormula;
import org.causalem.bayes.RegressionPosterior;
import org.causalem.bayes.StudentT;
import org.causalem.data.BadInputException;
import org.causalem.io.Json;
import org.causalem.io.TextFiles;
import org.causalem.table.DescriptorTable;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code causalem bayes TABLE.csv --target y --models MODELS.txt --out DIR}. */
@Command(name = "bayes", description = {
    "Bayesian comparison of competing linear models of one descriptor: conjugate Normal–inverse-Gamma",
    "regression, log evidence, posterior model probabilities, coefficient posteriors and the information",
    "gained from the data (KL divergence from prior to posterior)."})
public final class BayesCommand extends OutputCommand {
  @Parameters(index = "0", paramLabel = "TABLE.csv", description = "Numeric CSV with a header row.")
  Path table;

  @Option(names = "--target", required = true, paramLabel = "COLUMN", description = "Response column (every model's left-hand side).")
  String target;

  @Option(names = "--models", required = true, paramLabel = "MODELS.txt",
      description = "One model per line, 'name: y ~ x1 + x2^2 + x1*x2' (intercept unless '- 1'); '#' starts a comment.")
  Path models;

  @Option(names = "--g", paramLabel = "G", description = "g of Zellner's g-prior on the coefficients (default: number of rows, the unit-information prior).")
  @Range(min = 0, max = 1e12, minExclusive = true)
  Double g;

  @Option(names = "--noise-shape", defaultValue = "1", paramLabel = "A", description = "Inverse-Gamma shape of the noise-variance prior (default: ${DEFAULT-VALUE}).")
  @Range(min = 0, max = 1e6, minExclusive = true)
  double noiseShape;

  @Option(names = "--noise-rate", paramLabel = "B", description = "Inverse-Gamma rate of the noise-variance prior (default: the sample variance of the target).")
  @Range(min = 0, max = 1e300, minExclusive = true)
  Double noiseRate;

  @Override protected void execute(OutputDirectory dir, RunRecord run) throws Exception {
    if (g != null && !(g > 0)) throw OptionChecks.usage(spec, "--g must be > 0, got " + g);
    if (!(noiseShape > 0)) throw OptionChecks.usage(spec, "--noise-shape must be > 0, got " + noiseShape);
    if (noiseRate != null && !(noiseRate > 0)) throw OptionChecks.usage(spec, "--noise-rate must be > 0, got " + noiseRate);
    List<RegressionFormula> formulas = run.step("parse models", () -> parseModels(models));
    run.input(table);
    run.input(models);
    DescriptorTable csv = run.step("read table", () -> TableOptions.read(table));
    TableOptions.column(csv, table, target, "--target");
    List<String> used = new ArrayList<>(List.of(target));
    for (RegressionFormula f : formulas) {
      if (!f.target().equals(target)) {
        throw new BadInputException(models + ": model '" + f.name() + "' explains '" + f.target() + "', but --target is '" + target + "'");
      }
      for (String v : f.variables()) {
        if (csv.names().indexOf(v) < 0) {
          throw new BadInputException(models + ": model '" + f.name() + "' uses '" + v + "', which is not a column of " + table + "; columns are " + csv.names());
        }
        if (!used.contains(v)) used.add(v);
      }
    }
    int[] rows = TableOptions.completeRows(csv, table, used, "--models");
    if (rows.length < 3) throw new BadInputException(table + ": only " + rows.length + " rows have every column the models use");
    double[] y = TableOptions.take(TableOptions.column(csv, table, target, "--target"), rows);
    run.parameter("g", g == null ? "rows (" + rows.length + ")" : g);
    run.parameter("noise_shape", noiseShape);
    run.parameter("noise_rate", noiseRate == null ? "var(target)" : noiseRate);

    List<ModelComparison.Candidate> candidates = new ArrayList<>();
    for (RegressionFormula f : formulas) {
      double[][] design = f.design(v -> TableOptions.take(TableOptions.column(csv, table, v, "--models"), rows), rows.length);
      if (design[0].length >= rows.length) {
        throw new BadInputException("model '" + f.name() + "' has " + design[0].length + " coefficients but only " + rows.length + " rows");
      }
      org.causalem.bayes.Collinearity.Dependence dep = org.causalem.bayes.Collinearity.find(design);
      if (dep != null) {
        List<String> labels = f.columnLabels();
        List<String> with = new ArrayList<>();
        for (int c : dep.combination()) with.add(labels.get(c).equals("1") ? "the intercept" : "'" + labels.get(c) + "'");
        throw new BadInputException(models + ": model '" + f.name() + "': on the " + rows.length + " rows of " + table + ", regressor '"
            + labels.get(dep.column()) + "' " + (with.isEmpty() ? "is zero on every row" : "is a linear combination of " + String.join(", ", with))
            + ", so the coefficients are not identifiable; drop one of them from the model");
      }
      NormalInverseGamma def;
      try {
        def = ModelComparison.defaultPrior(design, y);
      } catch (IllegalArgumentException e) {
        throw new BadInputException(table + ": column '" + target + "': " + e.getMessage(), e);
      }
      NormalInverseGamma prior = def;
      if (g != null || noiseRate != null || noiseShape != 1) {
        double scale = g == null ? 1 : rows.length / g;
        double[] prec = def.precision().clone();
        for (int i = 0; i < prec.length; i++) prec[i] *= scale;
        prior = new NormalInverseGamma(def.mean(), prec, noiseShape, noiseRate == null ? def.rate() : noiseRate);
      }
      candidates.add(new ModelComparison.Candidate(f.name(), design, prior));
    }
    List<ModelComparison.Ranked> ranked;
    try {
      ranked = run.step("fit", () -> ModelComparison.compare(candidates, y));
    } catch (IllegalArgumentException e) {
      throw new BadInputException(table + ": " + e.getMessage() + " (a model's regressors are linearly dependent)", e);
    }
    ModelComparison.Ranked best = ranked.get(0);
    for (ModelComparison.Ranked r : ranked) if (r.posterior().logEvidence() > best.posterior().logEvidence()) best = r;

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("table", table.toString());
    out.put("target", target);
    out.put("rows", rows.length);
    out.put("rows_dropped_missing", csv.rows() - rows.length);
    Map<String, Object> priorDesc = new LinkedHashMap<>();
    priorDesc.put("coefficients", "g-prior: beta | sigma^2 ~ N(m0, g sigma^2 (X'X)^-1), m0 = mean(y) for the intercept, 0 otherwise");
    priorDesc.put("g", g == null ? rows.length : g);
    priorDesc.put("noise_variance", "InvGamma(shape, rate)");
    priorDesc.put("noise_shape", noiseShape);
    priorDesc.put("noise_rate", candidates.get(0).prior().rate());
    priorDesc.put("model_prior", "uniform");
    out.put("prior", priorDesc);
    List<Object> ms = new ArrayList<>();
    for (int k = 0; k < ranked.size(); k++) {
      ModelComparison.Ranked r = ranked.get(k);
      RegressionPosterior p = r.posterior();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", r.name());
      m.put("formula", formulaText(formulas.get(k)));
      m.put("log_evidence", p.logEvidence());
      m.put("log_bayes_factor_vs_best", p.logEvidence() - best.posterior().logEvidence());
      m.put("posterior_probability", r.posteriorProbability());
      Map<String, Object> coef = new LinkedHashMap<>();
      List<String> labels = formulas.get(k).columnLabels();
      for (int j = 0; j < labels.size(); j++) {
        StudentT t = p.coefficientMarginal(j);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("mean", t.location());
        c.put("sd", t.sd());
        c.put("ci95", List.of(t.quantile(0.025), t.quantile(0.975)));
        coef.put(labels.get(j), c);
      }
      m.put("coefficients", coef);
      m.put("noise_sd_posterior_mean", Math.sqrt(p.posterior().noiseVarianceMean()));
      m.put("information_gain_nats", p.informationGainNats());
      ms.add(m);
    }
    out.put("models", ms);
    out.put("best", best.name());
    Json.write(dir.path().resolve("bayes.json"), out);
    run.step("plots", () -> {
      writePlots(dir.path(), formulas, ranked);
      org.causalem.report.OutputReport.write(dir.path(), "bayes: " + table.getFileName(), List.of(), "model_probabilities.png", "posterior_*.png", "bayes.json");
      return null;
    });
    note("best model: " + best.name() + " (posterior probability " + String.format("%.3f", best.posteriorProbability()) + ")");
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

  static List<RegressionFormula> parseModels(Path file) throws IOException {
    List<String> lines = TextFiles.readUtf8(file, "--models file").lines().toList();
    List<RegressionFormula> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      String body = hash >= 0 ? line.substring(0, hash) : line;
      if (body.isBlank()) continue;
      RegressionFormula f;
      try {
        f = RegressionFormula.parse(body);
      } catch (IllegalArgumentException e) {
        throw new BadInputException(file + ": line " + (i + 1) + ", " + e.getMessage() + " in '" + body.strip() + "'");
      }
      for (RegressionFormula o : out) {
        if (o.name().equals(f.name())) throw new BadInputException(file + ": line " + (i + 1) + ": model name '" + f.name() + "' is used twice");
      }
      out.add(f);
    }
    if (out.isEmpty()) throw new BadInputException(file + ": no models (expected lines like 'name: y ~ x1 + x2')");
    return out;
  }

  private static void writePlots(Path dir, List<RegressionFormula> formulas, List<ModelComparison.Ranked> ranked) throws IOException {
    for (int k = 0; k < ranked.size(); k++) {
      RegressionPosterior p = ranked.get(k).posterior();
      List<String> labels = formulas.get(k).columnLabels();
      List<XYChart> charts = new ArrayList<>();
      for (int j = 0; j < labels.size(); j++) {
        StudentT t = p.coefficientMarginal(j);
        double lo = t.quantile(0.001);
        double hi = t.quantile(0.999);
        int m = 200;
        double[] xs = new double[m];
        double[] post = new double[m];
        for (int i = 0; i < m; i++) {
          xs[i] = lo + (hi - lo) * i / (m - 1);
          post[i] = Math.exp(t.logDensity(xs[i]));
        }
        XYChart c = Figures.chart(ranked.get(k).name() + ": " + labels.get(j), labels.get(j), "posterior density", 360, 260);
        Figures.line(c, "posterior", xs, post);
        c.getStyler().setLegendVisible(false);
        charts.add(c);
      }
      int cols = Math.min(3, charts.size());
      int rows = (charts.size() + cols - 1) / cols;
      Figures.png(dir.resolve("posterior_" + safe(ranked.get(k).name()) + ".png"), charts, rows, cols);
    }
    XYChart ev = Figures.chart("posterior model probabilities", "model index (bayes.json order)", "probability", 600, 360);
    double[] idx = new double[ranked.size()];
    double[] pr = new double[ranked.size()];
    for (int k = 0; k < idx.length; k++) {
      idx[k] = k;
      pr[k] = ranked.get(k).posteriorProbability();
    }
    Figures.points(ev, "p(model | data)", idx, pr);
    Figures.png(dir.resolve("model_probabilities.png"), List.of(ev), 1, 1);
  }

  private static String safe(String name) { return name.replaceAll("[^A-Za-z0-9_.-]", "_"); }
}
