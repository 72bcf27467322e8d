package org.causalem.lattice;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.causalem.data.Axis;
import org.causalem.data.Image;
import org.causalem.data.Progress;
import org.causalem.image.ColumnDetector;
import org.causalem.image.Columns;
import org.causalem.image.Detection;
import org.causalem.image.FitCheck;
import org.causalem.image.GaussianRefiner;
import org.causalem.image.TileMosaic;
import org.causalem.numeric.Units;
import org.causalem.table.DescriptorTable;

/**
 * From an atomic-resolution image to columns, lattice, unit cells and per-cell descriptors: detection,
 * Gaussian refinement, lattice indexing, the plausibility check of every fit against its sublattice
 * ({@link FitCheck}: a failed fit is no measurement), the column-presence test at every site without a
 * detected column ({@link SitePresence}: columns found there are fitted, only a site where a normal
 * column is ruled out is a vacancy), reference lattice, optional scan correction, pixel-size
 * calibration, descriptors. The {@code atoms} command and the ferroic workflows are thin layers over it.
 */
public final class AtomsPipeline {
  /**
   * @param kind lattice to expect
   * @param latticeConstantNm length of the lattice vector a in nm, for the pixel size; NaN to use the
   *     image calibration (if any)
   * @param scanCorrection correct linear scan distortion assuming the ideal cell of {@code kind}
   * @param outlierZ robust z of column intensity above which a site is an outlier
   * @param presenceZ statistic of the column-presence test ({@link SitePresence}) at or above which a site
   *     without a detected column holds one
   */
  public record Options(LatticeKind kind, double latticeConstantNm, boolean scanCorrection,
                        ColumnDetector.Options detection, GaussianRefiner.Options refinement, double outlierZ,
                        double presenceZ) {
    public Options {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(detection, "detection");
      Objects.requireNonNull(refinement, "refinement");
      if (!Double.isNaN(latticeConstantNm) && !(latticeConstantNm > 0 && Double.isFinite(latticeConstantNm))) {
        throw new IllegalArgumentException("latticeConstantNm must be > 0 or NaN, got " + latticeConstantNm);
      }
      if (scanCorrection && !(kind == LatticeKind.PEROVSKITE || kind == LatticeKind.HEXAGONAL || kind == LatticeKind.AUTO)) {
        throw new IllegalArgumentException("scan correction needs the perovskite, hexagonal or auto lattice kind, not " + kind.label());
      }
      if (!(outlierZ > 0)) throw new IllegalArgumentException("outlierZ must be > 0, got " + outlierZ);
      if (!(presenceZ > 0) || !Double.isFinite(presenceZ)) throw new IllegalArgumentException("presenceZ must be > 0, got " + presenceZ);
    }

    /** Default presence threshold: 5 noise standard deviations, as the detector's noise floor. */
    public static final double PRESENCE_Z = 5;

    public static Options of(LatticeKind kind) {
      return new Options(kind, Double.NaN, false, ColumnDetector.Options.defaults(), GaussianRefiner.Options.defaults(), 5, PRESENCE_Z);
    }

    public Options withLatticeConstantNm(double nm) { return new Options(kind, nm, scanCorrection, detection, refinement, outlierZ, presenceZ); }

    public Options withScanCorrection(boolean on) { return new Options(kind, latticeConstantNm, on, detection, refinement, outlierZ, presenceZ); }

    public Options withDetection(ColumnDetector.Options d) { return new Options(kind, latticeConstantNm, scanCorrection, d, refinement, outlierZ, presenceZ); }

    public Options withRefinement(GaussianRefiner.Options r) { return new Options(kind, latticeConstantNm, scanCorrection, detection, r, outlierZ, presenceZ); }

    public Options withPresenceZ(double z) { return new Options(kind, latticeConstantNm, scanCorrection, detection, refinement, outlierZ, z); }
  }

  /** Fit-window radii, relative to the default, at which the mean B off-centring is re-measured. */
  public static final double[] WINDOW_FACTORS = {0.75, 1, 1.5};

  private final Options options;
  private final boolean windowScan;

  public AtomsPipeline(Options options) { this(options, true); }

