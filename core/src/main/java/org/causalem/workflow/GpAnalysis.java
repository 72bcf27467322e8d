package org.causalem.workflow;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.causalem.bayes.CrossValidation;
import org.causalem.bayes.GaussianProcess;
import org.causalem.bayes.GpEnsemble;
import org.causalem.bayes.GpModel;
import org.causalem.bayes.GpPrediction;
import org.causalem.bayes.GpPredictor;
import org.causalem.bayes.Kernel;
import org.causalem.bayes.Nuts;
import org.causalem.bayes.PredictabilityMap;
import org.causalem.data.BadInputException;
import org.causalem.table.DescriptorTable;

/**
 * Gaussian-process regression of one column on others (or on the same column at each site's nearest
 * neighbours): predictions with uncertainty and a cross-validated score (random folds, or spatial blocks
 * held out when position columns are given). Hyperparameters by maximum marginal likelihood or sampled
 * with NUTS under weak priors.
 *
 * <pre>{@code
 * GpAnalysis.Result r = new GpAnalysis(GpAnalysis.Options.of("a_px", List.of("intensity_A")))
 *     .run(Path.of("cells.csv"));
 * double r2 = r.crossValidation().r2();
 * }</pre>
 */
public final class GpAnalysis {
  /** Most rows the exact GP takes: its memory grows as rows² and its time as rows³ (4000 rows: ~130 MB per matrix). */
  public static final int MAX_ROWS = 4000;

  /** Most rows for NUTS: each gradient costs rows³. */
  public static final int MAX_NUTS_ROWS = 1000;

  /** The covariance kernels (see {@link Kernel}). */
  public enum KernelType {
    RBF, MATERN32, MATERN52;

    /** The name in outputs and on the command line. */
    public String label() { return kernel().label(); }

    Kernel kernel() { return Kernel.valueOf(name()); }
  }

  /** How the hyperparameters are chosen. */
  public enum Method {
    /** Maximum marginal likelihood. */
    ML,
    /** Sampled with NUTS under weak priors. */
    NUTS;

    /** The name in outputs and on the command line. */
    public String label() { return name().toLowerCase(Locale.ROOT); }
  }

  /** Spatial blocks for cross-validation over the position columns: {@code nx × ny}, at least 2, at most 400. */
  public record Blocks(int nx, int ny) {
    public Blocks {
      if (nx < 1 || ny < 1 || nx * ny < 2 || nx * ny > 400) {
        throw new IllegalArgumentException("blocks must be NXxNY with at least 2 (and at most 400) blocks, got " + nx + "x" + ny);
      }
    }

    /** Parses {@code NXxNY}, e.g. {@code 3x3}. */
    public static Blocks parse(String s) {
      String[] p = s.toLowerCase(Locale.ROOT).split("x");
      if (p.length == 2 && p[0].strip().matches("[0-9]{1,3}") && p[1].strip().matches("[0-9]{1,3}")) {
        return new Blocks(Integer.parseInt(p[0].strip()), Integer.parseInt(p[1].strip()));
      }
      throw new IllegalArgumentException("blocks must be NXxNY with at least 2 blocks, e.g. 3x3; got '" + s + "'");
    }

    @Override public String toString() { return nx + "x" + ny; }
  }

