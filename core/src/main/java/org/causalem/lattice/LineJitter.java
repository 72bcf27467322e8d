package org.causalem.lattice;

import java.util.stream.IntStream;
import org.causalem.data.Image;
import org.causalem.image.Columns;
import org.causalem.numeric.Stats;

/**
 * Slow-scan line jitter along x, measured inside the columns, where the specimen cannot enter: a column is rigid
 * over the scan lines it covers, so the x shift of each of its lines against the column's fitted Gaussian moves only
 * with that line's offset (plus counting noise). Differences of two lines of one column cancel the column's own
 * position (and its error, and anything of the specimen); the mean product of such differences over two
 * <em>different</em> columns on the same pair of lines cancels the counting noise too, leaving the variogram of the
 * line offsets, {@code γ(τ) = E[(J(l + τ) − J(l))²]/2}.
 *
 * <p>Model: the offsets J(l) of the lines form an AR(1) series of variance {@code σ²} and lag-one correlation ρ, so
 * {@code γ(τ) = σ²(1 − ρ^τ)}. Inside one column γ is seen only up to 2H lines (H the half-height of the lines read per
 * column), too short to tell σ² from ρ (the fit to those lags alone was 0.03 low and scattered 0.057 about each seed's
 * realised ρ; demo seed 2: 0.78 for 0.74, which moved the jitter from b to a). Columns whose lines overlap chain the
 * lines together, so γ is read out to {@link #CHAINED_LAGS} lines ({@link #chainedVariogram}: the line offsets solved
 * from all columns of each half of the image, the two halves' products cancelling the counting noise) and σ², ρ are
 * fitted to it; where no chain reaches beyond one column (a lattice aligned with the scan), or the chained variogram
 * disagrees with the one inside the columns (offsets that are not the same across a line, {@link #chainAgrees}), the
 * within-column lags stand. A column averages the offsets of its lines with the weights of its fit (Poisson Fisher information per line
 * of a typical column of its sublattice, inside its fit window), which gives each sublattice's column-level line
 * variance and its correlation between columns |Δy| px apart ({@link #columnVariance}, {@link #kernel}).
 *
 * <p>That column-level transfer is a model too (the line shifts are read at a gain a little below 1, the fitted
 * centre is not exactly the Fisher-weighted mean of its lines): even the AR(1) fitted to the simulator's true
 * realised jitter left the demo's a_px errors 1.10× under-reported. So the sill is calibrated where edges need it
 * ({@link #sharedLineScale}): two columns crossing the same scan line see the same offset there, and the difference
 * of their shifts on it measures the difference of their centres' line offsets directly.
 *
 * <p>A raster scan has no line jitter along y (a line is one y); there is none here. What it cannot see: offsets
 * that change over many more lines than a column covers move whole columns alike; they are smooth at the scale of a
 * cell and left to the lattice model.
 *
 * @param variancePx2 σ² of the per-line x offsets (px²; the AR(1) fit times {@link #sharedLineScale}), 0 when none is seen
 * @param lagOne ρ, the lag-one correlation of the offsets
 * @param variogram the measured γ(τ) the AR(1) was fitted to, τ = 1, 2, … (px², index τ − 1), NaN where no pairs
 * @param rowWeights per sublattice, the weight of the lines at Δy = −W … W from a column's centre (sum 1)
 */
public record LineJitter(double variancePx2, double lagOne, double[] variogram, double[][] rowWeights) {
  /** Correlations this close to 1 are not told apart from a drift with 2H + 1 lines per column. */
  static final double MAX_LAG_ONE = 0.9;
  /** A line shift beyond this (px) is a misfit or a neighbour's tail, not jitter. */
  static final double MAX_SHIFT_PX = 1.0;
  static final int MIN_PAIRS = 50;

  /** No jitter measured (too few columns, or none seen). */
  public static LineJitter none(int sites) {
    double[][] w = new double[sites][];
    for (int s = 0; s < sites; s++) w[s] = new double[] {1};
    return new LineJitter(0, 0, new double[0], w);
  }

