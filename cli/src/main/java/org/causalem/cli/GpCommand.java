package org.causalem.cli;

import java.nio.file.Path;
import java.util.List;
import org.causalem.output.GpOutput;
import org.causalem.report.OutputReport;
import org.causalem.workflow.GpAnalysis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code causalem gp TABLE.csv --target y --inputs a,b --out DIR}: the options of a {@link GpAnalysis}, its files by {@link GpOutput}. */
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

  @Option(names = "--kernel", defaultValue = "matern52", paramLabel = "NAME", converter = Choices.Kernel.class, completionCandidates = Choices.Kernel.class,
      description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  GpAnalysis.KernelType kernel;

  @Option(names = "--method", defaultValue = "ml", paramLabel = "ml|nuts", converter = Choices.GpMethod.class, completionCandidates = Choices.GpMethod.class,
      description = "Hyperparameters by maximum marginal likelihood (ml) or sampled with NUTS under weak priors (nuts) (default: ${DEFAULT-VALUE}).")
  GpAnalysis.Method method;

  @Option(names = "--max-optimisation-points", defaultValue = "600", paramLabel = "N",
      description = "Optimise hyperparameters on a random subset of at most N rows (default: ${DEFAULT-VALUE}).")
  @Range(min = 10, max = 5000, why = "the optimisation costs N³ per step")
  int maxPoints;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--subsample", paramLabel = "N",
      description = "Use a random subset of N complete rows (seeded by --seed) when the table has more; needed above " + GpAnalysis.MAX_ROWS + " rows.")
  @Range(min = 10, max = GpAnalysis.MAX_ROWS, why = "the exact GP costs rows³ time and rows² memory")
  Integer subsample;

  @Option(names = "--cv-refit", description = "Refit the hyperparameters on every cross-validation fold (about a fit's time per fold). "
      + "By default (--method ml) the folds are predicted exactly by the GP conditioned on the other rows with the hyperparameters of the fit on all rows.")
  boolean cvRefit;

  /** The analysis options from the command line. */
  GpAnalysis.Options options() {
    GpAnalysis.Blocks grid;
    try {
      grid = GpAnalysis.Blocks.parse(blocks);
    } catch (IllegalArgumentException e) {
      throw OptionChecks.usage(spec, "--blocks must be NXxNY with at least 2 blocks, e.g. 3x3; got '" + blocks + "'");
    }
    List<String> inputNames = inputs == null ? List.of() : TableOptions.names(spec, inputs, "--inputs");
    List<String> coordNames = coords == null ? List.of() : TableOptions.names(spec, coords, "--coords");
    GpAnalysis.Options.Builder b = GpAnalysis.Options.builder(target).inputs(inputNames).coords(coordNames).blocks(grid).folds(folds).kernel(kernel)
        .method(method).maxOptimisationPoints(maxPoints).seed(seed).cvRefit(cvRefit);
    if (neighbours != null) b.neighbours(neighbours);
    if (subsample != null) b.subsample(subsample);
    return b.build();
  }

  @Override protected void execute(OutputDirectory dir, RunRecord run) throws Exception {
    GpAnalysis analysis = new GpAnalysis(options());
    run.seed(seed);
    run.input(table);
    GpAnalysis.Result result = run.step("fit", () -> usage(() -> analysis.run(table)));
    result.notes().forEach(this::note);
    GpOutput.parameters(result).forEach(run::parameter);
    run.step("write", () -> {
      GpOutput.write(dir.path(), result);
      return null;
    });
    run.step("plots", () -> {
      GpOutput.writeFigures(dir.path(), result);
      OutputReport.write(dir.path(), "gp: " + table.getFileName(), List.of(), "gp_cv.svg", "gp.json", "predictions.csv");
      return null;
    });
    note(GpOutput.summary(result));
  }
}
