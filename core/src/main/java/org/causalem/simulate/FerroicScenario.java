package org.causalem.simulate;

import java.util.List;
import java.util.SplittableRandom;
import org.causalem.data.Image;

/**
 * The structural causal model behind {@code causalem demo}: a doped ferroelectric perovskite whose
 * mechanism is known, rendered as a HAADF image.
 *
 * <pre>
 *   composition (dopant fraction; seen as the A-site intensity, intensity_A)
 *        ├──→ a (in-plane lattice parameter, a_px)  ──→  in-plane polarization (polarization_x_px)
 *        └──→ out-of-plane polarization (polarization_y_px)
 * </pre>
 *
 * The pair (a_px, polarization_y_px) is confounded by composition: they correlate although neither
 * causes the other, which is what a correlative fit gets wrong; intensity_A reaches polarization_x_px
 * only through a_px. b_px (independent scatter), gamma_deg and intensity_B are not part of the mechanism.
 *
 * <p>The model is written for the quantities as they are <em>measured</em>: a cell's A-site intensity is
 * the mean of its four corner columns (each shared by four cells) and its a the mean of its two edges
 * (each shared by two cells), so the prescribed per-cell fields are chosen such that the measured
 * values follow the mechanism exactly. Composition varies along the lattice's a direction (dopant bands
 * across the field of view), which keeps the lattice compatible (no cell mismatch accumulates along a
 * column). Every noise term is uniform, so edge directions are identifiable from the data alone.
 *
 * <p>The lattice is rotated against the scan ({@link Options#rotationDeg()}, 17° in the demo, as real
 * specimens are: the shared SrTiO3 image is rotated 17°). Aligned with the scan, the composition bands
 * would be functions of the scan column alone, exactly like a fast-scan magnification change, and no
 * analysis could tell the specimen from the instrument; rotated, a scan column crosses many bands.
 */