  /**
   * @param image the image the columns were fitted to
   * @param cols fitted columns (failed fits are skipped)
   * @param site sublattice of each column (−1 unindexed: skipped)
   * @param sites number of sublattices
   */
  public static LineJitter measure(Image image, Columns cols, int[] site, int sites) {
    return measure(image, cols, site, sites, Double.NaN);
  }

  /**
   * @param windowRadiusPx radius of the circular window the columns were fitted in (NaN: unbounded): only its pixels
   *     inform a fitted centre, so it narrows the band of lines a column averages ({@link #rowWeights})
   */
  public static LineJitter measure(Image image, Columns cols, int[] site, int sites, double windowRadiusPx) {
    double sigmaY = medianWidth(cols, site, false);
    return measure(image, cols, site, sites, windowRadiusPx, (int) Math.max(3, Math.min(6, Math.round(1.5 * sigmaY))));
  }

  /** As {@link #measure(Image, Columns, int[], int, double)}, reading H = {@code half} lines each side of a column. */
  static LineJitter measure(Image image, Columns cols, int[] site, int sites, double windowRadiusPx, int half) {
    double sigmaX = medianWidth(cols, site, true);
    double sigmaY = medianWidth(cols, site, false);
    if (!(sigmaX > 0) || !(sigmaY > 0)) return none(sites);
    int hw = (int) Math.max(3, Math.ceil(2 * sigmaX));
    double[][] shift = lineShifts(image, cols, site, sites, half, hw);
    removeCommonPattern(shift, site, sites, half);
    double[] inside = variogram(shift, cols.y(), image.height(), half);
    // the longest lag inside a column pairs the two outermost, weakest lines only: read at the lowest gain, it is left out
    inside = java.util.Arrays.copyOf(inside, inside.length - 1);
    double[] gamma = chainedVariogram(shift, cols.x(), cols.y(), site, image.height(), half, CHAINED_LAGS);
    if (!chainAgrees(gamma, inside, half)) gamma = inside;
    double[][] weights = rowWeights(cols, site, sites, (int) Math.ceil(3 * sigmaY), hw, windowRadiusPx);
    double[] fit = fitAr1(gamma);
    LineJitter model = new LineJitter(fit[0], fit[1], gamma, weights);
    double scale = model.sharedLineScale(shift, cols.y(), site, half);
    return scale == 1 ? model : new LineJitter(fit[0] * scale, fit[1], gamma, weights);
  }

  /**
   * Lags of the chained variogram the AR(1) is fitted to: far enough beyond a column's 2H + 1 lines to pin the sill
   * and the correlation together (demo and null scenes, seeds 1-20: ρ bias −0.004, s.d. 0.041 against each seed's
   * realised lag-one correlation; the lags inside a column alone gave −0.026 and 0.057), short enough that the
   * chains' own noise, which grows with the lag, stays small.
   */
  static final int CHAINED_LAGS = 12;

  /** The chained variogram may stand for the lags inside a column when its sum over those lags is within these of theirs. */
  static final double MIN_AGREEMENT = 0.75;
  static final double MAX_AGREEMENT = 1.33;

  /**
   * Whether the chained variogram is the line offsets': it must reach beyond one column's lines (no chain does on a
   * lattice aligned with the scan, whose rows share no line), be positive at every lag, and agree over lags
   * 1 … 2H − 1 with the variogram read inside the columns, which measures the same γ there without assuming that a
   * line's offset is the same across the image (demo and null scenes, seeds 1-20: 0.93-1.11 of it). The two halves
   * of SI-Survey_Image disagree — their products are negative from lag 13 on, and −0.0009 at lag 1 where a column
   * reads 0.0066 px² — so offsets there vary along the lines (a line-wise change of scale, not a shift), and the
   * lags inside the columns stand.
   */
  static boolean chainAgrees(double[] chained, double[] inside, int half) {
    int valid = 0;
    for (double g : chained) {
      if (Double.isNaN(g)) continue;
      if (!(g > 0)) return false;
      valid++;
    }
    if (valid <= 2 * half) return false;
    double sc = 0;
    double si = 0;
    for (int t = 0; t < Math.min(2 * half - 1, Math.min(chained.length, inside.length)); t++) {
      if (Double.isNaN(chained[t]) || Double.isNaN(inside[t])) return false;
      sc += chained[t];
      si += inside[t];
    }
    return si > 0 && sc >= MIN_AGREEMENT * si && sc <= MAX_AGREEMENT * si;
  }

