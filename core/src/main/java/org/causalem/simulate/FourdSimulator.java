package org.causalem.simulate;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.causalem.data.Axis;
import org.causalem.data.DataCube4D;
import org.causalem.data.Metadata;
import org.causalem.data.Pixels;

/**
 * 4D-STEM cubes with known truth. Disks are drawn soft-edged ({@code 1/(1+exp((r−R)/edge))}, like a
 * probe-forming aperture blurred by the point spread of the detector), so that their sampled
 * centroid is their true centre to far below 0.01 px.
 */
public final class FourdSimulator {
  private FourdSimulator() {}

  /** Soft edge width of every disk (px). */
  public static final double EDGE_PX = 0.7;

  /**
   * A cube whose single bright-field disk moves with scan position.
   *
   * @param shiftX known CoM shift of each position (row-major, detector px), added to the centre
   * @param descan four numbers (x per scan col, x per scan row, y per scan col, y per scan row): a
   *               descan drift added on top of the shifts, or null
   * @param counts expected counts per pattern (Poisson noise); 0 = noiseless
   */
  public static DataCube4D comCube(int scanX, int scanY, int det, double radiusPx, double centreX, double centreY,
                                   double[] shiftX, double[] shiftY, double[] descan, double counts, long seed) {
    int n = scanX * scanY;
    if (shiftX.length != n || shiftY.length != n) throw new IllegalArgumentException("shift maps must have " + n + " values");
    float[] px = new float[Math.multiplyExact(n, det * det)];
    double area = Math.PI * radiusPx * radiusPx;
    IntStream.range(0, scanY).parallel().forEach(r -> {
      SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + r);
      float[] frame = new float[det * det];
      for (int q = 0; q < scanX; q++) {
        int p = r * scanX + q;
        double cx = centreX + shiftX[p] + (descan == null ? 0 : descan[0] * q + descan[1] * r);
        double cy = centreY + shiftY[p] + (descan == null ? 0 : descan[2] * q + descan[3] * r);
        java.util.Arrays.fill(frame, 0);
        addDisk(frame, det, det, cx, cy, radiusPx, counts > 0 ? counts / area : 100);
        finish(frame, px, (long) p * det * det, counts > 0, rng);
      }
    });
    return DataCube4D.inMemory("simulated CoM", Pixels.ofFloats(px), Axis.pixels("ry", scanY), Axis.pixels("rx", scanX),
        Axis.pixels("qy", det), Axis.pixels("qx", det), Metadata.EMPTY);
  }

  /**
   * A cube of Bragg-disk patterns: at position p the disks sit at {@code centre + h·g1(p) + k·g2(p)}
   * for every (h, k) whose disk lies inside the detector, with intensity falling as exp(−|g|/falloff).
   *
   * @param g1 reciprocal basis vector 1 per position: {@code g1[0][p]} x, {@code g1[1][p]} y (px)
   * @param counts expected counts in the central disk; 0 = noiseless
   */
  public static DataCube4D braggCube(int scanX, int scanY, int det, double radiusPx, double centreX, double centreY,
                                     float[][] g1, float[][] g2, double falloffPx, double counts, long seed) {
    int n = scanX * scanY;
    float[] px = new float[Math.multiplyExact(n, det * det)];
    double area = Math.PI * radiusPx * radiusPx;
    double peak = counts > 0 ? counts / area : 100;
    IntStream.range(0, scanY).parallel().forEach(r -> {
      SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + r);
      float[] frame = new float[det * det];
      for (int q = 0; q < scanX; q++) {
        int p = r * scanX + q;
        java.util.Arrays.fill(frame, 0);
        int hmax = 12;
        for (int h = -hmax; h <= hmax; h++) {
          for (int k = -hmax; k <= hmax; k++) {
            double x = centreX + h * g1[0][p] + k * g2[0][p];
            double y = centreY + h * g1[1][p] + k * g2[1][p];
            if (x < radiusPx + 2 || y < radiusPx + 2 || x > det - 3 - radiusPx || y > det - 3 - radiusPx) continue;
            double g = Math.sqrt((x - centreX) * (x - centreX) + (y - centreY) * (y - centreY));
            double amp = (h == 0 && k == 0) ? peak : 0.5 * peak * Math.exp(-g / falloffPx);
            addDisk(frame, det, det, x, y, radiusPx, amp);
          }
        }
        finish(frame, px, (long) p * det * det, counts > 0, rng);
      }
    });
    return DataCube4D.inMemory("simulated Bragg disks", Pixels.ofFloats(px), Axis.pixels("ry", scanY),
        Axis.pixels("rx", scanX), Axis.pixels("qy", det), Axis.pixels("qx", det), Metadata.EMPTY);
  }

  /**
   * The reciprocal basis under a small deformation {@code F = [[1+εxx, εxy−ω], [εxy+ω, 1+εyy]]} of the
   * real-space lattice: {@code G = F^(−T)·G0}. Returns {g1x, g1y, g2x, g2y}.
   */
  public static double[] strainedBasis(double g1x, double g1y, double g2x, double g2y, double exx, double eyy, double exy,
                                       double omega) {
    double f00 = 1 + exx;
    double f01 = exy - omega;
    double f10 = exy + omega;
    double f11 = 1 + eyy;
    double det = f00 * f11 - f01 * f10;
    // F^(−T) = (1/det) [[f11, −f10], [−f01, f00]]
    double a00 = f11 / det;
    double a01 = -f10 / det;
    double a10 = -f01 / det;
    double a11 = f00 / det;
    return new double[] {a00 * g1x + a01 * g1y, a10 * g1x + a11 * g1y, a00 * g2x + a01 * g2y, a10 * g2x + a11 * g2y};
  }

  /** Adds a soft disk of peak value {@code amp}. */
  public static void addDisk(float[] frame, int detX, int detY, double cx, double cy, double radius, double amp) {
    int reach = (int) Math.ceil(radius + 12 * EDGE_PX);
    int x0 = Math.max(0, (int) Math.floor(cx) - reach);
    int x1 = Math.min(detX - 1, (int) Math.ceil(cx) + reach);
    int y0 = Math.max(0, (int) Math.floor(cy) - reach);
    int y1 = Math.min(detY - 1, (int) Math.ceil(cy) + reach);
    for (int y = y0; y <= y1; y++) {
      for (int x = x0; x <= x1; x++) {
        double r = Math.sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy));
        frame[y * detX + x] += (float) (amp / (1 + Math.exp((r - radius) / EDGE_PX)));
      }
    }
  }

  private static void finish(float[] frame, float[] px, long offset, boolean noise, SplittableRandom rng) {
    int base = Math.toIntExact(offset);
    for (int i = 0; i < frame.length; i++) px[base + i] = noise ? (float) SmoothField.poisson(frame[i], rng) : frame[i];
  }
}
