package org.causalem.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.causalem.data.BadInputException;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;
import org.causalem.data.Image;
import org.causalem.image.ColumnDetector;
import org.causalem.image.GaussianRefiner;
import org.causalem.io.Json;
import org.causalem.io.Readers;
import org.causalem.lattice.AtomsPipeline;
import org.causalem.lattice.AtomsResult;
import org.causalem.lattice.LatticeConstant;
import org.causalem.lattice.LatticeKind;
import org.causalem.output.AtomsCsv;
import org.causalem.report.AtomsReport;
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

  @Option(names = "--lattice", paramLabel = "KIND", defaultValue = "auto",
      description = "perovskite, hexagonal, simple or auto (default: ${DEFAULT-VALUE}).")
  String lattice;

  @Option(names = "--lattice-constant", paramLabel = "L",
      description = "Length of lattice vector a, with unit (3.905A, 0.3905nm, 390.5pm): calibrates the pixel size.")
  String latticeConstant;

  @Option(names = "--contrast", paramLabel = "C", defaultValue = "bright",
      description = {"bright: columns brighter than the background (HAADF, ADF; default); dark: darker (ABF, BF),",
          "found and fitted on the inverted image (maximum minus value)."})
  String contrast;

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
    LatticeKind kind = LatticeKind.parse(lattice);
    boolean dark = darkContrast(contrast);
    double lcNm = latticeConstant == null ? Double.NaN : OptionChecks.latticeNm(spec, latticeConstant);
    int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (nThreads < 1) throw OptionChecks.usage(spec, "--threads must be >= 1, got " + nThreads);
    ColumnDetector.Options det = ColumnDetector.Options.defaults()
        .withScale(columnSigmaPx == null ? Double.NaN : columnSigmaPx, minSeparationPx == null ? Double.NaN : minSeparationPx)
        .withThreshold(threshold == null ? Double.NaN : threshold);
    GaussianRefiner.Options ref = GaussianRefiner.Options.defaults().withThreads(nThreads)
        .withWindow(windowPx == null ? Double.NaN : windowPx, Double.NaN);
    java.util.Set<String> structureFormats = StructureFiles.formats(spec, structure);
    Map<String, String> elementMap = StructureFiles.elements(spec, elements, structureFormats);
    AtomsPipeline.Options options = new AtomsPipeline.Options(kind, lcNm, scanCorrection, det, ref, outlierZ, AtomsPipeline.Options.PRESENCE_Z);
    double[] region = referenceRegion == null ? null : parseRegion(referenceRegion);
    run.input(input);
    run.parameter("lattice", kind.label());
    run.parameter("lattice_constant_nm", lcNm);
    run.parameter("scan_correction", scanCorrection);
    run.parameter("contrast", contrast);
    run.parameter("outlier_z", outlierZ);
    run.parameter("threads", nThreads);
    Image read = run.step("read", () -> readImage(input, dataset));
    Image image = dark ? inverted(read) : read;
    run.parameter("dataset", image.name());
    AtomsResult res;
    try (ProgressBars.Bar bar = progress("refining columns")) {
      AtomsResult r = run.step("atoms", () -> new AtomsPipeline(options).run(image, bar));
      if (region != null && r.lattice().sites() < 2) {
        throw new BadInputException("--reference-region needs a lattice with a B site (perovskite), found " + r.lattice().kind().label());
      }
      res = region == null ? r : r.withReferenceRegion(region[0], region[1], region[2], region[3]);
    }
    if (region != null) run.parameter("reference_region_px", region);
    run.parameter("smoothing_sigma_px", res.detection().smoothingSigmaPx());
    run.parameter("min_separation_px", res.detection().minSeparationPx());
    run.parameter("threshold", res.detection().threshold());
    java.util.List<String> notes = AtomsPipeline.calibrationNotes(image, res);
    for (String n : notes) note("note: " + n);
    org.causalem.structure.StructureModel model = structureFormats.isEmpty() ? null : StructureFiles.model(spec, res, elementMap);
    run.step("write", () -> {
      Path d = dir.path();
      if (model != null) StructureFiles.write(d, structureFormats, model);
      AtomsCsv.write(d.resolve("atoms.csv"), res.atoms(), res.lattice().siteNames());
      AtomsCsv.write(d.resolve("cells.csv"), res.cells(), res.lattice().siteNames());
      AtomsCsv.write(d.resolve("sites.csv"), res.sites(), res.lattice().siteNames());
      org.causalem.report.EmdOutputs.atoms(d.resolve("atoms.emd"), read);
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("input", input.toString());
      summary.put("dataset", image.name());
      summary.put("image_size_px", new int[] {image.width(), image.height()});
      summary.putAll(res.summary());
      java.util.List<String> all = new java.util.ArrayList<>(notes);
      if (summary.get("notes") instanceof java.util.List<?> l) for (Object o : l) all.add(String.valueOf(o));
      summary.put("notes", all);
      Json.write(d.resolve("summary.json"), summary);
      return null;
    });
    run.step("figures", () -> {
      AtomsReport.write(dir.path(), input.getFileName().toString(), image, res, concat(notes, res.notes()));
      return null;
    });
    for (String n : res.notes()) note("note: " + n);
    Map<String, Object> counts = res.summary();
    if (res.lattice().sites() > 1) note("atoms: " + res.offCentring().sentence());
    note("atoms: " + res.columns().size() + " columns, lattice " + res.lattice().kind().label() + ", "
        + res.cells().rows() + " cells -> " + out + "  " + counts.get("columns_per_sublattice"));
  }

  private static java.util.List<String> concat(java.util.List<String> a, java.util.List<String> b) {
    java.util.List<String> out = new java.util.ArrayList<>(a);
    out.addAll(b);
    return out;
  }

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
  static Image readImage(Path file, String name) throws java.io.IOException {
    try (DataFile df = Readers.open(file)) {
      if (name != null) {
        Dataset d = df.dataset(name);
        if (d instanceof Image img) return finite(file, materialise(img));
        throw new BadInputException(file.getFileName() + ": dataset '" + name + "' is " + d.kind().label()
            + ", expected a 2-D image");
      }
      return finite(file, materialise(df.first(Image.class)));
    }
  }

  /** Whether {@code --contrast} asks for dark columns; a usage error unless bright or dark. */
  static boolean darkContrast(String contrast) {
    if (!contrast.equals("bright") && !contrast.equals("dark")) {
      throw new IllegalArgumentException("--contrast must be bright or dark, got '" + contrast + "'");
    }
    return contrast.equals("dark");
  }

  /** Dark columns made bright: every pixel becomes the image's maximum minus its value. */
  static Image inverted(Image img) {
    float[] px = img.toFloat();
    float max = Float.NEGATIVE_INFINITY;
    for (float v : px) if (v > max) max = v;
    float[] out = new float[px.length];
    for (int i = 0; i < px.length; i++) out[i] = max - px[i];
    return img.withPixels(out);
  }

  /** Copies the pixels to floats so the image outlives the file (memory-mapped buffers are closed). */
  private static Image finite(Path file, Image img) {
    FiniteData.require(file, img);
    return img;
  }

  private static Image materialise(Image img) { return img.withPixels(img.toFloat().clone()); }
}
