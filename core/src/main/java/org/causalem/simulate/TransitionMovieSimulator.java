package org.causalem.simulate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.causalem.data.Image;

/**
 * A movie of a 2-D dichalcogenide-like crystal (hexagonal, or square for a second lattice type) under the beam in
 * which a local phase transition nucleates at chosen sites and grows, with ground truth.
 *
 * <p>In the new phase a metal column leaves the centre of its cage of anion (chalcogen) columns: it is displaced by
 * 0.16 a along −y (the off-centring of a distorted 1T'-like phase), while the anion columns stay. On the hexagonal
 * lattice (honeycomb, {@link HexagonalSimulator}) each metal sits in a triangle of chalcogens and has six metal
 * neighbours; on the square lattice each metal sits in a square of anions (at the centres of the metal squares) and
 * has four metal neighbours.
 *
 * <p>Every movie carries dopants (brighter metal columns) and a strain field: a stationary random displacement
 * field (the gradient of a sum of Gaussian bumps of random sign, about one per (2.5 a)², width 1.5 a: ripples and
 * substrate strain a few lattice constants across), scaled so that the <em>local strain</em> of a metal site — the
 * mean fractional change of the lengths of its bonds to its metal neighbours — has the requested root-mean-square
 * over the sites. Nucleation is a proportional-hazards process: the nucleation hazard of a site is multiplied by
 * the {@link Mechanism}'s factor (next to a dopant; {@code exp(κ ε)} with ε its local strain and κ =
 * {@value #STRAIN_SENSITIVITY} per unit strain, i.e. the nucleation barrier lowered by κ·kT per unit of tensile
 * strain, 2.5 kT per 1 %; or nothing), and the events are drawn in turn with probability proportional to the hazard
 * (the order in which competing sites nucleate), each at a random frame. The controls: {@code RANDOM} for the
 * dopants, and {@code STRAIN_CONTROL} for the strain: the hazard follows the local strain of a second field with
 * the same statistics, drawn independently and not rendered. Only the choice of nucleation sites differs between
 * mechanisms. A nucleus transforms at its frame and its metal neighbours one frame later. Nuclei are kept at least
 * three lattice constants apart, so every region has exactly one nucleation site. The specimen drifts rigidly
 * between frames.
 */
public final class TransitionMovieSimulator {
  /** What makes a site nucleate. */
  public enum Mechanism {
    /** Sites with a dopant among their metal neighbours. */
    DOPANT,
    /** Hazard growing with the site's local tensile strain, {@code exp(κ ε)}. */
    STRAIN,
    /** No cause: uniformly random sites (the control of {@link #DOPANT}; the movie has the same dopants). */
    RANDOM,
    /**
     * The control of {@link #STRAIN}: the same visible strain field (the same movie up to the nucleation sites) and
     * the same hazard law, but applied to the local strain of a second field drawn independently and not rendered,
     * so nucleation clusters the same way with no causal link to the visible strain.
     */
    STRAIN_CONTROL
  }

  /** The crystal lattice of the metal sites. */
  public enum Lattice {
    /** Honeycomb dichalcogenide (MoS2-like): a metal in a triangle of chalcogens, six metal neighbours. */
    HEXAGONAL,
    /** Square lattice of metals with an anion column at the centre of each square: four anions, four metal neighbours. */
    SQUARE;

    /** Metal neighbours of an inner site. */
    public int coordination() { return this == HEXAGONAL ? 6 : 4; }
  }

  /**
   * Nucleation hazard per unit of local strain: the hazard is multiplied by {@code exp(κ ε)}, 12 for 1 % tensile
   * strain (a barrier lowered by 2.5 kT per 1 %).
   */
  public static final double STRAIN_SENSITIVITY = 250;

