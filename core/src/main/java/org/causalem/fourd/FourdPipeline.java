package org.causalem.fourd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.causalem.data.BadInputException;
import org.causalem.data.DataCube4D;
import org.causalem.data.Progress;
import org.causalem.table.Descriptor;
import org.causalem.table.DescriptorTable;

/**
 * The 4D-STEM workflow on one cube: the bright-field disk (probe) from a sample of frames; one
 * streaming pass for virtual images, centre of mass and the mean pattern; CoM shift maps with descan
 * correction, rotation calibration, DPC field, divergence and curl; optionally strain from Bragg
 * disks (one more pass) and a phase map from pattern clustering (two more passes). Every pass
 * streams over the cube in parallel.
 *
 * <p>Named virtual detectors, relative to the probe radius R and centre: {@code bf} r ≤ R;
 * {@code abf} R/2 &lt; r ≤ R; {@code adf} 1.5R &lt; r ≤ 3R; {@code haadf} 3R &lt; r ≤ the largest
 * circle inside the detector.
 */
public final class FourdPipeline {
  /** Names accepted in {@link Options#virtual}. */
  public static final List<String> DETECTOR_NAMES = List.of("bf", "abf", "adf", "haadf");

  /**
   * @param virtual named detectors ({@link #DETECTOR_NAMES})
   * @param masks further detectors of any shape
   * @param rotationDeg detector rotation for the DPC field; NaN = calibrate from the CoM field
   * @param diskRadiusPx Bragg-disk radius; NaN = the probe radius
   * @param strainReference unstrained region; null = median over the scan
   * @param clusters phases to cluster into; 0 = no clustering
   */
  public record Options(List<String> virtual, List<VirtualDetector> masks, boolean com, Descan descan, double rotationDeg,
                        boolean strain, double diskRadiusPx, ScanRegion strainReference, int clusters, int threads,
                        long seed) {
    public Options {
      virtual = List.copyOf(virtual);
      masks = List.copyOf(masks);
      for (String v : virtual) {
        if (!DETECTOR_NAMES.contains(v)) {
          throw new IllegalArgumentException("unknown virtual detector '" + v + "'; expected one of " + DETECTOR_NAMES);
        }
      }
      Objects.requireNonNull(descan, "descan");
      if (!(Double.isNaN(diskRadiusPx) || diskRadiusPx > 0)) throw new IllegalArgumentException("diskRadiusPx must be > 0, got " + diskRadiusPx);
      if (clusters < 0) throw new IllegalArgumentException("clusters must be >= 0, got " + clusters);
      if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }

    public static Options defaults() {
      return new Options(List.of("bf", "adf"), List.of(), true, Descan.PLANE, Double.NaN, false, Double.NaN, null, 0,
          Runtime.getRuntime().availableProcessors(), 1);
    }

    public Options withStrain(boolean s, ScanRegion reference) {
      return new Options(virtual, masks, com, descan, rotationDeg, s, diskRadiusPx, reference, clusters, threads, seed);
    }

    public Options withClusters(int k) {
      return new Options(virtual, masks, com, descan, rotationDeg, strain, diskRadiusPx, strainReference, k, threads, seed);
    }

    public Options withRotation(double deg) {
      return new Options(virtual, masks, com, descan, deg, strain, diskRadiusPx, strainReference, clusters, threads, seed);
    }

    public Options withMasks(List<VirtualDetector> m) {
      return new Options(virtual, m, com, descan, rotationDeg, strain, diskRadiusPx, strainReference, clusters, threads, seed);
    }

    public Options withVirtual(List<String> v) {
      return new Options(v, masks, com, descan, rotationDeg, strain, diskRadiusPx, strainReference, clusters, threads, seed);
    }
  }

  private static final int PROBE_SAMPLE = 256;
  /** Largest remaining curl (RMS, over the divergence) for which a calibrated detector rotation is trusted for strain. */
  static final double MAX_CURL_FRACTION = 0.5;

  private final Options options;

  public FourdPipeline(Options options) { this.options = Objects.requireNonNull(options); }

