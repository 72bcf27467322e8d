package org.causalem.workflow;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.causalem.data.BadInputException;
import org.causalem.data.DataCube4D;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;
import org.causalem.data.Image;
import org.causalem.data.Progress;
import org.causalem.fourd.Descan;
import org.causalem.fourd.FourdPipeline;
import org.causalem.fourd.FourdResult;
import org.causalem.fourd.ScanRegion;
import org.causalem.fourd.VirtualDetector;
import org.causalem.io.Readers;

/**
 * 4D-STEM descriptors streamed over the cube: virtual detector images, centre-of-mass shift maps with descan
 * correction and rotation calibration (DPC, divergence, curl), strain from Bragg disks and a phase map from
 * pattern clustering — the {@link FourdPipeline} behind typed options, on a cube in memory or read from a file.
 *
 * <pre>{@code
 * FourdAnalysis.Result r = new FourdAnalysis(FourdAnalysis.Options.defaults().withCom(true)).run(Path.of("scan.mib"), Progress.NONE);
 * float[] dpcX = r.fourd().maps().get("dpc_x");
 * }</pre>
 */
public final class FourdAnalysis {
  /** Names of the virtual detectors relative to the bright-field disk. */
  public static final List<String> DETECTOR_NAMES = FourdPipeline.DETECTOR_NAMES;

  /** Descan correction of the centre-of-mass maps. */
  public enum DescanMode {
    /** A plane fitted over the scan is removed. */
    PLANE,
    /** No correction. */
    NONE;

    /** The name in outputs and on the command line. */
    public String label() { return name().toLowerCase(Locale.ROOT); }

    Descan descan() { return this == PLANE ? Descan.PLANE : Descan.NONE; }
  }

  /** Scan columns {@code col0..col1-1}, rows {@code row0..row1-1}. */
  public record Region(int col0, int row0, int col1, int row1) {
    public Region {
      new ScanRegion(col0, row0, col1, row1);
    }

    /**
     * {@code C0,R0,C1,R1}.
     *
     * @throws IllegalArgumentException when it cannot be read
     */
    public static Region parse(String text) {
      ScanRegion r = ScanRegion.parse(text);
      return new Region(r.col0(), r.row0(), r.col1(), r.row1());
    }

    ScanRegion scan() { return new ScanRegion(col0, row0, col1, row1); }
  }

  /** A virtual detector of any shape read from a 2-D image of the pattern's size: its name and file. */
  public record Mask(String name, Path file) {
    public Mask {
      Objects.requireNonNull(file, "file");
      if (name == null || !name.matches("[A-Za-z0-9_-]+")) throw new IllegalArgumentException("mask name '" + name + "': use letters, digits, '_' or '-'");
    }
  }

