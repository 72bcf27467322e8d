package org.causalem.workflow;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import org.causalem.bayes.Collinearity;
import org.causalem.bayes.ModelComparison;
import org.causalem.bayes.NormalInverseGamma;
import org.causalem.bayes.RegressionFormula;
import org.causalem.bayes.RegressionPosterior;
import org.causalem.bayes.StudentT;
import org.causalem.data.BadInputException;
import org.causalem.io.TextFiles;
import org.causalem.table.DescriptorTable;

/**
 * Bayesian comparison of competing linear models of one descriptor: conjugate Normal–inverse-Gamma regression
 * (Zellner's g-prior), log evidence, posterior model probabilities, coefficient posteriors and the information
 * gained from the data.
 *
 * <pre>{@code
 * BayesAnalysis.Result r = new BayesAnalysis(BayesAnalysis.Options.of("a_px", Path.of("models.txt"))).run(Path.of("cells.csv"));
 * System.out.println(r.best().name() + " " + r.best().posteriorProbability());
 * }</pre>
 */
public final class BayesAnalysis {
  /**
   * The models and their priors.
   *
   * @param target the response column, every model's left-hand side
   * @param models the models file: one per line, {@code name: y ~ x1 + x2^2 + x1*x2} (intercept unless {@code - 1}); '#' starts a comment
   * @param g g of Zellner's g-prior on the coefficients; empty: the number of rows (the unit-information prior)
   * @param noiseShape Inverse-Gamma shape of the noise-variance prior, &gt; 0
   * @param noiseRate Inverse-Gamma rate of the noise-variance prior; empty: the sample variance of the target
   */
  public record Options(String target, Path models, OptionalDouble g, double noiseShape, OptionalDouble noiseRate) {
    public Options {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(models, "models");
      Objects.requireNonNull(g, "g");
      Objects.requireNonNull(noiseRate, "noiseRate");
      if (g.isPresent() && !(g.getAsDouble() > 0 && Double.isFinite(g.getAsDouble()))) throw new IllegalArgumentException("`g` must be > 0, got " + g.getAsDouble());
      if (!(noiseShape > 0 && Double.isFinite(noiseShape))) throw new IllegalArgumentException("`noiseShape` must be > 0, got " + noiseShape);
      if (noiseRate.isPresent() && !(noiseRate.getAsDouble() > 0 && Double.isFinite(noiseRate.getAsDouble()))) {
        throw new IllegalArgumentException("`noiseRate` must be > 0, got " + noiseRate.getAsDouble());
      }
    }

    /** The models of {@code models} for {@code target} with the default priors (g = rows, shape 1, rate var(target)). */
    public static Options of(String target, Path models) { return new Options(target, models, OptionalDouble.empty(), 1, OptionalDouble.empty()); }

    public Options withTarget(String t) { return new Options(t, models, g, noiseShape, noiseRate); }

    public Options withModels(Path m) { return new Options(target, m, g, noiseShape, noiseRate); }

    public Options withG(OptionalDouble v) { return new Options(target, models, v, noiseShape, noiseRate); }

    public Options withNoiseShape(double a) { return new Options(target, models, g, a, noiseRate); }

    public Options withNoiseRate(OptionalDouble b) { return new Options(target, models, g, noiseShape, b); }
  }

  /**
   * The comparison.
   *
   * @param source the table (as the caller named it)
   * @param options the options of the run
   * @param formulas the models, in file order
   * @param ranked each model's posterior and probability, in file order
   * @param best the model of highest evidence
   * @param rows rows used (complete in every column a model uses)
   * @param tableRows rows of the table
   * @param noiseRate the Inverse-Gamma rate used
   * @param notes what the user should know (text columns left out of the table)
   * @param posteriors what is reported of each model's posterior, in file order
   */
  public record Result(String source, Options options, List<RegressionFormula> formulas, List<ModelComparison.Ranked> ranked, ModelComparison.Ranked best,
      int rows, int tableRows, double noiseRate, List<String> notes, List<Posterior> posteriors) {
    public Result {
      formulas = List.copyOf(formulas);
      ranked = List.copyOf(ranked);
      notes = List.copyOf(notes);
      posteriors = List.copyOf(posteriors);
    }
  }

  /**
   * One coefficient's marginal posterior and its central 95 % credible interval.
   *
   * @param label the coefficient's regressor ({@code 1} for the intercept)
   */
  public record Coefficient(String label, StudentT marginal, double ci95Low, double ci95High) {}

  /**
   * What is reported of one model's posterior (computed here, so that writing it is only writing).
   *
   * @param coefficients each coefficient's marginal, in the order of the model's regressors
   * @param noiseSdMean the square root of the posterior mean of the noise variance
   * @param informationGainNats KL divergence from the prior to the posterior, nats
   */
  public record Posterior(List<Coefficient> coefficients, double noiseSdMean, double informationGainNats) {
    public Posterior {
      coefficients = List.copyOf(coefficients);
    }

