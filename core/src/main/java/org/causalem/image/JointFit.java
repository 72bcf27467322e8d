package org.causalem.image;

import static org.causalem.image.GaussianRefiner.AMPLITUDE;
import static org.causalem.image.GaussianRefiner.BACKGROUND;
import static org.causalem.image.GaussianRefiner.NP;
import static org.causalem.image.GaussianRefiner.P;
import static org.causalem.image.GaussianRefiner.Q;
import static org.causalem.image.GaussianRefiner.R;
import static org.causalem.image.GaussianRefiner.X;
import static org.causalem.image.GaussianRefiner.Y;

import java.util.Arrays;
import org.causalem.numeric.Cholesky;
import org.causalem.numeric.SingularMatrixException;

/**
 * A joint fit of overlapping columns: a column and its close neighbours, each an elliptical Gaussian, plus one
 * constant background, fitted together by Poisson maximum likelihood (Fisher scoring, as {@link GaussianRefiner}
 * fits one column) to the union of their windows, with the models of the columns farther away subtracted. Two
 * columns closer than about three widths cannot be fitted one at a time: in a window of its own a column absorbs
 * its neighbour's tail (its centre is pulled towards the neighbour and it widens), and refitting each column with
 * the other's model subtracted does not settle either, since how the pair's light is shared between two free
 * shapes is almost undetermined from either window alone. Fitted together, the pair's light is shared by the
 * likelihood of all the pixels that see it (compare StatSTEM's simultaneous fit of overlapping columns, De Backer
 * et al. 2016, Ultramicroscopy).
 *
 * <p>Parameters of member k sit at {@code 6k..6k+5} (x, y, amplitude, p, q, r as in {@link GaussianRefiner}), the
 * shared background last. One instance per thread: every buffer is reused.
 */
final class JointFit {
  private static final int PER = 6;
  /** Fisher-scoring steps at most: started from the members' previous fits, a joint fit settles in a few. */
  static final int MAX_ITERATIONS = 20;

  private int[] pix = new int[256];
  private double[] data = new double[256];
  private double[] tail = new double[256];
  private int n;
  private double[] fisher = new double[0];
  private double[] chol = new double[0];
  private double[] grad = new double[0];
  private double[] delta = new double[0];
  private double[] g = new double[0];
  private int[] active = new int[0];
  /** A member whose unit Gaussian is below this at a pixel is left out of that pixel's sums. */
  private static final double NEGLIGIBLE = 1e-7;
  private double chi2;
  private double off;

