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
import org.causalem.image.GaussianRefiner;
import org.causalem.table.DescriptorTable;

/**
 * From an atomic-resolution image to columns, lattice, unit cells and per-cell descriptors: detection,
 * Gaussian refinement, lattice indexing, reference lattice, optional scan correction, pixel-size
 * calibration, descriptors. The {@code atoms} command and the ferroic workflows are thin layers over it.
 */
public final class AtomsPipeline {
  /**
   * @param kind lattice to expect
   * @param latticeConstantNm length of the lattice vector a in nm, for the pixel size; NaN to use the
   *     image calibration (if any)
   * @param scanCorrection correct linear scan distortion assuming the ideal cell of {@code kind}
   * @param outlierZ robust z of column intensity above which a site is an outlier
   */
  public record Options(LatticeKind kind, double latticeConstantNm, boolean scanCorrection,
                        ColumnDetector.Options detection, GaussianRefiner.Options refinement, double outlierZ) {
    public Options {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(detection, "detection");
      Objects.requireNonNull(refinement, "refinement");
      if (!Double.isNaN(latticeConstantNm) && !(latticeConstantNm > 0 && Double.isFinite(latticeConstantNm))) {
        throw new IllegalArgumentException("latticeConstantNm must be > 0 or NaN, got " + latticeConstantNm);
      }
      if (scanCorrection && !(kind == LatticeKind.PEROVSKITE || kind == LatticeKind.HEXAGONAL || kind == LatticeKind.AUTO)) {
        throw new IllegalArgumentException("scan correction needs --lattice perovskite, hexagonal or auto, not " + kind.label());
      }
      if (!(outlierZ > 0)) throw new IllegalArgumentException("outlierZ must be > 0, got " + outlierZ);
    }

    public static Options of(LatticeKind kind) {
      return new Options(kind, Double.NaN, false, ColumnDetector.Options.defaults(), GaussianRefiner.Options.defaults(), 5);
    }

    public Options withLatticeConstantNm(double nm) { return new Options(kind, nm, scanCorrection, detection, refinement, outlierZ); }

    public Options withScanCorrection(boolean on) { return new Options(kind, latticeConstantNm, on, detection, refinement, outlierZ); }

    public Options withDetection(ColumnDetector.Options d) { return new Options(kind, latticeConstantNm, scanCorrection, d, refinement, outlierZ); }

    public Options withRefinement(GaussianRefiner.Options r) { return new Options(kind, latticeConstantNm, scanCorrection, detection, r, outlierZ); }
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

  /** Runs every step on {@code image} (not modified). */
  public AtomsResult run(Image image, Progress progress) {
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
    Columns cols = new GaussianRefiner(options.refinement()).refine(image, sx, sy, progress);
    t.put("refine", seconds(t1));
    long t2 = System.nanoTime();
    Lattice lattice = new LatticeFinder(LatticeFinder.Options.of(options.kind())).find(cols.x(), cols.y(), cols.intensity());
    ReferenceLattice ref = ReferenceLattice.fit(cols.x(), cols.y(), lattice);
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
    PositionErrors errors = PositionCalibration.calibrate(cols.x(), cols.y(), cols.xErrPx(), cols.yErrPx(), lattice);
    UnitCells cellMaker = new UnitCells(new UnitCells.Options(ps, corr, options.outlierZ(), margin));
    UnitCells.Result r = cellMaker.describe(cols.x(), cols.y(), errors, cols.intensity(), cols.intensityErr(), lattice,
        image.width(), image.height());
    t.put("lattice_and_cells", seconds(t2));
    // instrument descriptors and the uniform off-centring (InstrumentDescriptors, OffCentring)
    long t3 = System.nanoTime();
    double radius = windowRadiusPx(sx, sy, image);
    ScanModel scan = ScanModel.estimate(cols.x(), cols.y(), lattice, InstrumentDescriptors.medianWidth(cols, lattice),
        image.width(), image.height());
    DescriptorTable cells = InstrumentDescriptors.append(r.cells(), cols, lattice, scan,
        InstrumentDescriptors.fitResidual(image, cols, radius), image.width(), image.height());
    double strip = Math.max(r.reference().aPx(), r.reference().bPx());
    OffCentring off = OffCentring.measure(cells, strip, ps);
    t.put("instrument", seconds(t3));
    if (windowScan && lattice.sites() > 1) {
      long t4 = System.nanoTime();
      double[] radii = new double[WINDOW_FACTORS.length];
      DescriptorTable[] tables = new DescriptorTable[WINDOW_FACTORS.length];
      for (int k = 0; k < radii.length; k++) {
        radii[k] = Math.max(1.5, Math.min(100, radius * WINDOW_FACTORS[k]));
        if (WINDOW_FACTORS[k] == 1) {
          tables[k] = r.cells();
          continue;
        }
        Columns c = new GaussianRefiner(options.refinement().withWindow(radii[k], options.refinement().initialSigmaPx()))
            .refine(image, sx, sy, Progress.NONE);
        tables[k] = cellMaker.describe(c.x(), c.y(), c.xErrPx(), c.yErrPx(), c.intensity(), c.intensityErr(), lattice,
            image.width(), image.height()).cells();
      }
      off = off.withWindows(radii, WINDOW_FACTORS, tables, strip);
      t.put("window_scan", seconds(t4));
    }
    t.put("total", seconds(t0));
    return new AtomsResult(det, cols, lattice, r.reference(), corr, cells, r.sites(), ps, source, t, errors, scan, off);
  }

  /** The fit-window radius the refiner uses: the option, or half the median nearest-neighbour distance. */
  private double windowRadiusPx(double[] sx, double[] sy, Image image) {
    double r = options.refinement().windowRadiusPx();
    if (!Double.isNaN(r)) return r;
    double nn = org.causalem.image.PointGrid.medianNearestDistance(sx, sy, Math.max(image.width(), image.height()));
    return Double.isNaN(nn) ? 6 : Math.max(2.5, Math.min(25, nn / 2));
  }

  /** The cell table alone: the {@link DescriptorTable} the causal workflows take. */
  public DescriptorTable cells(Image image) { return run(image, Progress.NONE).cells(); }

  /** nm per pixel from a calibrated x axis, NaN when the axis is in pixels or an unknown unit. */
  static double calibratedPixelNm(Axis x) {
    if (!x.calibrated()) return Double.NaN;
    double f = LatticeConstant.unitToNm(x.unit());
    return Double.isNaN(f) ? Double.NaN : Math.abs(x.scale()) * f;
  }

  private static double seconds(long since) { return (System.nanoTime() - since) / 1e9; }
}
