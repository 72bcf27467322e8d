package org.causalem.simulate;

import java.util.List;
import java.util.Objects;
import org.causalem.data.Image;

/**
 * HAADF image of a perovskite ABO3 viewed along [001]: bright A columns on the corners of every unit
 * cell, a dimmer B column near each cell centre, with prescribed per-cell fields (arrays indexed
 * {@code [row][col]}, {@code rows × cols} cells).
 *
 * <p>Geometry (before rotation): the A column at corner (i, j) (0 ≤ i ≤ rows, 0 ≤ j ≤ cols) sits at
 * {@code u = Σ_{c<j} â(i, c)}, {@code v = Σ_{r<i} b̂(r, j)}, where an edge's length is the mean of the
 * prescribed {@code a} (or {@code b}) of the cells sharing that edge. The lattice is rotated by
 * {@code rotationDeg} and shifted to the origin. The B column of cell (i, j) sits at the mean of its four
 * A corners plus the prescribed displacement (image x, y in px): that displacement is the cell's
 * polarization. An A column's intensity is the mean of the prescribed A intensity of the cells that
 * share it.
 */
public final class PerovskiteSimulator {
  /**
   * @param aPx cell edge along the first lattice vector (px), per cell
   * @param bPx cell edge along the second lattice vector (px), per cell
   * @param displacementXPx B-site displacement x (px), per cell
   * @param displacementYPx B-site displacement y (px), per cell
   * @param intensityA A-column intensity (relative), per cell
   * @param intensityB B-column intensity (relative), per cell
   * @param originXPx x of corner (0, 0)
   * @param originYPx y of corner (0, 0)
   * @param rotationDeg rotation of the first lattice vector from the image x axis (positive: towards +y)
   * @param widthPx image width; 0 for the lattice extent plus the origin on both sides
   * @param heightPx image height; 0 for automatic
   * @param render how the structure is imaged
   */
  public record Options(double[][] aPx, double[][] bPx, double[][] displacementXPx, double[][] displacementYPx,
                        double[][] intensityA, double[][] intensityB, double originXPx, double originYPx,
                        double rotationDeg, int widthPx, int heightPx, HaadfRenderer.Options render) {
    public Options {
      Objects.requireNonNull(render, "render");
      int rows = aPx.length;
      if (rows < 1 || aPx[0].length < 1) throw new IllegalArgumentException("need at least 1×1 cells");
      int cols = aPx[0].length;
      check("aPx", aPx, rows, cols, true);
      check("bPx", bPx, rows, cols, true);
      check("displacementXPx", displacementXPx, rows, cols, false);
      check("displacementYPx", displacementYPx, rows, cols, false);
      check("intensityA", intensityA, rows, cols, false);
      check("intensityB", intensityB, rows, cols, false);
      if (!Double.isFinite(originXPx) || !Double.isFinite(originYPx) || !Double.isFinite(rotationDeg)) {
        throw new IllegalArgumentException("origin and rotation must be finite");
      }
      if (widthPx < 0 || heightPx < 0) throw new IllegalArgumentException("image size must be >= 0 (0 = automatic), got " + widthPx + "×" + heightPx);
    }

    /** A uniform cubic/tetragonal lattice: A intensity 1, B 0.7, no displacement, origin (10, 10) px. */
    public static Options uniform(int rows, int cols, double aPx, double bPx, HaadfRenderer.Options render) {
      if (rows < 1 || cols < 1) throw new IllegalArgumentException("rows and cols must be >= 1, got " + rows + "×" + cols);
      return new Options(fill(rows, cols, aPx), fill(rows, cols, bPx), fill(rows, cols, 0), fill(rows, cols, 0),
          fill(rows, cols, 1), fill(rows, cols, 0.7), 10, 10, 0, 0, 0, render);
    }

    public int rows() { return aPx.length; }

    public int cols() { return aPx[0].length; }

    public Options withLattice(double[][] a, double[][] b) { return new Options(a, b, displacementXPx, displacementYPx, intensityA, intensityB, originXPx, originYPx, rotationDeg, widthPx, heightPx, render); }
    public Options withDisplacement(double[][] dx, double[][] dy) { return new Options(aPx, bPx, dx, dy, intensityA, intensityB, originXPx, originYPx, rotationDeg, widthPx, heightPx, render); }
    public Options withIntensities(double[][] ia, double[][] ib) { return new Options(aPx, bPx, displacementXPx, displacementYPx, ia, ib, originXPx, originYPx, rotationDeg, widthPx, heightPx, render); }
    public Options withPlacement(double ox, double oy, double rotDeg) { return new Options(aPx, bPx, displacementXPx, displacementYPx, intensityA, intensityB, ox, oy, rotDeg, widthPx, heightPx, render); }
    public Options withSize(int w, int h) { return new Options(aPx, bPx, displacementXPx, displacementYPx, intensityA, intensityB, originXPx, originYPx, rotationDeg, w, h, render); }
    public Options withRender(HaadfRenderer.Options r) { return new Options(aPx, bPx, displacementXPx, displacementYPx, intensityA, intensityB, originXPx, originYPx, rotationDeg, widthPx, heightPx, r); }

    private static void check(String name, double[][] f, int rows, int cols, boolean positive) {
      Objects.requireNonNull(f, name);
      if (f.length != rows) throw new IllegalArgumentException(name + " has " + f.length + " rows, expected " + rows);
      for (int i = 0; i < rows; i++) {
        if (f[i].length != cols) throw new IllegalArgumentException(name + "[" + i + "] has " + f[i].length + " columns, expected " + cols);
        for (int j = 0; j < cols; j++) {
          double v = f[i][j];
          if (!Double.isFinite(v) || (positive && !(v > 0))) {
            throw new IllegalArgumentException(name + "[" + i + "][" + j + "] must be " + (positive ? "> 0" : "finite") + ", got " + v);
          }
        }
      }
    }
  }

