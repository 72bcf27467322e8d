package org.causalem.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.causalem.data.BadInputException;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;
import org.causalem.data.Image;
import org.causalem.data.ImageStack;
import org.causalem.io.Readers;
import org.causalem.report.TransitionReport;
import org.causalem.simulate.TransitionMovieSimulator;
import org.causalem.workflow.TransitionAnalysis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code causalem transition MOVIE --out DIR}: a phase transition in a 2-D material, and whether its nucleation was predictable. */
@Command(name = "transition", description = {
    "Phase transition in a movie of a 2-D material (hexagonal or square lattice): drift correction, atoms per frame, tracking, local phases",
    "(Gaussian mixture, classes by BIC), transition matrices, nucleation events, and whether the nucleation sites could",
    "have been predicted before the transition (spatially cross-validated ROC AUC) and what caused them."})
public final class TransitionCommand extends OutputCommand {
  @Parameters(index = "0", arity = "0..1", paramLabel = "MOVIE", description = "A movie: DM3/DM4 or TIFF stack, SER series, 3-D NPY.")
  Path input;

  @Option(names = "--dataset", paramLabel = "NAME", description = "Which dataset of a multi-dataset file (default: the first stack).")
  String dataset;

  @Option(names = "--simulate", paramLabel = "MECHANISM", description = "Analyse a built-in simulated movie instead: dopant, strain, random (the dopant control) or strain_control.")
  String simulate;

  @Option(names = "--lattice", paramLabel = "KIND", description = "Lattice of the --simulate movie: hexagonal (default) or square.")
  String lattice;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of every random choice (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--alpha", defaultValue = "0.01", description = "Significance level of the causal search (default ${DEFAULT-VALUE}).")
  @Range(min = 0, max = 1, minExclusive = true, maxExclusive = true)
  double alpha;

  @Override protected void execute(OutputDirectory dir, RunRecord run) throws Exception {
    run.seed(seed);
    if ((input == null) == (simulate == null)) {
      throw OptionChecks.usage(spec, "give either MOVIE or --simulate dopant|strain|random|strain_control");
    }
    if (lattice != null && simulate == null) throw OptionChecks.usage(spec, "--lattice only applies to --simulate (a movie's lattice is measured)");
    List<Image> frames;
    String title;
    if (simulate != null) {
      TransitionMovieSimulator.Lattice lat;
      try {
        lat = lattice == null ? TransitionMovieSimulator.Lattice.HEXAGONAL : TransitionMovieSimulator.Lattice.valueOf(lattice.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw OptionChecks.usage(spec, "--lattice: unknown lattice '" + lattice + "'; expected hexagonal or square");
      }
      TransitionMovieSimulator.Mechanism m;
      try {
        m = TransitionMovieSimulator.Mechanism.valueOf(simulate.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw OptionChecks.usage(spec, "--simulate: unknown mechanism '" + simulate + "'; expected dopant, strain, random or strain_control");
      }
      frames = run.step("simulate", () -> new TransitionMovieSimulator(TransitionMovieSimulator.Options.defaults(m, seed).withLattice(lat))
          .simulate().frames());
      title = "CausalEM transition: simulated " + lat.name().toLowerCase(Locale.ROOT) + " movie (" + m.name().toLowerCase(Locale.ROOT) + " mechanism)";
      run.parameter("simulated_mechanism", m.name().toLowerCase(Locale.ROOT));
      run.parameter("simulated_lattice", lat.name().toLowerCase(Locale.ROOT));
    } else {
      run.input(input);
      frames = run.step("read", () -> readMovie(input, dataset));
      title = "CausalEM transition: " + input.getFileName();
    }
    TransitionAnalysis.Options opts = TransitionAnalysis.Options.defaults(seed).withAlpha(alpha);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("cv_blocks", opts.blocks() + "x" + opts.blocks());
    params.put("shuffles", opts.shuffles());
    params.put("bootstrap", opts.bootstrap());
    params.put("max_mixture_components", opts.maxClasses());
    params.put("alpha", alpha);
    params.forEach(run::parameter);
    TransitionAnalysis.Result r;
    try (ProgressBars.Bar bar = progress("frames")) {
      r = run.step("analyse", () -> new TransitionAnalysis(opts).run(frames, bar));
    }
    run.step("report", () -> TransitionReport.write(dir.path(), title, frames, r, params, seed));
    var out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "%d frames, %d tracked sites, %d phase(s), %d nucleation events.%n", frames.size(), r.siteX().length,
        r.classes(), r.nucleations().size());
    out.printf(Locale.ROOT, "Nucleation predicted with ROC AUC %.3f (95%% CI %.3f-%.3f); shuffled labels: %.3f.%n",
        r.auc().auc(), r.auc().lo(), r.auc().hi(), r.shuffledAuc());
    out.println("Granger-style (descriptor history before the event, beyond the site's own state): " + String.join(", ",
        r.granger().stream().map(g -> String.format(Locale.ROOT, "%s p=%.2g", g.descriptor(), g.pBeyondOwnState())).toList()));
    out.println("Causes of nucleation found: " + (r.causes().isEmpty() ? "none" : String.join(", ", r.causes().stream()
        .map(c -> c + " (" + r.causeStatus().getOrDefault(c, "?") + ")").toList())));
    out.println("Report: " + dir.target().resolve("report.html"));
  }

  static List<Image> readMovie(Path input, String dataset) throws java.io.IOException {
    DataFile df = Readers.open(input);
    Dataset d = dataset != null ? df.dataset(dataset) : null;
    if (d == null) {
      for (Dataset x : df.datasets()) {
        if (x instanceof ImageStack) {
          d = x;
          break;
        }
      }
    }
    if (!(d instanceof ImageStack st)) {
      throw new BadInputException(input.getFileName() + ": holds no movie (image stack); it has " + df.names());
    }
    List<Image> frames = new ArrayList<>();
    for (int k = 0; k < st.frames(); k++) frames.add(st.frame(k));
    return frames;
  }
}
