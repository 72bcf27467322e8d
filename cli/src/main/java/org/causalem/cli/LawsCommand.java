package org.causalem.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.causalem.output.LawsOutput;
import org.causalem.report.OutputReport;
import org.causalem.workflow.LawsAnalysis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code causalem laws SERIES.csv --time t --state x,y,z --out DIR}: the options of a {@link LawsAnalysis}, its files by {@link LawsOutput}. */
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

  @Option(names = "--criterion", defaultValue = "bic", paramLabel = "aic|bic", converter = Choices.Criterion.class,
      completionCandidates = Choices.Criterion.class, description = "Model choice along the sparsity path (default: ${DEFAULT-VALUE}).")
  LawsAnalysis.Criterion criterion;

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

  /** The analysis options from the command line. */
  LawsAnalysis.Options options() {
    return LawsAnalysis.Options.of(time, TableOptions.names(spec, state, "--state")).withDegree(degree)
        .withThreshold(threshold == null ? OptionalDouble.empty() : OptionalDouble.of(threshold)).withCriterion(criterion)
        .withDerivative(window, sgOrder).withBootstrap(bootstrap).withErrorFloor(errorFloor).withSeed(seed);
  }

  @Override protected void execute(OutputDirectory dir, RunRecord run) throws Exception {
    LawsAnalysis.Options options = options();
    run.seed(seed);
    run.input(series);
    LawsOutput.parameters(options).forEach(run::parameter);
    LawsAnalysis.Result result = run.step("discover", () -> usage(() -> new LawsAnalysis(options).run(series)));
    run.step("write", () -> {
      LawsOutput.write(dir.path(), result);
      return null;
    });
    run.step("plots", () -> {
      LawsOutput.writeFigures(dir.path(), result);
      OutputReport.write(dir.path(), "laws: " + series.getFileName(), LawsOutput.summary(result), "laws.svg", "laws.json", "simulation.csv");
      return null;
    });
    result.notes().forEach(this::note);
    LawsOutput.summary(result).forEach(this::note);
  }
}
