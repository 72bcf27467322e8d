package org.causalem.fourd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.causalem.numeric.SingularMatrixException;
import org.causalem.numeric.SmallSolve;

/**
 * The bright-field disk of a pattern.
 *
 * <p>First the half-maximum region: every pixel at or above half the maximum, where the maximum is taken
 * on the 3×3-averaged pattern so that a single hot pixel cannot set it; its unweighted centroid and the
 * radius of a disk of the same area. (All pixels, not only those connected to the maximum: a real disk
 * crossed by a dark band or streaks falls apart into pieces.) That is the answer for a whole, unclipped
 * disk.
 *
 * <p>When the half-maximum region touches the detector's border (the disk is cut: its centroid is pulled
 * inwards and its area is short) or the counter saturated (the half of a clipped maximum selects the
 * diffuse halo too), the disk's edge is fitted instead: along 180 rays from a centre the edge point is the
 * steepest fall of the pattern (bilinear profile in 0.5 px steps, differences over 2 px); rays whose
 * steepest fall lies within {@value #BORDER_MARGIN} px of the detector border (the edge is beyond it) are
 * left out; a circle is fitted to the edge points by
 * algebraic least squares, points farther than 3 robust standard deviations (at least 1 px) are dropped,
 * and the rays are cast again from the new centre, three times. The fit needs at least
 * {@value #MIN_EDGE_POINTS} points going round at least half the circle; otherwise the half-maximum values
 * are kept, with a note that they are biased. The first centre is the centroid of the
 * pixels at or above 90 % of the maximum (the disk's core or saturated plateau).
 *
 * @param centreX column of the centre (px)
 * @param centreY row of the centre (px)
 * @param radiusPx radius (px)
 * @param areaPx pixels at or above half maximum
 * @param method {@code half-maximum} or {@code edge-fit}
 * @param halfMaxCentreX centroid column of the half-maximum region
 * @param halfMaxCentreY centroid row of the half-maximum region
 * @param halfMaxRadiusPx {@code √(area/π)} of the half-maximum region
 * @param borderPixels half-maximum pixels on the detector's outermost rows and columns, per side
 *     {@code [left (x = 0), right, top (y = 0), bottom]}
 * @param edgePoints edge points the circle was fitted to (0 with {@code half-maximum})
 * @param edgeRmsPx RMS distance of those points from the circle (NaN with {@code half-maximum})
 * @param notes what a user needs to know: the disk cut by the border, a failed fit
 */
