package org.causalem.output;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.causalem.bayes.CrossValidation;
import org.causalem.bayes.GpModel;
import org.causalem.bayes.McmcResult;
import org.causalem.io.AtomicFiles;
import org.causalem.io.Json;
import org.causalem.report.SvgChart;
import org.causalem.workflow.GpAnalysis;

/** The files of a {@link GpAnalysis}: {@code gp.json}, {@code predictions.csv} and the held-out plot {@code gp_cv.svg}. */
public final class GpOutput {
  private GpOutput() {}

  /** The parameters of the run as recorded in run.json. */
  public static Map<String, Object> parameters(GpAnalysis.Result r) {
    GpAnalysis.Options o = r.options();
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("kernel", o.kernel().label());
    p.put("method", o.method().label());
    p.put("inputs", r.featureNames());
    p.put("max_optimisation_points", o.maxOptimisationPoints());
    p.put("subsample", o.subsample().isEmpty() ? "off" : (Object) o.subsample().getAsInt());
    return p;
  }

  /** The document written to gp.json. */
  public static Map<String, Object> json(GpAnalysis.Result r) {
    GpAnalysis.Options o = r.options();
    int n = r.rows().length;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("table", r.source());
    out.put("target", o.target());
    out.put("inputs", r.featureNames());
    out.put("rows", n);
    out.put("rows_dropped_missing", r.tableRows() - r.completeRows());
    if (n < r.completeRows()) out.put("subsample", Json.object("rows_used", n, "complete_rows", r.completeRows(), "seed", o.seed()));
    out.put("kernel", o.kernel().label());
    out.put("method", o.method().label());
    if (r.ensemble().isPresent()) {
      McmcResult mc = r.ensemble().get().draws();
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("parameters", "log signal sd, log length scale per input, log noise sd (standardised units)");
      d.put("rhat", mc.rhat());
      d.put("ess_bulk", mc.essBulk());
      d.put("divergences", mc.divergences());
      out.put("nuts", d);
      List<GpModel> models = r.ensemble().get().models();
      out.put("hyperparameters_example_draw", hyper(models.get(models.size() / 2), r.featureNames()));
    } else {
      GpModel model = r.model().orElseThrow();
      out.put("hyperparameters", hyper(model, r.featureNames()));
      out.put("log_marginal_likelihood", model.logMarginalLikelihood());
    }
    CrossValidation cv = r.crossValidation();
    Map<String, Object> cvDesc = new LinkedHashMap<>();
    cvDesc.put("scheme", r.scheme());
    cvDesc.put("hyperparameters", r.cvHyperparameters());
    if (r.ensemble().isPresent()) cvDesc.put("note", "held-out folds refit by maximum a posteriori hyperparameters");
    cvDesc.put("rmse", cv.rmse());
    cvDesc.put("r2", cv.r2());
    cvDesc.put("coverage95", cv.coverage95());
    cvDesc.put("mean_log_predictive_density", cv.meanLogPredictiveDensity());
    out.put("cross_validation", cvDesc);
    out.put("notes", r.notes());
    return out;
  }

  /** Writes gp.json and predictions.csv into {@code dir}. */
  public static void write(Path dir, GpAnalysis.Result r) throws IOException {
    Json.write(dir.resolve("gp.json"), json(r));
    writePredictions(dir.resolve("predictions.csv"), r);
  }

  /** Draws gp_cv.svg into {@code dir}: held-out predictions against the observed values. */
  public static void writeFigures(Path dir, GpAnalysis.Result r) throws IOException {
    double[] y = r.y();
    String target = r.options().target();
    SvgChart c = new SvgChart("held-out predictions (" + r.scheme() + ")", "observed " + target, "predicted " + target, 640, 480);
    c.points("cross-validated mean", y, r.crossValidation().mean());
    double lo = Arrays.stream(y).min().orElse(0);
    double hi = Arrays.stream(y).max().orElse(1);
    c.line("y = x", new double[] {lo, hi}, new double[] {lo, hi});
    SvgChart.write(dir.resolve("gp_cv.svg"), List.of(c), 1, 1);
  }

  /** One line: the cross-validated scores. */
  public static String summary(GpAnalysis.Result r) {
    CrossValidation cv = r.crossValidation();
    return String.format(Locale.ROOT, "cross-validated R² %.3f, RMSE %.4g, 95%% coverage %.3f", cv.r2(), cv.rmse(), cv.coverage95());
  }

  private static Map<String, Object> hyper(GpModel m, List<String> names) {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("signal_sd", m.signalSd());
    h.put("noise_sd", m.noiseSd());
    Map<String, Object> ls = new LinkedHashMap<>();
    double[] l = m.lengthScales();
    for (int j = 0; j < names.size(); j++) ls.put(names.get(j), l[j]);
    h.put("length_scales", ls);
    return h;
  }

  private static void writePredictions(Path file, GpAnalysis.Result r) throws IOException {
    AtomicFiles.write(file, os -> {
      PrintWriter w = new PrintWriter(new java.io.OutputStreamWriter(os, StandardCharsets.UTF_8));
      StringBuilder h = new StringBuilder("row");
      for (String nme : r.featureNames()) h.append(',').append(nme);
      h.append(",observed,mean,sd,cv_fold,cv_mean,cv_sd");
      w.println(h);
      double[] y = r.y();
      for (int i = 0; i < y.length; i++) {
        StringBuilder sb = new StringBuilder().append(r.rows()[i]);
        for (double v : r.x()[i]) sb.append(',').append(v);
        sb.append(',').append(y[i]).append(',').append(r.fitted().mean()[i]).append(',').append(r.fitted().observationSd()[i])
            .append(',').append(r.fold()[i]).append(',').append(r.crossValidation().mean()[i]).append(',').append(r.crossValidation().sd()[i]);
        w.println(sb);
      }
      w.flush();
    });
  }
}
