package org.causalem.fourd;

/**
 * The bright-field disk of a pattern: every pixel at or above half the maximum, where the maximum is
 * taken on the 3×3-averaged pattern so that a single hot pixel cannot set it; the unweighted
 * centroid of those pixels and the radius of a disk of the same area. (All pixels, not only those
 * connected to the maximum: a real disk crossed by a dark band or streaks falls apart into pieces.)
 *
 * @param centreX column of the centroid (px)
 * @param centreY row of the centroid (px)
 * @param radiusPx {@code √(area/π)}
 * @param areaPx pixels at or above half maximum
 */
public record Probe(double centreX, double centreY, double radiusPx, int areaPx) {
  /** The probe of a (usually mean or summed) pattern, detY × detX row-major. */
  public static Probe find(double[] pattern, int detX, int detY) {
    if (pattern.length != detX * detY) {
      throw new IllegalArgumentException("pattern has " + pattern.length + " values, expected " + detX + "×" + detY);
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int y = 0; y < detY; y++) {
      for (int x = 0; x < detX; x++) {
        double s = 0;
        int n = 0;
        for (int dy = -1; dy <= 1; dy++) {
          for (int dx = -1; dx <= 1; dx++) {
            int yy = y + dy;
            int xx = x + dx;
            if (yy < 0 || xx < 0 || yy >= detY || xx >= detX) continue;
            s += pattern[yy * detX + xx];
            n++;
          }
        }
        max = Math.max(max, s / n);
      }
    }
    if (!(max > 0)) return new Probe(Double.NaN, Double.NaN, Double.NaN, 0);
    double half = 0.5 * max;
    double sx = 0;
    double sy = 0;
    int area = 0;
    for (int i = 0; i < pattern.length; i++) {
      if (pattern[i] >= half) {
        sx += i % detX;
        sy += i / detX;
        area++;
      }
    }
    return new Probe(sx / area, sy / area, Math.sqrt(area / Math.PI), area);
  }
}