  /**
   * Runs the workflow.
   *
   * @param progress told frames done over all passes
   * @throws BadInputException when strain is asked for and the mean pattern shows no lattice
   */
  public FourdResult run(DataCube4D cube, Progress progress) {
    int w = cube.scanX();
    int h = cube.scanY();
    int dx = cube.detX();
    int dy = cube.detY();
    long frames = cube.frameCount();
    int passes = 1 + (options.strain() ? 1 : 0) + (options.clusters() > 0 ? 2 : 0);
    long total = passes * frames;
    List<String> notes = new ArrayList<>();
    Sample sample = sample(cube);
    Saturation saturation = sample.saturation();
    Probe probe = Probe.find(sample.sum(), dx, dy, saturation.any());
    if (Double.isNaN(probe.centreX())) throw new BadInputException(cube.name() + ": every sampled pattern is empty (no counts)");
    notes.addAll(probe.notes());
    if (saturation.any()) notes.add(saturation.note());
    List<VirtualDetector> detectors = new ArrayList<>();
    for (String name : options.virtual()) {
      VirtualDetector d = named(name, probe, dx, dy);
      if (d != null) {
        detectors.add(d);
      } else {
        notes.add("virtual detector " + name + " lies beyond the " + dx + "×" + dy + " detector (bright-field disk radius "
            + String.format(Locale.ROOT, "%.1f", probe.radiusPx()) + " px): skipped");
      }
    }
    detectors.addAll(options.masks());
    CubeMaps scan = new CubeScan(new CubeScan.Options(detectors, null)).scan(cube, options.threads(),
        (d, t) -> progress.update(d, total));
    long base = frames;
    Map<String, float[]> maps = new LinkedHashMap<>();
    for (VirtualDetector d : detectors) maps.put("virtual_" + d.name(), scan.virtual().get(d.name()));
    RotationCalibration rotation = Double.isNaN(options.rotationDeg()) ? null
        : new RotationCalibration(options.rotationDeg(), false, Double.NaN);
    boolean rotationKnown = rotation != null;
    if (options.com()) {
      ShiftField shift = ShiftField.fromCom(scan, options.descan());
      maps.put("com_x", shift.x());
      maps.put("com_y", shift.y());
      if (Double.isNaN(options.rotationDeg())) {
        if (w >= 3 && h >= 3) {
          rotation = RotationCalibration.find(shift);
          // a field without a phase gradient (pure noise) leaves as much curl as divergence at any angle
          rotationKnown = rotation.curlFraction() < MAX_CURL_FRACTION;
        } else {
          rotation = new RotationCalibration(0, false, Double.NaN);
          notes.add("scan of " + w + "×" + h + " is too small to calibrate the detector rotation: none applied");
        }
      }
      ShiftField dpc = shift.rotate(rotation.angleDeg(), rotation.flip());
      maps.put("dpc_x", dpc.x());
      maps.put("dpc_y", dpc.y());
      maps.put("divergence", dpc.divergence());
      maps.put("curl", dpc.curl());
      maps.put("dpc_phase", dpc.integrate());
    }
    StrainMaps strain = null;
    if (options.strain()) {
      double radius = Double.isNaN(options.diskRadiusPx()) ? Math.max(1, probe.radiusPx()) : options.diskRadiusPx();
      BraggDiskFinder.Options diskOptions = BraggDiskFinder.Options.forRadius(radius);
      float[] mean = new float[dx * dy];
      for (int i = 0; i < mean.length; i++) mean[i] = (float) scan.meanPattern()[i];
      BraggDiskFinder finder = new BraggDiskFinder(diskOptions, dx, dy);
      Disks disks = finder.find(mean, finder.workspace());
      LatticeFitter.Fit initial = new LatticeFitter(LatticeFitter.Options.defaults()).guess(disks, probe.centreX(), probe.centreY());
      if (!initial.lattice().valid()) {
        throw new BadInputException(cube.name() + ": no Bragg-disk lattice in the mean pattern (found " + disks.count()
            + " disks of radius " + String.format(Locale.ROOT, "%.1f", radius) + " px); strain needs at least 3 non-collinear disks");
      }
      final long offset = base;
      strain = new StrainMapper(new StrainMapper.Options(diskOptions, LatticeFitter.Options.defaults(), options.strainReference()))
          .map(cube, initial.lattice(), options.threads(), (d, t) -> progress.update(offset + d, total));
      base += frames;
      if (rotationKnown) {
        strain = strain.toScanFrame(rotation.angleDeg(), rotation.flip());
      } else {
        notes.add("strain maps are in the detector frame: the detector's rotation to the scan is known only with `rotation` "
            + "or with `com` on a field it calibrates (remaining curl below " + MAX_CURL_FRACTION + " of the divergence"
            + (rotation == null ? "" : "; here " + String.format(Locale.ROOT, "%.2f", rotation.curlFraction())) + ")");
      }
      maps.put("strain_xx", strain.exx());
      maps.put("strain_yy", strain.eyy());
      maps.put("strain_xy", strain.exy());
      maps.put("rotation", strain.rotationDeg());
    }
    int[] clusters = null;
    if (options.clusters() > 0) {
      final long offset = base;
      PhaseMap phases = new PatternClustering(PatternClustering.Options.of(options.clusters(), options.seed()))
          .cluster(cube, options.threads(), (d, t) -> progress.update(offset + d, total));
      clusters = phases.labels();
      float[] c = new float[clusters.length];
      for (int i = 0; i < c.length; i++) c[i] = clusters[i];
      maps.put("clusters", c);
    }
    progress.update(total, total);
    return new FourdResult(w, h, dx, dy, probe, saturation, Collections.unmodifiableMap(maps), clusters, rotation, strain,
        scan.meanPattern(), notes, table(w, h, cube.rx(), cube.ry(), maps));
  }