  /**
   * @param virtual named detectors ({@link #DETECTOR_NAMES})
   * @param masks detectors from image files
   * @param com centre-of-mass shift maps, DPC field, divergence and curl
   * @param descan descan correction of the CoM maps
   * @param rotationDeg detector rotation for the DPC field; empty: calibrated from the CoM field
   * @param strain strain maps from Bragg disks
   * @param diskRadiusPx Bragg-disk radius; empty: the bright-field disk radius
   * @param reference unstrained reference region; empty: the median over the scan
   * @param clusters phases to cluster the patterns into; 0 = none
   * @param threads worker threads
   * @param seed seed of the k-means restarts
   * @param dataset the dataset of the file; empty: the first 4-D cube
   * @param scanShape the scan of a TVIPS recording (which does not record one); empty: read the file as it is
   */
  public record Options(List<String> virtual, List<Mask> masks, boolean com, DescanMode descan, OptionalDouble rotationDeg, boolean strain,
                        OptionalDouble diskRadiusPx, Optional<Region> reference, int clusters, int threads, long seed,
                        Optional<String> dataset, Optional<ScanShape> scanShape) {
    public Options {
      virtual = List.copyOf(virtual);
      masks = List.copyOf(masks);
      Objects.requireNonNull(descan, "descan");
      Objects.requireNonNull(rotationDeg, "rotationDeg");
      Objects.requireNonNull(diskRadiusPx, "diskRadiusPx");
      Objects.requireNonNull(reference, "reference");
      Objects.requireNonNull(dataset, "dataset");
      Objects.requireNonNull(scanShape, "scanShape");
      pipeline(virtual, com, descan, rotationDeg, strain, diskRadiusPx, reference, clusters, threads, seed);
    }

    /** bf and adf images only, plane descan, all cores, seed 1. */
    public static Options defaults() {
      return new Options(List.of("bf", "adf"), List.of(), false, DescanMode.PLANE, OptionalDouble.empty(), false, OptionalDouble.empty(),
          Optional.empty(), 0, Runtime.getRuntime().availableProcessors(), 1, Optional.empty(), Optional.empty());
    }

    public static Builder builder() { return new Builder(defaults()); }

    public Builder toBuilder() { return new Builder(this); }

    public Options withVirtual(List<String> v) { return toBuilder().virtual(v).build(); }

    public Options withMasks(List<Mask> m) { return toBuilder().masks(m).build(); }

    public Options withCom(boolean on) { return toBuilder().com(on).build(); }

    public Options withStrain(boolean on) { return toBuilder().strain(on).build(); }

    public Options withClusters(int k) { return toBuilder().clusters(k).build(); }

    public Options withThreads(int n) { return toBuilder().threads(n).build(); }

    public Options withDataset(Optional<String> d) { return toBuilder().dataset(d).build(); }

    /** The pipeline's options with the detectors read from {@link #masks()}. */
    FourdPipeline.Options pipeline(List<VirtualDetector> detectors) {
      return pipeline(virtual, com, descan, rotationDeg, strain, diskRadiusPx, reference, clusters, threads, seed).withMasks(detectors);
    }

    private static FourdPipeline.Options pipeline(List<String> virtual, boolean com, DescanMode descan, OptionalDouble rotationDeg, boolean strain,
                                                  OptionalDouble diskRadiusPx, Optional<Region> reference, int clusters, int threads,
                                                  long seed) {
      return new FourdPipeline.Options(virtual, List.of(), com, descan.descan(), rotationDeg.orElse(Double.NaN), strain,
          diskRadiusPx.orElse(Double.NaN), reference.map(Region::scan).orElse(null), clusters, threads, seed);
    }
  }

  /**
   * A scan shape the file does not record (TVIPS): {@code ry × rx} frames in raster order, x fastest, from frame
   * {@code first} (0-based) of the recording.
   */
  public record ScanShape(int ry, int rx, long first) {
    public ScanShape {
      if (ry < 1 || rx < 1 || first < 0) {
        throw new IllegalArgumentException("scan shape " + ry + "x" + rx + "+" + first + ": expected sizes >= 1 and a first frame >= 0");
      }
    }

