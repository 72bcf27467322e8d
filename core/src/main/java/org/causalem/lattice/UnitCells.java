package org.causalem.lattice;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.causalem.table.DescriptorTable;

/**
 * Per-cell descriptors and per-site occupancy on the lattice grid.
 *
 * <p>Cell (row, col) has corner (site 0) columns at (row, col), (row, col+1), (row+1, col) and
 * (row+1, col+1) and, for a perovskite, its B column inside. Every cell whose four corners fall inside
 * the image and that holds at least one column is listed; a cell with a missing column keeps its row
 * with the affected descriptors NaN and {@code missing_sites > 0} (never dropped: dropping would select
 * on the outcome). A site without a column is reported missing (a vacancy) when at least 5 of its 8
 * neighbours on the same sublattice are found, i.e. when it lies inside the crystal.
 *
 * <p>Descriptors: {@code a} = mean length of the cell's two edges along the lattice vector a, {@code b}
 * likewise; {@code gamma} the angle between the mean edge vectors; the polarization is the site-1 (B)
 * column's displacement from its ideal position, the bilinear interpolation of the four corners at the
 * site's fractional offset (the centre of the four A columns for a perovskite); strain is
 * {@code (F + Fᵀ)/2 − I} with {@code F = [a b]·[a_ref b_ref]⁻¹} against the reference lattice. Position
 * uncertainties of the columns ({@link PositionErrors}: Fisher, per-column instrument excess and line jitter)
 * are propagated to a, b and the polarization to first order, with the covariance of columns that share scan
 * lines (the two ends of a horizontal edge share their line jitter, which cancels in its length).
 * A column at a NaN position (a failed fit: there, but not measured) leaves the descriptors that need it
 * empty without making its site missing.
 */
public final class UnitCells {
  /**
   * @param pixelSizeNm for the {@code *_nm} columns; NaN to leave them out
   * @param correction applied to column positions before the geometric descriptors
   * @param outlierZ |robust z| of a column intensity within its sublattice above which it is an outlier
   * @param marginPx a cell or site is listed when its positions are at least this far inside the image
   */
  public record Options(double pixelSizeNm, ScanCorrection correction, double outlierZ, double marginPx) {
    public Options {
      Objects.requireNonNull(correction, "correction");
      if (!Double.isNaN(pixelSizeNm) && !(pixelSizeNm > 0 && Double.isFinite(pixelSizeNm))) throw new IllegalArgumentException("pixelSizeNm must be > 0 or NaN, got " + pixelSizeNm);
      if (!(outlierZ > 0)) throw new IllegalArgumentException("outlierZ must be > 0, got " + outlierZ);
      if (!(marginPx >= 0)) throw new IllegalArgumentException("marginPx must be >= 0, got " + marginPx);
    }

    public static Options defaults() { return new Options(Double.NaN, ScanCorrection.NONE, 5, 2); }
  }

  /** Per-cell descriptors and per-site occupancy. */
  public record Result(DescriptorTable cells, DescriptorTable sites, ReferenceLattice reference) {}

  private final Options options;

  public UnitCells(Options options) { this.options = Objects.requireNonNull(options, "options"); }

  /**
   * @param x column x (px); not modified
   * @param xErr column position standard errors (px); NaN allowed
   * @param intensity column integrated intensities
   * @param intensityErr their standard errors; NaN allowed
   * @param width image width (px), to decide which cells lie inside
   */
  public Result describe(double[] x, double[] y, double[] xErr, double[] yErr, double[] intensity, double[] intensityErr,
                         Lattice lattice, int width, int height) {
    return describe(x, y, PositionErrors.fisherOnly(y, xErr, yErr), intensity, intensityErr, lattice, width, height);
  }

  /** As above, with position errors that may be correlated between columns (calibrated on the image). */
  public Result describe(double[] x, double[] y, PositionErrors errors, double[] intensity, double[] intensityErr,
                         Lattice lattice, int width, int height) {
    int n = x.length;
    if (errors.size() != n) throw new IllegalArgumentException("position errors for " + errors.size() + " columns, expected " + n);
    Frame f = frame(x, y, lattice, width, height);
    DescriptorTable sites = siteTable(f.grid(), x, y, intensity, lattice, f.ref(), width, height);
    List<double[]> cellRows = cellRows(f, x, y, errors, intensity, intensityErr, lattice, width, height);
    return new Result(cellTable(cellRows), sites, f.ref());
  }

