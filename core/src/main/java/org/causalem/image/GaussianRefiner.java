package org.causalem.image;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.causalem.data.Image;
import org.causalem.data.Progress;
import org.causalem.numeric.Stats;

/**
 * Refines atom columns to sub-pixel precision: centre of mass, then an elliptical 2-D Gaussian plus a
 * constant background fitted to a circular window by Poisson maximum likelihood (Fisher scoring, i.e.
 * iteratively reweighted least squares with variance = model). After a first independent fit of every
 * column, up to {@code neighbourPasses} more passes refit each column to its window minus the current
 * models of all neighbouring columns, so overlapping tails do not pull the centres (skipped when the
 * nearest-neighbour distance exceeds six median column widths: the tails no longer reach).
 *
 * <p>The automatic window radius is half the median nearest-neighbour distance, widened to twice the median
 * column width (at most 0.65 of that distance) when the columns are wider than a quarter of it: a window
 * narrower than 2σ cannot tell a wide column from its background.
 *
 * <p>Every fit is then checked for plausibility ({@link FitCheck}: inside the image, near where the column
 * was detected, width within a factor of the median, background not far below the neighbours'); a fit that
 * did not settle or fails a check is failed ({@link FitStatus}), keeps its detected position and gets no
 * uncertainty and no intensity. A fit that failed the first pass is not subtracted from its neighbours.
 *
 * <p>Uncertainty: the inverse Fisher information of the Poisson model, scaled by the image's noise
 * gain (the median over columns of the Pearson dispersion {@code Σ(d-μ)²/μ / (n-7)}; 1 for images in
 * counts), so it is meaningful for images in arbitrary units too. The Gaussian is evaluated by multiplicative
 * recurrences along and across the window's rows: six {@code exp} per Fisher-scoring pass, none per row or pixel.
 */
public final class GaussianRefiner {
  // The fitted parameter vector of one column, a double[NP] (primitive, reused in the hot loop): the
  // centre (px), the amplitude above background, the inverse covariance p, q, r of the Gaussian
  // exp(-½(p·dx² + 2q·dx·dy + r·dy²)), and the constant background (image units plus the offset).
  static final int X = 0;
  static final int Y = 1;
  static final int AMPLITUDE = 2;
  static final int P = 3;
  static final int Q = 4;
  static final int R = 5;
  static final int BACKGROUND = 6;
  /** Number of parameters. */
  static final int NP = 7; // Workspace.factor is written out for 7

  /**
   * @param windowRadiusPx fit window radius; NaN for half the median nearest-neighbour distance
   * @param initialSigmaPx starting column width; NaN for the median shape of quick fits of a sample of columns
   *     (started round at a third of the window radius)
   * @param maxIterations Fisher-scoring iterations per fit (100 by default: fits of noisy columns settle slowly)
   * @param neighbourPasses refits with neighbours' models subtracted (0 for independent fits)
   * @param readNoiseVariance added to the model variance in the weights (image units²)
   * @param threads worker threads
   * @param maxShiftPx a fit whose centre ends farther than this from where the column was detected is
   *     failed; NaN for half the window radius
   * @param jointWidths columns closer than this many median widths are fitted jointly (see {@link #withJointFits});
   *     0 for none
   */
  public record Options(double windowRadiusPx, double initialSigmaPx, int maxIterations, int neighbourPasses,
                        double readNoiseVariance, int threads, double maxShiftPx, double jointWidths) {
    public Options {
      if (!Double.isNaN(windowRadiusPx) && !(windowRadiusPx >= 1.5 && windowRadiusPx <= 100)) throw new IllegalArgumentException("windowRadiusPx must be within [1.5, 100] px or NaN, got " + windowRadiusPx);
      if (!Double.isNaN(initialSigmaPx) && !(initialSigmaPx > 0.3 && initialSigmaPx <= 50)) throw new IllegalArgumentException("initialSigmaPx must be within (0.3, 50] px or NaN, got " + initialSigmaPx);
      if (maxIterations < 1 || maxIterations > 1000) throw new IllegalArgumentException("maxIterations must be within [1, 1000], got " + maxIterations);
      if (neighbourPasses < 0 || neighbourPasses > 20) throw new IllegalArgumentException("neighbourPasses must be within [0, 20], got " + neighbourPasses);
      if (!(readNoiseVariance >= 0) || !Double.isFinite(readNoiseVariance)) throw new IllegalArgumentException("readNoiseVariance must be >= 0, got " + readNoiseVariance);
      if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
      if (!Double.isNaN(maxShiftPx) && !(maxShiftPx > 0)) throw new IllegalArgumentException("maxShiftPx must be > 0 or NaN, got " + maxShiftPx);
      if (!(jointWidths >= 0 && jointWidths <= 10)) throw new IllegalArgumentException("jointWidths must be within [0, 10], got " + jointWidths);
    }

    public static Options defaults() {
      return new Options(Double.NaN, Double.NaN, 100, 1, 0, Runtime.getRuntime().availableProcessors(), Double.NaN, 0);
    }

    public Options withWindow(double radiusPx, double sigmaPx) { return new Options(radiusPx, sigmaPx, maxIterations, neighbourPasses, readNoiseVariance, threads, maxShiftPx, jointWidths); }

    public Options withThreads(int t) { return new Options(windowRadiusPx, initialSigmaPx, maxIterations, neighbourPasses, readNoiseVariance, t, maxShiftPx, jointWidths); }

    public Options withNeighbourPasses(int n) { return new Options(windowRadiusPx, initialSigmaPx, maxIterations, n, readNoiseVariance, threads, maxShiftPx, jointWidths); }

    public Options withReadNoiseVariance(double v) { return new Options(windowRadiusPx, initialSigmaPx, maxIterations, neighbourPasses, v, threads, maxShiftPx, jointWidths); }

    /**
     * Columns closer than {@code widths} median column widths fitted jointly with their close neighbours
     * ({@link JointFit}), in up to {@code passes} neighbour passes that stop when the centres are stable; 0 for the
     * one-column fits (with {@link #neighbourPasses} Jacobi passes of neighbour subtraction).
     */
    public Options withJointFits(double widths, int passes) { return new Options(windowRadiusPx, initialSigmaPx, maxIterations, passes, readNoiseVariance, threads, maxShiftPx, widths); }

    public Options withMaxShift(double px) { return new Options(windowRadiusPx, initialSigmaPx, maxIterations, neighbourPasses, readNoiseVariance, threads, px, jointWidths); }
  }

  private final Options options;

  public GaussianRefiner(Options options) { this.options = Objects.requireNonNull(options, "options"); }

  /** Refines columns starting near (x, y); {@code image} and the arrays are not modified. */
  public Columns refine(Image image, double[] x, double[] y) { return refine(image, x, y, Progress.NONE); }

  public Columns refine(Image image, double[] x, double[] y, Progress progress) {
    if (x.length != y.length) throw new IllegalArgumentException("x has " + x.length + " entries, y " + y.length);
    int n = x.length;
    int w = image.width();
    int h = image.height();
    float[] px = image.toFloat();
    double radius = options.windowRadiusPx();
    double nn = PointGrid.medianNearestDistance(x, y, Math.max(w, h));
    if (Double.isNaN(radius)) radius = Double.isNaN(nn) ? 6 : Math.max(2.5, Math.min(25, nn / 2));
    double sigma0 = Double.isNaN(options.initialSigmaPx()) ? radius / 3 : options.initialSigmaPx();
    final double off = positiveOffset(px);
    final double rad = radius;
    double[][] state = new double[n][];
    boolean[] conv = new boolean[n];
    double[] disp = new double[n];
    int maxPasses = options.neighbourPasses() + 1;
    long total = (long) n * Math.min(maxPasses, 2); // the neighbour passes, however many, count as one
    java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
    int chunk = 256;
    int chunks = (n + chunk - 1) / chunk;
    int[] order = spatialOrder(x, y, w, h, 2 * rad);
    double[] round = {1 / (sigma0 * sigma0), 0, 1 / (sigma0 * sigma0)};
    double[] shape = startShape(px, w, h, off, x, y, order, rad, round);
    // pass 0: centre of mass, then an independent fit
    double[] xErr = new double[n];
    double[] yErr = new double[n];
    double[] iErr = new double[n];
    run(() -> IntStream.range(0, chunks).parallel().forEach(c -> {
      Workspace ws = new Workspace(rad);
      double[] cov = new double[NP * NP];
      int end = Math.min(n, (c + 1) * chunk);
      for (int s = c * chunk; s < end; s++) {
        int i = order[s];
        // the next window: its centre of mass lies within a pixel or so of the detection (at most rad/2, rarely)
        if (s + 1 < end) ws.touch(px, w, h, x[order[s + 1]], y[order[s + 1]], rad + 1);
        double[] t = new double[NP];
        centreOfMass(px, w, h, off, x[i], y[i], rad, ws, t, shape);
        conv[i] = fitOrRetry(ws, t, rad, round);
        state[i] = t;
        info(ws, t, i, cov, xErr, yErr, iErr, disp);
      }
      progress.update(done.addAndGet(Math.min(n, (c + 1) * chunk) - c * chunk), total);
    }));
    double maxShift = Double.isNaN(options.maxShiftPx()) ? 0.5 * rad : options.maxShiftPx();
    FitCheck.Options check = FitCheck.Options.of(maxShift);
    // a runaway first fit must not be subtracted from its neighbours' windows
    FitStatus[] st0 = maxPasses > 1 ? FitCheck.check(columns(state, conv, xErr, yErr, iErr, off, 1), x, y, null, w, h, check) : null;
    boolean noneFailedCheck = st0 != null && dropFailed(conv, st0); // then a final check of the same fits would repeat st0
    // an automatic window narrower than twice the columns' width cannot tell a wide column from its
    // background (the fits run away): start again with a window of twice the median width
    double width = medianWidth(state, conv);
    double wide = Math.min(2 * width, Math.min(25, 0.65 * nn));
    if (Double.isNaN(options.windowRadiusPx()) && Double.isFinite(wide) && wide > 1.1 * rad) {
      return new GaussianRefiner(options.withWindow(wide, options.initialSigmaPx())).refine(image, x, y, progress);
    }
    // neighbour passes (Jacobi: every column sees the previous pass's neighbours) until the centres are stable,
    // skipped when the columns are so far apart (nearest neighbour > 6 median widths) that their tails do not reach
    int passes = maxPasses;
    if (passes > 1 && Double.isFinite(nn) && nn > 6 * width) passes = 1;
    if (passes > 1) {
      Frame f = new Frame(px, w, h, off, rad, round, x, y, order, check, options.jointWidths() * width);
      double[][] err = {xErr, yErr, iErr, disp};
      if (options.jointWidths() > 0) passes = neighbourPasses(f, state, conv, passes - 1, err) + 1;
      else subtractionPasses(f, state, conv, passes - 1, err);
      progress.update(total, total);
    }
    progress.update(total, total);
    double gain = scaleByNoiseGain(disp, xErr, yErr, iErr);
    Columns fitted = columns(state, conv, xErr, yErr, iErr, off, gain);
    // without neighbour passes the fits are those st0 checked: when none failed it, checking again gives st0
    FitStatus[] st = passes == 1 && noneFailedCheck ? st0 : FitCheck.check(fitted, x, y, null, w, h, check);
    return fitted.withFailures(st, x, y);
  }

