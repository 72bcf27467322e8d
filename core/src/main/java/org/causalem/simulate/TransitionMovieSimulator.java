package org.causalem.simulate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.causalem.data.Image;

/**
 * A movie of a 2-D hexagonal dichalcogenide under the beam in which a local phase transition nucleates
 * at chosen sites and grows, with ground truth.
 *
 * <p>In the new phase a metal column leaves the centre of its triangle of chalcogen columns: it is
 * displaced by 0.16 a towards an empty hollow (−y, the off-centring of a distorted 1T'-like phase),
 * while the chalcogen columns stay. Nucleation sites are drawn with weights set by the
 * {@link Mechanism}: next to a dopant, at sites of local tensile strain, or uniformly at random (the
 * controls: {@code RANDOM} for the dopants, {@code STRAIN_CONTROL}, strain-like nucleation driven by an invisible
 * independent strain field, for the strain; every movie has both dopants and strain bumps, only the choice of
 * nucleation sites differs). A nucleus transforms at its frame and its six metal neighbours one frame later. Nuclei are
 * kept at least three lattice constants apart, so every region has exactly one nucleation site. The
 * specimen drifts rigidly between frames.
 */
public final class TransitionMovieSimulator {
  /** What makes a site nucleate. */
  public enum Mechanism {
    /** Sites with a dopant among their metal neighbours. */
    DOPANT,
    /** Sites of local tensile strain (lattice expansion). */
    STRAIN,
    /** No cause: uniformly random sites (the control of {@link #DOPANT}; the movie has the same dopants). */
    RANDOM,
    /**
     * The control of {@link #STRAIN}: the same visible strain field (same bumps, same amplitude, the same movie up
     * to the nucleation sites) and nucleation clustered the same way, at the crests of a second strain field drawn
     * independently and not rendered, so the visible strain and nucleation are not causally linked.
     */
    STRAIN_CONTROL
  }