  /**
   * @param windowScan re-refine the columns at {@link #WINDOW_FACTORS} of the fit window to show how the mean
   *     off-centring depends on it (the probe-tail signature); costs about three more refinements
   */
  public AtomsPipeline(Options options, boolean windowScan) {
    this.options = Objects.requireNonNull(options, "options");
    this.windowScan = windowScan;
  }

  /**
   * Runs every step on {@code image} (not modified).
   *
   * @throws org.causalem.data.BadInputException when no columns or no lattice are found; the message says
   *     so and, when the image is a {@link TileMosaic} (whose seams break the lattice), what the tiles are
   */
  public AtomsResult run(Image image, Progress progress) {
    try {
      return inPool(() -> steps(image, progress));
    } catch (org.causalem.data.BadInputException e) {
      String why = whyNoLattice(image);
      if (why.isEmpty()) throw e;
      throw new org.causalem.data.BadInputException(e.getMessage() + why, e);
    }
  }

  /**
   * Runs {@code work} on a pool of the refinement's {@code threads} workers: the loops over columns, sites and tiles
   * after the refinement (parallel streams) split across the same threads as the refinement.
   */
  private <T> T inPool(java.util.concurrent.Callable<T> work) {
    java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(options.refinement().threads());
    try {
      return pool.submit(work).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error err) throw err;
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();   // after a failure, work still under way alongside (the noise correlation) is not wanted
    }
  }

  /** Coarsest calibrated pixel (nm) at which atom columns, 0.1–0.4 nm apart in projection, can be resolved. */
  static final double MAX_ATOMIC_PIXEL_NM = 0.1;

  /** What the image itself says about a failed column or lattice search: too coarse pixels, tile seams; or "". */
  private static String whyNoLattice(Image image) {
    StringBuilder why = new StringBuilder();
    double ps = calibratedPixelNm(image.x());
    if (ps > MAX_ATOMIC_PIXEL_NM) {
      why.append(String.format(java.util.Locale.ROOT, " — the file's pixel size is %.4g nm: atom columns, 0.1–0.4 nm apart, "
          + "are not resolved with pixels above %.1f nm", ps, MAX_ATOMIC_PIXEL_NM));
    }
    TileMosaic mosaic = TileMosaic.detect(image);
    if (mosaic != null) {
      why.append(" — ").append(mosaic.describe()).append("; ").append(mosaic.advice());
    }
    return why.toString();
  }

  private AtomsResult steps(Image image, Progress progress) {
    Map<String, Double> t = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    Detection det = new ColumnDetector(options.detection()).detect(image);
    if (det.size() < 8) {
      throw new org.causalem.data.BadInputException("image " + image.name() + ": only " + det.size()
          + " atom columns found (threshold " + String.format("%.3g", det.threshold()) + "); is it atomically resolved?");
    }
    t.put("detect", seconds(t0));
    long t1 = System.nanoTime();
    double[] sx = Arrays.stream(det.x()).asDoubleStream().toArray();
    double[] sy = Arrays.stream(det.y()).asDoubleStream().toArray();
    GaussianRefiner.Options ro = options.refinement();
    double maxShift = Double.isNaN(ro.maxShiftPx()) ? 0.5 * det.minSeparationPx() : ro.maxShiftPx();
    GaussianRefiner refiner = new GaussianRefiner(ro.withMaxShift(maxShift));
    Columns cols = refiner.refine(image, sx, sy, progress);
    t.put("refine", seconds(t1));
    // the pixel-noise correlation needs the image alone: computed alongside the lattice steps (a sequential search)
    java.util.concurrent.ForkJoinTask<InstrumentDescriptors.NoiseCorrelation> noiseTask =
        java.util.concurrent.ForkJoinTask.adapt(() -> InstrumentDescriptors.noiseCorrelation(image)).fork();
    long t2 = System.nanoTime();
    Lattice lattice = new LatticeFinder(LatticeFinder.Options.of(options.kind())).find(cols.x(), cols.y(), cols.intensity());
    int w = image.width();
    int h = image.height();
    // a fit is judged against its own sublattice's median width and background
    FitCheck.Options check = FitCheck.Options.of(maxShift);
    cols = cols.withFailures(FitCheck.check(cols, sx, sy, lattice.site(), w, h, check), sx, sy);
    // sites without a detected column: tested for a column where the lattice predicts one
    ReferenceLattice ref0 = ReferenceLattice.fit(cols.measuredX(), cols.measuredY(), lattice);
    double margin0 = Math.max(2, 0.15 * Math.min(ref0.aPx(), ref0.bPx()));
    double radius = refiner.windowRadiusPx(cols, w, h);
    // (again, up to ten rounds: a column found makes its empty neighbours count as inside the crystal)
    UnitCells first = new UnitCells(new UnitCells.Options(Double.NaN, ScanCorrection.NONE, options.outlierZ(), margin0));
    int addedColumns = 0;
    for (int round = 0; round < 10; round++) {
      DescriptorTable s0 = first.sites(cols.measuredX(), cols.measuredY(), cols.intensity(), lattice, w, h);
      SitePresence.Added added = SitePresence.addMissing(image, cols, lattice, s0, sx, sy, refiner, radius, options.presenceZ());
      if (added.added() == 0) break;
      addedColumns += added.added();
      lattice = added.lattice();
      sx = added.startX();
      sy = added.startY();
      cols = added.columns().withFailures(FitCheck.check(added.columns(), sx, sy, lattice.site(), w, h, check), sx, sy);
    }
    t.put("lattice_and_site_test", seconds(t2));
    ReferenceLattice ref = ReferenceLattice.fit(cols.measuredX(), cols.measuredY(), lattice);
    ScanCorrection corr = options.scanCorrection() ? ScanCorrection.fromLattice(ref, lattice.kind()) : ScanCorrection.NONE;
    double aCorrected = Math.hypot(corr.x(ref.ax(), ref.ay()), corr.y(ref.ax(), ref.ay()));
    double ps;
    String source;
    if (Double.isFinite(options.latticeConstantNm())) {
      ps = options.latticeConstantNm() / aCorrected;
      source = "lattice-constant";
    } else {
      ps = calibratedPixelNm(image.x());
      source = Double.isFinite(ps) ? "image calibration" : "none";
    }
    double margin = Math.max(2, 0.15 * Math.min(ref.aPx(), ref.bPx()));
    LineJitter jitter = LineJitter.measure(image, cols, lattice.site(), lattice.sites(), radius);
    PositionErrors errors = PositionCalibration.calibrate(cols.measuredX(), cols.measuredY(), cols.xErrPx(), cols.yErrPx(), lattice, jitter);
    UnitCells cellMaker = new UnitCells(new UnitCells.Options(ps, corr, options.outlierZ(), margin));
    // the window scan needs the start positions and the lattice alone: its refinements run alongside the descriptors
    java.util.concurrent.ForkJoinTask<WindowScan> windowTask = !windowScan || lattice.sites() < 2 ? null
        : windowTask(image, radius, ro.withMaxShift(maxShift), sx, sy, lattice, check, cellMaker).fork();
    UnitCells.Result r = cellMaker.describe(cols.measuredX(), cols.measuredY(), errors, cols.intensity(), cols.intensityErr(), lattice, w, h);
    DescriptorTable sites = SitePresence.annotate(r.sites(), image, cols, lattice, radius, options.outlierZ(), options.presenceZ());
    t.put("lattice_and_cells", seconds(t2));
    // instrument descriptors and the uniform off-centring (InstrumentDescriptors, OffCentring)
    long t3 = System.nanoTime();
    ScanModel scan = ScanModel.estimate(cols.measuredX(), cols.measuredY(), lattice, InstrumentDescriptors.medianWidth(cols, lattice),
        image.width(), image.height());
    InstrumentDescriptors.NoiseCorrelation noise = noiseTask.join();
    DescriptorTable cells = InstrumentDescriptors.append(r.cells(), cols, lattice, scan,
        InstrumentDescriptors.fitResidual(image, cols, radius), InstrumentDescriptors.aperture(image, cols, scan, noise),
        image.width(), image.height());
    double strip = Math.max(r.reference().aPx(), r.reference().bPx());
    OffCentring off = OffCentring.measure(cells, strip, ps);
    t.put("instrument", seconds(t3));
    if (windowTask != null) {
      WindowScan ws = windowTask.join();
      for (int k = 0; k < WINDOW_FACTORS.length; k++) if (WINDOW_FACTORS[k] == 1) ws.tables()[k] = r.cells();
      off = off.withWindows(ws.radii(), WINDOW_FACTORS, ws.tables(), strip);
      t.put("window_scan", ws.seconds());
    }
    t.put("total", seconds(t0));
    int without = 0;
    for (double f : sites.column("found")) if (f != 1) without++;
    SiteTest test = new SiteTest(options.presenceZ(), radius, addedColumns + without, addedColumns);
    return new AtomsResult(det, cols, lattice, r.reference(), corr, cells, sites, ps, source, t, test, errors, scan, off, noise);
  }

  /**
   * The cell tables at the fit-window radii {@code radii} of {@link #WINDOW_FACTORS} (the one at the default radius
   * left null for the caller's), and the seconds they took.
   */
  private record WindowScan(double[] radii, DescriptorTable[] tables, double seconds) {}

  /**
   * The window scan as a task: the columns re-refined from the same start positions at each radius of
   * {@link #WINDOW_FACTORS} other than the default, checked as the default ones, and their cell tables.
   */
  private static java.util.concurrent.ForkJoinTask<WindowScan> windowTask(Image image, double radius, GaussianRefiner.Options ro,
                                                                           double[] sx, double[] sy, Lattice lattice,
                                                                           FitCheck.Options check, UnitCells cellMaker) {
    return java.util.concurrent.ForkJoinTask.adapt(() -> {
      long t0 = System.nanoTime();
      int w = image.width();
      int h = image.height();
      double[] radii = new double[WINDOW_FACTORS.length];
      DescriptorTable[] tables = new DescriptorTable[radii.length];
      for (int k = 0; k < radii.length; k++) {
        radii[k] = Math.max(1.5, Math.min(100, radius * WINDOW_FACTORS[k]));
        if (WINDOW_FACTORS[k] == 1) continue;
        Columns c = new GaussianRefiner(ro.withWindow(radii[k], ro.initialSigmaPx())).refine(image, sx, sy, Progress.NONE);
        c = c.withFailures(FitCheck.check(c, sx, sy, lattice.site(), w, h, check), sx, sy);
        tables[k] = cellMaker.geometry(c.measuredX(), c.measuredY(), c.intensity(), lattice, w, h);
      }
      return new WindowScan(radii, tables, seconds(t0));
    });
  }

  /**
   * What a user must know about the calibration of a run on {@code image}: the image's own notes (an
   * uncalibrated or implausible pixel size dropped by the reader, ...), the image's tile seams when it is a
   * {@link TileMosaic} and, when no pixel size was available, that every length is in px. Commands print these on
   * stderr and write them into their JSON outputs and reports.
   */
  public static java.util.List<String> calibrationNotes(Image image, AtomsResult r) {
    java.util.List<String> notes = new java.util.ArrayList<>(image.metadata().notes());
    TileMosaic mosaic = TileMosaic.detect(image);
    if (mosaic != null) notes.add(mosaic.describe());
    if (!Double.isFinite(r.pixelSizeNm())) {
      notes.add("no pixel size (pixel_size_source " + r.pixelSizeSource() + "): lattice vectors, displacements and polarization "
          + "are in px only, no *_nm columns; give `latticeConstant` (e.g. 3.905A) to calibrate");
    }
    return notes;
  }

  /**
   * What the column-presence test did: the threshold and window radius, how many sites without a
   * detected column it tested (those where it found a column plus those still without one) and how many
   * of them held a column (refined and added as found columns).
   */
  public record SiteTest(double thresholdZ, double radiusPx, int tested, int added) {}

  /** The cell table alone: the {@link DescriptorTable} the causal workflows take. */
  public DescriptorTable cells(Image image) { return run(image, Progress.NONE).cells(); }

  /** nm per pixel from a calibrated x axis, NaN when the axis is in pixels or an unknown unit. */
  static double calibratedPixelNm(Axis x) {
    if (!x.calibrated()) return Double.NaN;
    double f = Units.nmPer(x.unit());
    return Double.isNaN(f) ? Double.NaN : Math.abs(x.scale()) * f;
  }

  private static double seconds(long since) { return (System.nanoTime() - since) / 1e9; }
}