  /** Calibration factors beyond these are not trusted: the AR(1) stands. */
  static final double MIN_SCALE = 0.5;
  static final double MAX_SCALE = 3;

  /**
   * The sill of the AR(1) checked where cell edges need it: two columns of a sublattice that cross the same scan line
   * l see the same offset J(l), so the difference of their shifts on that line is the difference of the line offsets
   * their centres carry (J(l) and the specimen cancel) plus counting noise, which the mean product over two different
   * shared lines cancels. Over every such pair (1 … 2H − 1 lines apart, at least two shared lines), the ratio of that
   * measured variance to the model's {@code 2v(1 − k(|Δy|))}; 1 when there is no jitter, too few pairs or a ratio
   * outside [{@link #MIN_SCALE}, {@link #MAX_SCALE}]. The within-column variogram sees lags up to 2H − 1 only, and
   * the AR(1)'s extrapolated sill fell 1.0-1.5× short of the demo's realised jitter.
   */
  double sharedLineScale(double[][] shift, double[] y, int[] site, int half) {
    if (!(variancePx2 > 0)) return 1;
    int n = shift.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i;
    java.util.Arrays.sort(order, (a, b) -> Double.compare(y[a], y[b]));
    double[][] kernels = new double[rowWeights.length][];
    double[] colVar = new double[rowWeights.length];
    for (int s = 0; s < kernels.length; s++) {
      kernels[s] = kernel(s, 4 * half + 4);
      colVar[s] = columnVariance(s);
    }
    double measured = 0;
    double model = 0;
    int pairs = 0;
    for (int a = 0; a < n; a++) {
      int p = order[a];
      if (site[p] < 0) continue;
      for (int b = a + 1; b < n && y[order[b]] - y[p] < 2 * half + 0.5; b++) {
        int q = order[b];
        if (site[q] != site[p]) continue;
        double prod = sharedProduct(shift[p], shift[q], (int) Math.round(y[p]), (int) Math.round(y[q]), half);
        if (Double.isNaN(prod)) continue;
        measured += prod;
        model += 2 * colVar[site[p]] * (1 - PositionErrors.k(kernels, site[p], Math.abs(y[q] - y[p])));
        pairs++;
      }
    }
    if (pairs < MIN_PAIRS || !(model > 0)) return 1;
    double r = measured / model;
    return r >= MIN_SCALE && r <= MAX_SCALE ? r : 1;
  }

  /**
   * The mean over pairs of different shared lines of the products of {@code sp − sq} on them (columns centred on
   * lines yp ≤ yq, shifts indexed r + H); NaN with fewer than two shared lines or none apart.
   */
  private static double sharedProduct(double[] sp, double[] sq, int yp, int yq, int half) {
    if (yq == yp) return Double.NaN;
    double sum = 0;
    double sum2 = 0;
    int nd = 0;
    for (int l = yq - half; l <= yp + half; l++) {
      double d = sp[l - yp + half] - sq[l - yq + half];
      if (Double.isNaN(d)) continue;
      sum += d;
      sum2 += d * d;
      nd++;
    }
    return nd < 2 ? Double.NaN : (sum * sum - sum2) / (nd * (nd - 1.0));
  }

  /** Bins per pixel of the row templates. */
  static final int BINS_PER_PX = 4;

