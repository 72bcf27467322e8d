package org.causalem.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.causalem.data.Image;
import org.causalem.output.AtomsOutput;
import org.causalem.workflow.AtomsAnalysis;
import org.causalem.workflow.ImageInput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code causalem atoms IMAGE --out DIR}: atom columns, sublattices and per-cell descriptors. */
@Command(name = "atoms", description = {
    "Find atom columns, sublattices, unit cells and per-cell descriptors in an atomic-resolution image.",
    "Writes atoms.csv, cells.csv, sites.csv, overlay.png, atoms.emd (the image with its axes), summary.json and run.json into DIR."})
public final class AtomsCommand extends OutputCommand {
  @Parameters(index = "0", paramLabel = "IMAGE", description = "Atomic-resolution HAADF image (any supported format).")
  Path input;

  @Option(names = "--dataset", paramLabel = "NAME", description = "Dataset to use when the file holds several (default: the first image).")
  String dataset;

  @Option(names = "--lattice", paramLabel = "KIND", defaultValue = "auto", converter = Choices.Lattice.class, completionCandidates = Choices.Lattice.class,
      description = "perovskite, hexagonal, simple or auto (default: ${DEFAULT-VALUE}).")
  ImageInput.Lattice lattice;

  @Option(names = "--lattice-constant", paramLabel = "L",
      description = "Length of lattice vector a, with unit (3.905A, 0.3905nm, 390.5pm): calibrates the pixel size.")
  String latticeConstant;

  @Option(names = "--contrast", paramLabel = "C", defaultValue = "bright", converter = Choices.Contrast.class, completionCandidates = Choices.Contrast.class,
      description = {"bright: columns brighter than the background (HAADF, ADF; default); dark: darker (ABF, BF),",
          "found and fitted on the inverted image (maximum minus value)."})
  ImageInput.Contrast contrast;

  @Option(names = "--scan-correction", description = "Correct linear scan distortion, assuming the ideal cell (square perovskite, equilateral hexagonal).")
  boolean scanCorrection;

  @Option(names = "--column-sigma", paramLabel = "PX", description = "Detection filter scale in px (default: a tenth of the image's dominant period).")
  @Range(min = 0.5, max = 1000, maxExclusive = true)
  Double columnSigmaPx;

  @Option(names = "--min-separation", paramLabel = "PX", description = "Minimum distance between columns in px (default: 0.45 of the dominant period).")
  @Range(min = 1, max = 10000, maxExclusive = true)
  Double minSeparationPx;

  @Option(names = "--threshold", paramLabel = "T", description = "Detection threshold on the filter response (default: automatic).")
  @Range(min = -1e38, max = 1e38)
  Double threshold;

  @Option(names = "--window", paramLabel = "PX", description = "Gaussian fit window radius in px (default: half the nearest-neighbour distance).")
  @Range(min = 1.5, max = 100)
  Double windowPx;

  @Option(names = "--outlier-z", paramLabel = "Z", defaultValue = "5",
      description = "Robust z-score of a column's intensity within its sublattice above which it is flagged (default: ${DEFAULT-VALUE}).")
  @Range(min = 0, max = 1e6, minExclusive = true)
  double outlierZ;

  @Option(names = "--structure", paramLabel = "FORMATS", description = {"Also write a structural model: xyz (structure.xyz, extended XYZ), cif (structure.cif) or xyz,cif.",
      "Positions in Å: needs a pixel size (--lattice-constant or a calibrated image)."})
  String structure;

  @Option(names = "--elements", paramLabel = "MAP", description = "Element per sublattice for --structure, e.g. A=Sr,B=Ti (default: X, unknown).")
  String elements;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
  @Range(min = 1, max = 1024)
  Integer threads;

  @Option(names = "--reference-region", paramLabel = "X0,Y0,X1,Y1",
      description = {"Rectangle in px whose mean B off-centring is the zero of polarization: cells.csv gains",
          "polarization_rel_x_px/_y_px and summary.json's off_centring a reference_region."})
  String referenceRegion;