  /**
   * The cell table of {@link #describe} without position errors: their standard errors and error covariances NaN,
   * the intensity errors too, and no site table. The geometry alone, to compare fits of the same columns (the window
   * scan of {@link AtomsPipeline}).
   */
  public DescriptorTable geometry(double[] x, double[] y, double[] intensity, Lattice lattice, int width, int height) {
    double[] none = new double[x.length];
    Arrays.fill(none, Double.NaN);
    return cellTable(cellRows(frame(x, y, lattice, width, height), x, y, null, intensity, none, lattice, width, height));
  }

  /**
   * The positions after the scan correction ({@code cx}, {@code cy}), the reference lattices of the measured and the
   * corrected positions, and the cell grid.
   */
  private record Frame(double[] cx, double[] cy, ReferenceLattice ref, ReferenceLattice cref, CellGrid grid) {}

  private Frame frame(double[] x, double[] y, Lattice lattice, int width, int height) {
    int n = x.length;
    ScanCorrection d = options.correction();
    double[] cx = new double[n];
    double[] cy = new double[n];
    for (int i = 0; i < n; i++) {
      cx[i] = d.x(x[i], y[i]);
      cy[i] = d.y(x[i], y[i]);
    }
    ReferenceLattice ref = ReferenceLattice.fit(x, y, lattice);
    ReferenceLattice cref = ReferenceLattice.fit(cx, cy, lattice);
    return new Frame(cx, cy, ref, cref, cellGrid(ref, lattice, n, width, height));
  }

  /**
   * The site table of {@link #describe} alone, without building the cells (the column-presence test needs only the
   * sites).
   */
  public DescriptorTable sites(double[] x, double[] y, double[] intensity, Lattice lattice, int width, int height) {
    ReferenceLattice ref = ReferenceLattice.fit(x, y, lattice);
    return siteTable(cellGrid(ref, lattice, x.length, width, height), x, y, intensity, lattice, ref, width, height);
  }

  /**
   * The cells' index range covered by the image (one cell of margin), and for each site, row and column of it the
   * column found there (−1 where none).
   */
  private record CellGrid(int[] index, int width, int height, int row0, int col0) {}

  private static CellGrid cellGrid(ReferenceLattice ref, Lattice lattice, int n, int width, int height) {
    int ns = lattice.sites();
    // index range covered by the image
    double[] fr = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    for (double[] c : new double[][] {{0, 0}, {width - 1, 0}, {0, height - 1}, {width - 1, height - 1}}) {
      double[] f = ref.fractional(c[0], c[1]);
      fr[0] = Math.min(fr[0], f[0]);
      fr[1] = Math.max(fr[1], f[0]);
      fr[2] = Math.min(fr[2], f[1]);
      fr[3] = Math.max(fr[3], f[1]);
    }
    int c0 = (int) Math.floor(fr[0]) - 1;
    int c1 = (int) Math.ceil(fr[1]) + 1;
    int r0 = (int) Math.floor(fr[2]) - 1;
    int r1 = (int) Math.ceil(fr[3]) + 1;
    int gw = c1 - c0 + 1;
    int gh = r1 - r0 + 1;
    if ((long) gw * gh * ns > 200_000_000L) throw new org.causalem.data.BadInputException("lattice too fine for the image: " + gw + "×" + gh + " cells");
    int[] grid = new int[gw * gh * ns];
    Arrays.fill(grid, -1);
    for (int i = 0; i < n; i++) {
      int s = lattice.site()[i];
      if (s < 0) continue;
      int gr = lattice.row()[i] - r0;
      int gc = lattice.col()[i] - c0;
      if (gr < 0 || gc < 0 || gr >= gh || gc >= gw) continue;
      grid[(s * gh + gr) * gw + gc] = i;
    }
    return new CellGrid(grid, gw, gh, r0, c0);
  }

