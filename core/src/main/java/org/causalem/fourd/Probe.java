package org.causalem.fourd;

/**
 * The bright-field disk of a pattern: the connected region at or above half the maximum that
 * contains the maximum; its unweighted centroid and the radius of a disk of the same area.
 *
 * @param centreX column of the centroid (px)
 * @param centreY row of the centroid (px)
 * @param radiusPx {@code √(area/π)}
 * @param areaPx pixels in the region
 */
public record Probe(double centreX, double centreY, double radiusPx, int areaPx) {
  /** The probe of a (usually mean or summed) pattern, detY × detX row-major. */
  public static Probe find(double[] pattern, int detX, int detY) {
    if (pattern.length != detX * detY) {
      throw new IllegalArgumentException("pattern has " + pattern.length + " values, expected " + detX + "×" + detY);
    }
    int max = 0;
    for (int i = 1; i < pattern.length; i++) if (pattern[i] > pattern[max]) max = i;
    double half = 0.5 * pattern[max];
    if (!(pattern[max] > 0)) return new Probe(Double.NaN, Double.NaN, Double.NaN, 0);
    boolean[] seen = new boolean[pattern.length];
    int[] stack = new int[pattern.length];
    int top = 0;
    stack[top++] = max;
    seen[max] = true;
    long sx = 0;
    long sy = 0;
    int area = 0;
    while (top > 0) {
      int i = stack[--top];
      int x = i % detX;
      int y = i / detX;
      sx += x;
      sy += y;
      area++;
      int[] nb = {x > 0 ? i - 1 : -1, x < detX - 1 ? i + 1 : -1, y > 0 ? i - detX : -1, y < detY - 1 ? i + detX : -1};
      for (int j : nb) {
        if (j >= 0 && !seen[j] && pattern[j] >= half) {
          seen[j] = true;
          stack[top++] = j;
        }
      }
    }
    return new Probe((double) sx / area, (double) sy / area, Math.sqrt(area / Math.PI), area);
  }
}
