package org.causalem.fourd;

import java.util.Arrays;
import java.util.Objects;

/**
 * A virtual detector: a weighted set of detector pixels whose intensities are summed at every scan
 * position. Pixel (qx, qy) has its centre at (qx, qy).
 *
 * @param indices flat detector indices {@code qy·detX + qx} with non-zero weight, increasing
 * @param weights one weight per index
 */
public record VirtualDetector(String name, int detX, int detY, int[] indices, float[] weights) {
  public VirtualDetector {
    Objects.requireNonNull(name, "name");
    if (indices.length != weights.length) {
      throw new IllegalArgumentException("detector " + name + ": " + indices.length + " indices, " + weights.length + " weights");
    }
    for (int i : indices) {
      if (i < 0 || i >= detX * detY) throw new IllegalArgumentException("detector " + name + ": index " + i + " outside " + detX + "×" + detY);
    }
  }

  /** Pixels whose centre lies within {@code radiusPx} of (cx, cy). */
  public static VirtualDetector disk(String name, int detX, int detY, double cx, double cy, double radiusPx) {
    return annulus(name, detX, detY, cx, cy, -1, radiusPx);
  }

  /** Pixels whose centre lies at a distance in {@code (innerPx, outerPx]} from (cx, cy). */
  public static VirtualDetector annulus(String name, int detX, int detY, double cx, double cy, double innerPx,
                                        double outerPx) {
    if (!(outerPx > 0) || !(outerPx > innerPx)) {
      throw new IllegalArgumentException("detector " + name + ": need 0 < outer radius and inner < outer, got inner "
          + innerPx + " outer " + outerPx);
    }
    float[] w = new float[detX * detY];
    for (int y = 0; y < detY; y++) {
      for (int x = 0; x < detX; x++) {
        double r = Math.hypot(x - cx, y - cy);
        if (r > innerPx && r <= outerPx) w[y * detX + x] = 1;
      }
    }
    VirtualDetector d = ofWeights(name, detX, detY, w);
    if (d.indices().length == 0) {
      throw new IllegalArgumentException("detector " + name + " (centre " + cx + ", " + cy + ", radii " + innerPx + ".."
          + outerPx + ") covers no pixel of the " + detX + "×" + detY + " detector");
    }
    return d;
  }

  /** Any mask: {@code mask[qy·detX + qx]} true where the detector counts. */
  public static VirtualDetector mask(String name, int detX, int detY, boolean[] mask) {
    if (mask.length != detX * detY) {
      throw new IllegalArgumentException("mask " + name + " has " + mask.length + " values, expected " + detX + "×" + detY);
    }
    float[] w = new float[mask.length];
    for (int i = 0; i < mask.length; i++) w[i] = mask[i] ? 1 : 0;
    return ofWeights(name, detX, detY, w);
  }

  /** Any weighting: {@code weights[qy·detX + qx]}. */
  public static VirtualDetector ofWeights(String name, int detX, int detY, float[] weights) {
    if (weights.length != detX * detY) {
      throw new IllegalArgumentException("weights " + name + " has " + weights.length + " values, expected " + detX + "×" + detY);
    }
    int n = 0;
    for (float v : weights) if (v != 0) n++;
    int[] idx = new int[n];
    float[] w = new float[n];
    int k = 0;
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] != 0) {
        idx[k] = i;
        w[k++] = weights[i];
      }
    }
    return new VirtualDetector(name, detX, detY, idx, w);
  }

  /** Whether every weight is 1 (a plain mask). */
  public boolean binary() {
    for (float v : weights) if (v != 1f) return false;
    return true;
  }

  /** The detector's response to one frame. */
  public double apply(float[] frame) {
    double s = 0;
    for (int k = 0; k < indices.length; k++) s += frame[indices[k]] * weights[k];
    return s;
  }

  @Override public boolean equals(Object o) {
    return o instanceof VirtualDetector v && v.name.equals(name) && v.detX == detX && v.detY == detY
        && Arrays.equals(v.indices, indices) && Arrays.equals(v.weights, weights);
  }

  @Override public int hashCode() { return Objects.hash(name, detX, detY, Arrays.hashCode(indices)); }

  @Override public String toString() { return "VirtualDetector[" + name + ", " + indices.length + " px]"; }
}