  /** One row per site of every cell in the image: the column found there, or the predicted position of a vacancy. */
  private DescriptorTable siteTable(CellGrid g, double[] x, double[] y, double[] intensity, Lattice lattice,
                                    ReferenceLattice ref, int width, int height) {
    int[] grid = g.index();
    int gw = g.width();
    int gh = g.height();
    int r0 = g.row0();
    int c0 = g.col0();
    int ns = lattice.sites();
    double m = options.marginPx();
    double[][] offs = lattice.siteOffsets();
    double[] zs = robustZ(intensity, lattice);
    List<double[]> siteRows = new ArrayList<>();
    for (int s = 0; s < ns; s++) {
      for (int gr = 0; gr < gh; gr++) {
        for (int gc = 0; gc < gw; gc++) {
          int row = gr + r0;
          int col = gc + c0;
          double ex = ref.x(col + offs[s][0], row + offs[s][1]);
          double ey = ref.y(col + offs[s][0], row + offs[s][1]);
          int i = grid[(s * gh + gr) * gw + gc];
          if (i < 0) {
            double[] corr = localShift(grid, gw, gh, gr, gc, x, y, ref, r0, c0);
            ex += corr[0];
            ey += corr[1];
            if (!inside(ex, ey, width, height, m)) continue;
            if (foundNeighbours(grid, gw, gh, s, gr, gc) < 5) continue;   // outside the crystal, not a vacancy
            siteRows.add(new double[] {row, col, s, ex, ey, 0, Double.NaN, Double.NaN, Double.NaN, 0});
          } else {
            boolean out = Math.abs(zs[i]) > options.outlierZ();
            siteRows.add(new double[] {row, col, s, x[i], y[i], 1, i, intensity[i], zs[i], out ? 1 : 0});
          }
        }
      }
    }
    return columnsOf(siteRows,
        List.of("row", "col", "sublattice", "x_px", "y_px", "found", "column", "intensity", "intensity_z", "outlier"),
        List.of("", "", "", "px", "px", "", "", "", "", ""));
  }

  /** One row of {@link #cellTable} values per cell inside the image that holds at least one column. */
  private List<double[]> cellRows(Frame f, double[] x, double[] y, PositionErrors errors, double[] intensity,
                                  double[] intensityErr, Lattice lattice, int width, int height) {
    CellGrid g = f.grid();
    double[] cx = f.cx();
    double[] cy = f.cy();
    ReferenceLattice ref = f.ref();
    ReferenceLattice cref = f.cref();
    int[] grid = g.index();
    int gw = g.width();
    int gh = g.height();
    int r0 = g.row0();
    int c0 = g.col0();
    int ns = lattice.sites();
    double m = options.marginPx();
    double[][] offs = lattice.siteOffsets();
    PositionErrors measurement = errors == null ? null : errors.measurementOnly();
    // rows of cells in parallel, listed in order
    return IntStream.range(0, Math.max(0, gh - 1)).parallel().mapToObj(gr -> {
      List<double[]> cellRows = new ArrayList<>();
      for (int gc = 0; gc + 1 < gw; gc++) {
        int row = gr + r0;
        int col = gc + c0;
        boolean in = true;
        for (int[] k : new int[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}) {
          double ex = ref.x(col + k[1], row + k[0]);
          double ey = ref.y(col + k[1], row + k[0]);
          if (!inside(ex, ey, width, height, m)) in = false;
        }
        if (!in) continue;
        int p00 = grid[gr * gw + gc];
        int p01 = grid[gr * gw + gc + 1];
        int p10 = grid[(gr + 1) * gw + gc];
        int p11 = grid[(gr + 1) * gw + gc + 1];
        int pb = ns > 1 ? grid[(gh + gr) * gw + gc] : -2;
        int missing = (p00 < 0 ? 1 : 0) + (p01 < 0 ? 1 : 0) + (p10 < 0 ? 1 : 0) + (p11 < 0 ? 1 : 0);
        for (int s = 1; s < ns; s++) if (grid[(s * gh + gr) * gw + gc] < 0) missing++;
        if (missing == 3 + ns) continue;   // no column at all: vacuum or another grain, not a cell
        double[] v = new double[24 + ERR_COV.size()];
        Arrays.fill(v, Double.NaN);
        v[0] = row;
        v[1] = col;
        v[21] = missing;
        // a corner whose fit failed (NaN position) is there but not measured: no geometry for the cell
        boolean corners = measured(p00, x, y) && measured(p01, x, y) && measured(p10, x, y) && measured(p11, x, y);
        if (corners) {
          measureCell(v, p00, p01, p10, p11, pb, x, y, cx, cy, intensity, intensityErr, errors, offs, cref);
          if (errors != null) errorCovariance(measurement, new int[] {p00, p01, p10, p11, pb}, cx, cy, pb >= 0 ? offs[1] : null, v, 24);
        } else {
          v[2] = ref.x(col + 0.5, row + 0.5);
          v[3] = ref.y(col + 0.5, row + 0.5);
        }
        if (pb >= 0) {
          v[10] = intensity[pb];
          v[23] = intensityErr[pb];
        }
        cellRows.add(v);
      }
      return cellRows;
    }).flatMap(List::stream).collect(Collectors.toList());
  }