  /** The detector called {@code name}, placed on the probe; null when it lies wholly beyond the detector's pixels. */
  public static VirtualDetector named(String name, Probe probe, int detX, int detY) {
    double r = probe.radiusPx();
    double cx = probe.centreX();
    double cy = probe.centreY();
    double edge = Math.min(Math.min(cx, detX - 1 - cx), Math.min(cy, detY - 1 - cy));
    double farthest = Math.max(Math.hypot(cx, cy), Math.max(Math.hypot(detX - 1 - cx, cy),
        Math.max(Math.hypot(cx, detY - 1 - cy), Math.hypot(detX - 1 - cx, detY - 1 - cy))));
    double inner = switch (name) {
      case "abf" -> 0.5 * r;
      case "adf" -> 1.5 * r;
      case "haadf" -> 3 * r;
      default -> -1;
    };
    if (inner >= farthest) return null;
    switch (name) {
      case "bf": return VirtualDetector.disk("bf", detX, detY, cx, cy, r);
      case "abf": return VirtualDetector.annulus("abf", detX, detY, cx, cy, 0.5 * r, r);
      case "adf": return VirtualDetector.annulus("adf", detX, detY, cx, cy, 1.5 * r, 3 * r);
      case "haadf": return VirtualDetector.annulus("haadf", detX, detY, cx, cy, 3 * r, Math.max(edge, 3 * r + 1));
      default: throw new IllegalArgumentException("unknown virtual detector '" + name + "'; expected one of " + DETECTOR_NAMES);
    }
  }

  /**
   * The named virtual detectors a run on {@code cube} uses (the probe found on the same sampled frames), those beyond
   * the detector left out: for a reduction of the cube split over several machines that must equal {@link #run}'s.
   */
  public static List<VirtualDetector> detectors(DataCube4D cube, List<String> names) {
    Sample sample = sample(cube);
    Probe probe = Probe.find(sample.sum(), cube.detX(), cube.detY(), sample.saturation().any());
    if (Double.isNaN(probe.centreX())) throw new BadInputException(cube.name() + ": every sampled pattern is empty (no counts)");
    List<VirtualDetector> out = new ArrayList<>();
    for (String name : names) {
      VirtualDetector d = named(name, probe, cube.detX(), cube.detY());
      if (d != null) out.add(d);
    }
    return out;
  }