    /** Parses {@code RYxRX} or {@code RYxRX+FIRST}. @throws IllegalArgumentException naming the text and the form expected */
    public static ScanShape parse(String text) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})x(\\d{1,9})(?:\\+(\\d{1,12}))?").matcher(text.trim());
      if (!m.matches()) throw new IllegalArgumentException("'" + text + "': expected RYxRX or RYxRX+FIRST, e.g. 64x32 or 64x32+5");
      return new ScanShape(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3) == null ? 0 : Long.parseLong(m.group(3)));
    }
  }

  /** Mutable builder of {@link Options}; {@link #build()} validates. */
  public static final class Builder {
    private List<String> virtual;
    private List<Mask> masks;
    private boolean com;
    private DescanMode descan;
    private OptionalDouble rotationDeg;
    private boolean strain;
    private OptionalDouble diskRadiusPx;
    private Optional<Region> reference;
    private int clusters;
    private int threads;
    private long seed;
    private Optional<String> dataset;
    private Optional<ScanShape> scanShape;

    private Builder(Options o) {
      virtual = o.virtual();
      masks = o.masks();
      com = o.com();
      descan = o.descan();
      rotationDeg = o.rotationDeg();
      strain = o.strain();
      diskRadiusPx = o.diskRadiusPx();
      reference = o.reference();
      clusters = o.clusters();
      threads = o.threads();
      seed = o.seed();
      dataset = o.dataset();
      scanShape = o.scanShape();
    }

    public Builder virtual(List<String> v) { virtual = v; return this; }

    public Builder masks(List<Mask> v) { masks = v; return this; }

    public Builder com(boolean v) { com = v; return this; }

    public Builder descan(DescanMode v) { descan = v; return this; }

    public Builder rotationDeg(OptionalDouble v) { rotationDeg = v; return this; }

    public Builder strain(boolean v) { strain = v; return this; }

    public Builder diskRadiusPx(OptionalDouble v) { diskRadiusPx = v; return this; }

    public Builder reference(Optional<Region> v) { reference = v; return this; }

    public Builder clusters(int v) { clusters = v; return this; }

    public Builder threads(int v) { threads = v; return this; }

    public Builder seed(long v) { seed = v; return this; }

    public Builder dataset(Optional<String> v) { dataset = v; return this; }

    public Builder scanShape(Optional<ScanShape> v) { scanShape = v; return this; }

    public Options build() {
      return new Options(virtual, masks, com, descan, rotationDeg, strain, diskRadiusPx, reference, clusters, threads, seed, dataset,
          scanShape);
    }
  }

  /**
   * @param cube the cube analysed (its file is closed once {@code run(Path, ...)} returns: use only its shape and axes)
   * @param fourd maps, probe, saturation, rotation, strain and the per-pixel table
   * @param options the options of the run
   */
  public record Result(DataCube4D cube, FourdResult fourd, Options options) {}

  /** What the output layer needs after the cube's file is closed. */
  @FunctionalInterface
  public interface Sink<T> {
    T accept(Result r) throws IOException;
  }

  private final Options options;

  public FourdAnalysis(Options options) { this.options = Objects.requireNonNull(options, "options"); }

  public Options options() { return options; }

  /**
   * Reads {@link Options#dataset()} (or the first 4-D cube) of {@code file}, runs on it and hands the result to
   * {@code sink} while the (memory-mapped) file is still open.
   *
   * @throws OptionsException when the reference region lies outside the scan
   */
  public <T> T run(Path file, Progress progress, Sink<T> sink) throws IOException {
    Optional<ScanShape> scan = options.scanShape();
    try (DataFile df = scan.isPresent() ? Readers.openTvipsScan(file, scan.get().ry(), scan.get().rx(), scan.get().first()) : Readers.open(file)) {
      DataCube4D cube = pick(df, file);
      FiniteData.require(file, cube);
      return sink.accept(run(cube, progress));
    }
  }

  /** Runs on {@code cube} (not modified); the masks are read from their files. */
  public Result run(DataCube4D cube, Progress progress) throws IOException {
    if (options.reference().isPresent()) {
      try {
        options.reference().get().scan().requireWithin(cube.scanX(), cube.scanY());
      } catch (IllegalArgumentException e) {
        Region g = options.reference().get();
        throw new OptionsException("reference " + g.col0() + "," + g.row0() + "," + g.col1() + "," + g.row1() + ": " + e.getMessage());
      }
    }
    List<VirtualDetector> detectors = new ArrayList<>();
    for (Mask m : options.masks()) detectors.add(readMask(m.name(), m.file(), cube));
    return new Result(cube, new FourdPipeline(options.pipeline(detectors)).run(cube, progress), options);
  }

  private DataCube4D pick(DataFile df, Path file) {
    if (options.dataset().isPresent()) {
      String name = options.dataset().get();
      Dataset d = df.dataset(name);
      if (d instanceof DataCube4D c) return c;
      throw new BadInputException(file.getFileName() + ": dataset '" + name + "' is a " + d.kind().label() + ", expected a 4-D cube");
    }
    return df.first(DataCube4D.class);
  }

  /** A mask image as a virtual detector for the cube's patterns. */
  static VirtualDetector readMask(String name, Path file, DataCube4D cube) throws IOException {
    Image img = AtomsAnalysis.read(file, Optional.empty());
    String where = file.getFileName() + " (mask " + name + ")";
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
}