  @Override protected void execute(OutputDirectory dir, RunRecord run) throws Exception {
    OptionalDouble lcNm = latticeConstant == null ? OptionalDouble.empty() : OptionalDouble.of(OptionChecks.latticeNm(spec, latticeConstant));
    int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (nThreads < 1) throw OptionChecks.usage(spec, "--threads must be >= 1, got " + nThreads);
    java.util.Set<String> structureFormats = StructureFiles.formats(spec, structure);
    Map<String, String> elementMap = StructureFiles.elements(spec, elements, structureFormats);
    double[] region = referenceRegion == null ? null : parseRegion(referenceRegion);
    AtomsAnalysis.Options options = AtomsAnalysis.Options.builder()
        .lattice(lattice).latticeConstantNm(lcNm).scanCorrection(scanCorrection).contrast(contrast)
        .columnSigmaPx(optional(columnSigmaPx)).minSeparationPx(optional(minSeparationPx)).threshold(optional(threshold))
        .windowPx(optional(windowPx)).outlierZ(outlierZ).threads(nThreads).dataset(Optional.ofNullable(dataset))
        .referenceRegion(region == null ? Optional.empty() : Optional.of(new AtomsAnalysis.Region(region[0], region[1], region[2], region[3])))
        .build();
    run.input(input);
    AtomsOutput.parameters(options).forEach(run::parameter);
    Image read = run.step("read", () -> readImage(input, dataset));
    run.parameter("dataset", read.name());
    AtomsAnalysis.Result res;
    try (ProgressBars.Bar bar = progress("refining columns")) {
      res = run.step("atoms", () -> {
        try {
          return new AtomsAnalysis(options).run(read, bar);
        } catch (org.causalem.data.BadInputException e) {
          throw region != null && e.getMessage().startsWith("a reference region") ? new org.causalem.data.BadInputException("--reference-region"
              + e.getMessage().substring("a reference region".length())) : e;
        }
      });
    }
    AtomsOutput.detection(res).forEach(run::parameter);
    for (String n : res.notes()) note("note: " + n);
    org.causalem.structure.StructureModel model = structureFormats.isEmpty() ? null : StructureFiles.model(spec, res, elementMap);
    run.step("write", () -> {
      Path d = dir.path();
      if (model != null) StructureFiles.write(d, structureFormats, model);
      AtomsOutput.write(d, res, input.toString());
      return null;
    });
    run.step("figures", () -> {
      AtomsOutput.writeFigures(dir.path(), res, input.getFileName().toString());
      return null;
    });
    for (String n : res.atoms().notes()) note("note: " + n);
    for (String line : AtomsOutput.summary(res, out.toString())) note(line);
  }

  private static OptionalDouble optional(Double v) { return v == null ? OptionalDouble.empty() : OptionalDouble.of(v); }

  /** {@code X0,Y0,X1,Y1} in px: four finite numbers with X0 < X1 and Y0 < Y1. */
  static double[] parseRegion(String text) {
    String[] p = text.split(",");
    String expected = "; expected X0,Y0,X1,Y1 in px with X0 < X1 and Y0 < Y1, e.g. 0,0,200,200";
    if (p.length != 4) throw new IllegalArgumentException("--reference-region '" + text + "' has " + p.length + " values" + expected);
    double[] v = new double[4];
    for (int i = 0; i < 4; i++) {
      try {
        v[i] = Double.parseDouble(p[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--reference-region '" + text + "': '" + p[i].trim() + "' is not a number" + expected);
      }
      if (!Double.isFinite(v[i])) throw new IllegalArgumentException("--reference-region '" + text + "': '" + p[i].trim() + "' is not finite" + expected);
    }
    if (!(v[0] < v[2] && v[1] < v[3])) throw new IllegalArgumentException("--reference-region '" + text + "' is empty" + expected);
    return v;
  }

  /** The named dataset, or the first image; a clear error when it is not a 2-D image. */
  static Image readImage(Path file, String name) throws java.io.IOException { return AtomsAnalysis.read(file, Optional.ofNullable(name)); }

  /** Whether {@code --contrast} asks for dark columns; a usage error unless bright or dark. */
  static boolean darkContrast(String contrast) {
    if (!contrast.equals("bright") && !contrast.equals("dark")) {
      throw new IllegalArgumentException("--contrast must be bright or dark, got '" + contrast + "'");
    }
    return contrast.equals("dark");
  }

  /** Dark columns made bright: every pixel becomes the image's maximum minus its value. */
  static Image inverted(Image img) { return ImageInput.Contrast.DARK.apply(img); }
}