  /**
   * @param rows rows of metal sites
   * @param cols metal sites per row
   * @param aPx lattice constant (px)
   * @param frames number of frames
   * @param nucleations number of nucleation events
   * @param firstNucleationFrame no site nucleates before this frame (≥ 1, so frame 0 is pre-transition)
   * @param dopantFraction fraction of metal sites that are dopants (brighter)
   * @param strainAmplitude root-mean-square local strain of the metal sites (fractional bond-length change; 0 for none)
   * @param driftXPxPerFrame rigid specimen drift along x per frame
   * @param driftYPxPerFrame rigid specimen drift along y per frame
   * @param lattice hexagonal or square
   */
  public record Options(int rows, int cols, double aPx, int frames, int nucleations, int firstNucleationFrame,
                        double dopantFraction, double strainAmplitude, Mechanism mechanism,
                        double driftXPxPerFrame, double driftYPxPerFrame, HaadfRenderer.Options render, long seed,
                        Lattice lattice) {
    public Options {
      if (rows < 6 || cols < 6) throw new IllegalArgumentException("need at least 6×6 sites, got " + rows + "×" + cols);
      if (frames < 3) throw new IllegalArgumentException("need at least 3 frames, got " + frames);
      if (firstNucleationFrame < 1 || firstNucleationFrame > frames - 2) {
        throw new IllegalArgumentException("firstNucleationFrame must be within [1, " + (frames - 2) + "], got " + firstNucleationFrame);
      }
      if (nucleations < 1) throw new IllegalArgumentException("nucleations must be >= 1, got " + nucleations);
      if (!(dopantFraction >= 0 && dopantFraction < 0.5)) throw new IllegalArgumentException("dopantFraction must be within [0, 0.5), got " + dopantFraction);
      if (!(strainAmplitude >= 0 && strainAmplitude < 0.1)) throw new IllegalArgumentException("strainAmplitude must be within [0, 0.1), got " + strainAmplitude);
      Objects.requireNonNull(mechanism, "mechanism");
      Objects.requireNonNull(render, "render");
      Objects.requireNonNull(lattice, "lattice");
    }

    /** A hexagonal movie. */
    public Options(int rows, int cols, double aPx, int frames, int nucleations, int firstNucleationFrame,
                   double dopantFraction, double strainAmplitude, Mechanism mechanism,
                   double driftXPxPerFrame, double driftYPxPerFrame, HaadfRenderer.Options render, long seed) {
      this(rows, cols, aPx, frames, nucleations, firstNucleationFrame, dopantFraction, strainAmplitude, mechanism,
          driftXPxPerFrame, driftYPxPerFrame, render, seed, Lattice.HEXAGONAL);
    }

    /**
     * A hexagonal 32 × 32 site movie of 8 frames, 12 px lattice constant, 14 nucleations from frame 2, 2.5 % dopants,
     * 1.5 % rms local strain.
     */
    public static Options defaults(Mechanism mechanism, long seed) {
      HaadfRenderer.Options render = HaadfRenderer.Options.defaults(seed).withColumnSigmaPx(1.6).withDose(150, 10, 1);
      return new Options(32, 32, 12, 8, 14, 2, 0.025, 0.015, mechanism, 0.7, -0.4, render, seed);
    }

    /** The same movie on {@code rows} × {@code cols} sites with {@code frames} frames (smaller runs faster). */
    public Options withSize(int rows, int cols, int frames) {
      return new Options(rows, cols, aPx, frames, nucleations, firstNucleationFrame, dopantFraction, strainAmplitude, mechanism,
          driftXPxPerFrame, driftYPxPerFrame, render, seed, lattice);
    }

    /** The same movie on another lattice. */
    public Options withLattice(Lattice l) {
      return new Options(rows, cols, aPx, frames, nucleations, firstNucleationFrame, dopantFraction, strainAmplitude, mechanism,
          driftXPxPerFrame, driftYPxPerFrame, render, seed, l);
    }
  }

  /**
   * The movie and its truth. Metal site {@code m} of {@link #structure()} (indices {@code 0..rows·cols-1})
   * is site m of the per-site arrays.
   *
   * @param structure frame-0 structure (apparent positions, no drift)
   * @param nucleationFrame the frame at which site m nucleates, or −1
   * @param transformed {@code [frame][site]}: whether the site is in the new phase
   * @param driftPx {@code [frame]} = (dx, dy) of the specimen relative to frame 0
   * @param localStrain the local strain of each metal site in the rendered field (mean fractional bond-length change)
   */
  public record Movie(List<Image> frames, Structure structure, int[] nucleationFrame, boolean[][] transformed,
                      double[][] driftPx, double[] localStrain) {
    public int sites() { return nucleationFrame.length; }
  }