  /** The sum of up to {@value #PROBE_SAMPLE} frames spread evenly over the scan. */
  static double[] samplePattern(DataCube4D cube) { return sample(cube).sum(); }

  /** The summed sampled frames and the pixels in them at the counter's maximum. */
  record Sample(double[] sum, Saturation saturation) {}

  /** Up to {@value #PROBE_SAMPLE} frames spread evenly over the scan: their sum and their saturated pixels. */
  static Sample sample(DataCube4D cube) {
    long n = cube.frameCount();
    int take = (int) Math.min(n, PROBE_SAMPLE);
    double[] sum = new double[cube.detX() * cube.detY()];
    float[] frame = new float[sum.length];
    String[] source = new String[1];
    double cmax = Saturation.counterMax(cube, source);
    boolean[] ever = new boolean[sum.length];
    int framesSat = 0;
    int maxPerFrame = 0;
    for (int k = 0; k < take; k++) {
      long idx = take == n ? k : (long) ((k + 0.5) * n / take);
      cube.readFrame((int) (idx % cube.scanX()), (int) (idx / cube.scanX()), frame);
      int sat = 0;
      for (int i = 0; i < sum.length; i++) {
        sum[i] += frame[i];
        if (frame[i] >= cmax) {
          sat++;
          ever[i] = true;
        }
      }
      if (sat > 0) framesSat++;
      maxPerFrame = Math.max(maxPerFrame, sat);
    }
    int everCount = 0;
    for (boolean b : ever) if (b) everCount++;
    return new Sample(sum, new Saturation(cmax, source[0], take, framesSat, maxPerFrame, everCount));
  }

  private static DescriptorTable table(int w, int h, org.causalem.data.Axis rx, org.causalem.data.Axis ry,
                                       Map<String, float[]> maps) {
    List<String> names = new ArrayList<>(List.of("row", "col", "x_px", "y_px"));
    List<String> units = new ArrayList<>(List.of("", "", "px", "px"));
    List<double[]> cols = new ArrayList<>();
    int n = w * h;
    double[] row = new double[n];
    double[] col = new double[n];
    for (int i = 0; i < n; i++) {
      row[i] = i / w;
      col[i] = i % w;
    }
    cols.add(row);
    cols.add(col);
    cols.add(col.clone());
    cols.add(row.clone());
    if ("nm".equals(rx.unit()) && "nm".equals(ry.unit())) {
      double[] xn = new double[n];
      double[] yn = new double[n];
      for (int i = 0; i < n; i++) {
        xn[i] = rx.value(col[i]);
        yn[i] = ry.value(row[i]);
      }
      names.add("x_nm");
      units.add("nm");
      cols.add(xn);
      names.add("y_nm");
      units.add("nm");
      cols.add(yn);
    }
    for (Map.Entry<String, float[]> e : maps.entrySet()) {
      names.add(e.getKey());
      units.add(unit(e.getKey()));
      double[] c = new double[n];
      for (int i = 0; i < n; i++) c[i] = e.getValue()[i];
      cols.add(c);
    }
    // every map is spectral, whatever its name (its role decides its tier once registered onto the cells)
    return new DescriptorTable(names, units, cols.toArray(new double[0][]), names.stream().map(Descriptor::mapRole).toList());
  }

  /** The maps signed around zero: the shifts, their divergence and curl, the integrated phase, the strain and rotation. */
  private static final Set<String> SIGNED = Set.of("com_x", "com_y", "dpc_x", "dpc_y", "divergence", "curl", "dpc_phase",
      "strain_xx", "strain_yy", "strain_xy", "rotation");

  /**
   * Whether the map called {@code map} (a key of {@link FourdResult#maps()}) is signed around zero, so that a figure of
   * it takes a diverging colour map; declared here, where the maps are named.
   */
  public static boolean signed(String map) { return SIGNED.contains(map); }

  private static String unit(String map) {
    if (map.startsWith("virtual_")) return "counts";
    if (map.startsWith("com_") || map.startsWith("dpc_")) return "px";
    if (map.equals("rotation")) return "deg";
    return "";
  }
}