  /**
   * Loads the pixels within {@code rad} of any member's centre (clipped to the image), plus {@code off}, minus the
   * models of the {@code far} columns (their Gaussians without background), which also count as extra variance.
   */
  void gather(float[] px, int w, int h, double off, double[][] members, int m, double[][] far, int nFar, double rad) {
    double x0 = Double.POSITIVE_INFINITY;
    double x1 = Double.NEGATIVE_INFINITY;
    double y0 = Double.POSITIVE_INFINITY;
    double y1 = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < m; k++) {
      x0 = Math.min(x0, members[k][X]);
      x1 = Math.max(x1, members[k][X]);
      y0 = Math.min(y0, members[k][Y]);
      y1 = Math.max(y1, members[k][Y]);
    }
    int c0 = Math.max(0, (int) Math.ceil(x0 - rad));
    int c1 = Math.min(w - 1, (int) Math.floor(x1 + rad));
    int r0 = Math.max(0, (int) Math.ceil(y0 - rad));
    int r1 = Math.min(h - 1, (int) Math.floor(y1 + rad));
    double r2 = rad * rad;
    this.off = off;
    n = 0;
    for (int yy = r0; yy <= r1; yy++) {
      for (int xx = c0; xx <= c1; xx++) {
        boolean inside = false;
        for (int k = 0; k < m && !inside; k++) {
          double dx = xx - members[k][X];
          double dy = yy - members[k][Y];
          inside = dx * dx + dy * dy <= r2;
        }
        if (!inside) continue;
        if (n == pix.length) grow();
        pix[n] = yy * w + xx;
        double v = px[yy * w + xx] + off;
        double t = 0;
        for (int f = 0; f < nFar; f++) t += gaussian(far[f], xx, yy);
        data[n] = v - t;
        tail[n] = t;
        n++;
      }
    }
  }

  private void grow() {
    pix = Arrays.copyOf(pix, 2 * pix.length);
    data = Arrays.copyOf(data, 2 * data.length);
    tail = Arrays.copyOf(tail, 2 * tail.length);
  }

  private static double gaussian(double[] s, double xx, double yy) {
    double dx = xx - s[X];
    double dy = yy - s[Y];
    return s[AMPLITUDE] * Math.exp(-0.5 * (s[P] * dx * dx + 2 * s[Q] * dx * dy + s[R] * dy * dy));
  }

  /**
   * Fits the {@code m} members (their parameter vectors updated in place; the background of member 0 holds the
   * shared background) to the gathered window by Fisher scoring from their current values; false when a step left
   * the plausible region (a member farther than 0.75·rad from where it started, a width outside [0.3 px, rad], no
   * amplitude), the information was singular or it did not settle in {@code maxIter} steps.
   */
  boolean fit(double[][] members, int m, int w, double rad, double readVar, int maxIter) {
    int np = PER * m + 1;
    if (n < 2 * np) return false;
    ensure(np);
    double[] t = new double[np];
    double[] start = new double[2 * m];
    for (int k = 0; k < m; k++) {
      System.arraycopy(members[k], 0, t, PER * k, PER);
      start[2 * k] = members[k][X];
      start[2 * k + 1] = members[k][Y];
    }
    t[np - 1] = members[0][BACKGROUND];
    double[] trial = new double[np];
    for (int it = 0; it < Math.min(maxIter, MAX_ITERATIONS); it++) {
      accumulate(t, m, w, readVar);
      if (!solve(np)) return false;
      double step = 1;
      boolean ok = false;
      for (int half = 0; half < 12 && !ok; half++) {
        for (int k = 0; k < np; k++) trial[k] = t[k] + step * delta[k];
        ok = valid(trial, m, start, rad);
        if (!ok) step /= 2;
      }
      if (!ok) return false;
      double dec = 0;
      for (int k = 0; k < np; k++) dec += delta[k] * grad[k];
      double disp = chi2 / (n - np);
      double moved = 0;
      for (int k = 0; k < m; k++) moved = Math.max(moved, Math.abs(trial[PER * k + X] - t[PER * k + X]) + Math.abs(trial[PER * k + Y] - t[PER * k + Y]));
      System.arraycopy(trial, 0, t, 0, np);
      // settled: a full step of less than 0.01 standard errors (Newton decrement, in the window's dispersion), or
      // centres that moved by less than 10⁻³ px
      if ((step == 1 && disp > 0 && dec < 1e-4 * disp) || moved < 1e-3) {
        for (int k = 0; k < m; k++) {
          System.arraycopy(t, PER * k, members[k], 0, PER);
          members[k][BACKGROUND] = t[np - 1];
        }
        accumulate(t, m, w, readVar);
        return true;
      }
    }
    return false;
  }

  private void ensure(int np) {
    if (grad.length == np) return;
    fisher = new double[np * np];
    chol = new double[np * np];
    grad = new double[np];
    delta = new double[np];
    g = new double[np];
    active = new int[np];
  }

  private static boolean valid(double[] t, int m, double[] start, double rad) {
    double minP = 1 / (rad * rad);
    double maxP = 1 / (0.3 * 0.3);
    double maxA = 0;
    for (int k = 0; k < m; k++) {
      int o = PER * k;
      double a = t[o + AMPLITUDE];
      double p = t[o + P];
      double q = t[o + Q];
      double r = t[o + R];
      if (!(a > 0) || !(p > minP && p < maxP && r > minP && r < maxP) || !(p * r - q * q > 0.01 * p * r)) return false;
      double sx = t[o + X] - start[2 * k];
      double sy = t[o + Y] - start[2 * k + 1];
      if (sx * sx + sy * sy > 0.5625 * rad * rad) return false;
      maxA = Math.max(maxA, a);
    }
    double b = t[t.length - 1];
    return b > -0.5 * maxA && Double.isFinite(b);
  }

  /** Fisher information, score and Pearson χ² at {@code t}: one pass over the window, the full gradient per pixel. */
  private void accumulate(double[] t, int m, int w, double readVar) {
    int np = PER * m + 1;
    Arrays.fill(fisher, 0, np * np, 0);
    Arrays.fill(grad, 0, np, 0);
    double b = t[np - 1];
    double maxA = 0;
    for (int k = 0; k < m; k++) maxA = Math.max(maxA, t[PER * k + AMPLITUDE]);
    double floor = 1e-3 * maxA + 1e-9;
    double ch = 0;
    int[] on = active;
    for (int s = 0; s < n; s++) {
      double xx = pix[s] % w;
      double yy = pix[s] / w;
      double mu = b;
      int k1 = 0;
      for (int k = 0; k < m; k++) {
        int o = PER * k;
        double dx = xx - t[o + X];
        double dy = yy - t[o + Y];
        double p = t[o + P];
        double q = t[o + Q];
        double r = t[o + R];
        double e = Math.exp(-0.5 * (p * dx * dx + 2 * q * dx * dy + r * dy * dy));
        if (e < NEGLIGIBLE) continue; // the member adds nothing here: its block of the information is skipped
        double ae = t[o + AMPLITUDE] * e;
        mu += ae;
        g[o + X] = ae * (p * dx + q * dy);
        g[o + Y] = ae * (q * dx + r * dy);
        g[o + AMPLITUDE] = e;
        g[o + P] = -0.5 * ae * dx * dx;
        g[o + Q] = -ae * dx * dy;
        g[o + R] = -0.5 * ae * dy * dy;
        for (int u = o; u < o + PER; u++) on[k1++] = u;
      }
      g[np - 1] = 1;
      on[k1++] = np - 1;
      double v = mu - off + readVar + tail[s];
      double wgt = 1 / Math.max(v, floor);
      double res = data[s] - mu;
      ch += res * res * wgt;
      double rw = res * wgt;
      // lower triangle over the members present at this pixel (indices in increasing order) and the background
      for (int a = 0; a < k1; a++) {
        int u = on[a];
        double gu = g[u] * wgt;
        grad[u] += rw * g[u];
        int row = u * np;
        for (int c = 0; c <= a; c++) fisher[row + on[c]] += gu * g[on[c]];
      }
    }
    for (int u = 0; u < np; u++) for (int c = 0; c < u; c++) fisher[c * np + u] = fisher[u * np + c];
    chi2 = ch;
  }

  /** Solves (F + 10⁻⁶·diag F) δ = score; false when F is not positive definite. */
  private boolean solve(int np) {
    System.arraycopy(fisher, 0, chol, 0, np * np);
    for (int i = 0; i < np; i++) chol[i * np + i] *= 1 + 1e-6;
    try {
      Cholesky.factorInPlace(chol, np);
    } catch (SingularMatrixException e) {
      return false;
    }
    System.arraycopy(grad, 0, delta, 0, np);
    Cholesky.solveInPlace(chol, np, delta);
    for (int i = 0; i < np; i++) if (!Double.isFinite(delta[i])) return false;
    return true;
  }

  /**
   * The inverse Fisher information (unscaled) of member 0's parameters and the background, in {@link GaussianRefiner}'s
   * layout ({@code NP × NP}), at the fitted parameters; returns the window's Pearson dispersion (NaN, and NaN
   * covariance, when the information is singular).
   */
  double information(int m, double[] cov) {
    int np = PER * m + 1;
    System.arraycopy(fisher, 0, chol, 0, np * np);
    try {
      Cholesky.factorInPlace(chol, np);
    } catch (SingularMatrixException e) {
      Arrays.fill(cov, Double.NaN);
      return Double.NaN;
    }
    double[] col = new double[np];
    for (int a = 0; a < NP; a++) {
      Arrays.fill(col, 0);
      col[a == BACKGROUND ? np - 1 : a] = 1;
      Cholesky.solveInPlace(chol, np, col);
      for (int b = 0; b < NP; b++) cov[b * NP + a] = col[b == BACKGROUND ? np - 1 : b];
    }
    return chi2 / (n - np);
  }
}
