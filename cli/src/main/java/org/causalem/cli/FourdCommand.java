package org.causalem.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.causalem.data.BadInputException;
import org.causalem.data.DataCube4D;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;
import org.causalem.data.Image;
import org.causalem.fourd.Descan;
import org.causalem.fourd.FourdPipeline;
import org.causalem.fourd.FourdResult;
import org.causalem.fourd.Lattice;
import org.causalem.fourd.ScanRegion;
import org.causalem.fourd.VirtualDetector;
import org.causalem.report.FourdReport;
import org.causalem.io.CsvWriter;
import org.causalem.io.Json;
import org.causalem.io.NpyWriter;
import org.causalem.io.Readers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code causalem fourd FILE --out DIR}: virtual images, centre of mass / DPC, strain and phases of a 4D-STEM cube. */
@Command(name = "fourd", description = {
    "4D-STEM descriptors, streamed over the (memory-mapped) cube in parallel: virtual detector images,",
    "centre-of-mass shift maps with descan correction and rotation calibration (DPC, divergence, curl),",
    "strain from Bragg disks, and a phase map from pattern clustering.",
    "Writes virtual_<det>.npy/.png, com_x.npy, com_y.npy, dpc_x.npy, dpc_y.npy, divergence.npy, curl.npy,",
    "strain_xx.npy, strain_yy.npy, strain_xy.npy, rotation.npy, clusters.npy, mean_pattern.npy, pixels.csv,",
    "fourd.emd (every map with the cube's axes), fourd.json, run.json, report.html and a PNG figure per map into DIR",
    "(maps float32, shape (ry, rx))."})
public final class FourdCommand extends OutputCommand {
  @Parameters(index = "0", paramLabel = "FILE", description = "4D cube: MIB, 4-D NPY (ry, rx, qy, qx), 4-D EMD/HDF5.")
  Path file;

  @Option(names = "--dataset", paramLabel = "NAME", description = "Dataset in FILE (default: the first 4-D cube).")
  String dataset;

  @Option(names = "--virtual", split = ",", paramLabel = "DET", defaultValue = "bf,adf",
      description = "Virtual detectors among bf, abf, adf, haadf, relative to the bright-field disk (default: ${DEFAULT-VALUE}).")
  List<String> virtual;

  @Option(names = "--mask", paramLabel = "[NAME=]FILE",
      description = {"A virtual detector of any shape from a 2-D image of the pattern's size (NPY, TIFF, DM, ...):",
          "the pixels where it is 1 when it holds only 0 and 1, otherwise its values as weights. Written as",
          "virtual_NAME (default NAME: the file name without extension). Repeatable."})
  List<String> maskFiles = new ArrayList<>();

  @Option(names = "--com", description = "Centre-of-mass shift maps, DPC field, divergence and curl.")
  boolean com;

  @Option(names = "--descan", paramLabel = "MODE", defaultValue = "plane",
      description = "Descan correction of the CoM maps: plane or none (default: ${DEFAULT-VALUE}).")
  String descan;

  @Option(names = "--rotation", paramLabel = "DEG", description = "Detector rotation for the DPC field (default: calibrated from the CoM field).")
  @Range(min = -360, max = 360)
  Double rotationDeg;

  @Option(names = "--strain", description = "Strain maps from Bragg disks.")
  boolean strain;

  @Option(names = "--disk-radius", paramLabel = "PX", description = "Bragg-disk radius (default: the bright-field disk radius).")
  @Range(min = 0, max = 10000, minExclusive = true)
  Double diskRadiusPx;

  @Option(names = "--reference", paramLabel = "C0,R0,C1,R1",
      description = "Unstrained reference region: scan columns C0..C1-1, rows R0..R1-1 (default: median over the scan).")
  String reference;

