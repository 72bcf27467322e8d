package org.causalem.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.causalem.data.BadInputException;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;
import org.causalem.data.Image;
import org.causalem.data.ImageStack;
import org.causalem.io.Readers;
import org.causalem.io.TextFiles;
import org.causalem.lattice.AtomsPipeline;
import org.causalem.lattice.AtomsResult;
import org.causalem.lattice.LatticeConstant;
import org.causalem.lattice.LatticeKind;
import org.causalem.report.FerroicReport;
import org.causalem.workflow.FerroicAnalysis;
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

  @Option(names = "--lattice", paramLabel = "KIND", defaultValue = "perovskite",
      description = "perovskite ([001]: refused with the reason when the columns do not form one), hexagonal, simple or auto (default: ${DEFAULT-VALUE}).")
  String lattice;

  @Option(names = "--contrast", paramLabel = "C", defaultValue = "bright",
      description = "bright: columns brighter than the background (HAADF, ADF; default); dark: darker (ABF, BF), found on the inverted image.")
  String contrast;

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
    String priorText = null;
    if (prior != null) {
      priorText = TextFiles.readUtf8(prior, "--prior file");
      try {
        org.causalem.causal.Knowledge.checkSyntax(priorText, prior.toString());
      } catch (IllegalArgumentException e) {
        throw new BadInputException(e.getMessage());
      }
      run.input(prior);
    }
    double latticeNm = latticeConstant == null ? Double.NaN : OptionChecks.latticeNm(spec, latticeConstant);
    double[] region = referenceRegion == null ? null : AtomsCommand.parseRegion(referenceRegion);
    LatticeKind kind = LatticeKind.parse(lattice);
    boolean dark = AtomsCommand.darkContrast(contrast);
    Image read = run.step("read", () -> readImage(input, dataset));
    Image image = dark ? AtomsCommand.inverted(read) : read;
    FerroicAnalysis.Options opts = FerroicAnalysis.Options.builder(seed).alpha(alpha).bootstrap(bootstrap)
        .priorText(priorText).predictability(!noPredictability).build();
    Map<String, Object> params = parameters(opts, latticeConstant);
    params.put("lattice", kind.label());
    params.put("contrast", contrast);
    params.forEach(run::parameter);
    AtomsResult atoms;
    try (ProgressBars.Bar bar = progress("atoms")) {
      AtomsResult found = run.step("atoms", () -> new AtomsPipeline(AtomsPipeline.Options.of(kind)
          .withLatticeConstantNm(latticeNm)).run(image, bar));
      atoms = region == null ? found : found.withReferenceRegion(region[0], region[1], region[2], region[3]);
    }
    for (String n : AtomsPipeline.calibrationNotes(image, atoms)) note("note: " + n);
    for (String n : atoms.notes()) note("note: " + n);
    if (region != null) run.parameter("reference_region_px", region);
    note("ferroic: " + atoms.offCentring().sentence());
    FerroicAnalysis.Result res;
    try (ProgressBars.Bar bar = progress("causal analysis")) {
      res = run.step("causal", () -> new FerroicAnalysis(opts).run(atoms.cells(), bar));
    } catch (FerroicAnalysis.BadPriorException e) {
      throw new BadInputException(prior + ": " + e.getMessage());
    }
    run.step("report", () -> FerroicReport.write(dir.path(), "CausalEM ferroic: " + input.getFileName(), image, atoms, res,
        null, params, seed));
    printSummary(spec.commandLine().getOut(), res, dir.target());
  }

  static Map<String, Object> parameters(FerroicAnalysis.Options opts, String latticeConstant) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("alpha", opts.alpha());
    p.put("bootstrap", opts.bootstrap());
    p.put("consensus_threshold", opts.consensusThreshold());
    p.put("variables", opts.variables());
    p.put("prior", opts.priorText() == null ? "physics tiers: intensities < lattice < polarization" : opts.priorText());
    p.put("predictability", opts.predictability());
    if (latticeConstant != null) p.put("lattice_constant", latticeConstant);
    return p;
  }

  static void printSummary(java.io.PrintWriter out, FerroicAnalysis.Result res, Path target) {
    out.println("Consensus causal graph (" + res.rowsUsed() + " unit cells):");
    res.consensus().graph().edges().forEach(e -> {
      String from = res.variables().get(e.a());
      String to = res.variables().get(e.b());
      Double c = res.consensus().confidence().get(from + "→" + to);
      Double k = res.consensus().coefficient().get(from + "→" + to);
      FerroicAnalysis.EdgeCheck check = res.check(from, to);
      out.printf("  %-18s %s %-18s confidence %s  coefficient %s  %s%n", from, e.type(), to,
          c == null ? "-" : String.format(java.util.Locale.ROOT, "%.2f", c),
          k == null ? "-" : String.format(java.util.Locale.ROOT, "%+.4g", k), check == null ? "" : check.status().label());
    });
    for (FerroicAnalysis.EdgeCheck c : res.edgeChecks()) if (c.status() != FerroicAnalysis.Status.SUPPORTED) out.println("  ! " + c.sentence());
    long supported = res.edgeChecks().stream().filter(c -> c.status() == FerroicAnalysis.Status.SUPPORTED).count();
    out.println(supported == 0 ? "No edge is supported: nothing here survives the instrument check as a causal claim."
        : supported + " of " + res.edgeChecks().size() + " edges supported (found in the full image and in every half, not explained by the instrument).");
    out.println("Confounding check:");
    boolean any = false;
    for (FerroicAnalysis.Confounding c : res.confounding()) {
      if (!c.misleading()) continue;
      out.println("  ! " + c.sentence());
      any = true;
    }
    if (!any) out.println("  no correlation here is misleading about its cause");
    out.println("Report: " + target.resolve("report.html"));
  }

  /** The image to analyse: the named dataset, or the first image (a stack's first frame) in the file. */
  static Image readImage(Path input, String dataset) throws java.io.IOException {
    DataFile df = Readers.open(input);
    Dataset d = dataset != null ? df.dataset(dataset) : null;
    if (d == null) {
      for (Dataset x : df.datasets()) {
        if (x instanceof Image || x instanceof ImageStack) {
          d = x;
          break;
        }
      }
    }
    if (d instanceof Image img) {
      FiniteData.require(input, img);
      return img;
    }
    if (d instanceof ImageStack st) {
      Image frame = st.frame(0);
      FiniteData.require(input, frame);
      return frame;
    }
    throw new BadInputException(input.getFileName() + ": holds no image (it has " + df.names() + "); expected an atomic-resolution image");
  }
}