  /**
   * What to regress and how.
   *
   * @param target the column to predict
   * @param inputs predictor columns (may be empty when {@code neighbours} is given)
   * @param neighbours also predict from the target at each row's K nearest sites (needs {@code coords})
   * @param coords the two position columns X, Y, or empty: cross-validation then uses random folds
   * @param blocks spatial blocks for cross-validation with {@code coords}
   * @param folds random folds for cross-validation without {@code coords}
   * @param kernel the covariance kernel
   * @param method maximum likelihood or NUTS
   * @param maxOptimisationPoints hyperparameters are optimised on a random subset of at most this many rows
   * @param seed seed of every random choice
   * @param subsample use a random subset of this many complete rows when there are more (needed above {@link #MAX_ROWS})
   * @param cvRefit refit the hyperparameters on every fold's training rows (3 restarts each: about a fit's time per
   *     fold); otherwise ({@link Method#ML} only) the held-out folds are predicted exactly by the GP conditioned on the
   *     other rows with the hyperparameters of the fit on all rows, from that fit's factorisation
   */
  public record Options(String target, List<String> inputs, OptionalInt neighbours, List<String> coords, Blocks blocks, int folds,
      KernelType kernel, Method method, int maxOptimisationPoints, long seed, OptionalInt subsample, boolean cvRefit) {
    public Options {
      Objects.requireNonNull(target, "target");
      inputs = List.copyOf(inputs);
      coords = List.copyOf(coords);
      Objects.requireNonNull(neighbours, "neighbours");
      Objects.requireNonNull(blocks, "blocks");
      Objects.requireNonNull(kernel, "kernel");
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(subsample, "subsample");
      if (target.isBlank()) throw new IllegalArgumentException("target must name a column");
      if (inputs.isEmpty() && neighbours.isEmpty()) throw new IllegalArgumentException("give `inputs`, `neighbours`, or both");
      if (neighbours.isPresent() && coords.isEmpty()) throw new IllegalArgumentException("`neighbours` needs `coords` X,Y");
      if (neighbours.isPresent() && neighbours.getAsInt() < 1) throw new IllegalArgumentException("`neighbours` must be ≥ 1, got " + neighbours.getAsInt());
      if (!coords.isEmpty() && coords.size() != 2) throw new IllegalArgumentException("`coords` needs two columns X,Y, got '" + String.join(",", coords) + "'");
      if (inputs.contains(target)) throw new IllegalArgumentException("`inputs` contains the target '" + target + "'");
      if (inputs.stream().distinct().count() != inputs.size()) throw new IllegalArgumentException("`inputs` lists a column twice: " + inputs);
      if (folds < 2) throw new IllegalArgumentException("`folds` must be ≥ 2, got " + folds);
      if (maxOptimisationPoints < 10) throw new IllegalArgumentException("maxOptimisationPoints must be ≥ 10, got " + maxOptimisationPoints);
      if (subsample.isPresent() && subsample.getAsInt() < 10) throw new IllegalArgumentException("`subsample` must be ≥ 10, got " + subsample.getAsInt());
    }

    /** A builder starting from {@code target} with the defaults: 3x3 blocks, 5 folds, Matérn 5/2 by maximum likelihood, 600 points, seed 1. */
    public static Builder builder(String target) { return new Builder(target); }

    /** {@code target} on {@code inputs} with the defaults of {@link #builder}. */
    public static Options of(String target, List<String> inputs) { return builder(target).inputs(inputs).build(); }

    /** A builder holding these options, to change some of them. */
    public Builder toBuilder() {
      Builder b = new Builder(target).inputs(inputs).coords(coords).blocks(blocks).folds(folds).kernel(kernel).method(method)
          .maxOptimisationPoints(maxOptimisationPoints).seed(seed).cvRefit(cvRefit);
      b.neighbours = neighbours;
      b.subsample = subsample;
      return b;
    }

    /** Collects the options one by one; {@link #build} validates them together. */
    public static final class Builder {
      private String target;
      private List<String> inputs = List.of();
      private OptionalInt neighbours = OptionalInt.empty();
      private List<String> coords = List.of();
      private Blocks blocks = new Blocks(3, 3);
      private int folds = 5;
      private KernelType kernel = KernelType.MATERN52;
      private Method method = Method.ML;
      private int maxOptimisationPoints = 600;
      private long seed = 1;
      private OptionalInt subsample = OptionalInt.empty();
      private boolean cvRefit;

      private Builder(String target) { this.target = target; }

      public Builder target(String t) { target = t; return this; }

      public Builder inputs(List<String> i) { inputs = i; return this; }

      /** Also predict from the target at each row's {@code k} nearest sites (needs {@link #coords}). */
      public Builder neighbours(int k) { neighbours = OptionalInt.of(k); return this; }

      /** The two position columns: cross-validation then holds out spatial blocks. */
      public Builder coords(List<String> c) { coords = c; return this; }

      public Builder blocks(Blocks b) { blocks = b; return this; }

      public Builder folds(int f) { folds = f; return this; }

      public Builder kernel(KernelType k) { kernel = k; return this; }

      public Builder method(Method m) { method = m; return this; }

      public Builder maxOptimisationPoints(int n) { maxOptimisationPoints = n; return this; }

      public Builder seed(long s) { seed = s; return this; }

      /** Use a random subset of {@code n} complete rows when there are more. */
      public Builder subsample(int n) { subsample = OptionalInt.of(n); return this; }

      /** Refit the hyperparameters on every fold (slow; see {@link Options#cvRefit}). */
      public Builder cvRefit(boolean refit) { cvRefit = refit; return this; }

      public Options build() {
        return new Options(target, inputs, neighbours, coords, blocks, folds, kernel, method, maxOptimisationPoints, seed, subsample, cvRefit);
      }
    }

    /** The options of the Gaussian process these give (ARD, 3 restarts, 200 iterations; a weak hyperprior for NUTS). */
    public GaussianProcess.Options gaussianProcess() {
      return new GaussianProcess.Options(kernel.kernel(), true, 3, 200, maxOptimisationPoints, method == Method.NUTS ? 2.0 : Double.POSITIVE_INFINITY, seed);
    }

    /** The NUTS sampler of {@link Method#NUTS}: 300 warm-up and 300 draws on each of 2 chains. */
    public Nuts.Options nuts() { return new Nuts.Options(300, 300, 2, 0.8, 8, seed, 2); }
  }

