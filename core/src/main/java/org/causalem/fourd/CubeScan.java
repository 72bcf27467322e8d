package org.causalem.fourd;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.causalem.data.DataCube4D;
import org.causalem.data.FrameSource;
import org.causalem.data.Progress;
import org.causalem.data.UInt16FrameReducer;

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
    int[][] detIdx = new int[dets.size()][];
    float[][] detW = new float[dets.size()][];
    boolean[] detBinary = new boolean[dets.size()];
    for (int d = 0; d < dets.size(); d++) {
      detIdx[d] = dets.get(d).indices();
      detW[d] = dets.get(d).weights();
      detBinary[d] = dets.get(d).binary();
    }
    float[] xs = new float[dx];
    for (int x = 0; x < dx; x++) xs[x] = x;
    // binary detectors as runs of pixels along rows: contiguous sums instead of gathers
    int[][] detSpans = new int[dets.size()][];
    for (int d = 0; d < dets.size(); d++) if (detBinary[d]) detSpans[d] = spans(detIdx[d], dx);
    // the integer path's totals are exact, so a binary detector covering most of the pattern is
    // cheaper as the total minus the sum over the pixels it leaves out
    boolean[] viaRest = new boolean[dets.size()];
    PackedMask[] packedMasks = new PackedMask[dets.size()];
    for (int d = 0; d < dets.size(); d++) {
      if (!detBinary[d]) continue;
      viaRest[d] = 2 * detIdx[d].length > dx * dy;
      packedMasks[d] = new PackedMask(viaRest[d] ? complement(detIdx[d], dx * dy) : detIdx[d], dx * dy);
    }
    // each worker writes only the positions of its own scan rows, so the maps are shared. The inner
    // loops are element-wise array updates (no loop-carried sums), which the JIT vectorises.
    // uint16 cubes whose source can hand over raw counts take an integer path (exact sums, no
    // conversion): one fused pass per detector row for the mean pattern, column sums and row sums.
    UInt16FrameReducer<Acc> reducer = new UInt16FrameReducer<>() {
      @Override public Acc create() { return new Acc(dx, dy, dets.size()); }

      @Override public boolean wantsUInt16(int detX, int detY) {
        return maskIdx == null && detX % 4 == 0 && detX < Acc.MAX_INT_FRAMES && detY < Acc.MAX_INT_FRAMES;
      }

      // Counts arrive four per long; masking out alternate counts gives two 32-bit lanes, so every
      // long addition sums two counts exactly (lanes cannot overflow: see Acc.MAX_INT_FRAMES).
      @Override public void acceptUInt16(Acc acc, int ry, int rx, long[] f) {
        int p = ry * sx + rx;
        long[] meanE = acc.meanEven;
        long[] meanO = acc.meanOdd;
        long[] colE = acc.colEven;
        long[] colO = acc.colOdd;
        int q = dx / 4;
        long s = 0;
        long my = 0;
        for (int y = 0; y < dy; y++) {
          int b = y * q;
          long r = 0;
          for (int j = 0; j < q; j++) {
            long w = f[b + j];
            long e = w & LANES;
            long o = (w >>> 16) & LANES;
            meanE[b + j] += e;
            meanO[b + j] += o;
            colE[j] += e;
            colO[j] += o;
            r += e + o;
          }
          long row = (r & 0xFFFFFFFFL) + (r >>> 32);
          s += row;
          my += row * y;
        }
        long mx = 0;
        for (int j = 0; j < q; j++) {
          long e = colE[j];
          long o = colO[j];
          mx += (e & 0xFFFFFFFFL) * (4 * j) + (o & 0xFFFFFFFFL) * (4 * j + 1) + (e >>> 32) * (4 * j + 2)
              + (o >>> 32) * (4 * j + 3);
          colE[j] = 0;
          colO[j] = 0;
        }
        for (int d = 0; d < images.length; d++) {
          if (packedMasks[d] == null) images[d][p] = (float) sum(detIdx[d], detW[d], f);
          else images[d][p] = (float) (viaRest[d] ? s - packedMasks[d].sum(f) : packedMasks[d].sum(f));
        }
        if (++acc.intFrames == Acc.MAX_INT_FRAMES || rx == sx - 1) acc.flush();
        total[p] = (float) s;
        comX[p] = s != 0 ? (float) ((double) mx / s) : Float.NaN;
        comY[p] = s != 0 ? (float) ((double) my / s) : Float.NaN;
      }

      @Override public void accept(Acc acc, int ry, int rx, float[] frame) {
        int p = ry * sx + rx;
        float[] mean = acc.rowMean;
        double s = 0;
        double mx = 0;
        double my = 0;
        if (maskIdx == null) {
          // centre of mass: per row, sums and x-weighted sums with eight independent accumulators
          // (no loop-carried dependency between consecutive pixels: about twice as fast as one sum)
          for (int y = 0; y < dy; y++) {
            int b = y * dx;
            float r0 = 0;
            float r1 = 0;
            float r2 = 0;
            float r3 = 0;
            float r4 = 0;
            float r5 = 0;
            float r6 = 0;
            float r7 = 0;
            float q0 = 0;
            float q1 = 0;
            float q2 = 0;
            float q3 = 0;
            float q4 = 0;
            float q5 = 0;
            float q6 = 0;
            float q7 = 0;
            int x = 0;
            for (; x + 7 < dx; x += 8) {
              float v0 = frame[b + x];
              float v1 = frame[b + x + 1];
              float v2 = frame[b + x + 2];
              float v3 = frame[b + x + 3];
              float v4 = frame[b + x + 4];
              float v5 = frame[b + x + 5];
              float v6 = frame[b + x + 6];
              float v7 = frame[b + x + 7];
              r0 += v0;
              r1 += v1;
              r2 += v2;
              r3 += v3;
              r4 += v4;
              r5 += v5;
              r6 += v6;
              r7 += v7;
              q0 += v0 * xs[x];
              q1 += v1 * xs[x + 1];
              q2 += v2 * xs[x + 2];
              q3 += v3 * xs[x + 3];
              q4 += v4 * xs[x + 4];
              q5 += v5 * xs[x + 5];
              q6 += v6 * xs[x + 6];
              q7 += v7 * xs[x + 7];
            }
            for (; x < dx; x++) {
              r0 += frame[b + x];
              q0 += frame[b + x] * xs[x];
            }
            double row = (double) r0 + r1 + r2 + r3 + r4 + r5 + r6 + r7;
            s += row;
            mx += (double) q0 + q1 + q2 + q3 + q4 + q5 + q6 + q7;
            my += row * y;
          }
          for (int k = 0; k < mean.length; k++) mean[k] += frame[k];
          for (int d = 0; d < images.length; d++) {
            images[d][p] = (float) (detSpans[d] != null ? spanSum(detSpans[d], dx, frame) : sum(detIdx[d], detW[d], false, frame));
          }
        } else {
          for (int d = 0; d < images.length; d++) images[d][p] = (float) sum(detIdx[d], detW[d], detBinary[d], frame);
          for (int k = 0; k < frame.length; k++) mean[k] += frame[k];
          for (int i : maskIdx) {
            float v = frame[i];
            s += v;
            mx += (double) v * (i % dx);
            my += (double) v * (i / dx);
          }
        }
        if (rx == sx - 1) acc.flush();   // float sums over one scan row at most, then into doubles
        total[p] = (float) s;
        comX[p] = s != 0 ? (float) (mx / s) : Float.NaN;
        comY[p] = s != 0 ? (float) (my / s) : Float.NaN;
      }

      @Override public Acc combine(Acc a, Acc b) {
        a.flush();
        b.flush();
        for (int i = 0; i < a.mean.length; i++) a.mean[i] += b.mean[i];
        return a;
      }
    };
    double[] sum = cube.reduce(reducer, threads, progress).mean;
    for (int i = 0; i < sum.length; i++) sum[i] /= Math.max(1, n);
    Map<String, float[]> virtual = new LinkedHashMap<>();
    for (int d = 0; d < dets.size(); d++) virtual.put(dets.get(d).name(), images[d]);
    return new CubeMaps(sx, sy, dx, dy, virtual, comX, comY, total, sum);
  }

  /** Per-worker scratch: the summed patterns. */
  private static final class Acc {
    final double[] mean;
    /** Frames an int sum of uint16 counts can hold without overflow (32767 · 65535 < 2³¹). */
    static final int MAX_INT_FRAMES = 32767;
    /** Sum of the patterns of the current scan row (float keeps the inner loop vectorisable). */
    final float[] rowMean;
    /**
     * The integer path's sums of at most {@link #MAX_INT_FRAMES} patterns in 32-bit lanes: meanEven[j]
     * holds values 4j and 4j+2, meanOdd[j] values 4j+1 and 4j+3; colEven/colOdd the same for one
     * frame's column sums.
     */
    final long[] meanEven;
    final long[] meanOdd;
    final long[] colEven;
    final long[] colOdd;
    int intFrames;

    Acc(int dx, int dy, int detectors) {
      mean = new double[dx * dy];
      rowMean = new float[dx * dy];
      meanEven = new long[(dx * dy + 3) / 4];
      meanOdd = new long[(dx * dy + 3) / 4];
      colEven = new long[(dx + 3) / 4];
      colOdd = new long[(dx + 3) / 4];
    }

    void flush() {
      for (int i = 0; i < mean.length; i++) {
        mean[i] += rowMean[i];
        rowMean[i] = 0;
      }
      if (intFrames > 0) {
        for (int j = 0; j < meanEven.length; j++) {
          long e = meanEven[j];
          long o = meanOdd[j];
          mean[4 * j] += e & 0xFFFFFFFFL;
          mean[4 * j + 1] += o & 0xFFFFFFFFL;
          mean[4 * j + 2] += e >>> 32;
          mean[4 * j + 3] += o >>> 32;
          meanEven[j] = 0;
          meanOdd[j] = 0;
        }
      }
      intFrames = 0;
    }
  }

  /**
   * A binary detector over packed uint16 frames: runs of longs whose four counts all belong to it, and
   * the other longs it touches with a mask of their counts that do. Summing needs no per-pixel work.
   */
  static final class PackedMask {
    /** Longs per run / partial block, so that 32-bit lanes of ≤ 2·65535 per long cannot overflow. */
    private static final int BLOCK = 16384;
    final int[] runs;
    final int[] partIdx;
    final long[] partMask;

    PackedMask(int[] idx, int n) {
      int longs = (n + 3) / 4;
      long[] mask = new long[longs];
      for (int i : idx) mask[i >> 2] |= 0xFFFFL << ((i & 3) << 4);
      int[] r = new int[2 * longs];
      int nr = 0;
      int[] pi = new int[longs];
      long[] pm = new long[longs];
      int np = 0;
      for (int j = 0; j < longs; j++) {
        if (mask[j] == -1L) {
          if (nr > 0 && r[nr - 1] == j && r[nr - 1] - r[nr - 2] < BLOCK) r[nr - 1] = j + 1;
          else {
            r[nr++] = j;
            r[nr++] = j + 1;
          }
        } else if (mask[j] != 0) {
          pi[np] = j;
          pm[np++] = mask[j];
        }
      }
      runs = java.util.Arrays.copyOf(r, nr);
      partIdx = java.util.Arrays.copyOf(pi, np);
      partMask = java.util.Arrays.copyOf(pm, np);
    }

    long sum(long[] packed) {
      long t = 0;
      for (int k = 0; k < runs.length; k += 2) {
        long lanes = 0;
        for (int j = runs[k]; j < runs[k + 1]; j++) {
          long w = packed[j];
          lanes += (w & LANES) + ((w >>> 16) & LANES);
        }
        t += (lanes & 0xFFFFFFFFL) + (lanes >>> 32);
      }
      for (int k0 = 0; k0 < partIdx.length; k0 += BLOCK) {
        long lanes = 0;
        int k1 = Math.min(partIdx.length, k0 + BLOCK);
        for (int k = k0; k < k1; k++) {
          long w = packed[partIdx[k]] & partMask[k];
          lanes += (w & LANES) + ((w >>> 16) & LANES);
        }
        t += (lanes & 0xFFFFFFFFL) + (lanes >>> 32);
      }
      return t;
    }
  }

  /** The indices in [0, n) that are not in {@code idx}, increasing. */
  static int[] complement(int[] idx, int n) {
    boolean[] in = new boolean[n];
    for (int i : idx) in[i] = true;
    int[] out = new int[n];
    int m = 0;
    for (int i = 0; i < n; i++) if (!in[i]) out[m++] = i;
    return java.util.Arrays.copyOf(out, m);
  }

  /** Runs {row, x0, x1} of consecutive indices (increasing) along detector rows. */
  static int[] spans(int[] idx, int dx) {
    int[] out = new int[3 * idx.length];
    int m = 0;
    int k = 0;
    while (k < idx.length) {
      int start = idx[k];
      int row = start / dx;
      int end = start + 1;
      k++;
      while (k < idx.length && idx[k] == end && end / dx == row) {
        end++;
        k++;
      }
      out[m++] = row;
      out[m++] = start % dx;
      out[m++] = (end - 1) % dx + 1;
    }
    return java.util.Arrays.copyOf(out, m);
  }

  /** The sum of a frame over runs from {@link #spans}, four independent partial sums per run. */
  static double spanSum(int[] spans, int dx, float[] frame) {
    double t = 0;
    for (int k = 0; k < spans.length; k += 3) {
      int b = spans[k] * dx;
      int x = spans[k + 1];
      int x1 = spans[k + 2];
      float a0 = 0;
      float a1 = 0;
      float a2 = 0;
      float a3 = 0;
      for (; x + 3 < x1; x += 4) {
        a0 += frame[b + x];
        a1 += frame[b + x + 1];
        a2 += frame[b + x + 2];
        a3 += frame[b + x + 3];
      }
      for (; x < x1; x++) a0 += frame[b + x];
      t += (double) a0 + a1 + a2 + a3;
    }
    return t;
  }

  /** Two 32-bit lanes: masks counts 0 and 2 of a packed long (see {@link FrameSource#readFrameUInt16}). */
  private static final long LANES = 0x0000FFFF0000FFFFL;

  /** Count {@code i} of a packed uint16 frame. */
  private static long count(long[] packed, int i) { return (packed[i >> 2] >>> ((i & 3) << 4)) & 0xFFFF; }

  /** A weighted detector's response over packed uint16 counts. */
  static double sum(int[] idx, float[] w, long[] packed) {
    double s = 0;
    for (int k = 0; k < idx.length; k++) s += count(packed, idx[k]) * w[k];
    return s;
  }

  /** A detector's response with four independent partial sums (breaks the add-latency chain). */
  static double sum(int[] idx, float[] w, boolean binary, float[] frame) {
    int n = idx.length;
    int k = 0;
    if (binary) {
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      for (; k + 3 < n; k += 4) {
        s0 += frame[idx[k]];
        s1 += frame[idx[k + 1]];
        s2 += frame[idx[k + 2]];
        s3 += frame[idx[k + 3]];
      }
      double s = s0 + s1 + s2 + s3;
      for (; k < n; k++) s += frame[idx[k]];
      return s;
    }
    double s = 0;
    for (; k < n; k++) s += frame[idx[k]] * w[k];
    return s;
  }

  private static void requireShape(VirtualDetector d, int dx, int dy) {
    if (d.detX() != dx || d.detY() != dy) {
      throw new IllegalArgumentException("detector " + d.name() + " is for " + d.detX() + "×" + d.detY()
          + " patterns; the cube has " + dx + "×" + dy);
    }
  }
}