  /**
   * The geometry of a cell whose four corners (p00, p01, p10, p11) were measured, into {@code v}: centre, edge
   * lengths, angle, area, mean intensity, strain against the reference cell {@code cref}, their standard errors (none
   * without {@code errors}), and the B column's displacement from the cell's interpolated centre when {@code pb} ≥ 0.
   */
  private static void measureCell(double[] v, int p00, int p01, int p10, int p11, int pb, double[] x, double[] y,
                                  double[] cx, double[] cy, double[] intensity, double[] intensityErr,
                                  PositionErrors errors, double[][] offs, ReferenceLattice cref) {
    double det = cref.ax() * cref.by() - cref.ay() * cref.bx();
    double i00 = cref.by() / det;
    double i01 = -cref.bx() / det;
    double i10 = -cref.ay() / det;
    double i11 = cref.ax() / det;
    v[2] = (x[p00] + x[p01] + x[p10] + x[p11]) / 4;
    v[3] = (y[p00] + y[p01] + y[p10] + y[p11]) / 4;
    double l1x = cx[p01] - cx[p00];
    double l1y = cy[p01] - cy[p00];
    double l2x = cx[p11] - cx[p10];
    double l2y = cy[p11] - cy[p10];
    double m1x = cx[p10] - cx[p00];
    double m1y = cy[p10] - cy[p00];
    double m2x = cx[p11] - cx[p01];
    double m2y = cy[p11] - cy[p01];
    double l1 = Math.hypot(l1x, l1y);
    double l2 = Math.hypot(l2x, l2y);
    double k1 = Math.hypot(m1x, m1y);
    double k2 = Math.hypot(m2x, m2y);
    double avx = (l1x + l2x) / 2;
    double avy = (l1y + l2y) / 2;
    double bvx = (m1x + m2x) / 2;
    double bvy = (m1y + m2y) / 2;
    v[4] = (l1 + l2) / 2;
    v[5] = (k1 + k2) / 2;
    v[6] = Math.toDegrees(Math.atan2(Math.abs(avx * bvy - avy * bvx), avx * bvx + avy * bvy));
    v[7] = Math.abs(avx * bvy - avy * bvx);
    v[8] = v[5] / v[4];
    v[9] = (intensity[p00] + intensity[p01] + intensity[p10] + intensity[p11]) / 4;
    v[22] = Math.sqrt(sq(intensityErr[p00]) + sq(intensityErr[p01]) + sq(intensityErr[p10]) + sq(intensityErr[p11])) / 4;
    // F = [av bv] · [aref bref]^-1
    double f00 = avx * i00 + bvx * i10;
    double f01 = avx * i01 + bvx * i11;
    double f10 = avy * i00 + bvy * i10;
    double f11 = avy * i01 + bvy * i11;
    v[13] = f00 - 1;
    v[14] = f11 - 1;
    v[15] = (f01 + f10) / 2;
    v[16] = Math.toDegrees((f10 - f01) / 2);
    if (errors != null) {
      PositionErrors.Block corner = errors.block(new int[] {p00, p01, p10, p11});
      // a = (|l1| + |l2|)/2, to first order the mean of each edge projected on its own direction
      v[17] = Math.sqrt(corner.variance(
          new double[] {-l1x / l1 / 2, l1x / l1 / 2, -l2x / l2 / 2, l2x / l2 / 2},
          new double[] {-l1y / l1 / 2, l1y / l1 / 2, -l2y / l2 / 2, l2y / l2 / 2}));
      v[18] = Math.sqrt(corner.variance(
          new double[] {-m1x / k1 / 2, -m2x / k2 / 2, m1x / k1 / 2, m2x / k2 / 2},
          new double[] {-m1y / k1 / 2, -m2y / k2 / 2, m1y / k1 / 2, m2y / k2 / 2}));
    }
    if (pb >= 0) polarization(v, new int[] {pb, p00, p01, p10, p11}, cx, cy, offs[1], errors);
  }