  /**
   * The fit and its cross-validation.
   *
   * @param source the table (as the caller named it)
   * @param options the options of the run
   * @param featureNames the inputs, then {@code target@neighbourK} for each neighbour
   * @param rows the table rows used (complete in every used column; a random subset when subsampled)
   * @param completeRows how many rows were complete
   * @param tableRows rows of the table
   * @param x the inputs, {@code x[row][feature]}
   * @param y the target on the used rows
   * @param model the fitted model (maximum likelihood)
   * @param ensemble the sampled models (NUTS)
   * @param fitted the predictions at the used rows
   * @param fold each row's cross-validation fold
   * @param scheme the cross-validation scheme in words
   * @param crossValidation the held-out predictions and scores
   * @param notes what the user should know
   */
  public record Result(String source, Options options, List<String> featureNames, int[] rows, int completeRows, int tableRows, double[][] x,
      double[] y, Optional<GpModel> model, Optional<GpEnsemble> ensemble, GpPrediction fitted, int[] fold, String scheme,
      CrossValidation crossValidation, List<String> notes) {
    public Result {
      featureNames = List.copyOf(featureNames);
      notes = List.copyOf(notes);
    }

    /**
     * How the cross-validation chose the hyperparameters: {@link #FIXED_HYPERPARAMETERS}, or refitted on every fold
     * ({@code cvRefit}, and always for {@link Method#NUTS}, by maximum a posteriori).
     */
    public String cvHyperparameters() {
      return model.isPresent() && !options.cvRefit() ? FIXED_HYPERPARAMETERS : "refitted per fold";
    }
  }

  /** How the cross-validation chose its hyperparameters by default ({@link Method#ML} without {@code cvRefit}). */
  public static final String FIXED_HYPERPARAMETERS = "hyperparameters fitted on all rows (not re-selected per fold: slightly optimistic)";

  private final Options options;

  public GpAnalysis(Options options) { this.options = Objects.requireNonNull(options); }

  /** Reads {@code file} (missing values kept: only rows missing a used column are dropped) and regresses. */
  public Result run(Path file) throws IOException {
    List<String> used = new ArrayList<>(List.of(options.target()));
    used.addAll(options.inputs());
    used.addAll(options.coords());
    List<String> notes = new ArrayList<>();
    return run(Tables.read(file, used, notes), file.toString(), notes);
  }

  /** Regresses on a table already read ({@code source} names it in messages); NaN marks a missing value. */
  public Result run(DescriptorTable csv, String source) { return run(csv, source, new ArrayList<>()); }

