package org.causalem.workflow;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.causalem.data.BadInputException;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;
import org.causalem.data.Image;
import org.causalem.data.Progress;
import org.causalem.image.ColumnDetector;
import org.causalem.image.GaussianRefiner;
import org.causalem.io.Readers;
import org.causalem.lattice.AtomsPipeline;
import org.causalem.lattice.AtomsResult;

/**
 * Atom columns, sublattices, unit cells and per-cell descriptors of an atomic-resolution image: the
 * {@link AtomsPipeline} behind typed options, on an image in memory or read from a file.
 *
 * <pre>{@code
 * AtomsAnalysis.Result r = new AtomsAnalysis(AtomsAnalysis.Options.defaults().withLattice(ImageInput.Lattice.PEROVSKITE))
 *     .run(Path.of("haadf.dm4"), Progress.NONE);
 * DescriptorTable cells = r.atoms().cells();
 * }</pre>
 */
public final class AtomsAnalysis {
  /** A rectangle in px, {@code x0 < x1} and {@code y0 < y1}, all finite. */
  public record Region(double x0, double y0, double x1, double y1) {
    public Region {
      if (!(Double.isFinite(x0) && Double.isFinite(y0) && Double.isFinite(x1) && Double.isFinite(y1))) {
        throw new IllegalArgumentException("region corners must be finite, got " + x0 + "," + y0 + "," + x1 + "," + y1);
      }
      if (!(x0 < x1 && y0 < y1)) throw new IllegalArgumentException("region " + x0 + "," + y0 + "," + x1 + "," + y1 + " is empty; expected x0 < x1 and y0 < y1");
    }

    double[] corners() { return new double[] {x0, y0, x1, y1}; }
  }

  /**
   * @param lattice the lattice to expect
   * @param latticeConstantNm length of lattice vector a in nm (calibrates the pixel size); empty: the image's calibration
   * @param scanCorrection correct linear scan distortion assuming the ideal cell
   * @param contrast bright or dark columns (dark: found on the inverted image)
   * @param columnSigmaPx detection filter scale; empty: a tenth of the dominant period
   * @param minSeparationPx minimum distance between columns; empty: 0.45 of the dominant period
   * @param threshold detection threshold on the filter response; empty: automatic
   * @param windowPx Gaussian fit window radius; empty: half the nearest-neighbour distance
   * @param outlierZ robust z of a column's intensity above which it is flagged
   * @param threads worker threads of the refinement
   * @param dataset the dataset of the file to use; empty: the first image
   * @param referenceRegion the region whose mean B off-centring is the zero of polarization; empty: none
   */
  public record Options(ImageInput.Lattice lattice, OptionalDouble latticeConstantNm, boolean scanCorrection,
                        ImageInput.Contrast contrast, OptionalDouble columnSigmaPx, OptionalDouble minSeparationPx,
                        OptionalDouble threshold, OptionalDouble windowPx, double outlierZ, int threads,
                        Optional<String> dataset, Optional<Region> referenceRegion) {
    public Options {
      Objects.requireNonNull(lattice, "lattice");
      Objects.requireNonNull(latticeConstantNm, "latticeConstantNm");
      Objects.requireNonNull(contrast, "contrast");
      Objects.requireNonNull(columnSigmaPx, "columnSigmaPx");
      Objects.requireNonNull(minSeparationPx, "minSeparationPx");
      Objects.requireNonNull(threshold, "threshold");
      Objects.requireNonNull(windowPx, "windowPx");
      Objects.requireNonNull(dataset, "dataset");
      Objects.requireNonNull(referenceRegion, "referenceRegion");
      if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
      // validates the nested options (lattice constant, scan correction, windows, ...)
      pipeline(lattice, latticeConstantNm, scanCorrection, columnSigmaPx, minSeparationPx, threshold, windowPx, outlierZ, threads);
    }

    /** Lattice chosen from the data, bright columns, automatic detection and windows, outlier z 5, all cores. */
    public static Options defaults() {
      return new Options(ImageInput.Lattice.AUTO, OptionalDouble.empty(), false, ImageInput.Contrast.BRIGHT, OptionalDouble.empty(),
          OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), 5, Runtime.getRuntime().availableProcessors(),
          Optional.empty(), Optional.empty());
    }

    public static Builder builder() { return new Builder(defaults()); }

    public Builder toBuilder() { return new Builder(this); }

    public Options withLattice(ImageInput.Lattice l) { return toBuilder().lattice(l).build(); }

    public Options withLatticeConstantNm(OptionalDouble nm) { return toBuilder().latticeConstantNm(nm).build(); }

    public Options withScanCorrection(boolean on) { return toBuilder().scanCorrection(on).build(); }

    public Options withContrast(ImageInput.Contrast c) { return toBuilder().contrast(c).build(); }

    public Options withThreads(int n) { return toBuilder().threads(n).build(); }

    public Options withDataset(Optional<String> name) { return toBuilder().dataset(name).build(); }

    public Options withReferenceRegion(Optional<Region> r) { return toBuilder().referenceRegion(r).build(); }

    /** The pipeline's options these stand for. */
    public AtomsPipeline.Options pipeline() {
      return pipeline(lattice, latticeConstantNm, scanCorrection, columnSigmaPx, minSeparationPx, threshold, windowPx, outlierZ, threads);
    }

