package org.causalem.cli;

import java.nio.file.Path;
import org.causalem.data.Image;
import org.causalem.local.LocalCrystallography;
import org.causalem.output.LocalOutput;
import org.causalem.report.OutputReport;
import org.causalem.workflow.ImageInput;
import org.causalem.workflow.LocalAnalysis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code causalem local IMAGE --out DIR}: order parameters, phases and walls from every column's neighbourhood. */
@Command(name = "local", description = {
    "Local crystallography: describe every atom column by its neighbourhood, decompose (PCA) and classify (Gaussian",
    "mixture, classes by BIC) per sublattice; maps of the order parameters, of the classes (phases/domains) and walls.",
    "Writes local.csv (one row per column), local_cells.csv, classes.png, pc1.png.., summary.json and run.json into DIR."})
public final class LocalCommand extends OutputCommand {
  @Parameters(index = "0", paramLabel = "IMAGE", description = "Atomic-resolution HAADF image (any supported format).")
  Path input;

  @Option(names = "--dataset", paramLabel = "NAME", description = "Dataset to use when the file holds several (default: the first image).")
  String dataset;

  @Option(names = "--lattice", paramLabel = "KIND", defaultValue = "auto", converter = Choices.Lattice.class, completionCandidates = Choices.Lattice.class,
      description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  ImageInput.Lattice lattice;

  @Option(names = "--contrast", paramLabel = "C", defaultValue = "bright", converter = Choices.Contrast.class, completionCandidates = Choices.Contrast.class,
      description = "bright (HAADF; default) or dark (ABF, BF: the image is inverted).")
  ImageInput.Contrast contrast;

  @Option(names = "--descriptor", paramLabel = "D", defaultValue = "positions",
      description = "positions (neighbour displacements; default), patch (image patch) or both.")
  String descriptor;

  @Option(names = "--offsets", paramLabel = "K", defaultValue = "4", description = "Nearest neighbour offsets describing each column (default: ${DEFAULT-VALUE}).")
  @Range(min = 2, max = 24)
  int neighbours;

  @Option(names = "--components", paramLabel = "K", defaultValue = "4", description = "Principal components kept as order parameters (default: ${DEFAULT-VALUE}).")
  @Range(min = 1, max = 10)
  int components;

  @Option(names = "--max-classes", paramLabel = "N", defaultValue = "6", description = "Largest number of classes BIC may choose (default: ${DEFAULT-VALUE}).")
  @Range(min = 1, max = 10)
  int maxClasses;

  @Option(names = "--patch-radius", paramLabel = "PX", description = "Half-width of the image patch in px (default: the shortest neighbour distance).")
  @Range(min = 1, max = 50)
  Double patchRadius;

  @Option(names = "--raw-positions", description = {"Describe neighbourhoods by the positions as measured, the scan's local",
      "magnification left in (default: divided out, see README)."})
  boolean rawPositions;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of the mixture's random starts (default: ${DEFAULT-VALUE}).")
  long seed;

  /** The analysis options from the command line. */
  LocalAnalysis.Options options() {
    LocalCrystallography.Descriptor desc;
    try {
      desc = LocalCrystallography.Descriptor.parse(descriptor);
    } catch (IllegalArgumentException e) {
      throw OptionChecks.usage(spec, "--" + e.getMessage());
    }
    return new LocalAnalysis.Options(lattice, contrast, new LocalCrystallography.Options(neighbours, components, maxClasses, desc,
        patchRadius == null ? Double.NaN : patchRadius, seed, !rawPositions));
  }

  @Override protected void execute(OutputDirectory dir, RunRecord run) throws Exception {
    LocalAnalysis.Options opts = options();
    run.input(input);
    run.seed(seed);
    LocalOutput.parameters(opts).forEach(run::parameter);
    Image read = run.step("read", () -> AtomsCommand.readImage(input, dataset));
    run.parameter("dataset", read.name());
    LocalAnalysis.Result res;
    try (ProgressBars.Bar bar = progress("refining columns")) {
      res = run.step("local", () -> new LocalAnalysis(opts).run(read, bar));
    }
    for (String n : res.local().notes()) note("note: " + n);
    run.step("write", () -> {
      LocalOutput.write(dir.path(), res, input.toString());
      return null;
    });
    run.step("figures", () -> {
      OutputReport.write(dir.path(), "local: " + input.getFileName(), res.local().notes(), "classes.png", "pc*.png", "summary.json",
          "local_cells.csv");
      return null;
    });
    note("local: " + LocalOutput.summary(res) + " -> " + out);
  }
}