public final class FerroicScenario {
  /**
   * @param rows cells along y
   * @param cols cells along x
   * @param aPx mean in-plane lattice parameter (px)
   * @param bPx out-of-plane lattice parameter (px)
   * @param intensityPerComposition relative A-site intensity change per unit of dopant fraction
   * @param aPerComposition change of a (px) per unit of dopant fraction
   * @param polarizationXPerA change of the in-plane off-centring (px) per px of a
   * @param polarizationYPerComposition change of the out-of-plane off-centring (px) per unit of dopant fraction
   * @param latticeNoisePx half-width of the uniform per-cell noise of a
   * @param polarizationNoisePx half-width of the uniform per-cell noise of the off-centring
   * @param rotationDeg angle of the lattice's a vector to the scan's x (degrees, within ±45); 0: aligned, the
   *     image framed as {@link PerovskiteSimulator.Options#uniform} frames it
   */
  public record Options(int rows, int cols, double aPx, double bPx, double intensityPerComposition,
                        double aPerComposition, double polarizationXPerA, double polarizationYPerComposition,
                        double latticeNoisePx, double polarizationNoisePx, HaadfRenderer.Options render, long seed,
                        double rotationDeg) {
    /** A lattice aligned with the scan. */
    public Options(int rows, int cols, double aPx, double bPx, double intensityPerComposition, double aPerComposition,
                   double polarizationXPerA, double polarizationYPerComposition, double latticeNoisePx,
                   double polarizationNoisePx, HaadfRenderer.Options render, long seed) {
      this(rows, cols, aPx, bPx, intensityPerComposition, aPerComposition, polarizationXPerA, polarizationYPerComposition,
          latticeNoisePx, polarizationNoisePx, render, seed, 0);
    }

    public Options {
      if (!(Math.abs(rotationDeg) <= 45)) throw new IllegalArgumentException("rotationDeg must be within ±45, got " + rotationDeg);
      if (rows < 4 || cols < 4) throw new IllegalArgumentException("need at least 4×4 cells, got " + rows + "×" + cols);
      if (!(aPx > 6 && bPx > 6)) throw new IllegalArgumentException("lattice parameters must exceed 6 px, got " + aPx + ", " + bPx);
      if (!(latticeNoisePx >= 0) || !(polarizationNoisePx >= 0)) throw new IllegalArgumentException("noise must be >= 0");
      if (render == null) throw new IllegalArgumentException("render options are required");
    }

    /** The demo's rotation of the lattice against the scan (degrees), that of the shared SrTiO3 image. */
    public static final double DEMO_ROTATION_DEG = 17;

    /**
     * The demo's defaults: 36 × 36 cells of 16 px at a realistic dose (A columns of peak 150 counts over a
     * background of 10), with a strong composition contrast: the A-site intensity must resolve the
     * composition better than the lattice parameters do, or conditioning on it cannot block the
     * confounding path. The lattice is rotated {@link #DEMO_ROTATION_DEG} against the scan.
     */
    public static Options defaults(long seed) {
      HaadfRenderer.Options render = HaadfRenderer.Options.defaults(seed).withColumnSigmaPx(2.2);
      return new Options(36, 36, 16.0, 16.0, 2.0, -2.0, 0.4, 0.6, 0.6, 0.25, render, seed, DEMO_ROTATION_DEG);
    }

    /**
     * The null scene: the demo's geometry and dose, but a paraelectric crystal of homogeneous composition
     * (SrTiO3-like): no composition contrast, no mechanism, no lattice or polarization variation at all.
     * Every association between measured descriptors comes from counting noise and the instrument.
     */
    public static Options nullScene(long seed) {
      Options d = defaults(seed);
      return new Options(d.rows(), d.cols(), d.aPx(), d.bPx(), 0, 0, 0, 0, 0, 0, d.render(), seed, d.rotationDeg());
    }

    /** The same scene with {@code rows × cols} cells. */
    public Options withSize(int r, int c) {
      return new Options(r, c, aPx, bPx, intensityPerComposition, aPerComposition, polarizationXPerA,
          polarizationYPerComposition, latticeNoisePx, polarizationNoisePx, render, seed, rotationDeg);
    }

    /** The same scene with the lattice at {@code deg} to the scan (0: aligned). */
    public Options withRotation(double deg) {
      return new Options(rows, cols, aPx, bPx, intensityPerComposition, aPerComposition, polarizationXPerA,
          polarizationYPerComposition, latticeNoisePx, polarizationNoisePx, render, seed, deg);
    }

    /** The same scene on {@code rows} × {@code cols} cells (a smaller scene runs faster; at least 4 × 4). */
    public Options withCells(int rows, int cols) {
      return new Options(rows, cols, aPx, bPx, intensityPerComposition, aPerComposition, polarizationXPerA,
          polarizationYPerComposition, latticeNoisePx, polarizationNoisePx, render, seed);
    }

    /** The same scene recorded through {@code distortion} (e.g. {@link ScanDistortion#realistic()}). */
    public Options withDistortion(ScanDistortion distortion) {
      return new Options(rows, cols, aPx, bPx, intensityPerComposition, aPerComposition, polarizationXPerA,
          polarizationYPerComposition, latticeNoisePx, polarizationNoisePx, render.withDistortion(distortion), seed, rotationDeg);
    }

    /** The true causal edges of this scene: {@link #TRUE_EDGES} for the demo, none where a coupling is zero. */
    public List<String[]> trueEdges() {
      List<String[]> out = new java.util.ArrayList<>();
      boolean compositionSeen = intensityPerComposition != 0;
      if (compositionSeen && aPerComposition != 0) out.add(TRUE_EDGES.get(0));
      if (polarizationXPerA != 0 && (aPerComposition != 0 || latticeNoisePx > 0)) out.add(TRUE_EDGES.get(1));
      if (compositionSeen && polarizationYPerComposition != 0) out.add(TRUE_EDGES.get(2));
      return List.copyOf(out);
    }
  }

  /** The composition bands' periods are given per this many cells (the demo's field). */
  private static final int BAND_CELLS = 36;

  /** The true causal edges between the cells.csv columns (cause, effect). */
  public static final List<String[]> TRUE_EDGES = List.of(
      new String[] {"intensity_A", "a_px"},
      new String[] {"a_px", "polarization_x_px"},
      new String[] {"intensity_A", "polarization_y_px"});

  /** The confounded pair: correlated through composition, no causal link between them. */
  public static final String[] CONFOUNDED_PAIR = {"a_px", "polarization_y_px"};

  /**
   * The simulation: the image, the renderer's truth, and the per-cell measured-definition values.
   *
   * @param composition per-column dopant fraction as a cell's corners see it (length cols)
   */
  public record Result(Image image, PerovskiteSimulator.Simulation simulation, double[] composition) {}

  private final Options options;

  public FerroicScenario(Options options) { this.options = options; }

  public Options options() { return options; }

