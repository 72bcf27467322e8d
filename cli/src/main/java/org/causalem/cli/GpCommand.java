package org.causalem.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalem.bayes.CrossValidation;
import org.causalem.bayes.GaussianProcess;
import org.causalem.bayes.GpEnsemble;
import org.causalem.bayes.GpModel;
import org.causalem.bayes.GpPrediction;
import org.causalem.bayes.GpPredictor;
import org.causalem.bayes.Kernel;
import org.causalem.bayes.McmcResult;
import org.causalem.bayes.Nuts;
import org.causalem.bayes.PredictabilityMap;
import org.causalem.data.BadInputException;
import org.causalem.io.AtomicFiles;
import org.causalem.io.Json;
import org.causalem.table.DescriptorTable;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code causalem gp TABLE.csv --target y --inputs a,b --out DIR}. */
@Command(name = "gp", description = {
    "Gaussian-process regression of one column on others (or on the same column at each site's nearest",
    "neighbours): predictions with uncertainty and a cross-validated score (random folds, or spatial",
    "blocks held out when --coords is given)."})
public final class GpCommand extends OutputCommand {
  @Parameters(index = "0", paramLabel = "TABLE.csv", description = "Numeric CSV with a header row.")
  Path table;

  @Option(names = "--target", required = true, paramLabel = "COLUMN", description = "Column to predict.")
  String target;

  @Option(names = "--inputs", paramLabel = "A,B,...", description = "Predictor columns.")
  String inputs;

  @Option(names = "--neighbours", paramLabel = "K", description = "Also predict from the target at each row's K nearest sites (needs --coords): a predictability map.")
  @Range(min = 1, max = 100)
  Integer neighbours;

  @Option(names = "--coords", paramLabel = "X,Y", description = "Position columns: cross-validation holds out spatial blocks instead of random folds.")
  String coords;

  @Option(names = "--blocks", defaultValue = "3x3", paramLabel = "NXxNY", description = "Spatial blocks for cross-validation with --coords (default: ${DEFAULT-VALUE}).")
  String blocks;

  @Option(names = "--folds", defaultValue = "5", paramLabel = "K", description = "Random folds for cross-validation without --coords (default: ${DEFAULT-VALUE}).")
  @Range(min = 2, max = 100)
  int folds;

  @Option(names = "--kernel", defaultValue = "matern52", paramLabel = "NAME", description = "rbf, matern32 or matern52 (default: ${DEFAULT-VALUE}).")
  String kernel;

  @Option(names = "--method", defaultValue = "ml", paramLabel = "ml|nuts",
      description = "Hyperparameters by maximum marginal likelihood (ml) or sampled with NUTS under weak priors (nuts) (default: ${DEFAULT-VALUE}).")
  String method;

  @Option(names = "--max-optimisation-points", defaultValue = "600", paramLabel = "N",
      description = "Optimise hyperparameters on a random subset of at most N rows (default: ${DEFAULT-VALUE}).")
  @Range(min = 10, max = 5000, why = "the optimisation costs N³ per step")
  int maxPoints;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
  long seed;

  /** Most rows the exact GP takes: its memory grows as rows² and its time as rows³ (4000 rows: ~130 MB per matrix). */
  static final int MAX_ROWS = 4000;

  @Option(names = "--subsample", paramLabel = "N",
      description = "Use a random subset of N complete rows (seeded by --seed) when the table has more; needed above " + MAX_ROWS + " rows.")
  @Range(min = 10, max = MAX_ROWS, why = "the exact GP costs rows³ time and rows² memory")
  Integer subsample;