  private Result run(DescriptorTable csv, String source, List<String> notes) {
    Options o = options;
    String target = o.target();
    List<String> inputNames = o.inputs();
    List<String> coordNames = o.coords();
    List<String> used = new ArrayList<>(List.of(target));
    for (String s : inputNames) {
      Tables.column(csv, source, s, "`inputs`");
      if (!used.contains(s)) used.add(s);
    }
    for (String s : coordNames) {
      Tables.column(csv, source, s, "`coords`");
      if (!used.contains(s)) used.add(s);
    }
    Tables.column(csv, source, target, "`target`");
    int[] rows = Tables.completeRows(csv, source, used, "`inputs`");
    int complete = rows.length;
    if (o.subsample().isEmpty() && complete > MAX_ROWS) {
      throw new OptionsException(source + " has " + complete + " complete rows; the exact GP takes at most " + MAX_ROWS
          + " (time grows as rows³, memory as rows²): give `subsample` N (N <= " + MAX_ROWS + ", a random subset seeded by `seed`)");
    }
    if (o.subsample().isPresent() && complete > o.subsample().getAsInt()) {
      rows = subsample(rows, o.subsample().getAsInt(), o.seed());
      notes.add("using a random subset of " + rows.length + " of " + complete + " complete rows (`subsample`, seed " + o.seed() + ")");
    }
    int n = rows.length;
    if (n < 10) throw new BadInputException(source + ": only " + n + " complete rows; a GP needs at least 10");
    double[] y = Tables.take(Tables.column(csv, source, target, "`target`"), rows);
    double[] xPos = coordNames.isEmpty() ? null : Tables.take(Tables.column(csv, source, coordNames.get(0), "`coords`"), rows);
    double[] yPos = coordNames.isEmpty() ? null : Tables.take(Tables.column(csv, source, coordNames.get(1), "`coords`"), rows);
    List<String> featureNames = new ArrayList<>(inputNames);
    double[][] nb = null;
    int neighbours = o.neighbours().orElse(0);
    if (neighbours > 0) {
      if (neighbours >= n) throw new OptionsException("`neighbours` " + neighbours + " needs more than " + n + " rows");
      nb = PredictabilityMap.neighbourFeatures(xPos, yPos, y, neighbours);
      for (int q = 0; q < neighbours; q++) featureNames.add(target + "@neighbour" + (q + 1));
    }
    double[][] x = new double[n][featureNames.size()];
    for (int j = 0; j < inputNames.size(); j++) {
      double[] col = Tables.take(Tables.column(csv, source, inputNames.get(j), "`inputs`"), rows);
      for (int i = 0; i < n; i++) x[i][j] = col[i];
    }
    if (nb != null) for (int i = 0; i < n; i++) System.arraycopy(nb[i], 0, x[i], inputNames.size(), neighbours);
    for (int j = 0; j < featureNames.size(); j++) {
      double first = x[0][j];
      boolean constant = true;
      for (int i = 1; i < n && constant; i++) if (x[i][j] != first) constant = false;
      if (constant) throw new BadInputException(source + ": input '" + featureNames.get(j) + "' is constant");
    }
    boolean constantY = true;
    for (int i = 1; i < n && constantY; i++) if (y[i] != y[0]) constantY = false;
    if (constantY) throw new BadInputException(source + ": target '" + target + "' is constant");

    boolean nuts = o.method() == Method.NUTS;
    GaussianProcess.Options opt = o.gaussianProcess();
    GpModel model = null;
    GpEnsemble ensemble = null;
    GpPredictor predictor;
    if (nuts) {
      if (n > MAX_NUTS_ROWS) {
        throw new OptionsException("`method` nuts is for at most " + MAX_NUTS_ROWS + " rows (each gradient costs n³); got " + n + "; use `method` ml");
      }
      ensemble = GaussianProcess.sample(x, y, null, opt, o.nuts(), 40);
      predictor = ensemble;
    } else {
      model = GaussianProcess.fit(x, y, opt);
      predictor = model;
    }
    GpPrediction fitted = predictor.predict(x);
    int[] fold;
    String scheme;
    if (!coordNames.isEmpty()) {
      fold = PredictabilityMap.spatialBlocks(xPos, yPos, o.blocks().nx(), o.blocks().ny());
      scheme = "spatial blocks " + o.blocks().nx() + "x" + o.blocks().ny() + " over (" + coordNames.get(0) + ", " + coordNames.get(1) + ")";
    } else {
      if (o.folds() > n) throw new OptionsException("`folds` must be in 2.." + n + ", got " + o.folds());
      fold = GaussianProcess.randomFolds(n, o.folds(), o.seed());
      scheme = o.folds() + " random folds";
    }
    CrossValidation cv;
    if (model != null && !o.cvRefit()) {
      cv = model.crossValidate(y, fold);
      notes.add("cross-validation: " + FIXED_HYPERPARAMETERS + "; `cvRefit` refits them on every fold");
    } else {
      GaussianProcess.Options cvOpt = nuts ? opt.withHyperpriorSd(2.0) : opt;
      cv = GaussianProcess.crossValidate(x, y, null, fold, cvOpt);
    }
    return new Result(source, o, featureNames, rows, complete, csv.rows(), x, y, Optional.ofNullable(model), Optional.ofNullable(ensemble), fitted, fold,
        scheme, cv, notes);
  }

  /** {@code m} of {@code rows} chosen uniformly at random without replacement (seeded), in table order. */
  static int[] subsample(int[] rows, int m, long seed) {
    // rows are increasing (table order), so taking sorted positions keeps table order
    int[] pick = org.causalem.bayes.GaussianProcess.subset(rows.length, m, new java.util.SplittableRandom(seed));
    int[] out = new int[m];
    for (int i = 0; i < m; i++) out[i] = rows[pick[i]];
    return out;
  }

}
