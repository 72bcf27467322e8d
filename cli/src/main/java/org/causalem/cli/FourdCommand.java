package org.causalem.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.causalem.output.FourdOutput;
import org.causalem.workflow.FourdAnalysis;
import org.causalem.workflow.OptionsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code causalem fourd FILE --out DIR}: virtual images, centre of mass / DPC, strain and phases of a 4D-STEM cube. */
@Command(name = "fourd", description = {
    "4D-STEM descriptors, streamed over the (memory-mapped) cube in parallel: virtual detector images,",
    "centre-of-mass shift maps with descan correction and rotation calibration (DPC, divergence, curl),",
    "strain from Bragg disks, and a phase map from pattern clustering.",
    "Writes virtual_<det>.npy/.svg, com_x.npy, com_y.npy, dpc_x.npy, dpc_y.npy, divergence.npy, curl.npy,",
    "strain_xx.npy, strain_yy.npy, strain_xy.npy, rotation.npy, clusters.npy, mean_pattern.npy, pixels.csv,",
    "fourd.emd (every map with the cube's axes), fourd.json, run.json, report.html and an SVG figure per map into DIR",
    "(maps float32, shape (ry, rx))."})
public final class FourdCommand extends OutputCommand {
  @Parameters(index = "0", paramLabel = "FILE", description = "4D cube: MIB, blockfile, EMPAD .xml, TVIPS (with --scan-shape), 4-D NPY (ry, rx, qy, qx), 4-D EMD/HDF5.")
  Path file;

  @Option(names = "--dataset", paramLabel = "NAME", description = "Dataset in FILE (default: the first 4-D cube).")
  String dataset;

  @Option(names = "--scan-shape", paramLabel = "RYxRX[+FIRST]",
      description = {"Read a TVIPS recording (its files record no scan shape) as a RY x RX scan in raster order, x fastest,",
          "from frame FIRST (default 0) of the recording."})
  String scanShape;

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
    FourdAnalysis.DescanMode mode = switch (descan) {
      case "plane" -> FourdAnalysis.DescanMode.PLANE;
      case "none" -> FourdAnalysis.DescanMode.NONE;
      default -> throw OptionChecks.usage(spec, "--descan must be plane or none, got '" + descan + "'");
    };
    if (diskRadiusPx != null && !(diskRadiusPx > 0)) throw OptionChecks.usage(spec, "--disk-radius must be > 0, got " + diskRadiusPx);
    FourdAnalysis.Region region;
    try {
      region = reference == null ? null : FourdAnalysis.Region.parse(reference);
    } catch (IllegalArgumentException e) {
      throw OptionChecks.usage(spec, "--reference: " + e.getMessage());
    }
    Optional<FourdAnalysis.ScanShape> scan;
    try {
      scan = scanShape == null ? Optional.empty() : Optional.of(FourdAnalysis.ScanShape.parse(scanShape));
    } catch (IllegalArgumentException e) {
      throw OptionChecks.usage(spec, "--scan-shape " + e.getMessage());
    }
    List<FourdAnalysis.Mask> masks = new ArrayList<>();
    maskPaths().forEach((name, path) -> masks.add(new FourdAnalysis.Mask(name, path)));
    // built (and so validated) before the file is read; the masks are read once the pattern size is known
    FourdAnalysis.Options options = FourdAnalysis.Options.builder().virtual(virtual).masks(masks).com(com).descan(mode)
        .rotationDeg(rotationDeg == null ? OptionalDouble.empty() : OptionalDouble.of(rotationDeg)).strain(strain)
        .diskRadiusPx(diskRadiusPx == null ? OptionalDouble.empty() : OptionalDouble.of(diskRadiusPx)).reference(Optional.ofNullable(region))
        .clusters(clusters).threads(nThreads).seed(seed).dataset(Optional.ofNullable(dataset)).scanShape(scan).build();
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
    run.parameter("scan_shape", scanShape);
    run.input(file);
    try (ProgressBars.Bar bar = progress("fourd")) {
      run.step("analyse", () -> new FourdAnalysis(options).run(file, bar, r -> {
        run.parameter("dataset", r.cube().name());
        for (String n : r.cube().metadata().notes()) note("note: " + n);
        for (String n : r.fourd().notes()) note("note: " + n);
        try {
          run.step("write", () -> {
            FourdOutput.write(dir.path(), r);
            return null;
          });
          return run.step("figures", () -> {
            FourdOutput.writeFigures(dir.path(), r, file.getFileName().toString());
            return null;
          });
        } catch (java.io.IOException | RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new java.io.IOException(e);
        }
      }));
    } catch (OptionsException e) {
      throw OptionChecks.usage(spec, "--" + e.getMessage());   // the message starts with the parameter's name
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
}