  /** Strain bumps per (lattice constant)²: one per (2.5 a)². */
  static final double BUMP_DENSITY = 1 / 6.25;
  /** Width of a strain bump in lattice constants. */
  static final double BUMP_WIDTH = 1.5;

  private final Options options;

  public TransitionMovieSimulator(Options options) { this.options = options; }

  public Movie simulate() {
    Options o = options;
    SplittableRandom rng = new SplittableRandom(o.seed());
    int n = o.rows() * o.cols();
    Structure ideal = idealStructure(rng.nextLong());
    int[][] neighbours = metalNeighbours(ideal, n, o.aPx());
    double[][] field = strainField(ideal, neighbours, n, rng.nextLong());
    Structure base = ideal.displaced(field[0], field[1]);
    double[] strain = localStrain(ideal, base, neighbours);
    // the strain control follows the same hazard law on a second field, drawn independently and never rendered
    double[] driver = strain;
    if (o.mechanism() == Mechanism.STRAIN_CONTROL) {
      double[][] hidden = strainField(ideal, neighbours, n, new SplittableRandom(o.seed() * 31 + 977).nextLong());
      driver = localStrain(ideal, ideal.displaced(hidden[0], hidden[1]), neighbours);
    }
    double[] weight = nucleationWeights(base, neighbours, driver);
    int[] nucleationFrame = new int[n];
    Arrays.fill(nucleationFrame, -1);
    List<Integer> nuclei = new ArrayList<>();
    double minSep2 = 9 * o.aPx() * o.aPx();
    for (int e = 0; e < o.nucleations(); e++) {
      double total = 0;
      for (int m = 0; m < n; m++) total += allowed(m, nuclei, base, minSep2) ? weight[m] : 0;
      if (total <= 0) break;
      double u = rng.nextDouble() * total;
      int pick = -1;
      for (int m = 0; m < n && pick < 0; m++) {
        if (!allowed(m, nuclei, base, minSep2)) continue;
        u -= weight[m];
        if (u <= 0) pick = m;
      }
      if (pick < 0) break;
      nuclei.add(pick);
      nucleationFrame[pick] = o.firstNucleationFrame() + rng.nextInt(o.frames() - 1 - o.firstNucleationFrame());
    }
    boolean[][] transformed = new boolean[o.frames()][n];
    for (int t = 0; t < o.frames(); t++) {
      for (int m : nuclei) {
        if (nucleationFrame[m] <= t) transformed[t][m] = true;
        if (nucleationFrame[m] <= t - 1) for (int k : neighbours[m]) transformed[t][k] = true;
      }
    }
    double shift = 0.16 * o.aPx();
    double maxX = Arrays.stream(base.x()).max().orElse(1);
    double maxY = Arrays.stream(base.y()).max().orElse(1);
    List<Image> frames = new ArrayList<>();
    int w = (int) Math.ceil(maxX + 14 + o.frames() * Math.abs(o.driftXPxPerFrame()));
    int h = (int) Math.ceil(maxY + 14 + o.frames() * Math.abs(o.driftYPxPerFrame()));
    double[][] drift = new double[o.frames()][2];
    for (int t = 0; t < o.frames(); t++) {
      drift[t][0] = t * o.driftXPxPerFrame();
      drift[t][1] = t * o.driftYPxPerFrame();
      double[] fx = new double[base.size()];
      double[] fy = new double[base.size()];
      for (int i = 0; i < base.size(); i++) {
        fx[i] = drift[t][0];
        fy[i] = drift[t][1];
      }
      for (int m = 0; m < n; m++) if (transformed[t][m]) fy[m] -= shift;
      Structure frame = base.displaced(fx, fy);
      HaadfRenderer renderer = new HaadfRenderer(o.render().withSeed(o.seed() * 7919 + t));
      frames.add(renderer.render(frame, w, h));
    }
    return new Movie(frames, base, nucleationFrame, transformed, drift, strain);
  }

