package org.causalem.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.causalem.data.BadInputException;
import org.causalem.data.Image;
import org.causalem.io.TextFiles;
import org.causalem.output.FerroicOutput;
import org.causalem.workflow.AtomsAnalysis;
import org.causalem.workflow.FerroicAnalysis;
import org.causalem.workflow.FerroicImageAnalysis;
import org.causalem.workflow.ImageInput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code causalem ferroic IMAGE --out DIR}: chemistry vs. physics in a ferroelectric perovskite. */
@Command(name = "ferroic", description = {
    "Causal analysis of a ferroelectric perovskite HAADF image: atoms, unit cells, and what drives the polarization.",
    "Writes DIR/report.html, DIR/results.json, DIR/cells.csv and the figures."})
public final class FerroicCommand extends OutputCommand {
  @Parameters(index = "0", paramLabel = "IMAGE", description = "An atomic-resolution image (DM3/DM4, EMD, TIFF, MRC, NPY, SER...).")
  Path input;

  @Option(names = "--dataset", paramLabel = "NAME", description = "Which dataset of a multi-dataset file (default: the first image).")
  String dataset;

  @Option(names = "--lattice", paramLabel = "KIND", defaultValue = "perovskite", converter = Choices.Lattice.class, completionCandidates = Choices.Lattice.class,
      description = "perovskite ([001]: refused with the reason when the columns do not form one), hexagonal, simple or auto (default: ${DEFAULT-VALUE}).")
  ImageInput.Lattice lattice;

  @Option(names = "--contrast", paramLabel = "C", defaultValue = "bright", converter = Choices.Contrast.class, completionCandidates = Choices.Contrast.class,
      description = "bright: columns brighter than the background (HAADF, ADF; default); dark: darker (ABF, BF), found on the inverted image.")
  ImageInput.Contrast contrast;

  @Option(names = "--lattice-constant", paramLabel = "L", description = "Known pseudo-cubic lattice constant for pixel-size calibration, e.g. 3.905A or 0.3905nm.")
  String latticeConstant;

  @Option(names = "--reference-region", paramLabel = "X0,Y0,X1,Y1",
      description = "Rectangle in px taken as unpolarized: its mean B off-centring is reported and cells.csv gains polarization_rel_x_px/_y_px.")
  String referenceRegion;

  @Option(names = "--prior", paramLabel = "PRIOR.txt", description = "Background knowledge (tier N: a b / require a -> b / forbid a -> b); default: intensities, then lattice, then polarization.")
  Path prior;

  @Option(names = "--alpha", defaultValue = "0.01", description = "Significance level of PC's tests (default ${DEFAULT-VALUE}).")
  @Range(min = 0, max = 1, minExclusive = true, maxExclusive = true)
  double alpha;

  @Option(names = "--bootstrap", defaultValue = "50", description = "Spatial-block bootstrap replicates per method (default ${DEFAULT-VALUE}).")
  @Range(min = 1, max = 10000, why = "the edge confidences are bootstrap frequencies; each replicate reruns both searches")
  int bootstrap;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of every random choice (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--no-predictability", description = "Skip the Gaussian-process predictability map.")
  boolean noPredictability;

  @Override protected void execute(OutputDirectory dir, RunRecord run) throws Exception {
    run.seed(seed);
    run.input(input);
    String priorText = readPrior(prior, run);
    OptionalDouble latticeNm = latticeConstant == null ? OptionalDouble.empty() : OptionalDouble.of(OptionChecks.latticeNm(spec, latticeConstant));
    double[] region = referenceRegion == null ? null : AtomsCommand.parseRegion(referenceRegion);
    FerroicImageAnalysis.Options opts = new FerroicImageAnalysis.Options(
        AtomsAnalysis.Options.builder().lattice(lattice).contrast(contrast).latticeConstantNm(latticeNm)
            .referenceRegion(region == null ? Optional.empty() : Optional.of(new AtomsAnalysis.Region(region[0], region[1], region[2], region[3])))
            .build(),
        FerroicAnalysis.Options.builder(seed).alpha(alpha).bootstrap(bootstrap).priorText(priorText).predictability(!noPredictability).build());
    FerroicImageAnalysis analysis = new FerroicImageAnalysis(opts);
    Image read = run.step("read", () -> readImage(input, dataset));
    Map<String, Object> params = FerroicOutput.parameters(opts, Optional.ofNullable(latticeConstant));
    params.forEach(run::parameter);
    AtomsAnalysis.Result atoms;
    try (ProgressBars.Bar bar = progress("atoms")) {
      atoms = run.step("atoms", () -> analysis.atoms(read, bar));
    }
    for (String n : atoms.notes()) note("note: " + n);
    for (String n : atoms.atoms().notes()) note("note: " + n);
    if (region != null) run.parameter("reference_region_px", region);
    note("ferroic: " + atoms.atoms().offCentring().sentence());
    FerroicAnalysis.Result res;
    try (ProgressBars.Bar bar = progress("causal analysis")) {
      res = run.step("causal", () -> analysis.causal(atoms, bar));
    } catch (FerroicAnalysis.BadPriorException e) {
      throw new BadInputException(prior + ": " + e.getMessage());
    }
    run.step("report", () -> FerroicOutput.write(dir.path(), "CausalEM ferroic: " + input.getFileName(), atoms, res, null, params, seed));
    for (String line : FerroicOutput.summary(res, dir.target())) spec.commandLine().getOut().println(line);
  }

  /** The text of {@code --prior}, its syntax checked (a bad input naming the file and line), or null without one. */
  static String readPrior(Path prior, RunRecord run) throws java.io.IOException {
    if (prior == null) return null;
    String text = TextFiles.readUtf8(prior, "--prior file");
    FerroicAnalysis.checkPriorSyntax(text, prior.toString());
    run.input(prior);
    return text;
  }

  /** The image to analyse: the named dataset, or the first image (a stack's first frame) in the file. */
  static Image readImage(Path input, String dataset) throws java.io.IOException {
    return FerroicImageAnalysis.read(input, Optional.ofNullable(dataset));
  }
}