  /**
   * Per column and line r = −H … H (index r + H) around the column's rounded y: the x shift of that line against its
   * sublattice's mean row profile at that r, by one linearised least-squares step on the line's pixels within ±hw
   * of the line's centre; NaN outside the image, for a failed fit or beyond {@link #MAX_SHIFT_PX}. The mean profile
   * ({@link #templates}), not the fitted Gaussian, is the model: it carries the probe tail and the neighbours'
   * tails, which move with the line too, so a shift is read at full gain on the outer lines as well; and a column's
   * own fitted tilt would follow the local slope of the jitter over its lines and hide it.
   */
  static double[][] lineShifts(Image image, Columns cols, int[] site, int sites, int half, int hw) {
    int n = cols.size();
    double[][] shape = new double[sites][];
    for (int s = 0; s < sites; s++) shape[s] = new double[] {median(cols, site, s, 4), median(cols, site, s, 5)};
    double[][][] tpl = templates(image, cols, site, shape, half, hw);
    double[][] out = new double[n][2 * half + 1];
    int[] order = org.causalem.image.GaussianRefiner.spatialOrder(cols.x(), cols.y(), image.width(), image.height(), 2 * half + 1);
    IntStream.range(0, n).parallel().forEach(k -> {   // columns are independent: in an order that keeps their image rows cached
      int i = order[k];
      java.util.Arrays.fill(out[i], Double.NaN);
      if (!usable(cols, site, shape, i)) return;
      int y0 = (int) Math.round(cols.y()[i]);
      for (int r = -half; r <= half; r++) {
        int line = y0 + r;
        if (line >= 0 && line < image.height()) out[i][r + half] = lineShift(image, cols, i, shape[site[i]], tpl[site[i]][r + half], line, hw);
      }
    });
    return out;
  }

  private static boolean usable(Columns cols, int[] site, double[][] shape, int i) {
    return site[i] >= 0 && cols.converged(i) && cols.amplitude()[i] > 0 && shape[site[i]][0] > 0;
  }

  /** x of the centre of column i's row {@code line}, for a column of shape {p, q}: {@code x − q·(line − y)/p}. */
  private static double rowCentre(Columns cols, int i, double[] shape, int line) {
    return cols.x()[i] - shape[1] * (line - cols.y()[i]) / shape[0];
  }

  /**
   * Per sublattice and r, the mean over its columns of {@code (pixel − background)/amplitude} along the row at
   * offset r, in bins of 1/{@link #BINS_PER_PX} px of x − row centre over ±(hw + 1) px (NaN for an empty bin).
   */
  static double[][][] templates(Image image, Columns cols, int[] site, double[][] shape, int half, int hw) {
    int bins = 2 * (hw + 1) * BINS_PER_PX + 1;
    int sites = shape.length;
    double[][][] sum = new double[sites][2 * half + 1][bins];
    int[][][] cnt = new int[sites][2 * half + 1][bins];
    // one task per line offset r: each bin adds its columns in index order, as one loop over the columns would
    IntStream.rangeClosed(-half, half).parallel().forEach(r -> {
      for (int i = 0; i < cols.size(); i++) {
        if (!usable(cols, site, shape, i)) continue;
        int line = (int) Math.round(cols.y()[i]) + r;
        if (line < 0 || line >= image.height()) continue;
        double xc = rowCentre(cols, i, shape[site[i]], line);
        int x0 = Math.max(0, (int) Math.ceil(xc - hw - 1));
        int x1 = Math.min(image.width() - 1, (int) Math.floor(xc + hw + 1));
        for (int x = x0; x <= x1; x++) {
          int bin = (int) Math.round((x - xc + hw + 1) * BINS_PER_PX);
          if (bin < 0 || bin >= bins) continue;
          sum[site[i]][r + half][bin] += (image.at(x, line) - cols.background()[i]) / cols.amplitude()[i];
          cnt[site[i]][r + half][bin]++;
        }
      }
    });
    for (int s = 0; s < sites; s++) {
      for (int r = 0; r <= 2 * half; r++) {
        for (int b = 0; b < bins; b++) sum[s][r][b] = cnt[s][r][b] > 0 ? sum[s][r][b] / cnt[s][r][b] : Double.NaN;
      }
    }
    return sum;
  }