  /** The undistorted crystal with its dopants: metal sites first ({@code row·cols + col}), then the anion columns. */
  private Structure idealStructure(long defectSeed) {
    Options o = options;
    if (o.lattice() == Lattice.HEXAGONAL) {
      HexagonalSimulator.Options hex = HexagonalSimulator.Options.of(o.rows(), o.cols(), o.aPx(), o.render())
          .withDefects(o.dopantFraction(), 0, 0, defectSeed);
      return new HexagonalSimulator(hex).structure();
    }
    int rows = o.rows();
    int cols = o.cols();
    int nm = rows * cols;
    double a = o.aPx();
    double[] x = new double[2 * nm];
    double[] y = new double[2 * nm];
    double[] inten = new double[2 * nm];
    int[] sub = new int[2 * nm];
    int[] rr = new int[2 * nm];
    int[] cc = new int[2 * nm];
    boolean[] present = new boolean[2 * nm];
    boolean[] dopant = new boolean[2 * nm];
    SplittableRandom rng = new SplittableRandom(defectSeed);
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        int m = i * cols + j;
        int k = nm + m;
        x[m] = 10 + a / 2 + j * a;
        y[m] = 10 + i * a;
        // the anion at the centre of the square to the lower right (the last row and column have theirs outside)
        x[k] = x[m] + a / 2;
        y[k] = y[m] + a / 2;
        rr[m] = rr[k] = i;
        cc[m] = cc[k] = j;
        sub[k] = 1;
        present[m] = true;
        present[k] = i < rows - 1 && j < cols - 1;
        dopant[m] = rng.nextDouble() < o.dopantFraction();
        inten[m] = dopant[m] ? 1.8 : 1;
        inten[k] = 0.45;
      }
    }
    return new Structure(x, y, inten, sub, rr, cc, present, dopant, List.of("metal", "anion"));
  }

  /**
   * A stationary random displacement field {@code [dx, dy][site]}: the gradient of a sum of Gaussian bumps of random
   * sign, {@code u = Σ s_b (r − c_b) exp(−|r − c_b|²/2w²)} (each bump a local expansion or contraction), scaled so that
   * the local strain of the metal sites has the requested rms.
   */
  private double[][] strainField(Structure ideal, int[][] neighbours, int n, long seed) {
    Options o = options;
    double[] dx = new double[ideal.size()];
    double[] dy = new double[ideal.size()];
    if (o.strainAmplitude() == 0) return new double[][] {dx, dy};
    SplittableRandom rng = new SplittableRandom(seed);
    double width = BUMP_WIDTH * o.aPx();
    // bumps cover the field of view and a margin of two widths, so the field is stationary up to the edges
    double minX = Arrays.stream(ideal.x()).min().orElse(0) - 2 * width;
    double maxX = Arrays.stream(ideal.x()).max().orElse(1) + 2 * width;
    double minY = Arrays.stream(ideal.y()).min().orElse(0) - 2 * width;
    double maxY = Arrays.stream(ideal.y()).max().orElse(1) + 2 * width;
    int bumps = Math.max(1, (int) Math.round(BUMP_DENSITY * (maxX - minX) * (maxY - minY) / (o.aPx() * o.aPx())));
    double reach2 = sq(4 * width);
    for (int b = 0; b < bumps; b++) {
      double cx = minX + rng.nextDouble() * (maxX - minX);
      double cy = minY + rng.nextDouble() * (maxY - minY);
      double sign = rng.nextDouble() < 0.5 ? -1 : 1;
      for (int i = 0; i < ideal.size(); i++) {
        double rx = ideal.x()[i] - cx;
        double ry = ideal.y()[i] - cy;
        double r2 = rx * rx + ry * ry;
        if (r2 > reach2) continue;
        double e = sign * Math.exp(-r2 / (2 * width * width));
        dx[i] += rx * e;
        dy[i] += ry * e;
      }
    }
    // the local strain is linear in the displacement to first order: scale, then rescale once on the exact value
    double[] unit = localStrain(ideal, ideal.displaced(dx, dy), neighbours);
    double scale = o.strainAmplitude() / rms(unit, neighbours);
    for (int pass = 0; pass < 2; pass++) {
      double[] sx = dx.clone();
      double[] sy = dy.clone();
      for (int i = 0; i < sx.length; i++) {
        sx[i] *= scale;
        sy[i] *= scale;
      }
      double got = rms(localStrain(ideal, ideal.displaced(sx, sy), neighbours), neighbours);
      if (pass == 1 || got <= 0) return new double[][] {sx, sy};
      scale *= o.strainAmplitude() / got;
    }
    throw new AssertionError();
  }

  /** The local strain of each metal site: the mean over its metal neighbours of (bond length / ideal bond length − 1). */
  static double[] localStrain(Structure ideal, Structure strained, int[][] neighbours) {
    double[] out = new double[neighbours.length];
    for (int m = 0; m < neighbours.length; m++) {
      double sum = 0;
      for (int k : neighbours[m]) {
        double d0 = Math.hypot(ideal.x()[k] - ideal.x()[m], ideal.y()[k] - ideal.y()[m]);
        double d = Math.hypot(strained.x()[k] - strained.x()[m], strained.y()[k] - strained.y()[m]);
        sum += d / d0 - 1;
      }
      out[m] = neighbours[m].length > 0 ? sum / neighbours[m].length : 0;
    }
    return out;
  }

  /** Root-mean-square of v over the sites with a complete neighbourhood. */
  private double rms(double[] v, int[][] neighbours) {
    int z = options.lattice().coordination();
    double s = 0;
    int k = 0;
    for (int m = 0; m < v.length; m++) {
      if (neighbours[m].length != z) continue;
      s += v[m] * v[m];
      k++;
    }
    return k > 0 ? Math.sqrt(s / k) : 0;
  }

  /**
   * Each metal site's relative nucleation hazard: near a dopant or {@code exp(κ ε)} of the local strain ε, depending
   * on the mechanism (the strain control passes the local strain of its invisible field); zero where the nucleus or
   * its region would reach the edge of the field of view.
   */
  private double[] nucleationWeights(Structure base, int[][] neighbours, double[] strain) {
    Options o = options;
    int n = strain.length;
    int z = o.lattice().coordination();
    double[] weight = new double[n];
    for (int m = 0; m < n; m++) {
      switch (o.mechanism()) {
        case DOPANT: {
          boolean near = false;
          for (int k : neighbours[m]) near |= base.dopant()[k];
          weight[m] = near ? 1 : 0.002;
          break;
        }
        case STRAIN:
        case STRAIN_CONTROL:
          weight[m] = Math.exp(STRAIN_SENSITIVITY * strain[m]);
          break;
        default:
          weight[m] = 1;
      }
    }
    // a nucleus and its whole region must lie inside the field of view
    for (int m = 0; m < n; m++) {
      boolean inner = neighbours[m].length == z;
      for (int k : neighbours[m]) inner &= neighbours[k].length == z;
      if (!inner) weight[m] = 0;
    }
    return weight;
  }

  private static boolean allowed(int m, List<Integer> nuclei, Structure s, double minSep2) {
    for (int q : nuclei) {
      double ddx = s.x()[m] - s.x()[q];
      double ddy = s.y()[m] - s.y()[q];
      if (ddx * ddx + ddy * ddy < minSep2) return false;
    }
    return true;
  }

  /** Metal neighbours (within 1.2 a) of each metal site. */
  static int[][] metalNeighbours(Structure s, int n, double a) {
    int[][] out = new int[n][];
    double lim2 = 1.44 * a * a;
    for (int m = 0; m < n; m++) {
      int[] buf = new int[8];
      int c = 0;
      for (int k = 0; k < n; k++) {
        if (k == m) continue;
        double ddx = s.x()[m] - s.x()[k];
        double ddy = s.y()[m] - s.y()[k];
        if (ddx * ddx + ddy * ddy < lim2 && c < buf.length) buf[c++] = k;
      }
      out[m] = Arrays.copyOf(buf, c);
    }
    return out;
  }

  private static double sq(double v) { return v * v; }
}