  /** Draws the fields and renders the image (deterministic for a given seed). */
  public Result simulate() {
    Options o = options;
    int rows = o.rows();
    int cols = o.cols();
    SplittableRandom rng = new SplittableRandom(o.seed());
    // composition per column: a smooth band pattern plus independent scatter
    double[] smooth = new double[cols];
    double phase1 = rng.nextDouble() * 2 * Math.PI;
    double phase2 = rng.nextDouble() * 2 * Math.PI;
    // band periods in cells (36/(1.5..2.5) and 36/(3.5..5.5)), whatever the field's size
    double f1 = 2 * Math.PI * (1.5 + rng.nextDouble()) / BAND_CELLS;
    double f2 = 2 * Math.PI * (3.5 + 2 * rng.nextDouble()) / BAND_CELLS;
    for (int c = 0; c < cols; c++) smooth[c] = Math.sin(f1 * c + phase1) + 0.5 * Math.sin(f2 * c + phase2);
    double mean = 0;
    for (double v : smooth) mean += v / cols;
    double sd = 0;
    for (double v : smooth) sd += (v - mean) * (v - mean) / cols;
    sd = Math.sqrt(sd);
    double[] comp = new double[cols];
    for (int c = 0; c < cols; c++) comp[c] = clamp(0.5 + 0.2 * (smooth[c] - mean) / sd + uniform(rng, 0.15));
    // what a cell's four corners see: corner column j averages cells j-1 and j
    double[] corner = new double[cols + 1];
    for (int j = 0; j <= cols; j++) {
      double s = 0;
      int n = 0;
      for (int c = j - 1; c <= j; c++) if (c >= 0 && c < cols) {
        s += comp[c];
        n++;
      }
      corner[j] = s / n;
    }
    double[] m = new double[cols];
    for (int c = 0; c < cols; c++) m[c] = (corner[c] + corner[c + 1]) / 2;
    double[][] intensityA = new double[rows][cols];
    double[][] intensityB = new double[rows][cols];
    double[][] a = new double[rows][cols];
    double[][] b = new double[rows][cols];
    double[][] px = new double[rows][cols];
    double[][] py = new double[rows][cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        intensityA[r][c] = 1 + o.intensityPerComposition() * (comp[c] - 0.5);
        intensityB[r][c] = 0.7;
        a[r][c] = o.aPx() + o.aPerComposition() * (m[c] - 0.5) + uniform(rng, o.latticeNoisePx());
        b[r][c] = o.bPx() + uniform(rng, o.latticeNoisePx());
      }
    }
    // a cell's measured a: the mean length of its top and bottom edges, taken from the column positions
    // the simulator builds for these lattice parameters (edges shared with neighbouring cells, and
    // slightly tilted where the b of neighbouring columns differs)
    PerovskiteSimulator.Options geometry = framed(o).withLattice(a, b);
    Structure lattice = new PerovskiteSimulator(geometry).structure();
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        double aMeasured = (edgeLength(lattice, r, c, cols) + edgeLength(lattice, r + 1, c, cols)) / 2;
        px[r][c] = o.polarizationXPerA() * (aMeasured - o.aPx()) + uniform(rng, o.polarizationNoisePx());
        py[r][c] = o.polarizationYPerComposition() * (m[c] - 0.5) + uniform(rng, o.polarizationNoisePx());
      }
    }
    PerovskiteSimulator.Options sim = geometry.withDisplacement(px, py).withIntensities(intensityA, intensityB);
    PerovskiteSimulator.Simulation s = new PerovskiteSimulator(sim).simulate();
    return new Result(s.image(), s, m);
  }

  /**
   * The uniform lattice placed in its image: aligned, as {@link PerovskiteSimulator.Options#uniform} frames it;
   * rotated, about its first A column with a 14 px margin around the rotated lattice's bounding box.
   */
  private static PerovskiteSimulator.Options framed(Options o) {
    PerovskiteSimulator.Options u = PerovskiteSimulator.Options.uniform(o.rows(), o.cols(), o.aPx(), o.bPx(), o.render());
    if (o.rotationDeg() == 0) return u;
    double th = Math.toRadians(o.rotationDeg());
    double extentA = o.cols() * o.aPx();
    double extentB = o.rows() * o.bPx();
    double c = Math.cos(th);
    double sn = Math.abs(Math.sin(th));
    // the lattice's a vector is (cos θ, sin θ)·a, b is (−sin θ, cos θ)·b: the first column sits where the box starts
    double ox = 14 + (th > 0 ? extentB * sn : 0);
    double oy = 14 + (th < 0 ? extentA * sn : 0);
    int w = (int) Math.ceil(extentA * c + extentB * sn + 28);
    int h = (int) Math.ceil(extentA * sn + extentB * c + 28);
    return u.withPlacement(ox, oy, o.rotationDeg()).withSize(w, h);
  }

  /** Length of the edge from A column (i, j) to (i, j + 1); A sites come first in the structure, i·(cols+1)+j. */
  private static double edgeLength(Structure s, int i, int j, int cols) {
    int k = i * (cols + 1) + j;
    return Math.hypot(s.x()[k + 1] - s.x()[k], s.y()[k + 1] - s.y()[k]);
  }

  /** Dopant fractions stay within [0.15, 0.85], so every A column stays visible (intensity ≥ 0.3 of the mean). */
  private static double clamp(double v) { return Math.max(0.15, Math.min(0.85, v)); }

  /** Uniform on [−h, h]. */
  private static double uniform(SplittableRandom rng, double h) { return h == 0 ? 0 : (2 * rng.nextDouble() - 1) * h; }
}
