package org.causalem.simulate;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The structural causal model behind {@code causalem demo}: per-cell fields of a doped ferroelectric
 * perovskite whose mechanism is known.
 *
 * <pre>
 *   composition (dopant fraction, seen as A-site intensity)
 *        ├──→ a  (in-plane lattice parameter; Vegard-like contraction)
 *        └──→ b  (out-of-plane lattice parameter)  ──→  polarization (B-site off-centring along y)
 * </pre>
 *
 * The pair (a, polarization) is confounded by composition: the two correlate strongly although a has no
 * effect on polarization, which is what a correlative fit gets wrong. The B-site intensity, the
 * in-plane off-centring and the cell angle are left untouched (no causes, no effects). Composition is
 * a spatially smooth field (dopant clustering) plus independent per-cell scatter; every noise term is
 * uniform (non-Gaussian), so the direction of each edge is identifiable from the data alone.
 */
public final class FerroicScenario {
  /**
   * @param rows cells along y
   * @param cols cells along x
   * @param aPx mean in-plane lattice parameter (pixels)
   * @param bPx mean out-of-plane lattice parameter (pixels)
   * @param intensityPerComposition relative A-site intensity change per unit of dopant fraction
   * @param aPerComposition change of a (px) per unit dopant fraction
   * @param bPerComposition change of b (px) per unit dopant fraction
   * @param polarizationPerB change of the B-site off-centring (px) per px of b
   * @param latticeNoisePx half-width of the uniform per-cell noise of a and b
   * @param polarizationNoisePx half-width of the uniform per-cell noise of the polarization
   */
  public record Options(int rows, int cols, double aPx, double bPx, double intensityPerComposition,
                        double aPerComposition, double bPerComposition, double polarizationPerB,
                        double latticeNoisePx, double polarizationNoisePx, long seed) {
    public Options {
      if (rows < 4 || cols < 4) throw new IllegalArgumentException("need at least 4×4 cells, got " + rows + "×" + cols);
      if (!(aPx > 4 && bPx > 4)) throw new IllegalArgumentException("lattice parameters must exceed 4 px, got " + aPx + ", " + bPx);
      if (latticeNoisePx < 0 || polarizationNoisePx < 0) throw new IllegalArgumentException("noise must be >= 0");
    }

    /** The demo's defaults: a 40 × 40 cell field with 16 px cells. */
    public static Options defaults(long seed) {
      return new Options(40, 40, 16.0, 16.0, 0.6, -1.2, 1.6, 0.45, 0.30, 0.30, seed);
    }
  }

  /**
   * Per-cell fields, each {@code [row][col]}: the truth the simulator renders.
   *
   * @param composition dopant fraction in [0, 1]
   * @param intensityA relative A-site column intensity (1 = undoped)
   * @param intensityB relative B-site column intensity
   * @param aPx in-plane lattice parameter
   * @param bPx out-of-plane lattice parameter
   * @param polarizationXPx B-site off-centring along x
   * @param polarizationYPx B-site off-centring along y
   */
  public record Fields(double[][] composition, double[][] intensityA, double[][] intensityB, double[][] aPx,
                       double[][] bPx, double[][] polarizationXPx, double[][] polarizationYPx) {}

  /** The true causal edges between the cells.csv columns the demo analyses (cause, effect). */
  public static final List<String[]> TRUE_EDGES = List.of(
      new String[] {"intensity_A", "a_px"},
      new String[] {"intensity_A", "b_px"},
      new String[] {"b_px", "polarization_y_px"});

  /** The confounded pair: correlated through composition, no causal link. */
  public static final String[] CONFOUNDED_PAIR = {"a_px", "polarization_y_px"};

  private final Options options;

  public FerroicScenario(Options options) { this.options = options; }

  public Options options() { return options; }

  /** Draws the fields (deterministic for a given seed). */
  public Fields generate() {
    int rows = options.rows();
    int cols = options.cols();
    SplittableRandom rng = new SplittableRandom(options.seed());
    double[][] smooth = smoothField(rows, cols, rng);
    double[][] comp = new double[rows][cols];
    double[][] ia = new double[rows][cols];
    double[][] ib = new double[rows][cols];
    double[][] a = new double[rows][cols];
    double[][] b = new double[rows][cols];
    double[][] px = new double[rows][cols];
    double[][] py = new double[rows][cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        double x = 0.5 + 0.2 * smooth[r][c] + uniform(rng, 0.15);
        comp[r][c] = Math.max(0, Math.min(1, x));
        ia[r][c] = 1 + options.intensityPerComposition() * (comp[r][c] - 0.5);
        ib[r][c] = 1;
        a[r][c] = options.aPx() + options.aPerComposition() * (comp[r][c] - 0.5) + uniform(rng, options.latticeNoisePx());
        b[r][c] = options.bPx() + options.bPerComposition() * (comp[r][c] - 0.5) + uniform(rng, options.latticeNoisePx());
        px[r][c] = 0;
        py[r][c] = options.polarizationPerB() * (b[r][c] - options.bPx()) + uniform(rng, options.polarizationNoisePx());
      }
    }
    return new Fields(comp, ia, ib, a, b, px, py);
  }

  /** Uniform on [−h, h]. */
  private static double uniform(SplittableRandom rng, double h) { return h == 0 ? 0 : (2 * rng.nextDouble() - 1) * h; }

  /** A zero-mean, unit-variance field made of random Gaussian blobs (dopant clusters). */
  private static double[][] smoothField(int rows, int cols, SplittableRandom rng) {
    double[][] f = new double[rows][cols];
    int blobs = Math.max(4, rows * cols / 60);
    double width = Math.max(2.0, Math.min(rows, cols) / 8.0);
    for (int k = 0; k < blobs; k++) {
      double cr = rng.nextDouble() * rows;
      double cc = rng.nextDouble() * cols;
      double amp = rng.nextBoolean() ? 1 : -1;
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          double d2 = ((r - cr) * (r - cr) + (c - cc) * (c - cc)) / (2 * width * width);
          f[r][c] += amp * Math.exp(-d2);
        }
      }
    }
    double mean = 0;
    for (double[] row : f) for (double v : row) mean += v;
    mean /= rows * cols;
    double var = 0;
    for (double[] row : f) for (double v : row) var += (v - mean) * (v - mean);
    double sd = Math.sqrt(var / (rows * cols));
    for (double[] row : f) for (int c = 0; c < cols; c++) row[c] = sd > 0 ? (row[c] - mean) / sd : 0;
    return f;
  }
}
