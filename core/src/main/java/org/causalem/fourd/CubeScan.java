package org.causalem.fourd;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.causalem.data.DataCube4D;
import org.causalem.data.FrameReducer;
import org.causalem.data.Progress;

/**
 * One streaming pass over a cube that computes, per scan position, every virtual-detector image and
 * the pattern's centre of mass, and the mean pattern. Memory holds only the output maps and one mean
 * pattern per thread, never the cube.
 */
public final class CubeScan {
  /**
   * @param detectors virtual detectors (may be empty)
   * @param comMask where the centre of mass is taken; null = the whole detector
   */
  public record Options(List<VirtualDetector> detectors, VirtualDetector comMask) {
    public Options {
      detectors = List.copyOf(detectors);
      long distinct = detectors.stream().map(VirtualDetector::name).distinct().count();
      if (distinct != detectors.size()) throw new IllegalArgumentException("virtual detector names must be unique");
    }
  }

  private final Options options;

  public CubeScan(Options options) { this.options = Objects.requireNonNull(options); }

  /** Streams {@code cube} on {@code threads} threads. */
  public CubeMaps scan(DataCube4D cube, int threads, Progress progress) {
    int sx = cube.scanX();
    int sy = cube.scanY();
    int dx = cube.detX();
    int dy = cube.detY();
    for (VirtualDetector d : options.detectors()) requireShape(d, dx, dy);
    if (options.comMask() != null) requireShape(options.comMask(), dx, dy);
    int n = sx * sy;
    List<VirtualDetector> dets = options.detectors();
    float[][] images = new float[dets.size()][n];
    float[] comX = new float[n];
    float[] comY = new float[n];
    float[] total = new float[n];
    VirtualDetector mask = options.comMask();
    int[] maskIdx = mask == null ? null : mask.indices();
    // each worker writes only the positions of its own scan rows, so the maps are shared
    FrameReducer<double[]> reducer = new FrameReducer<>() {
      @Override public double[] create() { return new double[dx * dy]; }

      @Override public void accept(double[] mean, int ry, int rx, float[] frame) {
        int p = ry * sx + rx;
        for (int d = 0; d < images.length; d++) images[d][p] = (float) dets.get(d).apply(frame);
        double s = 0;
        double mx = 0;
        double my = 0;
        if (maskIdx == null) {
          for (int y = 0; y < dy; y++) {
            int base = y * dx;
            float rowSum = 0;
            float rowX = 0;
            for (int x = 0; x < dx; x++) {
              float v = frame[base + x];
              rowSum += v;
              rowX += v * x;
              mean[base + x] += v;
            }
            s += rowSum;
            mx += rowX;
            my += (double) rowSum * y;
          }
        } else {
          for (int k = 0; k < frame.length; k++) mean[k] += frame[k];
          for (int i : maskIdx) {
            float v = frame[i];
            s += v;
            mx += (double) v * (i % dx);
            my += (double) v * (i / dx);
          }
        }
        total[p] = (float) s;
        comX[p] = s != 0 ? (float) (mx / s) : Float.NaN;
        comY[p] = s != 0 ? (float) (my / s) : Float.NaN;
      }

      @Override public double[] combine(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) a[i] += b[i];
        return a;
      }
    };
    double[] sum = cube.reduce(reducer, threads, progress);
    for (int i = 0; i < sum.length; i++) sum[i] /= Math.max(1, n);
    Map<String, float[]> virtual = new LinkedHashMap<>();
    for (int d = 0; d < dets.size(); d++) virtual.put(dets.get(d).name(), images[d]);
    return new CubeMaps(sx, sy, dx, dy, virtual, comX, comY, total, sum);
  }

  private static void requireShape(VirtualDetector d, int dx, int dy) {
    if (d.detX() != dx || d.detY() != dy) {
      throw new IllegalArgumentException("detector " + d.name() + " is for " + d.detX() + "×" + d.detY()
          + " patterns; the cube has " + dx + "×" + dy);
    }
  }
}