    private static AtomsPipeline.Options pipeline(ImageInput.Lattice lattice, OptionalDouble latticeConstantNm, boolean scanCorrection,
                                                  OptionalDouble columnSigmaPx, OptionalDouble minSeparationPx, OptionalDouble threshold,
                                                  OptionalDouble windowPx, double outlierZ, int threads) {
      ColumnDetector.Options det = ColumnDetector.Options.defaults()
          .withScale(columnSigmaPx.orElse(Double.NaN), minSeparationPx.orElse(Double.NaN))
          .withThreshold(threshold.orElse(Double.NaN));
      GaussianRefiner.Options ref = GaussianRefiner.Options.defaults().withThreads(threads).withWindow(windowPx.orElse(Double.NaN), Double.NaN);
      return new AtomsPipeline.Options(lattice.kind(), latticeConstantNm.orElse(Double.NaN), scanCorrection, det, ref, outlierZ,
          AtomsPipeline.Options.PRESENCE_Z);
    }
  }

  /** Mutable builder of {@link Options}; {@link #build()} validates. */
  public static final class Builder {
    private ImageInput.Lattice lattice;
    private OptionalDouble latticeConstantNm;
    private boolean scanCorrection;
    private ImageInput.Contrast contrast;
    private OptionalDouble columnSigmaPx;
    private OptionalDouble minSeparationPx;
    private OptionalDouble threshold;
    private OptionalDouble windowPx;
    private double outlierZ;
    private int threads;
    private Optional<String> dataset;
    private Optional<Region> referenceRegion;

    private Builder(Options o) {
      lattice = o.lattice();
      latticeConstantNm = o.latticeConstantNm();
      scanCorrection = o.scanCorrection();
      contrast = o.contrast();
      columnSigmaPx = o.columnSigmaPx();
      minSeparationPx = o.minSeparationPx();
      threshold = o.threshold();
      windowPx = o.windowPx();
      outlierZ = o.outlierZ();
      threads = o.threads();
      dataset = o.dataset();
      referenceRegion = o.referenceRegion();
    }

    public Builder lattice(ImageInput.Lattice v) { lattice = v; return this; }

    public Builder latticeConstantNm(OptionalDouble v) { latticeConstantNm = v; return this; }

    public Builder scanCorrection(boolean v) { scanCorrection = v; return this; }

    public Builder contrast(ImageInput.Contrast v) { contrast = v; return this; }

    public Builder columnSigmaPx(OptionalDouble v) { columnSigmaPx = v; return this; }

    public Builder minSeparationPx(OptionalDouble v) { minSeparationPx = v; return this; }

    public Builder threshold(OptionalDouble v) { threshold = v; return this; }

    public Builder windowPx(OptionalDouble v) { windowPx = v; return this; }

    public Builder outlierZ(double v) { outlierZ = v; return this; }

    public Builder threads(int v) { threads = v; return this; }

    public Builder dataset(Optional<String> v) { dataset = v; return this; }

    public Builder referenceRegion(Optional<Region> v) { referenceRegion = v; return this; }

    public Options build() {
      return new Options(lattice, latticeConstantNm, scanCorrection, contrast, columnSigmaPx, minSeparationPx, threshold, windowPx,
          outlierZ, threads, dataset, referenceRegion);
    }
  }

  /**
   * @param read the image as read (before any inversion)
   * @param image the image the columns were found on (inverted for dark contrast)
   * @param atoms columns, lattice, cells, sites and descriptors (with the reference region applied, if any)
   * @param notes what a user must know about the calibration (the image's notes, a missing pixel size, tile seams)
   * @param options the options of the run
   */
  public record Result(Image read, Image image, AtomsResult atoms, List<String> notes, Options options) {
    public Result { notes = List.copyOf(notes); }
  }

  private final Options options;

  public AtomsAnalysis(Options options) { this.options = Objects.requireNonNull(options, "options"); }

  public Options options() { return options; }

  /** Reads {@link Options#dataset()} (or the first image) of {@code file} and runs on it. */
  public Result run(Path file, Progress progress) throws IOException {
    return run(read(file, options.dataset()), progress);
  }

  /**
   * @param read not modified
   * @throws BadInputException when a reference region is given and the lattice has no B site
   */
  public Result run(Image read, Progress progress) {
    Image image = options.contrast().apply(read);
    AtomsResult r = new AtomsPipeline(options.pipeline()).run(image, progress);
    if (options.referenceRegion().isPresent()) {
      if (r.lattice().sites() < 2) {
        throw new BadInputException("a reference region needs a lattice with a B site (perovskite), found " + r.lattice().kind().label());
      }
      double[] c = options.referenceRegion().get().corners();
      r = r.withReferenceRegion(c[0], c[1], c[2], c[3]);
    }
    return new Result(read, image, r, AtomsPipeline.calibrationNotes(image, r), options);
  }

  /**
   * The named dataset of {@code file}, or its first image, copied into memory (it outlives the file).
   *
   * @throws BadInputException when the dataset is not a 2-D image or holds a non-finite pixel
   */
  public static Image read(Path file, Optional<String> dataset) throws IOException {
    try (DataFile df = Readers.open(file)) {
      Image img;
      if (dataset.isPresent()) {
        Dataset d = df.dataset(dataset.get());
        if (!(d instanceof Image i)) {
          throw new BadInputException(file.getFileName() + ": dataset '" + dataset.get() + "' is " + d.kind().label() + ", expected a 2-D image");
        }
        img = i;
      } else {
        img = df.first(Image.class);
      }
      Image copy = img.withPixels(img.toFloat().clone());
      FiniteData.require(file, copy);
      return copy;
    }
  }
}