  /**
   * The B column's (five[0]) displacement from the bilinear interpolation of the corners five[1..4] at its fractional
   * offset {@code bOffset} (v[11], v[12]), and its standard errors (v[19], v[20]) when {@code errors} is not null.
   */
  private static void polarization(double[] v, int[] five, double[] cx, double[] cy, double[] bOffset, PositionErrors errors) {
    int pb = five[0];
    int p00 = five[1];
    int p01 = five[2];
    int p10 = five[3];
    int p11 = five[4];
    double s = bOffset[0];
    double t = bOffset[1];
    double w00 = (1 - s) * (1 - t);
    double w01 = s * (1 - t);
    double w10 = (1 - s) * t;
    double w11 = s * t;
    double ix = w00 * cx[p00] + w01 * cx[p01] + w10 * cx[p10] + w11 * cx[p11];
    double iy = w00 * cy[p00] + w01 * cy[p01] + w10 * cy[p10] + w11 * cy[p11];
    v[11] = cx[pb] - ix;
    v[12] = cy[pb] - iy;
    if (errors == null) return;
    PositionErrors.Block block = errors.block(five);
    double[] coef = {1, -w00, -w01, -w10, -w11};
    double[] none = new double[5];
    v[19] = Math.sqrt(block.variance(coef, none));
    v[20] = Math.sqrt(block.variance(none, coef));
  }

  private DescriptorTable cellTable(List<double[]> rows) {
    boolean cal = Double.isFinite(options.pixelSizeNm());
    double ps = options.pixelSizeNm();
    List<String> names = new ArrayList<>(List.of("row", "col", "x_px", "y_px", "a_px", "b_px", "gamma_deg", "area_px2",
        "tetragonality", "intensity_A", "intensity_B", "polarization_x_px", "polarization_y_px", "strain_xx", "strain_yy",
        "strain_xy", "rotation_deg", "a_sigma_px", "b_sigma_px", "polarization_x_sigma_px", "polarization_y_sigma_px", "missing_sites",
        "intensity_A_sigma", "intensity_B_sigma"));
    List<String> units = new ArrayList<>(List.of("", "", "px", "px", "px", "px", "deg", "px^2", "", "", "", "px", "px", "", "", "",
        "deg", "px", "px", "px", "px", "", "", ""));
    int n = rows.size();
    int base = names.size();
    int extra = cal ? 9 : 0;
    double[][] cols = new double[base + extra][n];
    for (int i = 0; i < n; i++) {
      double[] v = rows.get(i);
      for (int j = 0; j < base; j++) cols[j][i] = v[j];
    }
    if (cal) {
      names.addAll(List.of("x_nm", "y_nm", "a_nm", "b_nm", "area_nm2", "polarization_x_nm", "polarization_y_nm",
          "polarization_x_sigma_nm", "polarization_y_sigma_nm"));
      units.addAll(List.of("nm", "nm", "nm", "nm", "nm^2", "nm", "nm", "nm", "nm"));
      int[] src = {2, 3, 4, 5, 7, 11, 12, 19, 20};
      for (int k = 0; k < src.length; k++) {
        double f = src[k] == 7 ? ps * ps : ps;
        for (int i = 0; i < n; i++) cols[base + k][i] = cols[src[k]][i] * f;
      }
    }
    // the measurement-error covariances, last
    cols = Arrays.copyOf(cols, base + extra + ERR_COV.size());
    for (int k = 0; k < ERR_COV.size(); k++) {
      names.add(ERR_COV.get(k));
      String[] pair = ERR_COV_PAIRS.get(k);
      units.add(unit(pair[0]) + (unit(pair[0]).isEmpty() || unit(pair[1]).isEmpty() ? "" : "·") + unit(pair[1]));
      cols[base + extra + k] = new double[n];
      for (int i = 0; i < n; i++) cols[base + extra + k][i] = rows.get(i)[base + k];
    }
    return new DescriptorTable(names, units, cols);
  }

  private static String unit(String descriptor) { return descriptor.endsWith("_px") ? "px" : descriptor.endsWith("_deg") ? "deg" : ""; }

  /** The geometric descriptors whose measurement errors are correlated through the columns they share. */
  public static final List<String> GEOMETRIC = List.of("a_px", "b_px", "gamma_deg", "polarization_x_px", "polarization_y_px");