  @Override protected void execute(OutputDirectory dir, RunRecord run) throws Exception {
    Kernel k = Kernel.of(kernel);
    if (!method.equals("ml") && !method.equals("nuts")) throw OptionChecks.usage(spec, "--method must be ml or nuts, got '" + method + "'");
    if (inputs == null && neighbours == null) throw OptionChecks.usage(spec, "give --inputs, --neighbours, or both");
    if (neighbours != null && coords == null) throw OptionChecks.usage(spec, "--neighbours needs --coords X,Y");
    if (neighbours != null && neighbours < 1) throw OptionChecks.usage(spec, "--neighbours must be ≥ 1, got " + neighbours);
    int[] grid = coords == null ? null : parseBlocks(blocks);
    run.seed(seed);
    run.input(table);
    DescriptorTable csv = run.step("read table", () -> TableOptions.read(table));
    List<String> inputNames = inputs == null ? List.of() : TableOptions.names(spec, inputs, "--inputs");
    List<String> coordNames = coords == null ? List.of() : TableOptions.names(spec, coords, "--coords");
    if (coordNames.size() != 0 && coordNames.size() != 2) throw OptionChecks.usage(spec, "--coords needs two columns X,Y, got '" + coords + "'");
    List<String> used = new ArrayList<>(List.of(target));
    for (String s : inputNames) {
      TableOptions.column(csv, table, s, "--inputs");
      if (s.equals(target)) throw OptionChecks.usage(spec, "--inputs contains the target '" + target + "'");
      if (!used.contains(s)) used.add(s);
    }
    for (String s : coordNames) {
      TableOptions.column(csv, table, s, "--coords");
      if (!used.contains(s)) used.add(s);
    }
    TableOptions.column(csv, table, target, "--target");
    int[] rows = TableOptions.completeRows(csv, table, used, "--inputs");
    int complete = rows.length;
    if (subsample == null && complete > MAX_ROWS) {
      throw OptionChecks.usage(spec, table + " has " + complete + " complete rows; the exact GP takes at most " + MAX_ROWS
          + " (time grows as rows³, memory as rows²): give --subsample N (N <= " + MAX_ROWS + ", a random subset seeded by --seed)");
    }
    if (subsample != null && complete > subsample) {
      rows = subsample(rows, subsample, seed);
      note("using a random subset of " + rows.length + " of " + complete + " complete rows (--subsample, seed " + seed + ")");
    }
    int n = rows.length;
    if (n < 10) throw new BadInputException(table + ": only " + n + " complete rows; a GP needs at least 10");
    double[] y = TableOptions.take(TableOptions.column(csv, table, target, "--target"), rows);
    double[] xPos = coordNames.isEmpty() ? null : TableOptions.take(TableOptions.column(csv, table, coordNames.get(0), "--coords"), rows);
    double[] yPos = coordNames.isEmpty() ? null : TableOptions.take(TableOptions.column(csv, table, coordNames.get(1), "--coords"), rows);
    List<String> featureNames = new ArrayList<>(inputNames);
    double[][] nb = null;
    if (neighbours != null) {
      if (neighbours >= n) throw OptionChecks.usage(spec, "--neighbours " + neighbours + " needs more than " + n + " rows");
      nb = PredictabilityMap.neighbourFeatures(xPos, yPos, y, neighbours);
      for (int q = 0; q < neighbours; q++) featureNames.add(target + "@neighbour" + (q + 1));
    }
    double[][] x = new double[n][featureNames.size()];
    for (int j = 0; j < inputNames.size(); j++) {
      double[] col = TableOptions.take(TableOptions.column(csv, table, inputNames.get(j), "--inputs"), rows);
      for (int i = 0; i < n; i++) x[i][j] = col[i];
    }
    if (nb != null) for (int i = 0; i < n; i++) System.arraycopy(nb[i], 0, x[i], inputNames.size(), neighbours);
    for (int j = 0; j < featureNames.size(); j++) {
      double first = x[0][j];
      boolean constant = true;
      for (int i = 1; i < n && constant; i++) if (x[i][j] != first) constant = false;
      if (constant) throw new BadInputException(table + ": input '" + featureNames.get(j) + "' is constant");
    }
    boolean constantY = true;
    for (int i = 1; i < n && constantY; i++) if (y[i] != y[0]) constantY = false;
    if (constantY) throw new BadInputException(table + ": target '" + target + "' is constant");

    boolean nuts = method.equals("nuts");
    GaussianProcess.Options opt = new GaussianProcess.Options(k, true, 3, 200, maxPoints, nuts ? 2.0 : Double.POSITIVE_INFINITY, seed);
    run.parameter("kernel", k.label());
    run.parameter("method", method);
    run.parameter("inputs", featureNames);
    run.parameter("max_optimisation_points", maxPoints);
    run.parameter("subsample", subsample == null ? "off" : subsample);

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("table", table.toString());
    out.put("target", target);
    out.put("inputs", featureNames);
    out.put("rows", n);
    out.put("rows_dropped_missing", csv.rows() - complete);
    if (n < complete) out.put("subsample", Map.of("rows_used", n, "complete_rows", complete, "seed", seed));
    out.put("kernel", k.label());
    out.put("method", method);
    GpPredictor predictor;
    if (nuts) {
      if (n > 1000) throw OptionChecks.usage(spec, "--method nuts is for at most 1000 rows (each gradient costs n³); got " + n + "; use --method ml");
      GpEnsemble ens = run.step("sample hyperparameters", () -> GaussianProcess.sample(x, y, null, opt, new Nuts.Options(300, 300, 2, 0.8, 8, seed, 2), 40));
      McmcResult mc = ens.draws();
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("parameters", "log signal sd, log length scale per input, log noise sd (standardised units)");
      d.put("rhat", mc.rhat());
      d.put("ess_bulk", mc.essBulk());
      d.put("divergences", mc.divergences());
      out.put("nuts", d);
      predictor = ens;
      GpModel mid = ens.models().get(ens.models().size() / 2);
      out.put("hyperparameters_example_draw", hyper(mid, featureNames));
    } else {
      GpModel model = run.step("fit", () -> GaussianProcess.fit(x, y, opt));
      out.put("hyperparameters", hyper(model, featureNames));
      out.put("log_marginal_likelihood", model.logMarginalLikelihood());
      predictor = model;
    }
    GpPrediction fitted = run.step("predict", () -> predictor.predict(x));
    int[] fold;
    Map<String, Object> cvDesc = new LinkedHashMap<>();
    if (grid != null) {
      fold = PredictabilityMap.spatialBlocks(xPos, yPos, grid[0], grid[1]);
      cvDesc.put("scheme", "spatial blocks " + grid[0] + "x" + grid[1] + " over (" + coordNames.get(0) + ", " + coordNames.get(1) + ")");
    } else {
      if (folds < 2 || folds > n) throw OptionChecks.usage(spec, "--folds must be in 2.." + n + ", got " + folds);
      fold = GaussianProcess.randomFolds(n, folds, seed);
      cvDesc.put("scheme", folds + " random folds");
    }
    GaussianProcess.Options cvOpt = nuts ? opt.withHyperpriorSd(2.0) : opt;
    CrossValidation cv = run.step("cross-validate", () -> GaussianProcess.crossValidate(x, y, null, fold, cvOpt));
    if (nuts) cvDesc.put("note", "held-out folds refit by maximum a posteriori hyperparameters");
    cvDesc.put("rmse", cv.rmse());
    cvDesc.put("r2", cv.r2());
    cvDesc.put("coverage95", cv.coverage95());
    cvDesc.put("mean_log_predictive_density", cv.meanLogPredictiveDensity());
    out.put("cross_validation", cvDesc);
    Json.write(dir.path().resolve("gp.json"), out);
    writePredictions(dir.path().resolve("predictions.csv"), rows, featureNames, x, y, fitted, cv, fold);
    run.step("plots", () -> {
      XYChart c = Figures.chart("held-out predictions (" + cvDesc.get("scheme") + ")", "observed " + target, "predicted " + target, 640, 480);
      Figures.points(c, "cross-validated mean", y, cv.mean());
      double lo = java.util.Arrays.stream(y).min().orElse(0);
      double hi = java.util.Arrays.stream(y).max().orElse(1);
      Figures.line(c, "y = x", new double[] {lo, hi}, new double[] {lo, hi});
      Figures.png(dir.path().resolve("gp_cv.png"), List.of(c), 1, 1);
      org.causalem.report.OutputReport.write(dir.path(), "gp: " + table.getFileName(), List.of(), "gp_cv.png", "gp.json", "predictions.csv");
      return null;
    });
    note(String.format("cross-validated R² %.3f, RMSE %.4g, 95%% coverage %.3f", cv.r2(), cv.rmse(), cv.coverage95()));
  }

