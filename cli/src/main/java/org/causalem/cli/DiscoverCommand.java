package org.causalem.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.causalem.output.DiscoverOutput;
import org.causalem.report.OutputReport;
import org.causalem.workflow.DiscoverAnalysis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code causalem discover TABLE --out DIR}: the options of a {@link DiscoverAnalysis}, its files by {@link DiscoverOutput}. */
@Command(name = "discover", description = {
    "Causal discovery on a table of descriptors (CSV with a header row, or whitespace-separated text).",
    "Writes DIR/graph.json, graph.dot, graph.svg, edges.csv and run.json (and effects.csv with --effect)."})
public final class DiscoverCommand extends OutputCommand {
  @Parameters(index = "0", paramLabel = "TABLE", description = "CSV with a header row, or whitespace-separated text.")
  Path input;

  @Option(names = "--method", paramLabel = "M", defaultValue = "pc", converter = Choices.Method.class, completionCandidates = Choices.Method.class,
      description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  DiscoverAnalysis.Method method;

  @Option(names = "--alpha", paramLabel = "A", defaultValue = "0.05", description = "Significance level of the independence test (default: ${DEFAULT-VALUE}).")
  @Range(min = 0, max = 1, minExclusive = true, maxExclusive = true)
  double alpha;

  @Option(names = "--test", paramLabel = "T", converter = Choices.Test.class, completionCandidates = Choices.Test.class,
      description = "${COMPLETION-CANDIDATES} (default: chi-square when every column is integer-coded, else fisher-z).")
  DiscoverAnalysis.Test test;

  @Option(names = "--score", paramLabel = "S", converter = Choices.Score.class, completionCandidates = Choices.Score.class,
      description = "${COMPLETION-CANDIDATES}, for ges (default: bdeu when every column is integer-coded, else bic).")
  DiscoverAnalysis.ScoreType score;

  @Option(names = "--collider-rule", paramLabel = "R", defaultValue = "sepset", converter = Choices.ColliderRule.class,
      completionCandidates = Choices.ColliderRule.class, description = "pc only: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  DiscoverAnalysis.ColliderRule colliderRule;

  @Option(names = "--prior", paramLabel = "PRIOR.txt", description = "Background knowledge: lines 'tier 1: a b', 'require a -> b', 'forbid a -> b'.")
  Path prior;

  @Option(names = "--bootstrap", paramLabel = "N", defaultValue = "0", description = "Resample the rows N times and report edge confidences (default: off).")
  @Range(min = 0, max = 10000, why = "0 = no bootstrap, no confidences; each replicate reruns the search")
  int bootstrap;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--columns", paramLabel = "a,b,c", split = ",", description = "Use only these columns, in this order.")
  List<String> columns;

  @Option(names = "--nuisance", paramLabel = "a,b,c", split = ",",
      description = {"Declare these columns exogenous nuisance nodes (e.g. the instrument's x_px, y_px,",
          "scan_line_offset_px, sampling_x): nothing causes them and no edge joins two of them; they may affect any",
          "other column. Searched with the rest (moved to the end of the column order); not with --method pairwise."})
  List<String> nuisance;

  @Option(names = "--effect", paramLabel = "CAUSE,EFFECT",
      description = {"Estimate the linear effect of CAUSE on EFFECT in the found graph: every valid adjustment set,",
          "the adjusted and the naive (unadjusted) OLS slope with standard errors, and whether they differ",
          "(confounding). Repeatable; written to effects.csv. Not with --method fci (a PAG) or discrete data."})
  List<String> effects = new ArrayList<>();

  /** The analysis options from the command line. */
  DiscoverAnalysis.Options options() {
    List<DiscoverAnalysis.Effect> parsed = new ArrayList<>();
    for (String e : effects) {
      String[] parts = e.split(",", -1);
      if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank() || parts[0].trim().equals(parts[1].trim())) {
        throw OptionChecks.usage(spec, "--effect takes CAUSE,EFFECT (two different columns), got '" + e + "'");
      }
      parsed.add(new DiscoverAnalysis.Effect(parts[0], parts[1]));
    }
    return DiscoverAnalysis.Options.defaults().withMethod(method).withAlpha(alpha).withTest(Optional.ofNullable(test))
        .withScore(Optional.ofNullable(score)).withColliderRule(colliderRule).withPrior(Optional.ofNullable(prior)).withBootstrap(bootstrap)
        .withSeed(seed).withColumns(columns == null ? List.of() : columns).withNuisance(nuisance == null ? List.of() : nuisance)
        .withEffects(parsed);
  }

  @Override protected void execute(OutputDirectory dir, RunRecord run) throws Exception {
    DiscoverAnalysis analysis = new DiscoverAnalysis(options());
    run.seed(seed);
    run.input(input);
    if (prior != null) run.input(prior);
    DiscoverAnalysis.Result result = run.step("search", () -> usage(() -> analysis.run(input)));
    result.notes().forEach(this::note);
    run.parameter("method", method.label());
    DiscoverOutput.parameters(result).forEach(run::parameter);
    run.step("write", () -> {
      DiscoverOutput.write(dir.path(), result);
      return null;
    });
    run.step("figures", () -> {
      OutputReport.write(dir.path(), "discover: " + input.getFileName(), result.notes(), "graph.svg", "edges.csv", "effects.csv",
          "bootstrap.csv", "graph.json");
      return null;
    });
    if (common.quiet) return;
    PrintWriter out = spec.commandLine().getOut();
    DiscoverOutput.summary(result).forEach(out::println);
    out.println("results in " + this.out.toAbsolutePath().normalize());
  }
}