  /** What every fit of one refinement shares: the image (plus {@code off}), the window, the start positions, the check. */
  private record Frame(float[] px, int w, int h, double off, double rad, double[] round, double[] x, double[] y, int[] order,
                       FitCheck.Options check, double close) {}

  /** At most this many close neighbours join a column's joint fit (the nearest). */
  static final int MAX_JOINED = 2;

  /**
   * A column is stable when its centre moved by less than this many of its standard errors in a pass (or less than
   * {@link #STABLE_PX}): its neighbours need not be refitted.
   */
  static final double STABLE_ERRORS = 0.05;

  /** A centre that moved by less than this (px) in a pass is stable whatever its error. */
  static final double STABLE_PX = 0.001;

  /**
   * Refits columns to their windows minus the current models of their neighbours, in Jacobi passes (every column
   * sees the previous pass's neighbours), until no centre moves by more than {@value #STABLE_PX} px or
   * {@code maxPasses} passes ran. The first pass refits every column; a later one only the columns with a neighbour
   * (or themselves) that moved or whose fit changed state, since the others would see the same window. A column
   * whose fit failed (did not settle, or failed the plausibility check) is not subtracted from its neighbours and is
   * restarted from its centre of mass in the next pass: a column whose first, independent fit was dragged off by a
   * brighter neighbour's tail settles once that neighbour is subtracted. {@code err} holds xErr, yErr, iErr and the
   * dispersion, updated for every refitted column. Returns the number of passes run.
   */
  private int neighbourPasses(Frame f, double[][] state, boolean[] conv, int maxPasses, double[][] err) {
    int n = state.length;
    boolean[] active = new boolean[n];
    Arrays.fill(active, true);
    double[] cx = new double[n];
    double[] cy = new double[n];
    int pass = 0;
    while (pass < maxPasses) {
      pass++;
      double[][] prev = snapshot(state, cx, cy);
      boolean[] prevConv = conv.clone();
      double reach = neighbourReach(state, f.rad());
      PointGrid grid = new PointGrid(cx, cy, reach);
      refitPass(f, prev, prevConv, active, grid, reach, state, conv, err);
      if (pass > 1) damp(prev, prevConv, state, conv);
      // a fit that settled implausibly (ran into a neighbour, ...) must not be subtracted either
      dropFailed(conv, FitCheck.check(columns(state, conv, err[0], err[1], err[2], f.off(), 1), f.x(), f.y(), null, f.w(), f.h(), f.check()));
      boolean[] changed = new boolean[n];
      boolean any = false;
      double scale = Math.sqrt(noiseGain(err[3]));
      for (int i = 0; i < n; i++) {
        double tol = Math.max(STABLE_PX, STABLE_ERRORS * scale * Math.min(err[0][i], err[1][i]));
        changed[i] = conv[i] != prevConv[i] || !(Math.hypot(state[i][X] - prev[i][X], state[i][Y] - prev[i][Y]) <= tol);
        any |= changed[i];
      }
      if (!any) break;
      markNeighbours(changed, cx, cy, grid, reach, active);
    }
    return pass;
  }

  /**
   * {@code passes} Jacobi passes in which every column is refitted, from its previous fit, to its window minus the
   * previous models of its settled neighbours (a refit that fails keeps the previous fit); the errors are those of the
   * last pass.
   */
  private void subtractionPasses(Frame f, double[][] state, boolean[] conv, int passes, double[][] err) {
    int n = state.length;
    int chunk = 256;
    int chunks = (n + chunk - 1) / chunk;
    double rad = f.rad();
    double[] cx = new double[n];
    double[] cy = new double[n];
    for (int pass = 1; pass <= passes; pass++) {
      double[][] prev = snapshot(state, cx, cy);
      double reach = neighbourReach(state, rad);
      PointGrid grid = new PointGrid(cx, cy, reach);
      double[][] next = new double[n][];
      boolean[] nconv = new boolean[n];
      boolean last = pass == passes;
      run(() -> IntStream.range(0, chunks).parallel().forEach(c -> {
        Workspace ws = new Workspace(rad);
        int[] nb = new int[32];
        int[] cnt = new int[1];
        double[] cov = new double[NP * NP];
        for (int s = c * chunk; s < Math.min(n, (c + 1) * chunk); s++) {
          int i = f.order()[s];
          double[] t = prev[i].clone();
          ws.gather(f.px(), f.w(), f.h(), f.off(), t[X], t[Y], rad);
          nb = grid.within(cx[i], cy[i], reach, nb, cnt);
          for (int k = 0; k < cnt[0]; k++) {
            int j = nb[k];
            if (j != i && conv[j]) ws.subtract(prev[j]);
          }
          nconv[i] = fit(ws, t, options.maxIterations(), rad, options.readNoiseVariance());
          if (!nconv[i]) {
            t = prev[i].clone();
            nconv[i] = conv[i];
          }
          next[i] = t;
          if (last) info(ws, t, i, cov, err[0], err[1], err[2], err[3]);
        }
      }));
      System.arraycopy(next, 0, state, 0, n);
      System.arraycopy(nconv, 0, conv, 0, n);
    }
  }

  /**
   * Halves every step of a column that settled before and after the pass: coupled columns refitted at the same time
   * (Jacobi) can overshoot each other's answers and swing about the joint fit; half steps settle.
   */
  private static void damp(double[][] prev, boolean[] prevConv, double[][] state, boolean[] conv) {
    for (int i = 0; i < state.length; i++) {
      if (!prevConv[i] || !conv[i] || state[i] == prev[i]) continue;
      double[] t = state[i].clone();
      for (int k = 0; k < NP; k++) t[k] = 0.5 * (t[k] + prev[i][k]);
      state[i] = t;
    }
  }

  /** Sets {@code active} for every column within {@code reach} of a changed one (itself included), clears it elsewhere. */
  private static void markNeighbours(boolean[] changed, double[] cx, double[] cy, PointGrid grid, double reach, boolean[] active) {
    Arrays.fill(active, false);
    int[] nb = new int[32];
    int[] cnt = new int[1];
    for (int i = 0; i < changed.length; i++) {
      if (!changed[i]) continue;
      nb = grid.within(cx[i], cy[i], reach, nb, cnt);
      for (int k = 0; k < cnt[0]; k++) active[nb[k]] = true;
      active[i] = true;
    }
  }