  /** A filled {@code rows × cols} field. */
  public static double[][] fill(int rows, int cols, double value) {
    double[][] f = new double[rows][cols];
    for (double[] r : f) java.util.Arrays.fill(r, value);
    return f;
  }

  /**
   * The image and its truth.
   *
   * @param structure every column: A sites first ({@code (rows+1)·(cols+1)}, index {@code i·(cols+1)+j}),
   *     then B sites (index {@code (rows+1)(cols+1) + i·cols + j}); positions as they appear in the image
   * @param cells the true per-cell values, computed from the true apparent column positions exactly as a
   *     measurement defines them
   * @param specimen the same sites at their true specimen positions (before the scan)
   * @param scan the true scan that recorded the image (fast-scan map, line jitter, drift; see {@link ScanDistortion})
   */
  public record Simulation(Image image, Structure structure, CellTruth cells, Structure specimen, ScanMap scan) {}

  /**
   * True per-cell values ({@code [row][col]}).
   *
   * @param aPx mean length of the cell's two edges along the first lattice vector
   * @param bPx mean length of its two edges along the second
   * @param gammaDeg angle between the mean edge vectors
   * @param polarizationXPx B position minus the mean of the four A corners (x)
   * @param intensityA mean relative intensity of the four A corners
   */
  public record CellTruth(double[][] xPx, double[][] yPx, double[][] aPx, double[][] bPx, double[][] gammaDeg,
                          double[][] polarizationXPx, double[][] polarizationYPx, double[][] intensityA,
                          double[][] intensityB) {}

  private final Options options;

  public PerovskiteSimulator(Options options) { this.options = Objects.requireNonNull(options, "options"); }