    static Posterior of(RegressionFormula f, RegressionPosterior p) {
      List<String> labels = f.columnLabels();
      List<StudentT> marginals = p.coefficientMarginals();
      List<Coefficient> cs = new ArrayList<>(labels.size());
      for (int j = 0; j < labels.size(); j++) {
        StudentT t = marginals.get(j);
        cs.add(new Coefficient(labels.get(j), t, t.quantile(0.025), t.quantile(0.975)));
      }
      return new Posterior(cs, Math.sqrt(p.posterior().noiseVarianceMean()), p.informationGainNats());
    }
  }

  private final Options options;

  public BayesAnalysis(Options options) { this.options = Objects.requireNonNull(options); }

  /** Reads the models and the table {@code file}, and compares the models. */
  public Result run(Path file) throws IOException {
    List<RegressionFormula> formulas = parseModels(options.models());
    List<String> used = new ArrayList<>(List.of(options.target()));
    for (RegressionFormula f : formulas) used.addAll(f.variables());
    List<String> notes = new ArrayList<>();
    return run(Tables.read(file, used, notes), file.toString(), formulas, notes);
  }

  /** Compares {@code formulas} on a table already read ({@code source} names it in messages); NaN marks a missing value. */
  public Result run(DescriptorTable csv, String source, List<RegressionFormula> formulas) { return run(csv, source, formulas, List.of()); }

  private Result run(DescriptorTable csv, String source, List<RegressionFormula> formulas, List<String> notes) {
    String target = options.target();
    Path models = options.models();
    Tables.column(csv, source, target, "`target`");
    List<String> used = new ArrayList<>(List.of(target));
    for (RegressionFormula f : formulas) {
      if (!f.target().equals(target)) {
        throw new BadInputException(models + ": model '" + f.name() + "' explains '" + f.target() + "', but `target` is '" + target + "'");
      }
      for (String v : f.variables()) {
        if (csv.names().indexOf(v) < 0) {
          throw new BadInputException(models + ": model '" + f.name() + "' uses '" + v + "', which is not a column of " + source + "; columns are "
              + csv.names());
        }
        if (!used.contains(v)) used.add(v);
      }
    }
    int[] rows = Tables.completeRows(csv, source, used, "`models`");
    if (rows.length < 3) throw new BadInputException(source + ": only " + rows.length + " rows have every column the models use");
    double[] y = Tables.take(Tables.column(csv, source, target, "`target`"), rows);
    List<ModelComparison.Candidate> candidates = new ArrayList<>();
    for (RegressionFormula f : formulas) candidates.add(candidate(f, csv, source, rows, y));
    List<ModelComparison.Ranked> ranked;
    try {
      ranked = ModelComparison.compare(candidates, y);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(source + ": " + e.getMessage() + " (a model's regressors are linearly dependent)", e);
    }
    ModelComparison.Ranked best = ranked.get(0);
    for (ModelComparison.Ranked r : ranked) if (r.posterior().logEvidence() > best.posterior().logEvidence()) best = r;
    List<Posterior> posteriors = new ArrayList<>(ranked.size());
    for (int k = 0; k < ranked.size(); k++) posteriors.add(Posterior.of(formulas.get(k), ranked.get(k).posterior()));
    return new Result(source, options, formulas, ranked, best, rows.length, csv.rows(), candidates.get(0).prior().rate(), notes, posteriors);
  }

  /** The design and prior of one model on the used rows. */
  private ModelComparison.Candidate candidate(RegressionFormula f, DescriptorTable csv, String source, int[] rows, double[] y) {
    double[][] design = f.design(v -> Tables.take(Tables.column(csv, source, v, "`models`"), rows), rows.length);
    if (design[0].length >= rows.length) {
      throw new BadInputException("model '" + f.name() + "' has " + design[0].length + " coefficients but only " + rows.length + " rows");
    }
    Collinearity.Dependence dep = Collinearity.find(design);
    if (dep != null) {
      List<String> labels = f.columnLabels();
      List<String> with = new ArrayList<>();
      for (int c : dep.combination()) with.add(labels.get(c).equals("1") ? "the intercept" : "'" + labels.get(c) + "'");
      throw new BadInputException(options.models() + ": model '" + f.name() + "': on the " + rows.length + " rows of " + source + ", regressor '"
          + labels.get(dep.column()) + "' " + (with.isEmpty() ? "is zero on every row" : "is a linear combination of " + String.join(", ", with))
          + ", so the coefficients are not identifiable; drop one of them from the model");
    }
    NormalInverseGamma def;
    try {
      def = ModelComparison.defaultPrior(design, y);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(source + ": column '" + options.target() + "': " + e.getMessage(), e);
    }
    NormalInverseGamma prior = def;
    if (options.g().isPresent() || options.noiseRate().isPresent() || options.noiseShape() != 1) {
      double scale = options.g().isEmpty() ? 1 : rows.length / options.g().getAsDouble();
      double[] prec = def.precision().clone();
      for (int i = 0; i < prec.length; i++) prec[i] *= scale;
      prior = new NormalInverseGamma(def.mean(), prec, options.noiseShape(), options.noiseRate().orElse(def.rate()));
    }
    return new ModelComparison.Candidate(f.name(), design, prior);
  }

  /** The models of {@code file}: one per line, 'name: y ~ x1 + x2', '#' starts a comment. */
  public static List<RegressionFormula> parseModels(Path file) throws IOException {
    List<String> lines = TextFiles.readUtf8(file, "`models` file").lines().toList();
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
}
