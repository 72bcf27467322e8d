package org.causalem.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.causalem.output.BayesOutput;
import org.causalem.report.OutputReport;
import org.causalem.workflow.BayesAnalysis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code causalem bayes TABLE.csv --target y --models MODELS.txt --out DIR}: the options of a {@link BayesAnalysis}, its files by {@link BayesOutput}. */
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

  /** The analysis options from the command line. */
  BayesAnalysis.Options options() {
    return BayesAnalysis.Options.of(target, models).withG(g == null ? OptionalDouble.empty() : OptionalDouble.of(g)).withNoiseShape(noiseShape)
        .withNoiseRate(noiseRate == null ? OptionalDouble.empty() : OptionalDouble.of(noiseRate));
  }

  @Override protected void execute(OutputDirectory dir, RunRecord run) throws Exception {
    BayesAnalysis analysis = new BayesAnalysis(options());
    run.input(table);
    run.input(models);
    BayesAnalysis.Result result = run.step("fit", () -> usage(() -> analysis.run(table)));
    BayesOutput.parameters(result).forEach(run::parameter);
    run.step("write", () -> {
      BayesOutput.write(dir.path(), result);
      return null;
    });
    run.step("plots", () -> {
      BayesOutput.writeFigures(dir.path(), result);
      OutputReport.write(dir.path(), "bayes: " + table.getFileName(), List.of(), "model_probabilities.svg", "posterior_*.svg", "bayes.json");
      return null;
    });
    result.notes().forEach(this::note);
    note(BayesOutput.summary(result));
  }
}