  /** The shift of line {@code line} of column i against the row template {@code t} (bins of x − row centre). */
  private static double lineShift(Image image, Columns cols, int i, double[] shape, double[] t, int line, int hw) {
    double xc = rowCentre(cols, i, shape, line);
    int x0 = (int) Math.round(xc) - hw;
    int x1 = (int) Math.round(xc) + hw;
    if (x0 < 0 || x1 >= image.width()) return Double.NaN;
    double amp = cols.amplitude()[i];
    double num = 0;
    double den = 0;
    for (int x = x0; x <= x1; x++) {
      double u = (x - xc + hw + 1) * BINS_PER_PX;
      int b = (int) Math.round(u);
      if (b < 2 || b + 2 >= t.length) return Double.NaN;
      double model = amp * t[b];
      // ∂model/∂(shift of the line's content to +x) = −amp·T'(x − xc), T' over ±2 bins
      double d = -amp * (t[b + 2] - t[b - 2]) * BINS_PER_PX / 4;
      if (Double.isNaN(model) || Double.isNaN(d)) return Double.NaN;
      num += d * (image.at(x, line) - cols.background()[i] - model);
      den += d * d;
    }
    if (!(den > 0)) return Double.NaN;
    double s = num / den;
    return Math.abs(s) <= MAX_SHIFT_PX ? s : Double.NaN;
  }

  /**
   * Subtracts, per sublattice and line offset r, the mean shift over the columns: a pattern every column of a
   * sublattice shares (probe tail, column shape, neighbours' tails, drift along the lines) is not jitter.
   */
  static void removeCommonPattern(double[][] shift, int[] site, int sites, int half) {
    int nr = 2 * half + 1;
    double[] sum = new double[sites * nr];
    int[] cnt = new int[sites * nr];
    for (int i = 0; i < shift.length; i++) {
      if (site[i] < 0) continue;
      for (int r = 0; r < nr; r++) {
        if (Double.isNaN(shift[i][r])) continue;
        sum[site[i] * nr + r] += shift[i][r];
        cnt[site[i] * nr + r]++;
      }
    }
    for (int i = 0; i < shift.length; i++) {
      if (site[i] < 0) continue;
      for (int r = 0; r < nr; r++) shift[i][r] -= sum[site[i] * nr + r] / cnt[site[i] * nr + r];
    }
  }

  /**
   * γ(τ) for τ = 1 … 2H: per scan line l and lag τ, the mean product over pairs of different columns of their
   * differences {@code shift(l + τ) − shift(l)}, pooled over the lines ({@code ((ΣΔ)² − ΣΔ²)/2} per line and lag).
   */
  static double[] variogram(double[][] shift, double[] y, int height, int half) {
    int lags = 2 * half;
    double[] pairSum = new double[lags];
    double[] pairs = new double[lags];
    double[] s1 = new double[height];
    double[] s2 = new double[height];
    int[] cnt = new int[height];
    for (int tau = 1; tau <= lags; tau++) {
      java.util.Arrays.fill(s1, 0);
      java.util.Arrays.fill(s2, 0);
      java.util.Arrays.fill(cnt, 0);
      for (int i = 0; i < shift.length; i++) {
        int y0 = (int) Math.round(y[i]);
        for (int r = 0; r + tau < shift[i].length; r++) {
          double d = shift[i][r + tau] - shift[i][r];
          int line = y0 - half + r;
          if (Double.isNaN(d) || line < 0 || line >= height) continue;
          s1[line] += d;
          s2[line] += d * d;
          cnt[line]++;
        }
      }
      for (int l = 0; l < height; l++) {
        pairSum[tau - 1] += (s1[l] * s1[l] - s2[l]) / 2;
        pairs[tau - 1] += cnt[l] * (cnt[l] - 1) / 2.0;
      }
    }
    double[] gamma = new double[lags];
    for (int t = 0; t < lags; t++) gamma[t] = pairs[t] >= MIN_PAIRS ? pairSum[t] / pairs[t] / 2 : Double.NaN;
    return gamma;
  }