  /**
   * @param rows rows of metal sites
   * @param cols metal sites per row
   * @param aPx lattice constant (px)
   * @param frames number of frames
   * @param nucleations number of nucleation events
   * @param firstNucleationFrame no site nucleates before this frame (≥ 1, so frame 0 is pre-transition)
   * @param dopantFraction fraction of metal sites that are dopants (brighter)
   * @param strainAmplitude peak fractional expansion of the strain bumps (0 for none)
   * @param driftXPxPerFrame rigid specimen drift along x per frame
   * @param driftYPxPerFrame rigid specimen drift along y per frame
   */
  public record Options(int rows, int cols, double aPx, int frames, int nucleations, int firstNucleationFrame,
                        double dopantFraction, double strainAmplitude, Mechanism mechanism,
                        double driftXPxPerFrame, double driftYPxPerFrame, HaadfRenderer.Options render, long seed) {
    public Options {
      if (rows < 6 || cols < 6) throw new IllegalArgumentException("need at least 6×6 sites, got " + rows + "×" + cols);
      if (frames < 3) throw new IllegalArgumentException("need at least 3 frames, got " + frames);
      if (firstNucleationFrame < 1 || firstNucleationFrame > frames - 2) {
        throw new IllegalArgumentException("firstNucleationFrame must be within [1, " + (frames - 2) + "], got " + firstNucleationFrame);
      }
      if (nucleations < 1) throw new IllegalArgumentException("nucleations must be >= 1, got " + nucleations);
      if (!(dopantFraction >= 0 && dopantFraction < 0.5)) throw new IllegalArgumentException("dopantFraction must be within [0, 0.5), got " + dopantFraction);
      Objects.requireNonNull(mechanism, "mechanism");
      Objects.requireNonNull(render, "render");
    }

    /** A 32 × 32 site movie of 8 frames, 12 px lattice constant, 14 nucleations from frame 2, 2.5 % dopants. */
    public static Options defaults(Mechanism mechanism, long seed) {
      HaadfRenderer.Options render = HaadfRenderer.Options.defaults(seed).withColumnSigmaPx(1.6).withDose(150, 10, 1);
      return new Options(32, 32, 12, 8, 14, 2, 0.025, 0.04, mechanism, 0.7, -0.4, render, seed);
    }

    /** The same movie on {@code rows} × {@code cols} sites with {@code frames} frames (smaller runs faster). */
    public Options withSize(int rows, int cols, int frames) {
      return new Options(rows, cols, aPx, frames, nucleations, firstNucleationFrame, dopantFraction, strainAmplitude, mechanism,
          driftXPxPerFrame, driftYPxPerFrame, render, seed);
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
   */
  public record Movie(List<Image> frames, Structure structure, int[] nucleationFrame, boolean[][] transformed,
                      double[][] driftPx) {
    public int sites() { return nucleationFrame.length; }
  }

  /** Strain bumps on 32 × 32 sites; smaller or larger fields get the same density. */
  static final double BUMPS = 4;

  private final Options options;

  public TransitionMovieSimulator(Options options) { this.options = options; }

  public Movie simulate() {
    Options o = options;
    SplittableRandom rng = new SplittableRandom(o.seed());
    int n = o.rows() * o.cols();
    double[][] strainDx = new double[o.rows()][o.cols()];
    double[][] strainDy = new double[o.rows()][o.cols()];
    HexagonalSimulator.Options hex = HexagonalSimulator.Options.of(o.rows(), o.cols(), o.aPx(), o.render())
        .withDefects(o.dopantFraction(), 0, 0, rng.nextLong());
    Structure ideal = new HexagonalSimulator(hex).structure();
    // strain: a few Gaussian bumps of isotropic expansion, u = s·(r − c)·exp(−|r − c|²/2w²)
    double[] dilatation = new double[n];
    double width = 3 * o.aPx();
    // BUMPS bumps on the default 32 × 32 sites, the same density of bumps on smaller fields (at least one)
    int bumps = Math.max(1, (int) Math.round(BUMPS * n / 1024));
    double[][] centres = new double[bumps][2];
    double minX = Arrays.stream(ideal.x()).min().orElse(0);
    double maxX = Arrays.stream(ideal.x()).max().orElse(1);
    double minY = Arrays.stream(ideal.y()).min().orElse(0);
    double maxY = Arrays.stream(ideal.y()).max().orElse(1);
    for (double[] c : centres) {
      c[0] = minX + rng.nextDouble() * (maxX - minX);
      c[1] = minY + rng.nextDouble() * (maxY - minY);
    }
    double[] dx = new double[ideal.size()];
    double[] dy = new double[ideal.size()];
    for (int i = 0; i < ideal.size(); i++) {
      for (double[] c : centres) {
        double rx = ideal.x()[i] - c[0];
        double ry = ideal.y()[i] - c[1];
        double e = Math.exp(-(rx * rx + ry * ry) / (2 * width * width));
        dx[i] += o.strainAmplitude() * rx * e;
        dy[i] += o.strainAmplitude() * ry * e;
        if (i < n) dilatation[i] += o.strainAmplitude() * e * (2 - (rx * rx + ry * ry) / (width * width));
      }
    }
    Structure base = ideal.displaced(dx, dy);
    int[][] neighbours = metalNeighbours(base, n, o.aPx());
    // the strain control nucleates like the strain mechanism, but at the crests of a second, invisible strain
    // field drawn independently: nucleation sites cluster the same way, with no causal link to the visible strain
    double[] driver = dilatation;
    if (o.mechanism() == Mechanism.STRAIN_CONTROL) {
      SplittableRandom hidden = new SplittableRandom(o.seed() * 31 + 977);
      driver = new double[n];
      for (int b = 0; b < bumps; b++) {
        double cx = minX + hidden.nextDouble() * (maxX - minX);
        double cy = minY + hidden.nextDouble() * (maxY - minY);
        for (int i = 0; i < n; i++) {
          double r2 = sq(ideal.x()[i] - cx) + sq(ideal.y()[i] - cy);
          driver[i] += o.strainAmplitude() * Math.exp(-r2 / (2 * width * width)) * (2 - r2 / (width * width));
        }
      }
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
    return new Movie(frames, base, nucleationFrame, transformed, drift);
  }

  /**
   * Each metal site's relative chance to nucleate: near a dopant or where the lattice is dilated, depending on the
   * mechanism (the strain control passes its invisible field as {@code dilatation}); zero where the nucleus or its region would reach the edge of the field of view.
   */
  private double[] nucleationWeights(Structure base, int[][] neighbours, double[] dilatation) {
    Options o = options;
    int n = dilatation.length;
    double[] weight = new double[n];
    double maxDil = Arrays.stream(dilatation).max().orElse(1);
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
          weight[m] = maxDil > 0 ? Math.exp(6 * dilatation[m] / maxDil) : 1;
          break;
        default:
          weight[m] = 1;
      }
    }
    // a nucleus and its whole region must lie inside the field of view
    for (int m = 0; m < n; m++) {
      boolean inner = neighbours[m].length == 6;
      for (int k : neighbours[m]) inner &= neighbours[k].length == 6;
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