  /**
   * One Jacobi pass over the {@code active} columns: each is refitted (from its previous fit, or from its centre of
   * mass when that failed) to its window minus the previous models of its settled neighbours; a refit that fails keeps
   * the previous parameters and state.
   */
  private void refitPass(Frame f, double[][] prev, boolean[] prevConv, boolean[] active, PointGrid grid, double reach,
                         double[][] state, boolean[] conv, double[][] err) {
    int n = state.length;
    int chunk = 256;
    int chunks = (n + chunk - 1) / chunk;
    double rad = f.rad();
    run(() -> IntStream.range(0, chunks).parallel().forEach(c -> {
      Workspace ws = new Workspace(rad);
      Cluster joint = new Cluster();
      int[] nb = new int[32];
      int[] cnt = new int[1];
      double[] cov = new double[NP * NP];
      for (int s = c * chunk; s < Math.min(n, (c + 1) * chunk); s++) {
        int i = f.order()[s];
        if (!active[i]) continue;
        double[] t;
        if (prevConv[i]) {
          t = prev[i].clone();
          ws.gather(f.px(), f.w(), f.h(), f.off(), t[X], t[Y], rad);
        } else {
          t = new double[NP];
          plainStart(f.px(), f.w(), f.h(), f.off(), f.x()[i], f.y()[i], rad, ws, t, f.round());
        }
        nb = grid.within(t[X], t[Y], reach, nb, cnt);
        if (joint.fit(f, i, t, prev, prevConv, nb, cnt[0], reach, state, cov, err)) {
          conv[i] = true;
          continue;
        }
        for (int k = 0; k < cnt[0]; k++) {
          int j = nb[k];
          if (j != i && prevConv[j]) ws.subtract(prev[j]);
        }
        boolean ok = fit(ws, t, options.maxIterations(), rad, options.readNoiseVariance());
        if (!ok) t = prev[i].clone();
        state[i] = t;
        conv[i] = ok || prevConv[i];
        info(ws, t, i, cov, err[0], err[1], err[2], err[3]);
      }
    }));
  }

  /** Per-thread buffers of the joint fit of a column with its close neighbours. */
  private final class Cluster {
    final JointFit fit = new JointFit();
    final double[][] members = new double[MAX_JOINED + 1][NP];
    double[][] far = new double[32][];
    final int[] idx = new int[MAX_JOINED + 1];
    final double[] dist = new double[MAX_JOINED + 1];

    /**
     * Fits column i jointly with its close neighbours (those of the {@code cnt} columns {@code nb} within
     * {@code f.close()} of its start {@code t}), the other settled neighbours' previous models subtracted; on success
     * writes its parameters to {@code state[i]} and its errors to {@code err}. False (nothing written) when it has no
     * close neighbour or the joint fit failed.
     */
    boolean fit(Frame f, int i, double[] t, double[][] prev, boolean[] prevConv, int[] nb, int cnt, double reach, double[][] state,
                double[] cov, double[][] err) {
      int m = 1;
      for (int k = 0; k < cnt; k++) {
        int j = nb[k];
        double d = Math.hypot(prev[j][X] - t[X], prev[j][Y] - t[Y]);
        if (j == i || !(d < f.close())) continue;
        // keep the MAX_JOINED nearest, sorted by distance (insertion)
        int pos = Math.min(m, MAX_JOINED + 1);
        while (pos > 1 && dist[pos - 1] > d) pos--;
        if (pos > MAX_JOINED) continue;
        for (int u = Math.min(m, MAX_JOINED); u > pos; u--) {
          idx[u] = idx[u - 1];
          dist[u] = dist[u - 1];
        }
        idx[pos] = j;
        dist[pos] = d;
        m = Math.min(m + 1, MAX_JOINED + 1);
      }
      if (m == 1) return false;
      System.arraycopy(t, 0, members[0], 0, NP);
      for (int u = 1; u < m; u++) start(f, idx[u], prev, prevConv, t, members[u]);
      int nFar = 0;
      for (int k = 0; k < cnt; k++) {
        int j = nb[k];
        if (j == i || !prevConv[j] || isMember(j, m)) continue;
        if (nFar == far.length) far = Arrays.copyOf(far, 2 * nFar);
        far[nFar++] = prev[j];
      }
      fit.gather(f.px(), f.w(), f.h(), f.off(), members, m, far, nFar, f.rad());
      if (!fit.fit(members, m, f.w(), f.rad(), options.readNoiseVariance(), options.maxIterations())) return false;
      state[i] = members[0].clone();
      err[3][i] = fit.information(m, cov);
      errors(state[i], cov, i, err[0], err[1], err[2]);
      return true;
    }

    private boolean isMember(int j, int m) {
      for (int u = 1; u < m; u++) if (idx[u] == j) return true;
      return false;
    }

    /** A member's start: its previous fit when that settled, else its start position with the centre's shape and half its amplitude. */
    private static void start(Frame f, int j, double[][] prev, boolean[] prevConv, double[] centre, double[] into) {
      if (prevConv[j]) {
        System.arraycopy(prev[j], 0, into, 0, NP);
        return;
      }
      System.arraycopy(centre, 0, into, 0, NP);
      into[X] = f.x()[j];
      into[Y] = f.y()[j];
      into[AMPLITUDE] = 0.5 * centre[AMPLITUDE];
    }
  }

  /** The windows' median dispersion; 1 when none is positive or known. */
  private static double noiseGain(double[] disp) {
    double[] finite = Arrays.stream(disp).filter(Double::isFinite).toArray();
    double gain = Select.upperMedian(finite, finite.length);
    return gain > 0 ? gain : 1; // also when no window had a dispersion (NaN)
  }

  /** Clears {@code conv} where the check failed; whether no converged fit failed it. */
  private static boolean dropFailed(boolean[] conv, FitStatus[] st) {
    boolean none = true;
    for (int i = 0; i < conv.length; i++) {
      if (conv[i] && st[i] != FitStatus.OK) none = false;
      conv[i] &= st[i] == FitStatus.OK;
    }
    return none;
  }

  /** A copy of every column's parameters, its centre also written to {@code cx}, {@code cy}. */
  private static double[][] snapshot(double[][] state, double[] cx, double[] cy) {
    double[][] prev = new double[state.length][];
    for (int i = 0; i < state.length; i++) {
      cx[i] = state[i][X];
      cy[i] = state[i][Y];
      prev[i] = state[i].clone();
    }
    return prev;
  }

  /**
   * The order in which the columns are fitted: by bands of {@code band} image rows, then by x, so consecutive windows
   * share image rows in the cache (detections come in brightness order, whose windows are scattered over the image).
   * The fits do not depend on the order. Any per-column work on image windows gains from it (the instrument
   * descriptors, the line shifts).
   */
  public static int[] spatialOrder(double[] x, double[] y, int w, int h, double band) {
    int n = x.length;
    int[] order = new int[n];
    if (n >= 1 << 24 || !(band >= 1)) {
      for (int i = 0; i < n; i++) order[i] = i;
      return order;
    }
    // key: band, then the pixel column, then the index (at most 2^24 columns)
    long[] key = new long[n];
    for (int i = 0; i < n; i++) {
      long b = (long) Math.max(0, Math.min(h, y[i] / band));
      long c = (long) Math.max(0, Math.min(w, x[i]));
      key[i] = (b * (w + 1L) + c) << 24 | i;
    }
    Arrays.sort(key);
    for (int k = 0; k < n; k++) order[k] = (int) (key[k] & 0xFFFFFF);
    return order;
  }

