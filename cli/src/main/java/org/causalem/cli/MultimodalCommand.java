package org.causalem.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.causalem.data.BadInputException;
import org.causalem.data.DataCube4D;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;
import org.causalem.data.Image;
import org.causalem.data.SpectrumImage;
import org.causalem.io.Readers;
import org.causalem.output.MultimodalOutput;
import org.causalem.simulate.MultimodalScenario;
import org.causalem.table.Registration;
import org.causalem.workflow.AtomsAnalysis;
import org.causalem.workflow.FerroicAnalysis;
import org.causalem.workflow.ImageInput;
import org.causalem.workflow.KnownTruth;
import org.causalem.workflow.MultimodalAnalysis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code causalem multimodal IMAGE SPECTRUM_OR_CUBE --out DIR}: structure + spectrum in one causal analysis. */
@Command(name = "multimodal", description = {
    "Structure + spectrum: registers the maps of an EELS spectrum image or a 4D-STEM cube onto the unit cells of an",
    "atomic-resolution image, builds one descriptor table across modalities and runs the causal search on it.",
    "Writes DIR/report.html, DIR/results.json, DIR/table.csv (the joint table), DIR/cells.csv and the figures.",
    "--simulate runs on a built-in structure + EELS pair whose cross-modal cause is known."})
public final class MultimodalCommand extends OutputCommand {
  @Parameters(index = "0", arity = "0..1", paramLabel = "IMAGE", description = "An atomic-resolution image (DM3/DM4, EMD, TIFF, MRC, NPY, SER...).")
  Path imageFile;

  @Parameters(index = "1", arity = "0..1", paramLabel = "SPECTRUM_OR_CUBE",
      description = "An EELS spectrum image (DM3/DM4, EMD, HDF5 with an eV energy axis, SER) or a 4D-STEM cube, on the same scan.")
  Path secondFile;

  @Option(names = "--simulate", description = "Run on the built-in simulated structure + EELS pair (no inputs).")
  boolean simulate;

  @Option(names = "--offset", paramLabel = "X,Y", split = ",",
      description = "Image position (px) of the map's pixel (0, 0) corner (default 0,0 with the map spanning the image).")
  @Range(min = -1e6, max = 1e6)
  List<Double> offset;

  @Option(names = "--scale", paramLabel = "S[,SY]", split = ",",
      description = "Image px per map pixel, one value or x,y (default: image size / map size, i.e. the map spans the image).")
  @Range(min = 0, max = 1e6, minExclusive = true)
  List<Double> scale;

  @Option(names = "--modality-tiers", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Put the spectral/4D-STEM descriptors in the first tier with the intensities (chemistry first; the default)."
          + " --no-modality-tiers leaves them in the lattice tier, so the data alone must orient them.")
  boolean modalityTiers;

  @Option(names = "--columns", paramLabel = "NAME", split = ",",
      description = "Joint-table columns to search (default: the ferroic descriptors plus each edge's chemical shift and t/λ, or the 4D-STEM virtual images, CoM and strain).")
  List<String> columns;

  @Option(names = "--edges", paramLabel = "EDGE", split = ",", description = "EELS edges to map, e.g. Ti-L23,O-K (default: those detected in the summed spectrum).")
  List<String> edges;

  @Option(names = "--bin", paramLabel = "N", defaultValue = "1",
      description = "EELS: sum N × N spectrum-image pixels into one before the per-pixel analysis (default: ${DEFAULT-VALUE} = none).")
  @Range(min = 1, max = 4096, why = "N × N pixels are summed into one")
  int bin;

  @Option(names = "--lattice", paramLabel = "KIND", defaultValue = "perovskite", converter = Choices.Lattice.class, completionCandidates = Choices.Lattice.class,
      description = "perovskite ([001]: refused with the reason when the columns do not form one), hexagonal, simple or auto (default: ${DEFAULT-VALUE}).")
  ImageInput.Lattice lattice;

  @Option(names = "--contrast", paramLabel = "C", defaultValue = "bright", converter = Choices.Contrast.class, completionCandidates = Choices.Contrast.class,
      description = "bright: columns brighter than the background (HAADF, ADF; default); dark: darker (ABF, BF), found on the inverted image.")
  ImageInput.Contrast contrast;

  @Option(names = "--dataset", paramLabel = "NAME", description = "Which dataset of a multi-dataset IMAGE file (default: the first image).")
  String dataset;

  @Option(names = "--prior", paramLabel = "PRIOR.txt", description = "Background knowledge (tier N: a b / require a -> b / forbid a -> b); overrides the tiers.")
  Path prior;

  @Option(names = "--alpha", defaultValue = "0.01", description = "Significance level of PC's tests (default ${DEFAULT-VALUE}).")
  @Range(min = 0, max = 1, minExclusive = true, maxExclusive = true)
  double alpha;