  /**
   * γ(τ) for τ = 1 … {@code maxLag}, read beyond a column's height: the columns of each half of the image (left and
   * right of the median x) give, by least squares over all their line shifts, the offset of every line they cover up
   * to one constant per chain of overlapping columns ({@code s_p(r) = J(y_p + r) − c_p}, the columns' own c_p free).
   * The two halves see the same J with independent counting noise, so the mean product of their differences at lag τ
   * cancels the noise, as the product of two columns does inside a line pair. NaN where fewer than
   * {@link #MIN_PAIRS} line pairs lie on one chain in both halves.
   */
  static double[] chainedVariogram(double[][] shift, double[] x, double[] y, int[] site, int height, int half, int maxLag) {
    int n = shift.length;
    double[] xs = new double[n];
    int m = 0;
    for (int i = 0; i < n; i++) if (site[i] >= 0 && Double.isFinite(x[i])) xs[m++] = x[i];
    double[] gamma = new double[maxLag];
    java.util.Arrays.fill(gamma, Double.NaN);
    if (m < 2) return gamma;
    double split = Stats.median(xs, m);
    double[][] j = new double[2][];
    int[][] chain = new int[2][];
    for (int h = 0; h < 2; h++) {
      boolean[] in = new boolean[n];
      for (int i = 0; i < n; i++) in[i] = site[i] >= 0 && Double.isFinite(x[i]) && (x[i] < split) == (h == 0);
      chain[h] = new int[height];
      j[h] = lineOffsets(shift, y, in, height, half, chain[h]);
    }
    for (int tau = 1; tau <= maxLag; tau++) {
      double sum = 0;
      int pairs = 0;
      for (int l = 0; l + tau < height; l++) {
        if (chain[0][l] < 0 || chain[0][l] != chain[0][l + tau] || chain[1][l] < 0 || chain[1][l] != chain[1][l + tau]) continue;
        sum += (j[0][l + tau] - j[0][l]) * (j[1][l + tau] - j[1][l]);
        pairs++;
      }
      if (pairs >= MIN_PAIRS) gamma[tau - 1] = sum / pairs / 2;
    }
    return gamma;
  }

  /**
   * The least-squares line offsets J(l) of the columns {@code in}: minimises Σ (s_p(r) − J(y_p + r) + c_p)² over J
   * and every c_p (a banded system, half-width 2H, with a vanishing ridge for the constant of each chain). Writes into
   * {@code chain} the chain each line belongs to (lines linked by a column that reads both), −1 for a line no column
   * reads twice.
   */
  static double[] lineOffsets(double[][] shift, double[] y, boolean[] in, int height, int half, int[] chain) {
    int bw = 2 * half;
    double[][] a = new double[height][bw + 1];
    double[] b = new double[height];
    int[] parent = new int[height];
    for (int l = 0; l < height; l++) parent[l] = l;
    int[] lines = new int[2 * half + 1];
    double[] vals = new double[2 * half + 1];
    for (int i = 0; i < shift.length; i++) {
      if (!in[i]) continue;
      int y0 = (int) Math.round(y[i]);
      int c = 0;
      double mean = 0;
      for (int r = 0; r <= 2 * half; r++) {
        int l = y0 - half + r;
        if (Double.isNaN(shift[i][r]) || l < 0 || l >= height) continue;
        lines[c] = l;
        vals[c] = shift[i][r];
        mean += shift[i][r];
        c++;
      }
      if (c < 2) continue;
      mean /= c;
      for (int u = 0; u < c; u++) {
        b[lines[u]] += vals[u] - mean;
        a[lines[u]][0] += 1 - 1.0 / c;
        for (int v = 0; v < u; v++) a[lines[u]][lines[u] - lines[v]] -= 1.0 / c;
        if (u > 0) union(parent, lines[u - 1], lines[u]);
      }
    }
    double diag = 0;
    int rows = 0;
    for (int l = 0; l < height; l++) {
      if (a[l][0] > 0) {
        diag += a[l][0];
        rows++;
      }
    }
    double ridge = rows == 0 ? 1 : 1e-7 * diag / rows;
    for (int l = 0; l < height; l++) {
      a[l][0] += ridge;
      chain[l] = a[l][0] > ridge ? find(parent, l) : -1;
    }
    return bandCholeskySolve(a, b, bw);
  }

