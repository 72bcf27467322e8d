package org.causalem.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.causalem.causal.Graph;
import org.causalem.causal.GraphComparison;
import org.causalem.data.BadInputException;
import org.causalem.data.DataCube4D;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;
import org.causalem.data.Image;
import org.causalem.data.SpectrumImage;
import org.causalem.io.CsvWriter;
import org.causalem.io.Readers;
import org.causalem.io.TextFiles;
import org.causalem.lattice.AtomsPipeline;
import org.causalem.lattice.AtomsResult;
import org.causalem.lattice.LatticeKind;
import org.causalem.report.FerroicReport;
import org.causalem.simulate.MultimodalScenario;
import org.causalem.spectra.EdgeTable;
import org.causalem.spectra.EelsPipeline;
import org.causalem.table.Registration;
import org.causalem.workflow.FerroicAnalysis;
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
  /** Cells per side of the built-in simulated pair. */
  static final int SIMULATED_CELLS = 24;

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

  @Option(names = "--lattice", paramLabel = "KIND", defaultValue = "perovskite",
      description = "perovskite ([001]: refused with the reason when the columns do not form one), hexagonal, simple or auto (default: ${DEFAULT-VALUE}).")
  String lattice;

  @Option(names = "--contrast", paramLabel = "C", defaultValue = "bright",
      description = "bright: columns brighter than the background (HAADF, ADF; default); dark: darker (ABF, BF), found on the inverted image.")
  String contrast;

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
    LatticeKind kind = LatticeKind.parse(lattice);
    boolean dark = AtomsCommand.darkContrast(contrast);
    Registration stated = statedRegistration();
    String registrationSource = stated != null ? "stated (--offset/--scale)" : simulate ? "simulation geometry" : "maps span the image";
    run.seed(seed);
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
    if (bin < 1) throw OptionChecks.usage(spec, "--bin must be >= 1, got " + bin);
    EelsPipeline.Options eels = EelsPipeline.Options.defaults().withBin(bin);
    if (edges != null) eels = eels.withEdges(EdgeTable.find(edges));
    FerroicAnalysis.Options causal = FerroicAnalysis.Options.builder(seed).alpha(alpha).bootstrap(bootstrap)
        .priorText(priorText).predictability(!noPredictability).build();
    Image image;
    Dataset second;
    String secondName;
    String title;
    MultimodalScenario.Result sim = null;
    DataFile secondData = null;
    try {
      if (simulate) {
        MultimodalScenario scenario = new MultimodalScenario(MultimodalScenario.Options.defaults(SIMULATED_CELLS, SIMULATED_CELLS, seed));
        sim = run.step("simulate", scenario::simulate);
        image = sim.image();
        second = sim.spectra();
        secondName = "simulated EELS";
        title = "CausalEM multimodal: simulated structure + EELS with a known cross-modal cause";
        if (stated == null) stated = new Registration(sim.offsetXPx(), sim.offsetYPx(), sim.scaleXPx(), sim.scaleYPx());
      } else {
        run.input(imageFile);
        run.input(secondFile);
        Image read = run.step("read", () -> FerroicCommand.readImage(imageFile, dataset));
        image = dark ? AtomsCommand.inverted(read) : read;
        secondData = Readers.open(secondFile);
        second = pickSecond(secondData, secondFile);
        if (second instanceof SpectrumImage si) FiniteData.require(secondFile, si);
        if (second instanceof org.causalem.data.DataCube4D cube) FiniteData.require(secondFile, cube);
        secondName = secondFile.getFileName().toString();
        title = "CausalEM multimodal: " + imageFile.getFileName() + " + " + secondName;
      }
      MultimodalAnalysis analysis = new MultimodalAnalysis(new MultimodalAnalysis.Options(stated, columns, modalityTiers, causal,
          eels, org.causalem.fourd.FourdPipeline.Options.defaults()));
      AtomsResult atoms;
      try (ProgressBars.Bar bar = progress("atoms")) {
        atoms = run.step("atoms", () -> new AtomsPipeline(AtomsPipeline.Options.of(kind)).run(image, bar));
      }
      for (String n : AtomsPipeline.calibrationNotes(image, atoms)) note("note: " + n);
      for (String n : atoms.notes()) note("note: " + n);
      MultimodalAnalysis.Maps maps;
      final Dataset s2 = second;
      try (ProgressBars.Bar bar = progress(s2 instanceof SpectrumImage ? "EELS maps" : "4D-STEM maps")) {
        maps = run.step("maps", () -> analysis.maps(s2, secondName, bar));
      }
      MultimodalAnalysis.Result res;
      try (ProgressBars.Bar bar = progress("causal analysis")) {
        res = run.step("causal", () -> analysis.run(atoms.cells(), image.width(), image.height(), maps, bar));
      } catch (org.causalem.workflow.FerroicAnalysis.BadPriorException e) {
        throw new BadInputException(prior + ": " + e.getMessage());
      }
      Graph truth = sim == null ? null : truth(res.causal().variables());
      Map<String, Object> params = FerroicCommand.parameters(causal.withVariables(res.searched()), null);
      params.put("prior", priorText != null ? priorText : modalityTiers
          ? "modality tiers: intensities and " + maps.modality().prefix() + "* < lattice < polarization"
          : "physics tiers: intensities < lattice and " + maps.modality().prefix() + "* < polarization");
      params.put("modality", maps.modality().name().toLowerCase(Locale.ROOT));
      params.put("lattice", kind.label());
      params.put("contrast", contrast);
      params.put("registration", registrationJson(res, registrationSource));
      params.put("registered_columns", res.registered());
      params.put("map_notes", maps.notes());
      params.put("bin", bin);
      params.put("descriptor_notes", res.notes());
      for (String n : maps.notes()) note("note: " + n);
      for (String n : res.notes()) note("note: " + n);
      if (edges != null) params.put("edges", edges);
      if (sim != null) params.put("simulation", "MultimodalScenario " + SIMULATED_CELLS + "×" + SIMULATED_CELLS + " cells, seed " + seed);
      params.forEach(run::parameter);
      run.step("report", () -> {
        CsvWriter.write(dir.path().resolve("table.csv"), res.table());
        return FerroicReport.write(dir.path(), title, image, atoms, res.causal(), truth, params, seed);
      });
      PrintWriter o = spec.commandLine().getOut();
      Registration r = res.registration();
      o.printf(Locale.ROOT, "Registered %d %s maps of %d × %d pixels onto %d unit cells (offset %.4g,%.4g px, scale %.4g×%.4g px per pixel); %d cells outside the maps.%n",
          res.registered().size(), maps.modality() == MultimodalAnalysis.Modality.EELS ? "EELS" : "4D-STEM", maps.width(), maps.height(),
          res.table().rows(), r.offsetXPx(), r.offsetYPx(), r.scaleXPx(), r.scaleYPx(), res.cellsOutside());
      if (truth != null) {
        int shd = GraphComparison.compare(truth, res.causal().consensus().graph()).structuralHammingDistance();
        run.parameter("shd", shd);
        o.println("True cross-modal mechanism: " + MultimodalScenario.SHIFT_COLUMN + " --> a_px --> polarization_x_px, "
            + MultimodalScenario.SHIFT_COLUMN + " --> polarization_y_px; structural Hamming distance of the consensus: " + shd);
      }
      FerroicCommand.printSummary(o, res.causal(), dir.target());
      if (priorText == null && !modalityTiers) {
        for (String hint : undecidedCrossModal(res)) o.println(hint);
      }
    } finally {
      if (secondData != null) secondData.close();
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

  /** The first spectrum image or 4D-STEM cube in the file. */
  static Dataset pickSecond(DataFile df, Path file) {
    for (Dataset d : df.datasets()) if (d instanceof DataCube4D) return d;
    boolean anySpectrumImage = false;
    for (Dataset d : df.datasets()) anySpectrumImage |= d instanceof SpectrumImage;
    if (anySpectrumImage) return org.causalem.spectra.EelsData.choose(df, null).data(); // EELS only; EDS is refused, naming it
    List<String> held = new ArrayList<>();
    for (Dataset d : df.datasets()) held.add(d.name() + " (" + d.kind().label() + ")");
    throw new BadInputException(file.getFileName() + ": holds " + (held.isEmpty() ? "no dataset" : String.join(", ", held))
        + "; expected an EELS spectrum image or a 4D-STEM cube");
  }

  /**
   * Cross-modal adjacencies of PC that the consensus leaves out: without modality tiers the registered
   * columns share the lattice tier, and the data alone may not orient them.
   */
  static List<String> undecidedCrossModal(MultimodalAnalysis.Result res) {
    List<String> out = new ArrayList<>();
    FerroicAnalysis.Result c = res.causal();
    Graph pc = c.pc().graph();
    Graph cons = c.consensus().graph();
    String prefix = res.maps().modality().prefix();
    List<String> v = c.variables();
    for (int i = 0; i < v.size(); i++) {
      for (int j = i + 1; j < v.size(); j++) {
        if (v.get(i).startsWith(prefix) == v.get(j).startsWith(prefix)) continue;
        if (pc.adjacent(i, j) && !cons.adjacent(i, j)) {
          out.add("Note: " + v.get(i) + " and " + v.get(j) + " are adjacent in PC's graph, but the methods do not agree on "
              + "a direction, so the consensus leaves the edge out; --modality-tiers (chemistry first) or a --prior can state it.");
        }
      }
    }
    return out;
  }

  private static Graph truth(List<String> variables) {
    Graph g = new Graph(variables);
    for (String[] e : MultimodalScenario.TRUE_EDGES) {
      if (!variables.contains(e[0]) || !variables.contains(e[1])) return null;
      g.addDirected(g.index(e[0]), g.index(e[1]));
    }
    return g;
  }

  private static Map<String, Object> registrationJson(MultimodalAnalysis.Result res, String source) {
    Map<String, Object> m = new LinkedHashMap<>();
    Registration r = res.registration();
    m.put("offset_x_px", r.offsetXPx());
    m.put("offset_y_px", r.offsetYPx());
    m.put("scale_x_px", r.scaleXPx());
    m.put("scale_y_px", r.scaleYPx());
    m.put("source", source);
    m.put("map_width", res.maps().width());
    m.put("map_height", res.maps().height());
    m.put("cells", res.table().rows());
    m.put("cells_outside_maps", res.cellsOutside());
    return m;
  }
}