  private static final List<String[]> ERR_COV_PAIRS;

  /**
   * Per cell, the covariance of the measurement errors of every pair of {@link #GEOMETRIC} descriptors
   * (the variance for a pair with itself): {@code errcov_<d1>_<d2>}, from the identified measurement errors
   * of the columns ({@link PositionErrors#measurementOnly()}: shot noise and line jitter) propagated to first
   * order. a, b, γ and the polarization share the cell's corner columns, and columns on nearby scan lines
   * share their jitter, so their errors are correlated: line jitter shears a cell and moves b, γ and a
   * together. The errors-in-variables correction of the causal analysis removes them.
   */
  public static final List<String> ERR_COV;

  static {
    List<String[]> pairs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < GEOMETRIC.size(); i++) {
      for (int j = i; j < GEOMETRIC.size(); j++) {
        pairs.add(new String[] {GEOMETRIC.get(i), GEOMETRIC.get(j)});
        names.add(errCovName(GEOMETRIC.get(i), GEOMETRIC.get(j)));
      }
    }
    ERR_COV_PAIRS = List.copyOf(pairs);
    ERR_COV = List.copyOf(names);
  }

  /** The column holding the error covariance of two geometric descriptors (either order); null if there is none. */
  public static String errCovColumn(String d1, String d2) {
    int i = GEOMETRIC.indexOf(d1);
    int j = GEOMETRIC.indexOf(d2);
    if (i < 0 || j < 0) return null;
    return i <= j ? errCovName(d1, d2) : errCovName(d2, d1);
  }

  private static String errCovName(String d1, String d2) { return "errcov_" + d1 + "_" + d2; }

  /**
   * Writes the {@link #ERR_COV} entries of one cell into {@code v} from {@code at}: the gradient of each
   * geometric descriptor with respect to the ten coordinates of its five columns (numerical, central
   * differences), combined with the columns' error covariances. Without a B column (b = null or index < 0)
   * the polarization entries stay NaN.
   */
  private static void errorCovariance(PositionErrors e, int[] five, double[] cx, double[] cy, double[] bOffset, double[] v, int at) {
    boolean hasB = bOffset != null && five[4] >= 0;
    int nc = hasB ? 5 : 4;
    int[] idx = Arrays.copyOf(five, nc);
    double[] px = new double[5];
    double[] py = new double[5];
    for (int k = 0; k < nc; k++) {
      px[k] = cx[idx[k]];
      py[k] = cy[idx[k]];
    }
    double s = hasB ? bOffset[0] : 0.5;
    double t = hasB ? bOffset[1] : 0.5;
    int nd = GEOMETRIC.size();
    double[][] gx = new double[nd][nc];
    double[][] gy = new double[nd][nc];
    double h = 1e-4;
    for (int k = 0; k < nc; k++) {
      for (int axis = 0; axis < 2; axis++) {
        double[] c = axis == 0 ? px : py;
        double keep = c[k];
        c[k] = keep + h;
        double[] up = geometry(px, py, s, t);
        c[k] = keep - h;
        double[] down = geometry(px, py, s, t);
        c[k] = keep;
        for (int d = 0; d < nd; d++) (axis == 0 ? gx : gy)[d][k] = (up[d] - down[d]) / (2 * h);
      }
    }
    PositionErrors.Block cov = e.block(idx);
    int q = at;
    for (int i = 0; i < nd; i++) {
      for (int j = i; j < nd; j++) {
        boolean pol = i >= 3 || j >= 3;
        v[q++] = pol && !hasB ? Double.NaN : cov.covariance(gx[i], gy[i], gx[j], gy[j]);
      }
    }
  }

  /** a, b, γ (deg), polarization x and y of a cell from its corners 00, 01, 10, 11 and its B column (index 4). */
  private static double[] geometry(double[] x, double[] y, double s, double t) {
    double l1x = x[1] - x[0];
    double l1y = y[1] - y[0];
    double l2x = x[3] - x[2];
    double l2y = y[3] - y[2];
    double m1x = x[2] - x[0];
    double m1y = y[2] - y[0];
    double m2x = x[3] - x[1];
    double m2y = y[3] - y[1];
    double avx = (l1x + l2x) / 2;
    double avy = (l1y + l2y) / 2;
    double bvx = (m1x + m2x) / 2;
    double bvy = (m1y + m2y) / 2;
    double a = (Math.hypot(l1x, l1y) + Math.hypot(l2x, l2y)) / 2;
    double b = (Math.hypot(m1x, m1y) + Math.hypot(m2x, m2y)) / 2;
    double gamma = Math.toDegrees(Math.atan2(Math.abs(avx * bvy - avy * bvx), avx * bvx + avy * bvy));
    double w00 = (1 - s) * (1 - t);
    double w01 = s * (1 - t);
    double w10 = (1 - s) * t;
    double w11 = s * t;
    double polX = x[4] - (w00 * x[0] + w01 * x[1] + w10 * x[2] + w11 * x[3]);
    double polY = y[4] - (w00 * y[0] + w01 * y[1] + w10 * y[2] + w11 * y[3]);
    return new double[] {a, b, gamma, polX, polY};
  }

  private static double sq(double v) { return v * v; }

  /** Found columns among the 8 same-site neighbours (±1 row/col) of a grid position. */
  private static int foundNeighbours(int[] grid, int gw, int gh, int s, int gr, int gc) {
    int c = 0;
    for (int dr = -1; dr <= 1; dr++) {
      for (int dc = -1; dc <= 1; dc++) {
        if (dr == 0 && dc == 0) continue;
        int rr = gr + dr;
        int cc = gc + dc;
        if (rr < 0 || cc < 0 || rr >= gh || cc >= gw) continue;
        if (grid[(s * gh + rr) * gw + cc] >= 0) c++;
      }
    }
    return c;
  }

  private static boolean measured(int i, double[] x, double[] y) { return i >= 0 && Double.isFinite(x[i]) && Double.isFinite(y[i]); }

  private static boolean inside(double x, double y, int w, int h, double m) {
    return x >= m && y >= m && x <= w - 1 - m && y <= h - 1 - m;
  }

  /** Mean offset of the found corners of a cell's neighbourhood from the reference lattice. */
  private static double[] localShift(int[] grid, int gw, int gh, int gr, int gc, double[] x, double[] y,
                                     ReferenceLattice ref, int r0, int c0) {
    double sx = 0;
    double sy = 0;
    int m = 0;
    for (int dr = 0; dr <= 1; dr++) {
      for (int dc = 0; dc <= 1; dc++) {
        int rr = gr + dr;
        int cc = gc + dc;
        if (rr >= gh || cc >= gw) continue;
        int i = grid[rr * gw + cc];
        if (i < 0 || !Double.isFinite(x[i]) || !Double.isFinite(y[i])) continue;
        sx += x[i] - ref.x(cc + c0, rr + r0);
        sy += y[i] - ref.y(cc + c0, rr + r0);
        m++;
      }
    }
    return m == 0 ? new double[] {0, 0} : new double[] {sx / m, sy / m};
  }

  /** Robust z-score of each column's intensity within its sublattice (median, 1.4826·MAD). */
  private static double[] robustZ(double[] intensity, Lattice lattice) {
    int n = intensity.length;
    double[] z = new double[n];
    Arrays.fill(z, Double.NaN);
    for (int s = 0; s < lattice.sites(); s++) {
      double[] v = new double[n];
      int m = 0;
      for (int i = 0; i < n; i++) if (lattice.site()[i] == s && Double.isFinite(intensity[i])) v[m++] = intensity[i];
      if (m < 3) continue;
      double[] sorted = Arrays.copyOf(v, m);
      Arrays.sort(sorted);
      double med = sorted[m / 2];
      for (int k = 0; k < m; k++) sorted[k] = Math.abs(sorted[k] - med);
      Arrays.sort(sorted);
      double mad = 1.4826 * sorted[m / 2];
      if (!(mad > 0)) mad = 1e-12 * Math.abs(med) + 1e-300;
      for (int i = 0; i < n; i++) if (lattice.site()[i] == s) z[i] = (intensity[i] - med) / mad;
    }
    return z;
  }

  private static DescriptorTable columnsOf(List<double[]> rows, List<String> names, List<String> units) {
    double[][] cols = new double[names.size()][rows.size()];
    for (int i = 0; i < rows.size(); i++) for (int j = 0; j < names.size(); j++) cols[j][i] = rows.get(i)[j];
    return new DescriptorTable(names, units, cols);
  }
}