  @Option(names = "--bootstrap", defaultValue = "50", description = "Spatial-block bootstrap replicates per method (default ${DEFAULT-VALUE}).")
  @Range(min = 1, max = 10000, why = "the edge confidences are bootstrap frequencies; each replicate reruns both searches")
  int bootstrap;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of every random choice, and of the simulation (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--no-predictability", description = "Skip the Gaussian-process predictability map.")
  boolean noPredictability;

  @Override protected void execute(OutputDirectory dir, RunRecord run) throws Exception {
    if (simulate && (imageFile != null || secondFile != null)) {
      throw OptionChecks.usage(spec, "--simulate takes no inputs, got " + (secondFile != null ? imageFile + " " + secondFile : imageFile));
    }
    if (!simulate && (imageFile == null || secondFile == null)) {
      throw OptionChecks.usage(spec, "expected IMAGE and SPECTRUM_OR_CUBE (or --simulate)");
    }
    Registration stated = statedRegistration();
    String registrationSource = stated != null ? "stated (--offset/--scale)" : simulate ? "simulation geometry" : "maps span the image";
    run.seed(seed);
    String priorText = FerroicCommand.readPrior(prior, run);
    if (bin < 1) throw OptionChecks.usage(spec, "--bin must be >= 1, got " + bin);
    MultimodalAnalysis.Builder options = MultimodalAnalysis.Options.builder(seed).columns(columns).modalityTiers(modalityTiers)
        .causal(FerroicAnalysis.Options.builder(seed).alpha(alpha).bootstrap(bootstrap).priorText(priorText)
            .predictability(!noPredictability).build())
        .atoms(AtomsAnalysis.Options.defaults().withLattice(lattice).withContrast(contrast)).bin(bin);
    if (edges != null) options.edges(edges);
    DataFile secondData = null;
    try {
      Inputs in;
      if (simulate) {
        MultimodalScenario.Result sim = run.step("simulate", () -> MultimodalAnalysis.simulate(seed));
        if (stated == null) stated = MultimodalAnalysis.simulatedRegistration(sim);
        in = new Inputs(sim.image(), sim.spectra(), "simulated EELS", "CausalEM multimodal: simulated structure + EELS with a known cross-modal cause");
      } else {
        run.input(imageFile);
        run.input(secondFile);
        Image read = run.step("read", () -> FerroicCommand.readImage(imageFile, dataset));
        secondData = Readers.open(secondFile);
        Dataset second = MultimodalAnalysis.second(secondData, secondFile);
        if (second instanceof SpectrumImage si) FiniteData.require(secondFile, si);
        if (second instanceof DataCube4D cube) FiniteData.require(secondFile, cube);
        String secondName = secondFile.getFileName().toString();
        in = new Inputs(read, second, secondName, "CausalEM multimodal: " + imageFile.getFileName() + " + " + secondName);
      }
      analyse(new MultimodalAnalysis(options.registration(stated).build()), in, registrationSource, dir, run);
    } finally {
      if (secondData != null) secondData.close();
    }
  }

  /** The image, the spectrum image or cube, the name of its source and the report's title. */
  private record Inputs(Image read, Dataset second, String secondName, String title) {}

  private void analyse(MultimodalAnalysis analysis, Inputs in, String registrationSource, OutputDirectory dir, RunRecord run) throws Exception {
    AtomsAnalysis.Result atoms;
    try (ProgressBars.Bar bar = progress("atoms")) {
      atoms = run.step("atoms", () -> analysis.atoms(in.read(), bar));
    }
    for (String n : atoms.notes()) note("note: " + n);
    for (String n : atoms.atoms().notes()) note("note: " + n);
    MultimodalAnalysis.Maps maps;
    try (ProgressBars.Bar bar = progress(in.second() instanceof SpectrumImage ? "EELS maps" : "4D-STEM maps")) {
      maps = run.step("maps", () -> analysis.maps(in.second(), in.secondName(), bar));
    }
    MultimodalAnalysis.Result res;
    try (ProgressBars.Bar bar = progress("causal analysis")) {
      res = run.step("causal", () -> analysis.run(atoms, maps, bar));
    } catch (FerroicAnalysis.BadPriorException e) {
      throw new BadInputException(prior + ": " + e.getMessage());
    }
    KnownTruth truth = simulate ? MultimodalAnalysis.simulatedTruth(res) : null;
    Map<String, Object> params = MultimodalOutput.parameters(analysis.options(), res, registrationSource);
    for (String n : maps.notes()) note("note: " + n);
    for (String n : res.notes()) note("note: " + n);
    if (edges != null) params.put("edges", edges);
    if (simulate) {
      params.put("simulation", "MultimodalScenario " + MultimodalAnalysis.SIMULATED_CELLS + "×" + MultimodalAnalysis.SIMULATED_CELLS + " cells, seed " + seed);
    }
    params.forEach(run::parameter);
    run.step("report", () -> MultimodalOutput.write(dir.path(), in.title(), atoms, res, truth, params, seed));
    if (truth != null) run.parameter("shd", truth.shd());
    PrintWriter o = spec.commandLine().getOut();
    for (String line : MultimodalOutput.summary(res, truth, dir.target())) o.println(line);
    if (analysis.options().causal().priorText() == null && !modalityTiers) {
      for (MultimodalAnalysis.Undecided u : MultimodalAnalysis.undecidedCrossModal(res)) {
        o.println("Note: " + u.a() + " and " + u.b() + " are adjacent in PC's graph, but the methods do not agree on "
            + "a direction, so the consensus leaves the edge out; --modality-tiers (chemistry first) or a --prior can state it.");
      }
    }
  }

  private Registration statedRegistration() {
    if (offset == null && scale == null) return null;
    double ox = 0;
    double oy = 0;
    if (offset != null) {
      if (offset.size() != 2) throw OptionChecks.usage(spec, "--offset expects X,Y in image px, got " + offset);
      ox = offset.get(0);
      oy = offset.get(1);
    }
    if (scale == null) throw OptionChecks.usage(spec, "--offset needs --scale (image px per map pixel) as well");
    if (scale.size() != 1 && scale.size() != 2) throw OptionChecks.usage(spec, "--scale expects S or SX,SY, got " + scale);
    double sx = scale.get(0);
    double sy = scale.size() == 2 ? scale.get(1) : sx;
    return new Registration(ox, oy, sx, sy);
  }
}