  @Option(names = "--clusters", paramLabel = "K", defaultValue = "0", description = "Cluster patterns into K phases; 0 = none (default).")
  @Range(min = 0, max = 50, why = "0 = none")
  int clusters;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
  @Range(min = 1, max = 1024)
  Integer threads;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the k-means restarts (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override protected void execute(OutputDirectory dir, RunRecord run) throws Exception {
    if (clusters < 0) throw OptionChecks.usage(spec, "--clusters must be >= 0, got " + clusters);
    int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (nThreads < 1) throw OptionChecks.usage(spec, "--threads must be >= 1, got " + nThreads);
    Descan mode = switch (descan) {
      case "plane" -> Descan.PLANE;
      case "none" -> Descan.NONE;
      default -> throw OptionChecks.usage(spec, "--descan must be plane or none, got '" + descan + "'");
    };
    if (diskRadiusPx != null && !(diskRadiusPx > 0)) throw OptionChecks.usage(spec, "--disk-radius must be > 0, got " + diskRadiusPx);
    ScanRegion region;
    try {
      region = reference == null ? null : ScanRegion.parse(reference);
    } catch (IllegalArgumentException e) {
      throw OptionChecks.usage(spec, "--reference: " + e.getMessage());
    }
    Map<String, Path> maskPaths = maskPaths();
    // built (and so validated) before the file is read; the masks join once the pattern size is known
    FourdPipeline.Options base = new FourdPipeline.Options(virtual, List.of(), com, mode,
        rotationDeg == null ? Double.NaN : rotationDeg, strain, diskRadiusPx == null ? Double.NaN : diskRadiusPx, region,
        clusters, nThreads, seed);
    run.seed(seed);
    run.parameter("virtual", virtual);
    run.parameter("masks", maskFiles);
    run.parameter("com", com);
    run.parameter("descan", descan);
    run.parameter("rotation_deg", rotationDeg);
    run.parameter("strain", strain);
    run.parameter("disk_radius_px", diskRadiusPx);
    run.parameter("reference", reference);
    run.parameter("clusters", clusters);
    run.parameter("threads", nThreads);
    run.input(file);
    try (DataFile df = run.step("read", () -> Readers.open(file))) {
      DataCube4D cube = pick(df);
      FiniteData.require(file, cube);
      if (region != null) {
        try {
          region.requireWithin(cube.scanX(), cube.scanY());
        } catch (IllegalArgumentException e) {
          throw OptionChecks.usage(spec, "--reference " + reference + ": " + e.getMessage());
        }
      }
      run.parameter("dataset", cube.name());
      List<VirtualDetector> masks = new ArrayList<>();
      for (Map.Entry<String, Path> m : maskPaths.entrySet()) masks.add(readMask(m.getKey(), m.getValue(), cube));
      FourdPipeline.Options options = base.withMasks(masks);
      FourdResult r;
      try (ProgressBars.Bar bar = progress("fourd")) {
        r = run.step("analyse", () -> new FourdPipeline(options).run(cube, bar));
      }
      for (String n : cube.metadata().notes()) note("note: " + n);
      for (String n : r.notes()) note("note: " + n);
      FourdResult result = r;
      run.step("write", () -> {
        write(dir.path(), cube, result);
        return null;
      });
      run.step("figures", () -> {
        FourdReport.write(dir.path(), file.getFileName().toString(), cube, result, virtual);
        return null;
      });
    }
  }

  /** The --mask options by detector name, checked for names that collide with each other or with --virtual. */
  private Map<String, Path> maskPaths() {
    Map<String, Path> out = new LinkedHashMap<>();
    for (String given : maskFiles) {
      int eq = given.indexOf('=');
      Path p = Path.of(eq < 0 ? given : given.substring(eq + 1));
      String name = eq < 0 ? stem(p) : given.substring(0, eq);
      if (!name.matches("[A-Za-z0-9_-]+")) {
        throw OptionChecks.usage(spec, "--mask name '" + name + "' (from '" + given + "'): use letters, digits, '_' or '-'");
      }
      if (out.containsKey(name) || virtual.contains(name)) {
        throw OptionChecks.usage(spec, "--mask name '" + name + "' is used twice; give one a name: --mask NAME=FILE");
      }
      out.put(name, p);
    }
    List<String> all = new ArrayList<>(virtual);
    all.addAll(out.keySet());
    for (String m : out.keySet()) {
      for (String o : all) {
        if (!o.equals(m) && (o.startsWith(m) || m.startsWith(o))) {
          throw OptionChecks.usage(spec, "--mask name '" + m + "' and detector '" + o + "': one starts with the other, which "
              + "fourd.emd cannot hold apart (HyperSpy would stack them); rename one with --mask NAME=FILE");
        }
      }
    }
    return out;
  }

  private static String stem(Path p) {
    String n = p.getFileName().toString();
    int dot = n.indexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }

  /** A mask image as a virtual detector for the cube's patterns. */
  static VirtualDetector readMask(String name, Path file, DataCube4D cube) throws java.io.IOException {
    Image img = AtomsCommand.readImage(file, null);
    String where = file.getFileName() + " (--mask " + name + ")";
    if (img.width() != cube.detX() || img.height() != cube.detY()) {
      throw new BadInputException(where + ": the mask is " + img.width() + "×" + img.height() + " pixels; the cube's patterns are "
          + cube.detX() + "×" + cube.detY());
    }
    float[] w = img.toFloat();
    boolean binary = true;
    boolean any = false;
    for (int i = 0; i < w.length; i++) {
      if (!Float.isFinite(w[i])) {
        throw new BadInputException(where + ": pixel (" + i % img.width() + ", " + i / img.width() + ") is " + w[i]
            + "; a mask needs finite values");
      }
      if (w[i] != 0 && w[i] != 1) binary = false;
      if (w[i] != 0) any = true;
    }
    if (!any) throw new BadInputException(where + ": every pixel is 0; the detector would select nothing");
    if (binary) {
      boolean[] m = new boolean[w.length];
      for (int i = 0; i < w.length; i++) m[i] = w[i] != 0;
      return VirtualDetector.mask(name, cube.detX(), cube.detY(), m);
    }
    return VirtualDetector.ofWeights(name, cube.detX(), cube.detY(), w);
  }

  private DataCube4D pick(DataFile df) {
    if (dataset != null) {
      Dataset d = df.dataset(dataset);
      if (d instanceof DataCube4D c) return c;
      throw new BadInputException(file.getFileName() + ": dataset '" + dataset + "' is a " + d.kind().label() + ", expected a 4-D cube");
    }
    return df.first(DataCube4D.class);
  }

  private static void write(Path dir, DataCube4D cube, FourdResult r) throws Exception {
    int h = r.height();
    int w = r.width();
    for (Map.Entry<String, float[]> e : r.maps().entrySet()) {
      String n = MapFiles.safe(e.getKey());
      if (e.getKey().equals("clusters")) {
        NpyWriter.write(dir.resolve("clusters.npy"), r.clusters(), h, w);
      } else {
        NpyWriter.write(dir.resolve(n + ".npy"), e.getValue(), h, w);
      }
    }
    float[] mean = new float[r.meanPattern().length];
    for (int i = 0; i < mean.length; i++) mean[i] = (float) r.meanPattern()[i];
    NpyWriter.write(dir.resolve("mean_pattern.npy"), mean, r.detY(), r.detX());
    CsvWriter.write(dir.resolve("pixels.csv"), r.pixels(), CsvWriter.FLOAT);
    org.causalem.report.EmdOutputs.fourd(dir.resolve("fourd.emd"), cube, r);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("dataset", cube.name());
    summary.put("shape", new int[] {h, w, r.detY(), r.detX()});
    Map<String, Object> probe = new LinkedHashMap<>();
    probe.put("centre_x_px", r.probe().centreX());
    probe.put("centre_y_px", r.probe().centreY());
    probe.put("radius_px", r.probe().radiusPx());
    probe.put("method", r.probe().method());
    probe.put("cut_by_detector_border", r.probe().cut());
    Map<String, Object> border = new LinkedHashMap<>();
    String[] sides = {"left_x0", "right", "top_y0", "bottom"};
    for (int k = 0; k < 4; k++) border.put(sides[k], r.probe().borderPixels()[k]);
    probe.put("half_maximum_pixels_on_border", border);
    probe.put("half_maximum_centre_x_px", r.probe().halfMaxCentreX());
    probe.put("half_maximum_centre_y_px", r.probe().halfMaxCentreY());
    probe.put("half_maximum_radius_px", r.probe().halfMaxRadiusPx());
    if (r.probe().method().equals("edge-fit")) {
      probe.put("edge_points", r.probe().edgePoints());
      probe.put("edge_rms_px", r.probe().edgeRmsPx());
    }
    summary.put("bright_field_disk", probe);
    Map<String, Object> sat = new LinkedHashMap<>();
    sat.put("counter_max", r.saturation().counterMax());
    sat.put("counter_max_source", r.saturation().source());
    sat.put("frames_sampled", r.saturation().framesSampled());
    sat.put("frames_with_saturated_pixels", r.saturation().framesSaturated());
    sat.put("max_saturated_pixels_per_frame", r.saturation().maxPixelsPerFrame());
    sat.put("detector_pixels_ever_saturated", r.saturation().pixelsEverSaturated());
    summary.put("saturation", sat);
    if (r.rotation() != null) {
      Map<String, Object> rot = new LinkedHashMap<>();
      rot.put("angle_deg", r.rotation().angleDeg());
      rot.put("flip", r.rotation().flip());
      rot.put("remaining_curl_fraction", r.rotation().curlFraction());
      rot.put("note", "determined modulo 180 degrees");
      summary.put("detector_rotation", rot);
    }
    if (r.strain() != null) {
      Lattice l = r.strain().reference();
      summary.put("reference_lattice_px", Map.of("g1", new double[] {l.g1x(), l.g1y()}, "g2", new double[] {l.g2x(), l.g2y()}));
      summary.put("strain_frame", r.strain().frame().equals("scan")
          ? "scan axes (x along a scan row, y across rows), rotated from the detector by detector_rotation; rotation in degrees from +x towards +y"
          : "detector axes (x right, y down); rotation in degrees from +x towards +y");
    }
    summary.put("maps", String.join(",", r.maps().keySet()).toLowerCase(Locale.ROOT));
    List<String> notes = new ArrayList<>(cube.metadata().notes());
    notes.addAll(r.notes());
    summary.put("notes", notes);
    Json.write(dir.resolve("fourd.json"), summary);
  }
}
