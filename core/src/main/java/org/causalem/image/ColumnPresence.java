package org.causalem.image;

import java.util.Objects;
import java.util.stream.IntStream;
import org.causalem.data.Image;

/**
 * Is there a column at a given position? A matched-filter (generalised likelihood-ratio) test against
 * a flat background: within a disc of radius R around the position, the image minus the models of the
 * known neighbouring columns is fitted by least squares as {@code B + A·g}, g a round Gaussian of the
 * expected width centred on the position; the statistic is {@code z = Â / se(Â)} with the noise
 * variance estimated from the same window's residuals, {@code Σ(res²)/(n − 2)}. Under "no column" (a
 * flat background plus independent noise) z is approximately standard normal; a column of the
 * expected width and height h gives z ≈ h·√(Σ(g − ḡ)²)/σ_noise.
 */
public final class ColumnPresence {
  private ColumnPresence() {}

  /**
   * @param known fitted columns whose models (where their fit succeeded) are subtracted first
   * @param x test positions (px)
   * @param self index into {@code known} of the column at each test position (not subtracted), -1 for none
   * @param sigmaPx expected column width at each position (px)
   * @param radiusPx window radius (px)
   * @return per position {Â, se(Â)} (the filter amplitude and its standard error; z = Â/se); NaN where
   *     the window holds fewer than 8 pixels
   */
  public static double[][] amplitude(Image image, Columns known, double[] x, double[] y, int[] self, double[] sigmaPx,
                                     double radiusPx) {
    Objects.requireNonNull(known, "known");
    if (!(radiusPx >= 1)) throw new IllegalArgumentException("radiusPx must be >= 1, got " + radiusPx);
    int w = image.width();
    int h = image.height();
    float[] px = image.toFloat();
    double maxSigma = 0;
    for (int j = 0; j < known.size(); j++) if (known.converged(j)) maxSigma = Math.max(maxSigma, known.widthPx(j));
    double reach = radiusPx + Math.min(4 * maxSigma, 4 * radiusPx);
    PointGrid grid = new PointGrid(known.x(), known.y(), reach);
    double[] amp = new double[x.length];
    double[] err = new double[x.length];
    int chunks = (x.length + CHUNK - 1) / CHUNK;
    // positions are independent: chunks of them in parallel, each with its own buffers
    IntStream.range(0, chunks).parallel().forEach(c -> {
      Window win = new Window(radiusPx);
      for (int k = c * CHUNK; k < Math.min(x.length, (c + 1) * CHUNK); k++) {
        double[] f = win.fit(px, w, h, known, grid, reach, x[k], y[k], self[k], sigmaPx[k]);
        amp[k] = f[0];
        err[k] = f[1];
      }
    });
    return new double[][] {amp, err};
  }

  /** Positions per parallel task. */
  private static final int CHUNK = 256;

  /** One task's buffers: the neighbour list and the window's residuals and filter values. */
  private static final class Window {
    private final double radiusPx;
    private int[] nb = new int[32];
    private final int[] cnt = new int[1];
    private final double[] res;
    private final double[] g;

    Window(double radiusPx) {
      this.radiusPx = radiusPx;
      int side = 2 * (int) Math.ceil(radiusPx) + 3;
      res = new double[side * side];
      g = new double[side * side];
    }

    /** {Â, se(Â)} at (cx, cy): see {@link ColumnPresence#amplitude}. */
    double[] fit(float[] px, int w, int h, Columns known, PointGrid grid, double reach, double cx, double cy, int self,
                 double sigmaPx) {
      if (!Double.isFinite(cx) || !Double.isFinite(cy)) return new double[] {Double.NaN, Double.NaN};
      nb = grid.within(cx, cy, reach, nb, cnt);
      double s2 = 2 * sigmaPx * sigmaPx;
      int n = 0;
      int y0 = Math.max(0, (int) Math.ceil(cy - radiusPx));
      int y1 = Math.min(h - 1, (int) Math.floor(cy + radiusPx));
      double r2 = radiusPx * radiusPx;
      for (int yy = y0; yy <= y1; yy++) {
        for (int xx = Math.max(0, (int) Math.ceil(cx - radiusPx)); xx <= Math.min(w - 1, (int) Math.floor(cx + radiusPx)); xx++) {
          double dx = xx - cx;
          double dy = yy - cy;
          if (dx * dx + dy * dy > r2) continue;
          double v = px[yy * w + xx];
          for (int t = 0; t < cnt[0]; t++) {
            int j = nb[t];
            if (j == self || !known.converged(j)) continue;
            double ex = xx - known.x()[j];
            double ey = yy - known.y()[j];
            v -= known.amplitude()[j] * Math.exp(-0.5 * (known.p()[j] * ex * ex + 2 * known.q()[j] * ex * ey + known.r()[j] * ey * ey));
          }
          res[n] = v;
          g[n] = Math.exp(-(dx * dx + dy * dy) / s2);
          n++;
        }
      }
      return n < 8 ? new double[] {Double.NaN, Double.NaN} : regress(n);
    }

    /** Least squares of the first n residuals on B + A·g: {Â, se(Â)}. */
    private double[] regress(int n) {
      double mg = 0;
      double mr = 0;
      for (int i = 0; i < n; i++) {
        mg += g[i];
        mr += res[i];
      }
      mg /= n;
      mr /= n;
      double sgg = 0;
      double sgr = 0;
      for (int i = 0; i < n; i++) {
        sgg += (g[i] - mg) * (g[i] - mg);
        sgr += (g[i] - mg) * (res[i] - mr);
      }
      double a = sgr / sgg;
      double rss = 0;
      for (int i = 0; i < n; i++) {
        double e = res[i] - mr - a * (g[i] - mg);
        rss += e * e;
      }
      return new double[] {a, Math.sqrt(rss / (n - 2) / sgg)};
    }
  }
}