  /** {@code m} of {@code rows} chosen uniformly at random without replacement (seeded), in table order. */
  static int[] subsample(int[] rows, int m, long seed) {
    int[] idx = rows.clone();
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    for (int i = 0; i < m; i++) {
      int j = i + r.nextInt(idx.length - i);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    int[] out = java.util.Arrays.copyOf(idx, m);
    java.util.Arrays.sort(out);
    return out;
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

  private int[] parseBlocks(String s) {
    String[] p = s.toLowerCase(java.util.Locale.ROOT).split("x");
    try {
      if (p.length == 2) {
        if (!p[0].strip().matches("[0-9]{1,3}") || !p[1].strip().matches("[0-9]{1,3}")) throw new NumberFormatException(s);
        int a = Integer.parseInt(p[0].strip());
        int b = Integer.parseInt(p[1].strip());
        if (a >= 1 && b >= 1 && a * b >= 2 && a * b <= 400) return new int[] {a, b};
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw OptionChecks.usage(spec, "--blocks must be NXxNY with at least 2 blocks, e.g. 3x3; got '" + s + "'");
  }

  private static void writePredictions(Path file, int[] rows, List<String> names, double[][] x, double[] y, GpPrediction fit, CrossValidation cv, int[] fold)
      throws java.io.IOException {
    AtomicFiles.write(file, os -> {
      PrintWriter w = new PrintWriter(new java.io.OutputStreamWriter(os, StandardCharsets.UTF_8));
      StringBuilder h = new StringBuilder("row");
      for (String nme : names) h.append(',').append(nme);
      h.append(",observed,mean,sd,cv_fold,cv_mean,cv_sd");
      w.println(h);
      for (int i = 0; i < y.length; i++) {
        StringBuilder sb = new StringBuilder().append(rows[i]);
        for (double v : x[i]) sb.append(',').append(v);
        sb.append(',').append(y[i]).append(',').append(fit.mean()[i]).append(',').append(fit.observationSd()[i])
            .append(',').append(fold[i]).append(',').append(cv.mean()[i]).append(',').append(cv.sd()[i]);
        w.println(sb);
      }
      w.flush();
    });
  }
}