public record Probe(double centreX, double centreY, double radiusPx, int areaPx, String method, double halfMaxCentreX,
                    double halfMaxCentreY, double halfMaxRadiusPx, int[] borderPixels, int edgePoints, double edgeRmsPx,
                    List<String> notes) {
  /** Rays whose steepest fall lies this close to the detector border do not see the disk's edge. */
  static final double BORDER_MARGIN = 1.5;
  private static final int RAYS = 180;
  private static final int MIN_EDGE_POINTS = 12;

  public Probe {
    borderPixels = borderPixels.clone();
    notes = List.copyOf(notes);
  }

  /** Half-maximum pixels on any border of the detector. */
  public int borderTotal() { return borderPixels[0] + borderPixels[1] + borderPixels[2] + borderPixels[3]; }

  /** Whether the half-maximum region touches the detector's border. */
  public boolean cut() { return borderTotal() > 0; }

  /** The probe of a (usually mean or summed) pattern, detY × detX row-major, its counts not clipped. */
  public static Probe find(double[] pattern, int detX, int detY) { return find(pattern, detX, detY, false); }

  /**
   * The probe of a (usually mean or summed) pattern, detY × detX row-major.
   *
   * @param saturated whether the counter saturated in the frames that make up the pattern (then the disk's
   *                  edge is fitted even when it lies wholly on the detector)
   */
  public static Probe find(double[] pattern, int detX, int detY, boolean saturated) {
    if (pattern.length != detX * detY) {
      throw new IllegalArgumentException("pattern has " + pattern.length + " values, expected " + detX + "×" + detY);
    }
    double[] box = box3(pattern, detX, detY);
    double max = Double.NEGATIVE_INFINITY;
    for (double v : box) max = Math.max(max, v);
    if (!(max > 0)) {
      return new Probe(Double.NaN, Double.NaN, Double.NaN, 0, "half-maximum", Double.NaN, Double.NaN, Double.NaN,
          new int[4], 0, Double.NaN, List.of());
    }
    double half = 0.5 * max;
    double sx = 0;
    double sy = 0;
    int area = 0;
    int[] border = new int[4];
    for (int i = 0; i < pattern.length; i++) {
      if (pattern[i] >= half) {
        int x = i % detX;
        int y = i / detX;
        sx += x;
        sy += y;
        area++;
        if (x == 0) border[0]++;
        if (x == detX - 1) border[1]++;
        if (y == 0) border[2]++;
        if (y == detY - 1) border[3]++;
      }
    }
    double hx = sx / area;
    double hy = sy / area;
    double hr = Math.sqrt(area / Math.PI);
    boolean cut = border[0] + border[1] + border[2] + border[3] > 0;
    List<String> notes = new ArrayList<>();
    if (!cut && !saturated) return new Probe(hx, hy, hr, area, "half-maximum", hx, hy, hr, border, 0, Double.NaN, notes);
    String why = cut ? "the half-maximum region touches the detector border (" + sides(border) + ")" : "";
    if (saturated) why += (why.isEmpty() ? "" : " and ") + "the counter saturated (half of a clipped maximum)";
    double[] fit = edgeFit(pattern, box, detX, detY, max);
    if (fit == null) {
      notes.add("bright-field disk: " + why + ", and fitting its edge failed (fewer than " + MIN_EDGE_POINTS
          + " edge points off the border, going round at least half the disk): the half-maximum centroid and radius are "
          + "reported and are biased");
      return new Probe(hx, hy, hr, area, "half-maximum", hx, hy, hr, border, 0, Double.NaN, notes);
    }
    notes.add(String.format(Locale.ROOT, "bright-field disk: %s; centre and radius from a circle fitted to %d edge points "
        + "(steepest fall; RMS %.2f px): centre (%.1f, %.1f) px, radius %.1f px, where the half-maximum region gives "
        + "(%.1f, %.1f) px, radius %.1f px", why, (int) fit[3], fit[4], fit[0], fit[1], fit[2], hx, hy, hr));
    if (fit[0] - fit[2] < 0 || fit[1] - fit[2] < 0 || fit[0] + fit[2] > detX - 1 || fit[1] + fit[2] > detY - 1) {
      notes.add("bright-field disk extends beyond the detector: virtual detectors built on it are cut too");
    }
    return new Probe(fit[0], fit[1], fit[2], area, "edge-fit", hx, hy, hr, border, (int) fit[3], fit[4], notes);
  }

  private static String sides(int[] border) {
    String[] names = {"x = 0", "x = last column", "y = 0", "y = last row"};
    List<String> out = new ArrayList<>();
    for (int k = 0; k < 4; k++) if (border[k] > 0) out.add(border[k] + " px on " + names[k]);
    return String.join(", ", out);
  }

  /** The 3×3 mean of every pixel (fewer neighbours at the border). */
  static double[] box3(double[] p, int w, int h) {
    double[] out = new double[p.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double s = 0;
        int n = 0;
        for (int dy = -1; dy <= 1; dy++) {
          int yy = y + dy;
          if (yy < 0 || yy >= h) continue;
          for (int dx = -1; dx <= 1; dx++) {
            int xx = x + dx;
            if (xx < 0 || xx >= w) continue;
            s += p[yy * w + xx];
            n++;
          }
        }
        out[y * w + x] = s / n;
      }
    }
    return out;
  }

  /** {cx, cy, r, points, rms} of the disk's edge, or null. */
  private static double[] edgeFit(double[] pattern, double[] box, int w, int h, double max) {
    double sx = 0;
    double sy = 0;
    int n = 0;
    for (int i = 0; i < box.length; i++) {
      if (box[i] >= 0.9 * max) {
        sx += i % w;
        sy += i / w;
        n++;
      }
    }
    double cx = sx / n;
    double cy = sy / n;
    double[] best = null;
    for (int round = 0; round < 3; round++) {
      double[] px = new double[RAYS];
      double[] py = new double[RAYS];
      int m = 0;
      for (int k = 0; k < RAYS; k++) {
        double a = 2 * Math.PI * k / RAYS;
        double ux = Math.cos(a);
        double uy = Math.sin(a);
        // the ray runs from the centre to the border; steepest fall of the profile (0.5 px steps)
        double len = rayLength(cx, cy, ux, uy, w, h);
        int steps = (int) Math.floor(len / 0.5);
        if (steps < 4) continue;
        double[] prof = new double[steps + 1];
        for (int s = 0; s <= steps; s++) prof[s] = bilinear(pattern, w, h, cx + ux * 0.5 * s, cy + uy * 0.5 * s);
        int at = -1;
        double fall = 0;
        for (int s = 2; s < steps - 1; s++) {
          double d = prof[s - 2] - prof[s + 2];
          if (d > fall) {
            fall = d;
            at = s;
          }
        }
        if (at < 0) continue;
        double r = 0.5 * at;
        if (len - r < BORDER_MARGIN) continue;   // the profile still falls at the border: the edge lies beyond it
        px[m] = cx + ux * r;
        py[m] = cy + uy * r;
        m++;
      }
      double[] fit = robustCircle(px, py, m);
      if (fit == null) return best;
      best = fit;
      cx = fit[0];
      cy = fit[1];
    }
    return best;
  }

  /** Distance from (cx, cy) along (ux, uy) to the detector's last pixel centre. */
  private static double rayLength(double cx, double cy, double ux, double uy, int w, int h) {
    double t = Double.POSITIVE_INFINITY;
    if (ux > 1e-12) t = Math.min(t, (w - 1 - cx) / ux);
    if (ux < -1e-12) t = Math.min(t, -cx / ux);
    if (uy > 1e-12) t = Math.min(t, (h - 1 - cy) / uy);
    if (uy < -1e-12) t = Math.min(t, -cy / uy);
    return Math.max(0, t);
  }

  private static double bilinear(double[] p, int w, int h, double x, double y) {
    x = Math.max(0, Math.min(w - 1, x));
    y = Math.max(0, Math.min(h - 1, y));
    int x0 = (int) Math.min(w - 2, Math.floor(x));
    int y0 = (int) Math.min(h - 2, Math.floor(y));
    double fx = x - x0;
    double fy = y - y0;
    return (1 - fy) * ((1 - fx) * p[y0 * w + x0] + fx * p[y0 * w + x0 + 1])
        + fy * ((1 - fx) * p[(y0 + 1) * w + x0] + fx * p[(y0 + 1) * w + x0 + 1]);
  }

  /**
   * Algebraic (Kåsa) circle through the points, refitted without points farther than 3 robust SDs (at least
   * 1 px) from it: {cx, cy, r, points kept, rms}; null with fewer than {@value #MIN_EDGE_POINTS} points.
   */
  static double[] robustCircle(double[] x, double[] y, int n) {
    boolean[] keep = new boolean[n];
    Arrays.fill(keep, true);
    double[] fit = null;
    for (int it = 0; it < 6; it++) {
      fit = kasa(x, y, keep, n);
      if (fit == null) return null;
      double[] res = new double[n];
      int m = 0;
      for (int i = 0; i < n; i++) {
        if (keep[i]) res[m++] = Math.abs(Math.hypot(x[i] - fit[0], y[i] - fit[1]) - fit[2]);
      }
      double[] sorted = Arrays.copyOf(res, m);
      Arrays.sort(sorted);
      double mad = sorted[m / 2] * 1.4826;
      double limit = Math.max(1.0, 3 * mad);
      boolean changed = false;
      for (int i = 0; i < n; i++) {
        if (keep[i] && Math.abs(Math.hypot(x[i] - fit[0], y[i] - fit[1]) - fit[2]) > limit) {
          keep[i] = false;
          changed = true;
        }
      }
      if (!changed) break;
    }
    fit = kasa(x, y, keep, n);
    if (fit == null) return null;
    double ss = 0;
    int m = 0;
    double[] angle = new double[n];
    for (int i = 0; i < n; i++) {
      if (!keep[i]) continue;
      double d = Math.hypot(x[i] - fit[0], y[i] - fit[1]) - fit[2];
      ss += d * d;
      angle[m++] = Math.atan2(y[i] - fit[1], x[i] - fit[0]);
    }
    // the points must go round at least half the circle, or centre and radius trade off against each other
    Arrays.sort(angle, 0, m);
    double gap = angle[0] + 2 * Math.PI - angle[m - 1];
    for (int i = 1; i < m; i++) gap = Math.max(gap, angle[i] - angle[i - 1]);
    if (2 * Math.PI - gap < Math.PI) return null;
    return new double[] {fit[0], fit[1], fit[2], m, Math.sqrt(ss / m)};
  }

  /** Least squares of {@code x² + y² = 2a·x + 2b·y + c}: {a, b, √(c + a² + b²)}, or null. */
  private static double[] kasa(double[] x, double[] y, boolean[] keep, int n) {
    double[][] a = new double[3][3];
    double[] rhs = new double[3];
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (!keep[i]) continue;
      double[] row = {2 * x[i], 2 * y[i], 1};
      double z = x[i] * x[i] + y[i] * y[i];
      for (int p = 0; p < 3; p++) {
        rhs[p] += row[p] * z;
        for (int q = 0; q < 3; q++) a[p][q] += row[p] * row[q];
      }
      m++;
    }
    if (m < MIN_EDGE_POINTS) return null;
    double[] s;
    try {
      s = SmallSolve.solve3(a, rhs, 1e-12);
    } catch (SingularMatrixException e) {
      return null; // the edge points lie on a line: no circle
    }
    double r2 = s[2] + s[0] * s[0] + s[1] * s[1];
    if (!(r2 > 0)) return null;
    return new double[] {s[0], s[1], Math.sqrt(r2)};
  }
}