  /**
   * The offset that makes every pixel ≥ 1 (0 when they already are): the Poisson weights need positive data. Code that
   * re-evaluates the refiner's noise model on the same image adds the same offset.
   */
  public static double positiveOffset(float[] px) {
    // a comparison per pixel, not Math.min's NaN and signed-zero handling (an image has 10⁷ pixels); four running minima
    // (NaN is never below one) so that consecutive comparisons do not wait for each other. Their minimum is the minimum:
    // only a tie of −0 and +0 could pick the other zero, and 1 − (−0) = 1 − 0.
    float m0 = Float.POSITIVE_INFINITY;
    float m1 = Float.POSITIVE_INFINITY;
    float m2 = Float.POSITIVE_INFINITY;
    float m3 = Float.POSITIVE_INFINITY;
    boolean nan = false;
    int n = px.length;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      float a = px[i];
      float b = px[i + 1];
      float c = px[i + 2];
      float d = px[i + 3];
      m0 = a < m0 ? a : m0;
      m1 = b < m1 ? b : m1;
      m2 = c < m2 ? c : m2;
      m3 = d < m3 ? d : m3;
      nan |= (a != a) | (b != b) | (c != c) | (d != d);
    }
    for (; i < n; i++) {
      float v = px[i];
      m0 = v < m0 ? v : m0;
      nan |= v != v;
    }
    float min = m0;
    for (float m : new float[] {m1, m2, m3}) if (m < min) min = m;
    return !nan && min < 1 ? 1 - min : 0; // Math.min would have made min NaN, and NaN < 1 is false
  }

  /** How far a neighbour's model can reach into a window: its radius plus four of the widest column's σ (at most 4 radii). */
  private static double neighbourReach(double[][] state, double rad) {
    double maxSigma = 0;
    for (double[] t : state) maxSigma = Math.max(maxSigma, Math.sqrt(1 / Math.min(t[P], t[R])));
    return rad + Math.min(4 * maxSigma, 4 * rad);
  }

  /**
   * The noise gain (the windows' median dispersion; 1 when none is positive or known), by whose square root every
   * uncertainty is scaled in place.
   */
  private static double scaleByNoiseGain(double[] disp, double[] xErr, double[] yErr, double[] iErr) {
    double gain = noiseGain(disp);
    for (int i = 0; i < xErr.length; i++) {
      xErr[i] *= Math.sqrt(gain);
      yErr[i] *= Math.sqrt(gain);
      iErr[i] *= Math.sqrt(gain);
    }
    return gain;
  }

  /**
   * Fits new columns starting near (x, y) in the presence of {@code known} columns: the models of the
   * known columns whose fit succeeded are subtracted from each new column's window. The new columns are
   * fitted independently of each other; the known columns' noise gain scales their uncertainties.
   */
  public Columns refineAmong(Image image, Columns known, double[] x, double[] y) {
    if (x.length != y.length) throw new IllegalArgumentException("x has " + x.length + " entries, y " + y.length);
    int n = x.length;
    int w = image.width();
    int h = image.height();
    float[] px = image.toFloat();
    double radius = windowRadiusPx(known, w, h);
    double sigma0 = Double.isNaN(options.initialSigmaPx()) ? radius / 3 : options.initialSigmaPx();
    double[] round = {1 / (sigma0 * sigma0), 0, 1 / (sigma0 * sigma0)};
    double offset = 0;
    float min = Float.POSITIVE_INFINITY;
    for (float v : px) min = Math.min(min, v);
    if (min < 1) offset = 1 - min;
    double[][] state = new double[n][];
    boolean[] conv = new boolean[n];
    double[] xErr = new double[n];
    double[] yErr = new double[n];
    double[] iErr = new double[n];
    double[] disp = new double[n];
    double[][] model = new double[known.size()][];
    double maxSigma = 0;
    for (int j = 0; j < known.size(); j++) {
      if (!known.converged(j)) continue;
      model[j] = parameters(known, j);
      maxSigma = Math.max(maxSigma, Math.sqrt(1 / Math.min(known.p()[j], known.r()[j])));
    }
    double reach = radius + Math.min(4 * maxSigma, 4 * radius);
    PointGrid grid = new PointGrid(known.x(), known.y(), reach);
    Workspace ws = new Workspace(radius);
    double[] cov = new double[NP * NP];
    int[] nb = new int[32];
    int[] cnt = new int[1];
    for (int i = 0; i < n; i++) {
      double[] t = new double[NP];
      plainStart(px, w, h, offset, x[i], y[i], radius, ws, t, round);
      nb = grid.within(t[X], t[Y], reach, nb, cnt);
      for (int k = 0; k < cnt[0]; k++) if (model[nb[k]] != null) ws.subtract(model[nb[k]]);
      conv[i] = fit(ws, t, options.maxIterations(), radius, options.readNoiseVariance());
      state[i] = t;
      info(ws, t, i, cov, xErr, yErr, iErr, disp);
      xErr[i] *= Math.sqrt(known.gain());
      yErr[i] *= Math.sqrt(known.gain());
      iErr[i] *= Math.sqrt(known.gain());
    }
    double maxShift = Double.isNaN(options.maxShiftPx()) ? 0.5 * radius : options.maxShiftPx();
    Columns fitted = columns(state, conv, xErr, yErr, iErr, offset, known.gain());
    return fitted.withFailures(FitCheck.check(fitted, x, y, null, w, h, FitCheck.Options.of(maxShift)), x, y);
  }

  /**
   * The window radius the fits of {@code c} used: the option when set, else half the median
   * nearest-neighbour distance, widened to twice the median major-axis width of the successful fits (at most
   * 0.65 of that distance).
   */
  public double windowRadiusPx(Columns c, int width, int height) {
    if (!Double.isNaN(options.windowRadiusPx())) return options.windowRadiusPx();
    double nn = PointGrid.medianNearestDistance(c.x(), c.y(), Math.max(width, height));
    double radius = Double.isNaN(nn) ? 6 : Math.max(2.5, Math.min(25, nn / 2));
    double[][] state = new double[c.size()][];
    boolean[] ok = new boolean[c.size()];
    for (int i = 0; i < c.size(); i++) {
      state[i] = parameters(c, i);
      ok[i] = c.converged(i);
    }
    double wide = Double.isNaN(nn) ? Double.NaN : Math.min(2 * medianWidth(state, ok), Math.min(25, 0.65 * nn));
    return Double.isFinite(wide) && wide > 1.1 * radius ? wide : radius;
  }

  /** The parameter vector of column i of {@code c} with background 0 (its Gaussian alone). */
  private static double[] parameters(Columns c, int i) {
    double[] t = new double[NP];
    t[X] = c.x()[i];
    t[Y] = c.y()[i];
    t[AMPLITUDE] = c.amplitude()[i];
    t[P] = c.p()[i];
    t[Q] = c.q()[i];
    t[R] = c.r()[i];
    return t;
  }

  /** Columns from fitted parameter vectors; NOT_SETTLED where {@code conv} is false. Arrays are not copied. */
  private static Columns columns(double[][] state, boolean[] conv, double[] xErr, double[] yErr, double[] iErr, double off,
                                 double gain) {
    int n = state.length;
    double[] ox = new double[n];
    double[] oy = new double[n];
    double[] amp = new double[n];
    double[] bg = new double[n];
    double[] pp = new double[n];
    double[] qq = new double[n];
    double[] rr = new double[n];
    double[] inten = new double[n];
    for (int i = 0; i < n; i++) {
      double[] t = state[i];
      ox[i] = t[X];
      oy[i] = t[Y];
      amp[i] = t[AMPLITUDE];
      pp[i] = t[P];
      qq[i] = t[Q];
      rr[i] = t[R];
      bg[i] = t[BACKGROUND] - off;
      inten[i] = 2 * Math.PI * t[AMPLITUDE] / Math.sqrt(t[P] * t[R] - t[Q] * t[Q]);
    }
    FitStatus[] st = new FitStatus[n];
    for (int i = 0; i < n; i++) st[i] = conv[i] ? FitStatus.OK : FitStatus.NOT_SETTLED;
    return new Columns(ox, oy, amp, bg, pp, qq, rr, xErr.clone(), yErr.clone(), inten, iErr.clone(), st, gain);
  }

  /** Median major-axis width (px) of the converged fits. */
  private static double medianWidth(double[][] state, boolean[] conv) {
    double[] wd = new double[state.length];
    int m = 0;
    for (int i = 0; i < state.length; i++) {
      if (!conv[i]) continue;
      double[] t = state[i];
      double tr = t[P] + t[R];
      double det = t[P] * t[R] - t[Q] * t[Q];
      double minEig = tr / 2 - Math.sqrt(Math.max(0, tr * tr / 4 - det));
      wd[m++] = 1 / Math.sqrt(minEig);
    }
    return m == 0 ? Double.POSITIVE_INFINITY : Select.upperMedian(wd, m);
  }

  /**
   * Standard errors of x, y and the integrated intensity (unscaled) and the window's dispersion, at the
   * fitted parameters. The intensity {@code I = 2π·A/√(pr − q²)} gets its error by the delta method,
   * {@code gᵀ·Cov·g} with g the gradient of I in (A, p, q, r).
   */
  private void info(Workspace ws, double[] t, int i, double[] cov, double[] xErr, double[] yErr, double[] iErr, double[] disp) {
    disp[i] = ws.information(t, options.readNoiseVariance(), cov);
    xErr[i] = Math.sqrt(cov[0]);
    yErr[i] = Math.sqrt(cov[1]);
    iErr[i] = Math.sqrt(cov[2]);
  }

  /** The standard errors of column i from the inverse information {@code cov} (NP × NP) at its parameters {@code t}. */
  private static void errors(double[] t, double[] cov, int i, double[] xErr, double[] yErr, double[] iErr) {
    xErr[i] = Math.sqrt(cov[X * NP + X]);
    yErr[i] = Math.sqrt(cov[Y * NP + Y]);
    double d = t[P] * t[R] - t[Q] * t[Q];
    double d32 = d * Math.sqrt(d);
    // gradient of I over parameters 2..5 (A, p, q, r); no allocation per column
    double g2 = 2 * Math.PI / Math.sqrt(d);
    double g3 = -Math.PI * t[AMPLITUDE] * t[R] / d32;
    double g4 = 2 * Math.PI * t[AMPLITUDE] * t[Q] / d32;
    double g5 = -Math.PI * t[AMPLITUDE] * t[P] / d32;
    double v = 0;
    for (int a = AMPLITUDE; a <= R; a++) {
      double ga = a == AMPLITUDE ? g2 : a == P ? g3 : a == Q ? g4 : g5;
      int row = a * NP;
      v += ga * (cov[row + AMPLITUDE] * g2 + cov[row + P] * g3 + cov[row + Q] * g4 + cov[row + R] * g5);
    }
    iErr[i] = Math.sqrt(Math.max(0, v));
  }

  /** Runs parallel-stream work on a pool of {@code threads} workers. */
  private void run(Runnable work) {
    ForkJoinPool pool = new ForkJoinPool(options.threads());
    try {
      pool.submit(work).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw rethrow(e);
    } finally {
      pool.shutdown();
    }
  }

  private static RuntimeException rethrow(ExecutionException e) {
    Throwable c = e.getCause();
    if (c instanceof RuntimeException r) return r;
    if (c instanceof Error err) throw err;
    return new IllegalStateException(c);
  }

  /**
   * The start of a fit: the centre of mass above the window minimum, twice, within half the window; the {@code shape}
   * (p, q, r); the amplitude and background of the linear least-squares fit with them (else those of
   * {@link #plainStart}). Leaves {@code ws} holding the fit window (radius {@code rad} around the centre found).
   */
  private static void centreOfMass(float[] px, int w, int h, double off, double x0, double y0, double rad,
                                   Workspace ws, double[] t, double[] shape) {
    massCentre(px, w, h, off, x0, y0, rad, ws, t);
    t[P] = shape[0];
    t[Q] = shape[1];
    t[R] = shape[2];
    if (!ws.linearStart(t)) plainAmplitude(ws, t);
  }

  /**
   * The plain start of a fit: the centre of mass as in {@link #centreOfMass}, the {@code shape}, the window's maximum
   * less its minimum as amplitude and its minimum as background. Far from the answer (4–11 standard errors in
   * amplitude, width and background) but robust: fits that do not settle from the nearer start are retried from it.
   */
  private static void plainStart(float[] px, int w, int h, double off, double x0, double y0, double rad, Workspace ws,
                                 double[] t, double[] shape) {
    massCentre(px, w, h, off, x0, y0, rad, ws, t);
    t[P] = shape[0];
    t[Q] = shape[1];
    t[R] = shape[2];
    plainAmplitude(ws, t);
  }

  private static void plainAmplitude(Workspace ws, double[] t) {
    t[AMPLITUDE] = Math.max(ws.highest() - ws.lowest(), 1e-6);
    t[BACKGROUND] = Math.max(ws.lowest(), 1e-3);
  }

  /**
   * Writes the centre of mass above the window minimum (twice, within half the window) to {@code t}'s centre and loads the
   * fit window of radius {@code rad} around it into {@code ws}.
   */
  private static void massCentre(float[] px, int w, int h, double off, double x0, double y0, double rad, Workspace ws,
                                 double[] t) {
    double cx = x0;
    double cy = y0;
    double r = Math.max(1.5, rad / 2);
    for (int it = 0; it < 2; it++) {
      double[] m = ws.massAboveMin(px, w, h, off, cx, cy, r);
      if (m[0] > 0) {
        double nx = m[1] / m[0];
        double ny = m[2] / m[0];
        if ((nx - x0) * (nx - x0) + (ny - y0) * (ny - y0) < rad * rad / 4) {
          cx = nx;
          cy = ny;
        }
      }
    }
    ws.gather(px, w, h, off, cx, cy, rad);
    t[X] = cx;
    t[Y] = cy;
  }

  /**
   * Fits the window in {@code ws} from the start {@code t} of {@link #centreOfMass}; when that does not settle, once more
   * from the {@link #plainStart} with the {@code round} shape (same centre and window), so the nearer start never loses a
   * fit that the plain one settles. Whether the fit settled.
   */
  private boolean fitOrRetry(Workspace ws, double[] t, double rad, double[] round) {
    double cx = t[X];
    double cy = t[Y];
    if (fit(ws, t, options.maxIterations(), rad, options.readNoiseVariance())) return true;
    t[X] = cx;
    t[Y] = cy;
    t[P] = round[0];
    t[Q] = round[1];
    t[R] = round[2];
    plainAmplitude(ws, t);
    return fit(ws, t, options.maxIterations(), rad, options.readNoiseVariance());
  }

  /** Columns of the quick fits that give every fit its start shape ({@link #startShape}). */
  static final int SHAPE_SAMPLE = 256;

  /**
   * The shape (p, q, r) every fit starts from: the component-wise median of independent fits of about
   * {@value #SHAPE_SAMPLE} columns spread over the image (evenly in {@code order}) from the {@link #plainStart} with the
   * {@code round} shape; that round shape when the options set the start width, or fewer than 3 sample fits settle.
   * A start nearer the answer saves the fits about one Fisher-scoring pass.
   */
  private double[] startShape(float[] px, int w, int h, double off, double[] x, double[] y, int[] order, double rad,
                              double[] round) {
    int n = order.length;
    if (!Double.isNaN(options.initialSigmaPx()) || n == 0) return round;
    int step = Math.max(1, n / SHAPE_SAMPLE);
    double[][] s = new double[3][n / step + 1];
    Workspace ws = new Workspace(rad);
    double[] t = new double[NP];
    int m = 0;
    for (int k = step / 2; k < n; k += step) {
      int i = order[k];
      plainStart(px, w, h, off, x[i], y[i], rad, ws, t, round);
      if (!fit(ws, t, options.maxIterations(), rad, options.readNoiseVariance())) continue;
      s[0][m] = t[P];
      s[1][m] = t[Q];
      s[2][m] = t[R];
      m++;
    }
    if (m < 3) return round;
    double p = Stats.upperMedian(s[0], m);
    double q = Stats.upperMedian(s[1], m);
    double r = Stats.upperMedian(s[2], m);
    return p * r - q * q > 0.01 * p * r ? new double[] {p, q, r} : new double[] {p, 0, r};
  }

  /**
   * Fisher scoring for the Poisson likelihood from {@code t} (updated in place). Returns false when the
   * fit left the window, lost its shape or did not settle.
   *
   * <p>It settles when a step moves the centre by less than 2·10⁻⁴ px and the amplitude and widths by less than
   * 2·10⁻⁴ of themselves, or when the steps left to go are predicted to total less than {@value #SETTLED} standard
   * errors: with the Newton decrement {@code d = √(δᵀ·F·δ / D)} of step δ (F the information, D the window's
   * dispersion, so d is the step's length in standard errors) shrinking by {@code ρ = d/d_prev < ½} per step, the
   * steps after a full one sum to {@code d·ρ/(1−ρ)}.
   */
  static boolean fit(Workspace ws, double[] t, int maxIter, double rad, double readVar) {
    ws.current = false;
    if (ws.n < 2 * NP) return false;
    double[] trial = ws.trial;
    double x0 = t[X];
    double y0 = t[Y];
    double minP = 1 / (rad * rad);
    double maxP = 1 / (0.3 * 0.3);
    double prev = Double.NaN;
    for (int it = 0; it < maxIter; it++) {
      ws.accumulate(t, readVar);
      if (!ws.solve(1e-6)) return false;
      double step = 1;
      boolean ok = false;
      for (int half = 0; half < 12; half++) {
        for (int k = 0; k < NP; k++) trial[k] = t[k] + step * ws.delta[k];
        if (valid(trial, x0, y0, rad, minP, maxP)) {
          ok = true;
          break;
        }
        step /= 2;
      }
      if (!ok) return false;
      double moved = Math.abs(trial[X] - t[X]) + Math.abs(trial[Y] - t[Y]);
      double shape = Math.abs(trial[P] - t[P]) / t[P] + Math.abs(trial[R] - t[R]) / t[R] + Math.abs(trial[AMPLITUDE] - t[AMPLITUDE]) / Math.max(1e-12, t[AMPLITUDE]);
      System.arraycopy(trial, 0, t, 0, NP);
      double dec = step == 1 ? ws.decrement() : Double.NaN;
      double rho = dec / prev;
      prev = dec;
      if ((moved < 2e-4 && shape < 2e-4) || (rho < 0.5 && dec * rho / (1 - rho) < SETTLED)) {
        // the information stays that of the last parameters but one: the step from there is negligible
        ws.current = true;
        return true;
      }
    }
    return false;
  }

  /**
   * Standard errors the remaining Fisher-scoring steps may total when a fit stops. 0.05 would save a pass of half the fits
   * but stopped a wide, low-contrast column of the ABF image on its width–background ridge 10 standard errors short.
   */
  static final double SETTLED = 0.01;

  private static boolean valid(double[] t, double x0, double y0, double rad, double minP, double maxP) {
    if (!(t[AMPLITUDE] > 0)) return false;
    if (!(t[P] > minP && t[P] < maxP && t[R] > minP && t[R] < maxP)) return false;
    if (!(t[P] * t[R] - t[Q] * t[Q] > 0.01 * t[P] * t[R])) return false;
    double sx = t[X] - x0;
    double sy = t[Y] - y0;
    if (sx * sx + sy * sy > 0.5625 * rad * rad) return false; // farther than 0.75·rad
    return t[BACKGROUND] > -0.5 * t[AMPLITUDE] && Double.isFinite(t[BACKGROUND]);
  }

  /** Per-thread buffers: one window's pixels, its neighbour tails, normal equations. */
  static final class Workspace {
    int n;
    int nRows;
    /** The leftmost and rightmost pixel column of the window. */
    int left;
    int right;
    /** The smallest and largest pixel of the window as gathered (NaN when one is NaN; ±∞ when it is empty), once {@link #extremes} ran. */
    private double lowest;
    private double highest;
    /** Whether {@link #lowest} and {@link #highest} are those of the window gathered last. */
    private boolean extremesKnown;
    double off;
    int[] rowY;
    int[] rowX0;
    int[] rowLen;
    double[] d;
    double[] tail;
    final double[] fisher = new double[NP * NP];
    final double[] grad = new double[NP];
    final double[] delta = new double[NP];
    final double[] chol = new double[NP * NP];
    final double[] trial = new double[NP];
    /** Scratch of {@link #information}'s forward substitutions. */
    final double[] lInv = new double[NP];
    /** Pearson χ² of the window at the parameters of the last {@link #accumulate}. */
    double chi2;
    /**
     * True when {@link #fisher} and {@link #chi2} describe the fit's final parameters: set by a converged {@link #fit},
     * whose last step is below its tolerance (far below the uncertainty), cleared when the window changes.
     */
    boolean current;

    Workspace(double rad) {
      int side = 2 * (int) Math.ceil(rad) + 3;
      rowY = new int[side];
      rowX0 = new int[side];
      rowLen = new int[side];
      d = new double[side * side];
      tail = new double[side * side];
    }

    /** Written by {@link #touch} so that its reads are kept. */
    float touched;

    /**
     * Reads one pixel of every cache line of the square of half-side {@code rad} about (cx, cy), clipped to the image,
     * so that the window of the next column is on its way into the cache while this one is fitted: its image rows are
     * 16 KiB apart in a large image, and a window read without this waits for each row in turn.
     */
    void touch(float[] px, int w, int h, double cx, double cy, double rad) {
      int x0 = (int) Math.max(0, Math.min(w - 1, Math.floor(cx - rad)));
      int x1 = (int) Math.max(0, Math.min(w - 1, Math.ceil(cx + rad)));
      int y0 = (int) Math.max(0, Math.min(h - 1, Math.floor(cy - rad)));
      int y1 = (int) Math.max(0, Math.min(h - 1, Math.ceil(cy + rad)));
      float sum = 0;
      for (int yy = y0; yy <= y1; yy++) {
        int row = yy * w;
        for (int xx = x0; xx < x1; xx += 16) sum += px[row + xx];
        sum += px[row + x1];
      }
      touched = sum;
    }

    /** Loads the pixels within {@code rad} of (cx, cy), clipped to the image, plus {@code off}. */
    void gather(float[] px, int w, int h, double off, double cx, double cy, double rad) {
      current = false;
      this.off = off;
      int rows = rowRange(w, h, cx, cy, rad);
      double[] dd = d;
      int k = 0;
      int lo = Integer.MAX_VALUE;
      int hi = Integer.MIN_VALUE;
      for (int row = 0; row < rows; row++) {
        lo = Math.min(lo, rowX0[row]);
        hi = Math.max(hi, rowX0[row] + rowLen[row] - 1);
        int i = rowY[row] * w + rowX0[row];
        for (int end = k + rowLen[row]; k < end; k++, i++) dd[k] = px[i] + off;
      }
      // the tail is zero unless a neighbour was subtracted since (most windows: only the neighbour passes subtract)
      if (tailDirty) Arrays.fill(tail, 0, Math.max(k, n), 0);
      tailDirty = false;
      n = k;
      nRows = rows;
      left = lo;
      right = hi;
      extremesKnown = false;
    }

    /** The smallest pixel of the window as gathered (before any {@link #subtract}). */
    double lowest() {
      extremes();
      return lowest;
    }

    /** The largest pixel of the window as gathered (before any {@link #subtract}). */
    double highest() {
      extremes();
      return highest;
    }

    /**
     * Sets {@link #lowest} and {@link #highest} from the window's pixels, unless known: only the plain start needs them,
     * so the copy in {@link #gather} stays a plain loop without data-dependent branches.
     */
    private void extremes() {
      if (extremesKnown) return;
      double mn = Double.POSITIVE_INFINITY;
      double mx = Double.NEGATIVE_INFINITY;
      boolean nan = false;
      double[] dd = d;
      for (int k = 0; k < n; k++) {
        double v = dd[k];
        if (v < mn) mn = v;
        if (v > mx) mx = v;
        else if (v != v) nan = true;
      }
      lowest = nan ? Double.NaN : mn;
      highest = nan ? Double.NaN : mx;
      extremesKnown = true;
    }

    /**
     * Sets {@link #rowY}, {@link #rowX0}, {@link #rowLen} to the image rows within {@code rad} of (cx, cy) that hold a
     * pixel within it, clipped to the image (the arrays grown as needed); returns their count.
     */
    private int rowRange(int w, int h, double cx, double cy, double rad) {
      int side = 2 * (int) Math.ceil(rad) + 3;
      if (rowY.length < side) {
        rowY = new int[side];
        rowX0 = new int[side];
        rowLen = new int[side];
        d = new double[side * side];
        tail = new double[side * side];
      }
      int y0 = Math.max(0, (int) Math.ceil(cy - rad));
      int y1 = Math.min(h - 1, (int) Math.floor(cy + rad));
      double r2 = rad * rad;
      int rows = 0;
      for (int yy = y0; yy <= y1; yy++) {
        double dy = yy - cy;
        double half = Math.sqrt(Math.max(0, r2 - dy * dy));
        int x0 = Math.max(0, (int) Math.ceil(cx - half));
        int x1 = Math.min(w - 1, (int) Math.floor(cx + half));
        if (x1 < x0) continue;
        rowY[rows] = yy;
        rowX0[rows] = x0;
        rowLen[rows] = x1 - x0 + 1;
        rows++;
      }
      return rows;
    }

    /**
     * The mass above the minimum of the pixels within {@code r} of (cx, cy) (plus {@code off}, clipped to the image) and its
     * first moments, {Σv, Σv·x, Σv·y} with v the pixel less the minimum (NaN when a pixel is NaN), read straight from
     * the image: the window arrays are not changed. The row geometry is that of {@link #gather}.
     */
    double[] massAboveMin(float[] px, int w, int h, double off, double cx, double cy, double r) {
      int rows = rowRange(w, h, cx, cy, r);
      double mn = Double.POSITIVE_INFINITY;
      boolean nan = false;
      for (int row = 0; row < rows; row++) {
        // a comparison per pixel, not Math.min's NaN and signed-zero handling (a chain of several instructions); the sign
        // of a zero minimum does not change v below
        for (int i = rowY[row] * w + rowX0[row], end = i + rowLen[row]; i < end; i++) {
          double v = px[i] + off;
          if (v < mn) mn = v;
          else if (v != v) nan = true;
        }
      }
      if (nan) mn = Double.NaN; // every sum NaN: no centre
      double sw = 0;
      double sx = 0;
      double sy = 0;
      for (int row = 0; row < rows; row++) {
        int yy = rowY[row];
        for (int xx = rowX0[row], i = yy * w + xx; xx < rowX0[row] + rowLen[row]; xx++, i++) {
          double v = (px[i] + off) - mn;
          sw += v;
          sx += v * xx;
          sy += v * yy;
        }
      }
      mass[0] = sw;
      mass[1] = sx;
      mass[2] = sy;
      return mass;
    }

    private final double[] mass = new double[3];

    /** Whether {@link #tail} may hold a non-zero value (anywhere: {@link #gather} clears the part it uses). */
    private boolean tailDirty;

    /** Removes a neighbour's Gaussian (no background) from the window and records it as extra variance. */
    void subtract(double[] s) {
      current = false;
      tailDirty = true;
      extremes(); // of the window as gathered
      double x0 = s[X];
      double y0 = s[Y];
      double a = s[AMPLITUDE];
      double p = s[P];
      double q = s[Q];
      double r = s[R];
      double c = Math.exp(-p);
      int k = 0;
      for (int row = 0; row < nRows; row++) {
        double dy = rowY[row] - y0;
        double dx = rowX0[row] - x0;
        double e = a * Math.exp(-0.5 * (p * dx * dx + 2 * q * dx * dy + r * dy * dy));
        double ratio = Math.exp(-0.5 * (p * (2 * dx + 1) + 2 * q * dy));
        for (int j = 0; j < rowLen[row]; j++, k++) {
          d[k] -= e;
          tail[k] += e;
          e *= ratio;
          ratio *= c;
        }
      }
    }

    // The unit Gaussian e at each window row's first pixel and its ratio to the next pixel's (rowE, rowRatio), set by
    // rowStart for the rows in order. At the window's leftmost column xl they are carried from row to row by recurrences
    // (one exp per Gaussian for each, none per row) unless the corners are so far out that e could underflow there (then
    // two exp per row); each row then steps from xl to its first pixel.
    private boolean carried;
    private double el;
    private double down;
    private double ratioL;
    private double cr;
    private double cq;
    private double cp;
    private int yl;
    private double rowE;
    private double rowRatio;

    /** Prepares {@link #rowStart} for the Gaussian exp(-½(p·dx² + 2q·dx·dy + r·dy²)) about (x0, y0); the window is not empty. */
    private void startRows(double x0, double y0, double p, double q, double r) {
      double dxl = left - x0;
      double span = Math.max(Math.max(Math.abs(dxl), Math.abs(right - x0)), Math.max(Math.abs(rowY[0] - y0), Math.abs(rowY[nRows - 1] - y0)));
      carried = (p + r) * (span + 1) * (span + 1) < 600;
      double dy = rowY[0] - y0;
      cp = Math.exp(-p);
      if (carried) {
        el = Math.exp(-0.5 * (p * dxl * dxl + 2 * q * dxl * dy + r * dy * dy)); // at (xl, first row)
        down = Math.exp(-0.5 * (2 * q * dxl + r * (2 * dy + 1))); // el(next row) / el(this row)
        ratioL = Math.exp(-0.5 * (p * (2 * dxl + 1) + 2 * q * dy)); // e(xl + 1) / e(xl) on this row
        cr = Math.exp(-r);
        cq = Math.exp(-q);
      }
      yl = rowY[0];
    }

    /** Sets {@link #rowE} and {@link #rowRatio} for window row {@code row} (after the rows before it, from {@link #startRows}). */
    private void rowStart(int row, double x0, double y0, double p, double q, double r) {
      if (carried) {
        for (; yl < rowY[row]; yl++) {
          el *= down;
          down *= cr;
          ratioL *= cq;
        }
        double e = el;
        double ratio = ratioL;
        for (int m = rowX0[row] - left; m > 0; m--) {
          e *= ratio;
          ratio *= cp;
        }
        rowE = e;
        rowRatio = ratio;
      } else {
        double dy = rowY[row] - y0;
        double dx = rowX0[row] - x0;
        rowE = Math.exp(-0.5 * (p * dx * dx + 2 * q * dx * dy + r * dy * dy));
        rowRatio = Math.exp(-0.5 * (p * (2 * dx + 1) + 2 * q * dy));
      }
    }

    /**
     * Sets the amplitude and background of {@code t} to the least-squares fit of the window by background + amplitude ×
     * the unit Gaussian of {@code t}'s centre and shape (a linear fit: unweighted sums over the window); false, {@code t}
     * unchanged, when that fit has no positive amplitude or the window too few pixels.
     */
    boolean linearStart(double[] t) {
      if (n < 2 * NP) return false;
      double x0 = t[X];
      double y0 = t[Y];
      double p = t[P];
      double q = t[Q];
      double r = t[R];
      startRows(x0, y0, p, q, r);
      double s1 = 0;
      double s2 = 0;
      double sd = 0;
      double sde = 0;
      double[] dd = d;
      for (int row = 0, k = 0; row < nRows; row++) {
        rowStart(row, x0, y0, p, q, r);
        double e = rowE;
        double ratio = rowRatio;
        for (int end = k + rowLen[row]; k < end; k++) {
          double v = dd[k];
          s1 += e;
          s2 = Math.fma(e, e, s2);
          sd += v;
          sde = Math.fma(v, e, sde);
          e *= ratio;
          ratio *= cp;
        }
      }
      double det = n * s2 - s1 * s1;
      double a = (n * sde - s1 * sd) / det;
      double b = (sd - a * s1) / n;
      if (!(det > 0 && a > 0 && Double.isFinite(b))) return false;
      t[AMPLITUDE] = a;
      t[BACKGROUND] = Math.max(b, 1e-3);
      return true;
    }

    /**
     * Fisher information, score (gradient of the log-likelihood) and Pearson χ² at {@code t}, in one pass over
     * the window. Every derivative of the model is e (the unit Gaussian) times a polynomial of degree ≤ 2 in
     * (dx, dy), or 1 for the background, so the information is a linear combination of the weighted moments
     * Σ w·e²·dxᵃdyᵇ (a + b ≤ 4), Σ w·e·dxᵃdyᵇ and Σ res·e·dxᵃdyᵇ (a + b ≤ 2). Along a window row dy is
     * constant: a pixel adds only to the 14 moments in dx, which are spread over the dy powers once per row.
     */
    void accumulate(double[] t, double readVar) {
      double x0 = t[X];
      double y0 = t[Y];
      double a = t[AMPLITUDE];
      double p = t[P];
      double q = t[Q];
      double r = t[R];
      double b = t[BACKGROUND];
      double floor = 1e-3 * Math.abs(a) + 1e-9;
      double base = b - off + readVar;
      Arrays.fill(moments, 0);
      double ch = 0;
      int k = 0;
      if (nRows == 0) {
        chi2 = 0;
        assemble(a, p, q, r);
        return;
      }
      startRows(x0, y0, p, q, r);
      for (int row = 0; row < nRows; row++) {
        rowStart(row, x0, y0, p, q, r);
        ch += row(k, rowLen[row], rowX0[row] - x0, rowY[row] - y0, rowE, rowRatio, cp, a, b, base, floor);
        k += rowLen[row];
      }
      chi2 = ch;
      assemble(a, p, q, r);
    }

    /**
     * One window row's contributions to {@link #moments} (its first pixel k, dx of that pixel, dy of the row, e there and
     * its ratio to the next pixel's); returns the row's Pearson χ².
     */
    private double row(int k, int len, double dx, double dy, double e, double ratio, double c, double a, double b, double base,
                       double floor) {
      double a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, b0 = 0, b1 = 0, b2 = 0, w0 = 0, r0 = 0, r1 = 0, r2 = 0, rs = 0, rc = 0;
      double[] dd = d;
      double[] tl = tail;
      for (int end = k + len; k < end; k++, dx += 1) {
        double g = a * e;
        double dm = dd[k] - (b + g);
        double v = base + g + tl[k];
        double wgt = 1 / (v > floor ? v : floor);
        double res = dm * wgt;
        double we = wgt * e;
        double wee = we * e;
        double re = res * e;
        double dx2 = dx * dx;
        double t1 = wee * dx;
        double t2 = wee * dx2;
        a0 += wee;
        a1 += t1;
        a2 += t2;
        a3 = Math.fma(t1, dx2, a3);
        a4 = Math.fma(t2, dx2, a4);
        b0 += we;
        b1 = Math.fma(we, dx, b1);
        b2 = Math.fma(we, dx2, b2);
        w0 += wgt;
        r0 += re;
        r1 = Math.fma(re, dx, r1);
        r2 = Math.fma(re, dx2, r2);
        rs += res;
        rc = Math.fma(res, dm, rc);
        e *= ratio;
        ratio *= c;
      }
      double[] mo = moments;
      double dy2 = dy * dy;
      double dy3 = dy2 * dy;
      mo[0] += a0;
      mo[1] += a1;
      mo[2] += a0 * dy;
      mo[3] += a2;
      mo[4] += a1 * dy;
      mo[5] += a0 * dy2;
      mo[6] += a3;
      mo[7] += a2 * dy;
      mo[8] += a1 * dy2;
      mo[9] += a0 * dy3;
      mo[10] += a4;
      mo[11] += a3 * dy;
      mo[12] += a2 * dy2;
      mo[13] += a1 * dy3;
      mo[14] += a0 * dy2 * dy2;
      mo[15] += b0;
      mo[16] += b1;
      mo[17] += b0 * dy;
      mo[18] += b2;
      mo[19] += b1 * dy;
      mo[20] += b0 * dy2;
      mo[21] += w0;
      mo[22] += r0;
      mo[23] += r1;
      mo[24] += r0 * dy;
      mo[25] += r2;
      mo[26] += r1 * dy;
      mo[27] += r0 * dy2;
      mo[28] += rs;
      return rc;
    }

    /** The window's weighted moments, in the order {@link #accumulate} stores them: m.., n.., Σw, g.., Σres. */
    private final double[] moments = new double[29];

    /**
     * Fisher information and score from the moments: the derivatives of mu by (x0, y0, amplitude, p, q, r,
     * background) are a·e·(p·dx + q·dy), a·e·(q·dx + r·dy), e, -½a·e·dx², -a·e·dx·dy, -½a·e·dy², 1.
     */
    private void assemble(double a, double p, double q, double r) {
      double[] mo = moments;
      double m00 = mo[0], m10 = mo[1], m01 = mo[2], m20 = mo[3], m11 = mo[4], m02 = mo[5], m30 = mo[6], m21 = mo[7];
      double m12 = mo[8], m03 = mo[9], m40 = mo[10], m31 = mo[11], m22 = mo[12], m13 = mo[13], m04 = mo[14];
      double n00 = mo[15], n10 = mo[16], n01 = mo[17], n20 = mo[18], n11 = mo[19], n02 = mo[20], sw = mo[21];
      double g00 = mo[22], g10 = mo[23], g01 = mo[24], g20 = mo[25], g11 = mo[26], g02 = mo[27], sr = mo[28];
      double a2 = a * a;
      double[] f = fisher;
      f[X * NP + X] = a2 * (p * p * m20 + 2 * p * q * m11 + q * q * m02);
      f[Y * NP + X] = a2 * (p * q * m20 + (p * r + q * q) * m11 + q * r * m02);
      f[Y * NP + Y] = a2 * (q * q * m20 + 2 * q * r * m11 + r * r * m02);
      f[AMPLITUDE * NP + X] = a * (p * m10 + q * m01);
      f[AMPLITUDE * NP + Y] = a * (q * m10 + r * m01);
      f[AMPLITUDE * NP + AMPLITUDE] = m00;
      f[P * NP + X] = -0.5 * a2 * (p * m30 + q * m21);
      f[P * NP + Y] = -0.5 * a2 * (q * m30 + r * m21);
      f[P * NP + AMPLITUDE] = -0.5 * a * m20;
      f[P * NP + P] = 0.25 * a2 * m40;
      f[Q * NP + X] = -a2 * (p * m21 + q * m12);
      f[Q * NP + Y] = -a2 * (q * m21 + r * m12);
      f[Q * NP + AMPLITUDE] = -a * m11;
      f[Q * NP + P] = 0.5 * a2 * m31;
      f[Q * NP + Q] = a2 * m22;
      f[R * NP + X] = -0.5 * a2 * (p * m12 + q * m03);
      f[R * NP + Y] = -0.5 * a2 * (q * m12 + r * m03);
      f[R * NP + AMPLITUDE] = -0.5 * a * m02;
      f[R * NP + P] = 0.25 * a2 * m22;
      f[R * NP + Q] = 0.5 * a2 * m13;
      f[R * NP + R] = 0.25 * a2 * m04;
      f[BACKGROUND * NP + X] = a * (p * n10 + q * n01);
      f[BACKGROUND * NP + Y] = a * (q * n10 + r * n01);
      f[BACKGROUND * NP + AMPLITUDE] = n00;
      f[BACKGROUND * NP + P] = -0.5 * a * n20;
      f[BACKGROUND * NP + Q] = -a * n11;
      f[BACKGROUND * NP + R] = -0.5 * a * n02;
      f[BACKGROUND * NP + BACKGROUND] = sw;
      for (int u = 0; u < NP; u++) for (int v = 0; v < u; v++) f[v * NP + u] = f[u * NP + v];
      grad[X] = a * (p * g10 + q * g01);
      grad[Y] = a * (q * g10 + r * g01);
      grad[AMPLITUDE] = g00;
      grad[P] = -0.5 * a * g20;
      grad[Q] = -a * g11;
      grad[R] = -0.5 * a * g02;
      grad[BACKGROUND] = sr;
    }

    /**
     * The last step's Newton decrement in standard errors, {@code √(δᵀ·score / D)} with D the window's Pearson
     * dispersion (so it holds for images in any unit); NaN when D is not positive.
     */
    double decrement() {
      double s = 0;
      for (int k = 0; k < NP; k++) s += delta[k] * grad[k];
      double disp = chi2 / (n - NP);
      return disp > 0 ? Math.sqrt(Math.max(0, s) / disp) : Double.NaN;
    }

    /** Solves (F + λ·diag F) δ = score by Cholesky; false when F is not positive definite. */
    boolean solve(double lambda) {
      for (int i = 0; i < NP * NP; i++) chol[i] = fisher[i];
      for (int i = 0; i < NP; i++) chol[i * NP + i] *= 1 + lambda;
      if (!factor()) return false; // the window does not constrain every parameter: the fit stops as failed
      double[] l = chol;
      double[] z = delta;
      for (int i = 0; i < NP; i++) { // L z = score
        double v = grad[i];
        for (int k = 0; k < i; k++) v -= l[i * NP + k] * z[k];
        z[i] = v * invDiag[i];
      }
      for (int i = NP - 1; i >= 0; i--) { // Lᵀ δ = z
        double v = z[i];
        for (int k = i + 1; k < NP; k++) v -= l[k * NP + i] * z[k];
        z[i] = v * invDiag[i];
      }
      for (double v : delta) if (!Double.isFinite(v)) return false;
      return true;
    }

    /**
     * The Cholesky factor L (lower triangle, in place) of the NP × NP matrix in {@link #chol}, the inverses of its
     * diagonal in {@link #invDiag}; false (nothing written) when the matrix is not positive definite.
     * {@link org.causalem.numeric.Cholesky#factorInPlace} for the fixed size, without its exception on the failures that
     * hot loops expect. Written out for NP = 7 (element (i, j) of the matrix is {@code l[7i + j]}, of L the local lij,
     * 1/lii is ii): the loops of one to six steps ran 1.6 times as long (a factor per Fisher-scoring step, 8 % of the
     * refinement). Every element subtracts the same products in the same order as the loops, so the factor is the same
     * to the bit.
     */
    private boolean factor() {
      double[] l = chol;
      // row 0
      double d0 = l[0];
      if (!(d0 > 0)) return false;
      double l00 = Math.sqrt(d0);
      double i0 = 1 / l00;
      // row 1
      double l10 = (l[7]) * i0;
      double d1 = l[8] - l10 * l10;
      if (!(d1 > 0)) return false;
      double l11 = Math.sqrt(d1);
      double i1 = 1 / l11;
      // row 2
      double l20 = (l[14]) * i0;
      double l21 = (l[15] - l20 * l10) * i1;
      double d2 = l[16] - l20 * l20 - l21 * l21;
      if (!(d2 > 0)) return false;
      double l22 = Math.sqrt(d2);
      double i2 = 1 / l22;
      // row 3
      double l30 = (l[21]) * i0;
      double l31 = (l[22] - l30 * l10) * i1;
      double l32 = (l[23] - l30 * l20 - l31 * l21) * i2;
      double d3 = l[24] - l30 * l30 - l31 * l31 - l32 * l32;
      if (!(d3 > 0)) return false;
      double l33 = Math.sqrt(d3);
      double i3 = 1 / l33;
      // row 4
      double l40 = (l[28]) * i0;
      double l41 = (l[29] - l40 * l10) * i1;
      double l42 = (l[30] - l40 * l20 - l41 * l21) * i2;
      double l43 = (l[31] - l40 * l30 - l41 * l31 - l42 * l32) * i3;
      double d4 = l[32] - l40 * l40 - l41 * l41 - l42 * l42 - l43 * l43;
      if (!(d4 > 0)) return false;
      double l44 = Math.sqrt(d4);
      double i4 = 1 / l44;
      // row 5
      double l50 = (l[35]) * i0;
      double l51 = (l[36] - l50 * l10) * i1;
      double l52 = (l[37] - l50 * l20 - l51 * l21) * i2;
      double l53 = (l[38] - l50 * l30 - l51 * l31 - l52 * l32) * i3;
      double l54 = (l[39] - l50 * l40 - l51 * l41 - l52 * l42 - l53 * l43) * i4;
      double d5 = l[40] - l50 * l50 - l51 * l51 - l52 * l52 - l53 * l53 - l54 * l54;
      if (!(d5 > 0)) return false;
      double l55 = Math.sqrt(d5);
      double i5 = 1 / l55;
      // row 6
      double l60 = (l[42]) * i0;
      double l61 = (l[43] - l60 * l10) * i1;
      double l62 = (l[44] - l60 * l20 - l61 * l21) * i2;
      double l63 = (l[45] - l60 * l30 - l61 * l31 - l62 * l32) * i3;
      double l64 = (l[46] - l60 * l40 - l61 * l41 - l62 * l42 - l63 * l43) * i4;
      double l65 = (l[47] - l60 * l50 - l61 * l51 - l62 * l52 - l63 * l53 - l64 * l54) * i5;
      double d6 = l[48] - l60 * l60 - l61 * l61 - l62 * l62 - l63 * l63 - l64 * l64 - l65 * l65;
      if (!(d6 > 0)) return false;
      double l66 = Math.sqrt(d6);
      double i6 = 1 / l66;
      l[0] = l00;
      l[7] = l10; l[8] = l11;
      l[14] = l20; l[15] = l21; l[16] = l22;
      l[21] = l30; l[22] = l31; l[23] = l32; l[24] = l33;
      l[28] = l40; l[29] = l41; l[30] = l42; l[31] = l43; l[32] = l44;
      l[35] = l50; l[36] = l51; l[37] = l52; l[38] = l53; l[39] = l54; l[40] = l55;
      l[42] = l60; l[43] = l61; l[44] = l62; l[45] = l63; l[46] = l64; l[47] = l65; l[48] = l66;
      invDiag[0] = i0; invDiag[1] = i1; invDiag[2] = i2; invDiag[3] = i3; invDiag[4] = i4; invDiag[5] = i5; invDiag[6] = i6;
      return true;
    }

    /** The inverses of the diagonal of the Cholesky factor in {@link #chol}. */
    private final double[] invDiag = new double[NP];

    /**
     * The variances (unscaled: inverse Fisher information at {@code t}) of x, y and the integrated intensity
     * {@code I = 2π·A/√(pr − q²)} (delta method, {@code gᵀ·F⁻¹·g} with g the gradient of I in A, p, q, r), written to
     * {@code var[0..2]} (NaN when F is singular); returns the Pearson dispersion of the window. With F = L·Lᵀ,
     * {@code uᵀ·F⁻¹·u = |L⁻¹·u|²}: three forward substitutions instead of the whole inverse.
     */
    double information(double[] t, double readVar, double[] var) {
      if (!current) accumulate(t, readVar);
      System.arraycopy(fisher, 0, chol, 0, NP * NP);
      if (!factor()) {
        Arrays.fill(var, 0, 3, Double.NaN); // no information about some parameter: no uncertainty, no dispersion
        return Double.NaN;
      }
      double[] z = lInv;
      var[0] = unitVariance(X, z);
      var[1] = unitVariance(Y, z);
      double d = t[P] * t[R] - t[Q] * t[Q];
      double d32 = d * Math.sqrt(d);
      Arrays.fill(z, 0, NP, 0);
      z[AMPLITUDE] = 2 * Math.PI / Math.sqrt(d);
      z[P] = -Math.PI * t[AMPLITUDE] * t[R] / d32;
      z[Q] = 2 * Math.PI * t[AMPLITUDE] * t[Q] / d32;
      z[R] = -Math.PI * t[AMPLITUDE] * t[P] / d32;
      var[2] = forwardSquared(AMPLITUDE, z);
      return n > NP ? chi2 / (n - NP) : Double.NaN;
    }

    /** The diagonal element j of F⁻¹ from the factor in {@link #chol}: |L⁻¹·e_j|² ({@code z} is scratch). */
    private double unitVariance(int j, double[] z) {
      Arrays.fill(z, 0, NP, 0);
      z[j] = 1;
      return forwardSquared(j, z);
    }

    /** Solves L·z = u in place ({@code z} holds u, zero before index {@code from}) and returns |z|². */
    private double forwardSquared(int from, double[] z) {
      double[] l = chol;
      double sum = 0;
      for (int i = from; i < NP; i++) {
        double v = z[i];
        for (int k = from; k < i; k++) v -= l[i * NP + k] * z[k];
        z[i] = v * invDiag[i];
        sum += z[i] * z[i];
      }
      return sum;
    }

  }
}