  /** Builds the structure (positions in specimen coordinates, no scan distortion). */
  public Structure structure() {
    int rows = options.rows();
    int cols = options.cols();
    double[][] u = new double[rows + 1][cols + 1];
    double[][] v = new double[rows + 1][cols + 1];
    for (int i = 0; i <= rows; i++) {
      for (int j = 1; j <= cols; j++) u[i][j] = u[i][j - 1] + edge(options.aPx(), i - 1, i, j - 1, j - 1);
    }
    for (int j = 0; j <= cols; j++) {
      for (int i = 1; i <= rows; i++) v[i][j] = v[i - 1][j] + edge(options.bPx(), i - 1, i - 1, j - 1, j);
    }
    double th = Math.toRadians(options.rotationDeg());
    double c = Math.cos(th);
    double s = Math.sin(th);
    int nA = (rows + 1) * (cols + 1);
    int n = nA + rows * cols;
    double[] x = new double[n];
    double[] y = new double[n];
    double[] inten = new double[n];
    int[] sub = new int[n];
    int[] rr = new int[n];
    int[] cc = new int[n];
    boolean[] present = new boolean[n];
    java.util.Arrays.fill(present, true);
    for (int i = 0; i <= rows; i++) {
      for (int j = 0; j <= cols; j++) {
        int k = i * (cols + 1) + j;
        x[k] = options.originXPx() + c * u[i][j] - s * v[i][j];
        y[k] = options.originYPx() + s * u[i][j] + c * v[i][j];
        inten[k] = meanAround(options.intensityA(), i, j);
        rr[k] = i;
        cc[k] = j;
      }
    }
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        int k = nA + i * cols + j;
        int a00 = i * (cols + 1) + j;
        int a01 = a00 + 1;
        int a10 = a00 + cols + 1;
        int a11 = a10 + 1;
        x[k] = (x[a00] + x[a01] + x[a10] + x[a11]) / 4 + options.displacementXPx()[i][j];
        y[k] = (y[a00] + y[a01] + y[a10] + y[a11]) / 4 + options.displacementYPx()[i][j];
        inten[k] = options.intensityB()[i][j];
        sub[k] = 1;
        rr[k] = i;
        cc[k] = j;
      }
    }
    return new Structure(x, y, inten, sub, rr, cc, present, new boolean[n], List.of("A", "B"));
  }

  /** Renders the image and computes the truth. */
  public Simulation simulate() {
    Structure specimen = structure();
    // truth in image coordinates: the scan's smooth mapping (fast scan, drift) applied, line jitter not
    HaadfRenderer.Rendered r = new HaadfRenderer(options.render())
        .renderFitted(specimen, options.widthPx(), options.heightPx(), options.originXPx(), options.originYPx());
    return new Simulation(r.image(), r.apparent(), truth(r.apparent()), specimen, r.scan());
  }

  private CellTruth truth(Structure s) {
    int rows = options.rows();
    int cols = options.cols();
    int nA = (rows + 1) * (cols + 1);
    double[][] cx = new double[rows][cols];
    double[][] cy = new double[rows][cols];
    double[][] a = new double[rows][cols];
    double[][] b = new double[rows][cols];
    double[][] g = new double[rows][cols];
    double[][] px = new double[rows][cols];
    double[][] py = new double[rows][cols];
    double[][] ia = new double[rows][cols];
    double[][] ib = new double[rows][cols];
    double[] x = s.x();
    double[] y = s.y();
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        int a00 = i * (cols + 1) + j;
        int a01 = a00 + 1;
        int a10 = a00 + cols + 1;
        int a11 = a10 + 1;
        int kb = nA + i * cols + j;
        cx[i][j] = (x[a00] + x[a01] + x[a10] + x[a11]) / 4;
        cy[i][j] = (y[a00] + y[a01] + y[a10] + y[a11]) / 4;
        a[i][j] = (Math.hypot(x[a01] - x[a00], y[a01] - y[a00]) + Math.hypot(x[a11] - x[a10], y[a11] - y[a10])) / 2;
        b[i][j] = (Math.hypot(x[a10] - x[a00], y[a10] - y[a00]) + Math.hypot(x[a11] - x[a01], y[a11] - y[a01])) / 2;
        double avx = (x[a01] - x[a00] + x[a11] - x[a10]) / 2;
        double avy = (y[a01] - y[a00] + y[a11] - y[a10]) / 2;
        double bvx = (x[a10] - x[a00] + x[a11] - x[a01]) / 2;
        double bvy = (y[a10] - y[a00] + y[a11] - y[a01]) / 2;
        g[i][j] = Math.toDegrees(Math.atan2(Math.abs(avx * bvy - avy * bvx), avx * bvx + avy * bvy));
        px[i][j] = x[kb] - cx[i][j];
        py[i][j] = y[kb] - cy[i][j];
        ia[i][j] = (s.intensity()[a00] + s.intensity()[a01] + s.intensity()[a10] + s.intensity()[a11]) / 4;
        ib[i][j] = s.intensity()[kb];
      }
    }
    return new CellTruth(cx, cy, a, b, g, px, py, ia, ib);
  }

  /** Mean of field over cells (r0..r1, c0..c1) that exist. */
  private static double edge(double[][] f, int r0, int r1, int c0, int c1) {
    double sum = 0;
    int n = 0;
    for (int r = r0; r <= r1; r++) {
      for (int c = c0; c <= c1; c++) {
        if (r >= 0 && r < f.length && c >= 0 && c < f[0].length) {
          sum += f[r][c];
          n++;
        }
      }
    }
    return sum / n;
  }

  private static double meanAround(double[][] f, int i, int j) { return edge(f, i - 1, i, j - 1, j); }
}