  private static int find(int[] parent, int l) {
    while (parent[l] != l) l = parent[l] = parent[parent[l]];
    return l;
  }

  private static void union(int[] parent, int p, int q) {
    int a = find(parent, p);
    int b = find(parent, q);
    if (a != b) parent[Math.max(a, b)] = Math.min(a, b);
  }

  /** Solves A·x = b for a symmetric positive definite band matrix stored by rows as {@code a[i][k] = A(i, i − k)}. */
  static double[] bandCholeskySolve(double[][] a, double[] b, int bw) {
    int n = b.length;
    double[][] l = new double[n][bw + 1];
    for (int i = 0; i < n; i++) {
      for (int k = Math.min(bw, i); k >= 0; k--) {
        int col = i - k;
        double s = a[i][k];
        for (int t = col - Math.min(bw - k, col); t < col; t++) s -= l[i][i - t] * l[col][col - t];
        if (k == 0) l[i][0] = Math.sqrt(Math.max(s, 1e-300));
        else l[i][k] = s / l[col][0];
      }
    }
    double[] z = new double[n];
    for (int i = 0; i < n; i++) {
      double s = b[i];
      for (int k = 1; k <= Math.min(bw, i); k++) s -= l[i][k] * z[i - k];
      z[i] = s / l[i][0];
    }
    double[] out = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = z[i];
      for (int k = 1; k <= Math.min(bw, n - 1 - i); k++) s -= l[i + k][k] * out[i + k];
      out[i] = s / l[i][0];
    }
    return out;
  }

  /**
   * Least-squares fit of {@code γ(τ) = σ²(1 − ρ^τ)} (lags weighted by 1/τ: the short lags are measured on more
   * lines and matter most for neighbouring columns); ρ on a grid of 0.01 within [0, {@link #MAX_LAG_ONE}], σ² in
   * closed form. Returns {σ², ρ}; {0, 0} when σ² is not positive or no lag was measured.
   */
  static double[] fitAr1(double[] gamma) {
    double best = Double.POSITIVE_INFINITY;
    double[] out = {0, 0};
    for (int k = 0; k <= Math.round(MAX_LAG_ONE * 100); k++) {
      double rho = k / 100.0;
      double sgf = 0;
      double sff = 0;
      double sgg = 0;
      for (int t = 0; t < gamma.length; t++) {
        if (Double.isNaN(gamma[t])) continue;
        double w = 1.0 / (t + 1);
        double f = 1 - Math.pow(rho, t + 1);
        sgf += w * gamma[t] * f;
        sff += w * f * f;
        sgg += w * gamma[t] * gamma[t];
      }
      if (!(sff > 0)) continue;
      double v = Math.max(0, sgf / sff);
      double sse = sgg - 2 * v * sgf + v * v * sff;
      if (sse < best) {
        best = sse;
        out = new double[] {v, rho};
      }
    }
    return out[0] > 0 ? out : new double[] {0, 0};
  }

  /**
   * Per sublattice, the Poisson Fisher information about the column's x of each of its lines at Δy = −W … W, for the
   * sublattice's median column (amplitude, background, widths), normalised to sum 1: the weights with which a fitted
   * centre averages the offsets of the lines it covers. Only the pixels inside the fit window (radius
   * {@code windowRadiusPx}; NaN: all) count: the window's short chords on the outer lines make a column average fewer
   * lines, so two columns a few lines apart share less of their line offsets (demo, window 5.4 px: the s.d. of the
   * weights 1.87 → 1.78 px, which matches how the fitted centres follow the simulator's true jitter).
   */
  static double[][] rowWeights(Columns cols, int[] site, int sites, int halfRows, int hw, double windowRadiusPx) {
    double r2 = Double.isFinite(windowRadiusPx) ? windowRadiusPx * windowRadiusPx : Double.POSITIVE_INFINITY;
    double[][] w = new double[sites][];
    for (int s = 0; s < sites; s++) {
      double amp = median(cols, site, s, 0);
      double bg = Math.max(0, median(cols, site, s, 1));
      double sx = median(cols, site, s, 2);
      double sy = median(cols, site, s, 3);
      if (!(amp > 0) || !(sx > 0) || !(sy > 0)) {
        w[s] = new double[] {1};
        continue;
      }
      w[s] = new double[2 * halfRows + 1];
      double total = 0;
      for (int r = -halfRows; r <= halfRows; r++) {
        double info = 0;
        for (int x = -3 * hw; x <= 3 * hw; x++) {
          if (x * x + r * r > r2) continue;
          double g = amp * Math.exp(-(x * x / (sx * sx) + r * r / (sy * sy)) / 2);
          double d = g * x / (sx * sx);
          info += d * d / (bg + g + 1e-12 * amp);
        }
        w[s][r + halfRows] = info;
        total += info;
      }
      for (int k = 0; k < w[s].length; k++) w[s][k] /= total;
    }
    return w;
  }

  /** Variance of the line offset a column of sublattice s carries: {@code σ²·Σᵢⱼ wᵢwⱼρ^|i−j|} (px²). */
  public double columnVariance(int s) { return covariance(s, 0); }

  /** Correlation of the line offsets of two columns of sublattice s whose centres are 0, 1, … size−1 lines apart. */
  public double[] kernel(int s, int size) {
    double v = covariance(s, 0);
    double[] k = new double[size];
    if (!(v > 0)) {
      k[0] = 1;
      return k;
    }
    for (int d = 0; d < size; d++) k[d] = Math.min(1, Math.max(0, covariance(s, d) / v));
    return k;
  }

  private double covariance(int s, int delta) {
    if (!(variancePx2 > 0)) return 0;
    double[] w = rowWeights[s];
    double c = 0;
    for (int i = 0; i < w.length; i++) {
      for (int j = 0; j < w.length; j++) c += w[i] * w[j] * Math.pow(lagOne, Math.abs(i - j - delta));
    }
    return variancePx2 * c;
  }

  private static double medianWidth(Columns cols, int[] site, boolean alongX) {
    double[] v = new double[cols.size()];
    int c = 0;
    for (int i = 0; i < v.length; i++) {
      if (site[i] < 0 || !cols.converged(i)) continue;
      double s = alongX ? cols.sigmaXPx(i) : cols.sigmaYPx(i);
      if (Double.isFinite(s) && s > 0) v[c++] = s;
    }
    return c == 0 ? Double.NaN : Stats.median(v, c);
  }

  /** Median over the converged columns of sublattice s of amplitude (0), background (1), σx (2), σy (3), p (4) or q (5). */
  private static double median(Columns cols, int[] site, int s, int what) {
    double[] v = new double[cols.size()];
    int c = 0;
    for (int i = 0; i < v.length; i++) {
      if (site[i] != s || !cols.converged(i)) continue;
      double x = switch (what) {
        case 0 -> cols.amplitude()[i];
        case 1 -> cols.background()[i];
        case 2 -> cols.sigmaXPx(i);
        case 3 -> cols.sigmaYPx(i);
        case 4 -> cols.p()[i];
        default -> cols.q()[i];
      };
      if (Double.isFinite(x)) v[c++] = x;
    }
    return c == 0 ? Double.NaN : Stats.median(v, c);
  }
}
