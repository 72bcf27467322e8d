package org.causalem.fourd;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.causalem.data.DataCube4D;
import org.causalem.data.UInt16Frame;
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
   * @param meanPattern whether to sum the mean pattern too (a fifth of the integer pass's time)
   */
  public record Options(List<VirtualDetector> detectors, VirtualDetector comMask, boolean meanPattern) {
    public Options {
      detectors = List.copyOf(detectors);
      long distinct = detectors.stream().map(VirtualDetector::name).distinct().count();
      if (distinct != detectors.size()) throw new IllegalArgumentException("virtual detector names must be unique");
    }

    /** With the mean pattern. */
    public Options(List<VirtualDetector> detectors, VirtualDetector comMask) { this(detectors, comMask, true); }
  }

  private final Options options;

  public CubeScan(Options options) { this.options = Objects.requireNonNull(options); }

  /** Streams {@code cube} on {@code threads} threads. */
  public CubeMaps scan(DataCube4D cube, int threads, Progress progress) {
    int detX = cube.detX();
    int detY = cube.detY();
    for (VirtualDetector d : options.detectors()) requireShape(d, detX, detY);
    if (options.comMask() != null) requireShape(options.comMask(), detX, detY);
    Pass pass = new Pass(options, cube.scanX(), cube.scanY(), detX, detY);
    double[] sum = cube.reduce(pass, threads, progress).mean;
    if (options.meanPattern()) {
      for (int i = 0; i < sum.length; i++) sum[i] /= Math.max(1, pass.total.length);
    } else {
      sum = null;
    }
    Map<String, float[]> virtual = new LinkedHashMap<>();
    List<VirtualDetector> dets = options.detectors();
    for (int d = 0; d < dets.size(); d++) virtual.put(dets.get(d).name(), pass.images[d]);
    return new CubeMaps(cube.scanX(), cube.scanY(), detX, detY, virtual, pass.comX, pass.comY, pass.total, sum);
  }

  /**
   * One pass's reducer: the output maps, shared by the workers (each writes only the positions of its own scan
   * rows), and the detectors and centre-of-mass mask laid out for the two paths. The inner loops are element-wise
   * array updates (no loop-carried sums), which the JIT vectorises. uint16 cubes whose source can hand over raw
   * counts take an integer path (exact sums, no conversion, the file's pages read in place): one pass per detector
   * row for the mean pattern, the centre of mass and per-row prefix sums, from which binary detectors take whole runs.
   */
  private static final class Pass implements UInt16FrameReducer<Acc> {
    final int scanX;
    final int detX;
    final int detY;
    final float[][] images;
    final float[] comX;
    final float[] comY;
    final float[] total;
    final int[] maskIdx;
    final int[][] detIdx;
    final float[][] detW;
    final boolean[] detBinary;
    /** 0, 1, …, detX − 1 as floats. */
    final float[] xs;
    /** Binary detectors as runs of pixels along rows: contiguous sums instead of gathers. */
    final int[][] detSpans;
    /** The integer path reads binary detectors off per-row prefix sums: O(1) per run of whole words. */
    final PackedMask[] packedMasks;
    /** The centre-of-mass mask's pixels as (word, shift of the count in either lane order); null = no mask. */
    final int[] comWord;
    final int[] comShiftLe;
    final int[] comShiftBe;
    final boolean anyRuns;
    final boolean withMean;

    Pass(Options options, int scanX, int scanY, int detX, int detY) {
      this.scanX = scanX;
      this.detX = detX;
      this.detY = detY;
      int n = scanX * scanY;
      List<VirtualDetector> dets = options.detectors();
      images = new float[dets.size()][n];
      comX = new float[n];
      comY = new float[n];
      total = new float[n];
      VirtualDetector mask = options.comMask();
      maskIdx = mask == null ? null : mask.indices();
      detIdx = new int[dets.size()][];
      detW = new float[dets.size()][];
      detBinary = new boolean[dets.size()];
      for (int d = 0; d < dets.size(); d++) {
        detIdx[d] = dets.get(d).indices();
        detW[d] = dets.get(d).weights();
        detBinary[d] = dets.get(d).binary();
      }
      xs = new float[detX];
      for (int x = 0; x < detX; x++) xs[x] = x;
      detSpans = new int[dets.size()][];
      for (int d = 0; d < dets.size(); d++) if (detBinary[d]) detSpans[d] = spans(detIdx[d], detX);
      packedMasks = new PackedMask[dets.size()];
      if (detX % 4 == 0) {
        for (int d = 0; d < dets.size(); d++) if (detBinary[d]) packedMasks[d] = new PackedMask(detIdx[d], detX, detY);
      }
      if (maskIdx != null) {
        comWord = new int[maskIdx.length];
        comShiftLe = new int[maskIdx.length];
        comShiftBe = new int[maskIdx.length];
        for (int k = 0; k < maskIdx.length; k++) {
          comWord[k] = maskIdx[k] >> 2;
          comShiftLe[k] = 16 * (maskIdx[k] & 3);
          comShiftBe[k] = 16 * (3 - (maskIdx[k] & 3));
        }
      } else {
        comWord = null;
        comShiftLe = null;
        comShiftBe = null;
      }
      anyRuns = Arrays.stream(packedMasks).anyMatch(Objects::nonNull);
      withMean = options.meanPattern();
    }

    @Override public Acc create() { return new Acc(detX, detY); }

    @Override public boolean wantsUInt16(int frameDetX, int frameDetY) {
      return frameDetX % 4 == 0 && frameDetX <= Acc.MAX_INT_WIDTH;
    }

    // Counts arrive four per word; masking out alternate counts gives two 32-bit lanes, so every
    // long addition sums two counts exactly. Within a detector row no lane can overflow (see
    // Acc.MAX_INT_WIDTH); the mean pattern's lanes are flushed every Acc.MAX_INT_FRAMES frames.
    // Frames go through in pairs, so the mean pattern is updated once per two frames. The loop body
    // is the same for both lane orders: only the lanes' meaning differs.
    @Override public int uint16Group() { return GROUP; }

    @Override public void acceptUInt16(Acc acc, int ry, int rx, UInt16Frame[] frames, int count) {
      acc.reversed = frames[0].reversed();
      for (int g = 0; g < GROUP; g++) {
        acc.groupWords[g] = g < count ? frames[g].words() : acc.reversed ? acc.zerosBigEndian : acc.zeros;
        acc.groupBase[g] = g < count ? frames[g].offset() : 0;
      }
      wordPass(acc.groupWords, acc.groupBase, detX / 4, detY, withMean ? acc.meanEven : null, withMean ? acc.meanOdd : null,
          anyRuns ? acc.prefix : null, acc.moments);
      for (int g = 0; g < count; g++) finish(acc, ry, rx + g, frames[g], acc.prefix[g], acc.moments[g], g == count - 1 ? count : 0);
    }

    /** The maps at (ry, rx) from one frame's sums; counts {@code frames} more frames into the mean. */
    private void finish(Acc acc, int ry, int rx, UInt16Frame frame, long[] prefix, long[] m, int frames) {
      int p = ry * scanX + rx;
      LongBuffer words = frame.words();
      int base = frame.offset();
      boolean rev = frame.reversed();
      long s = m[0];
      long my = m[1];
      long xq = m[2];
      long oddLo = m[3];
      long oddHi = m[4];
      long hiSum = m[5];
      // mx = Σ x·c = 4·Σ j·(word sum) + Σ over the four lanes of (offset within the word)·(lane sum)
      long mx = 4 * xq + (rev
          // reversed: lanes (low to high) hold counts 3, 2, 1, 0 of each word
          ? 3 * (s - hiSum - oddLo) + 2 * oddLo + (hiSum - oddHi)
          : oddLo + 2 * (hiSum - oddHi) + 3 * oddHi);
      for (int d = 0; d < images.length; d++) {
        if (packedMasks[d] == null) images[d][p] = (float) sum(detIdx[d], detW[d], frame);
        else images[d][p] = (float) packedMasks[d].sum(prefix, words, base, rev);
      }
      acc.intFrames += frames;
      if (acc.intFrames > Acc.MAX_INT_FRAMES - GROUP || rx == scanX - 1) acc.flush();
      if (comWord != null) {
        int[] shift = rev ? comShiftBe : comShiftLe;
        s = 0;
        mx = 0;
        my = 0;
        for (int k = 0; k < comWord.length; k++) {
          long v = (words.get(base + comWord[k]) >>> shift[k]) & 0xFFFF;
          s += v;
          mx += v * (maskIdx[k] % detX);
          my += v * (maskIdx[k] / detX);
        }
      }
      total[p] = (float) s;
      comX[p] = s != 0 ? (float) ((double) mx / s) : Float.NaN;
      comY[p] = s != 0 ? (float) ((double) my / s) : Float.NaN;
    }

    @Override public void accept(Acc acc, int ry, int rx, float[] frame) {
      int p = ry * scanX + rx;
      float[] mean = acc.rowMean;
      double s = 0;
      double mx = 0;
      double my = 0;
      if (maskIdx == null) {
        double[] moments = acc.frameMoments;
        wholeFrameMoments(frame, moments);
        s = moments[0];
        mx = moments[1];
        my = moments[2];
        if (withMean) for (int k = 0; k < mean.length; k++) mean[k] += frame[k];
        for (int d = 0; d < images.length; d++) {
          images[d][p] = (float) (detSpans[d] != null ? spanSum(detSpans[d], detX, frame) : sum(detIdx[d], detW[d], false, frame));
        }
      } else {
        for (int d = 0; d < images.length; d++) images[d][p] = (float) sum(detIdx[d], detW[d], detBinary[d], frame);
        if (withMean) for (int k = 0; k < frame.length; k++) mean[k] += frame[k];
        for (int i : maskIdx) {
          float v = frame[i];
          s += v;
          mx += (double) v * (i % detX);
          my += (double) v * (i / detX);
        }
      }
      if (rx == scanX - 1) acc.flush();   // float sums over one scan row at most, then into doubles
      total[p] = (float) s;
      comX[p] = s != 0 ? (float) (mx / s) : Float.NaN;
      comY[p] = s != 0 ? (float) (my / s) : Float.NaN;
    }

    /**
     * The whole frame's sum and its x- and y-weighted sums into {@code out[0..2]}: per row, sums and x-weighted sums
     * with eight independent accumulators (no loop-carried dependency between consecutive pixels: about twice as
     * fast as one sum).
     */
    private void wholeFrameMoments(float[] frame, double[] out) {
      double s = 0;
      double mx = 0;
      double my = 0;
      for (int y = 0; y < detY; y++) {
        int b = y * detX;
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
        for (; x + 7 < detX; x += 8) {
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
        for (; x < detX; x++) {
          r0 += frame[b + x];
          q0 += frame[b + x] * xs[x];
        }
        double row = (double) r0 + r1 + r2 + r3 + r4 + r5 + r6 + r7;
        s += row;
        mx += (double) q0 + q1 + q2 + q3 + q4 + q5 + q6 + q7;
        my += row * y;
      }
      out[0] = s;
      out[1] = mx;
      out[2] = my;
    }

    @Override public Acc combine(Acc a, Acc b) {
      a.flush();
      b.flush();
      for (int i = 0; i < a.mean.length; i++) a.mean[i] += b.mean[i];
      return a;
    }
  }

  /** Per-worker scratch: the summed patterns. */
  private static final class Acc {
    final double[] mean;
    /** Frames a 32-bit lane of summed uint16 counts can hold without overflow (65537 · 65535 < 2³²). */
    static final int MAX_INT_FRAMES = 65537;
    /**
     * The widest detector row the integer path takes: the lanes of a row's summed running sums of
     * two counts stay below 2³² while 2·65535·q(q+1)/2 does (q = width/4 ≤ 255).
     */
    static final int MAX_INT_WIDTH = 1020;
    /** Sum of the patterns of the current scan row (float keeps the inner loop vectorisable). */
    final float[] rowMean;
    /**
     * The integer path's sums of at most {@link #MAX_INT_FRAMES} patterns in 32-bit lanes: meanEven[j]
     * holds lanes 0 and 2 of word j, meanOdd[j] lanes 1 and 3 (which counts those are depends on the
     * lane order, {@link #reversed}).
     */
    final long[] meanEven;
    final long[] meanOdd;
    /** Per frame of a group and detector row, running sums of the frame's words (two 32-bit lanes each). */
    final long[][] prefix;
    /** The integer path's per-frame sums (see {@link #wordPass}) of each frame of a group. */
    final long[][] moments = new long[GROUP][6];
    /**
     * A frame of zero counts, filling a group at the end of a scan row; in both byte orders, so that the
     * buffer reads in wordPass see the same buffer class as the file's frames.
     */
    final LongBuffer zeros;
    final LongBuffer zerosBigEndian;
    final LongBuffer[] groupWords = new LongBuffer[GROUP];
    final int[] groupBase = new int[GROUP];
    int intFrames;
    /** Lane order of the integer path's frames (see {@link UInt16Frame}). */
    boolean reversed;
    /** The float path's sum, x- and y-weighted sums of the current frame. */
    final double[] frameMoments = new double[3];

    Acc(int detX, int detY) {
      mean = new double[detX * detY];
      rowMean = new float[detX * detY];
      meanEven = new long[(detX * detY + 3) / 4];
      meanOdd = new long[(detX * detY + 3) / 4];
      int words = (detX * detY + 3) / 4;
      prefix = new long[GROUP][words];
      zeros = ByteBuffer.allocateDirect(8 * words).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
      zerosBigEndian = ByteBuffer.allocateDirect(8 * words).order(ByteOrder.BIG_ENDIAN).asLongBuffer();
    }

    void flush() {
      for (int i = 0; i < mean.length; i++) {
        mean[i] += rowMean[i];
        rowMean[i] = 0;
      }
      if (intFrames > 0) {
        // little-endian lanes: even words' lanes are counts 0 and 2, odd ones 1 and 3; reversed: 3 and 1, 2 and 0
        int e0 = reversed ? 3 : 0;
        int e1 = reversed ? 1 : 2;
        int o0 = reversed ? 2 : 1;
        int o1 = reversed ? 0 : 3;
        for (int j = 0; j < meanEven.length; j++) {
          long e = meanEven[j];
          long o = meanOdd[j];
          mean[4 * j + e0] += e & LOW;
          mean[4 * j + o0] += o & LOW;
          mean[4 * j + e1] += e >>> 32;
          mean[4 * j + o1] += o >>> 32;
          meanEven[j] = 0;
          meanOdd[j] = 0;
        }
      }
      intFrames = 0;
    }
  }

  /**
   * Frames per pass of the integer path: the mean pattern is updated once per pair. (Groups of four
   * measured slower on this JIT: too few registers for four frames' running sums.)
   */
  static final int GROUP = 2;

  /**
   * The integer path's pass over a pair of frames of the same shape, kept small so that the JIT
   * inlines the buffer reads. Per detector row: adds both frames' lanes into the mean pattern (when
   * {@code meanE} is not null), stores each frame's running row sums in its prefix array (when
   * {@code prefix} is not null), and leaves in each frame's {@code out}: the total, Σ y·row, Σ j·(word
   * sum j), the two lanes' sums of the odd lanes, and the sum of the high lanes. The optional stores
   * are loop-invariant tests, which the JIT hoists out of the loop.
   */
  static void wordPass(LongBuffer[] words, int[] bases, int q, int detY, long[] meanE, long[] meanO, long[][] prefix,
                       long[][] out) {
    boolean mean = meanE != null;
    boolean runs = prefix != null;
    LongBuffer w0 = words[0];
    LongBuffer w1 = words[1];
    int b0 = bases[0];
    int b1 = bases[1];
    long[] p0 = runs ? prefix[0] : null;
    long[] p1 = runs ? prefix[1] : null;
    for (long[] o : out) Arrays.fill(o, 0);
    for (int y = 0; y < detY; y++) {
      int row = y * q;
      long r0 = 0;
      long r1 = 0;
      long o0 = 0;
      long o1 = 0;
      long rr0 = 0;
      long rr1 = 0;
      for (int j = 0; j < q; j++) {
        int k = row + j;
        long u0 = w0.get(b0 + k);
        long u1 = w1.get(b1 + k);
        long e0 = u0 & LANES;
        long e1 = u1 & LANES;
        long d0 = (u0 >>> 16) & LANES;
        long d1 = (u1 >>> 16) & LANES;
        if (mean) {
          meanE[k] += e0 + e1;
          meanO[k] += d0 + d1;
        }
        r0 += e0 + d0;
        r1 += e1 + d1;
        o0 += d0;
        o1 += d1;
        rr0 += r0;
        rr1 += r1;
        if (runs) {
          p0[k] = r0;
          p1[k] = r1;
        }
      }
      addRow(out[0], y, q, r0, o0, rr0);
      addRow(out[1], y, q, r1, o1, rr1);
    }
  }

  /** Folds one detector row's lane sums (row sum r, odd lanes, Σ of running sums rr) into a frame's sums. */
  private static void addRow(long[] t, int y, int q, long r, long odd, long rr) {
    long hi = r >>> 32;
    long row = (r & LOW) + hi;
    t[0] += row;
    t[1] += row * y;
    // Σ j·(word sum j) = q·(row sum) − Σ of the running sums
    t[2] += q * row - ((rr & LOW) + (rr >>> 32));
    t[3] += odd & LOW;
    t[4] += odd >>> 32;
    t[5] += hi;
  }

  /**
   * A binary detector over uint16 frames read as words of four counts: per detector row, runs of
   * words whose four counts all belong to it — summed in O(1) from the row's prefix sums — and the
   * other words it touches, with a mask of their counts that do (one mask per lane order).
   */
  static final class PackedMask {
    /** {first word, last word} of each run (inclusive, within one row) as indices into the frame. */
    final int[] runs;
    /** Whether a run starts a row (no prefix before it). */
    final boolean[] runAtRowStart;
    final int[] partIdx;
    final long[] partMaskLe;
    final long[] partMaskBe;

    PackedMask(int[] idx, int detX, int detY) {
      int q = detX / 4;
      int words = q * detY;
      long[] le = new long[words];
      long[] be = new long[words];
      for (int i : idx) {
        le[i >> 2] |= 0xFFFFL << ((i & 3) << 4);
        be[i >> 2] |= 0xFFFFL << ((3 - (i & 3)) << 4);
      }
      int[] r = new int[2 * words];
      boolean[] starts = new boolean[words];
      int nr = 0;
      int[] pi = new int[words];
      int np = 0;
      for (int j = 0; j < words; j++) {
        if (le[j] == -1L) {
          if (nr > 0 && r[nr - 1] == j - 1 && j % q != 0) {
            r[nr - 1] = j;
          } else {
            starts[nr / 2] = j % q == 0;
            r[nr++] = j;
            r[nr++] = j;
          }
        } else if (le[j] != 0) {
          pi[np++] = j;
        }
      }
      runs = Arrays.copyOf(r, nr);
      runAtRowStart = Arrays.copyOf(starts, nr / 2);
      partIdx = Arrays.copyOf(pi, np);
      partMaskLe = new long[np];
      partMaskBe = new long[np];
      for (int k = 0; k < np; k++) {
        partMaskLe[k] = le[partIdx[k]];
        partMaskBe[k] = be[partIdx[k]];
      }
    }

    /** The detector's sum, given the frame's per-row prefix sums and its words. */
    long sum(long[] prefix, LongBuffer words, int base, boolean reversed) {
      long t = 0;
      for (int k = 0; k < runs.length; k += 2) {
        long lanes = prefix[runs[k + 1]] - (runAtRowStart[k >> 1] ? 0 : prefix[runs[k] - 1]);
        t += (lanes & LOW) + (lanes >>> 32);
      }
      long[] mask = reversed ? partMaskBe : partMaskLe;
      for (int k = 0; k < partIdx.length; k++) {
        long w = words.get(base + partIdx[k]) & mask[k];
        t += (w & 0xFFFF) + ((w >>> 16) & 0xFFFF) + ((w >>> 32) & 0xFFFF) + (w >>> 48);
      }
      return t;
    }
  }

  /** Runs {row, x0, x1} of consecutive indices (increasing) along detector rows. */
  static int[] spans(int[] idx, int detX) {
    int[] out = new int[3 * idx.length];
    int m = 0;
    int k = 0;
    while (k < idx.length) {
      int start = idx[k];
      int row = start / detX;
      int end = start + 1;
      k++;
      while (k < idx.length && idx[k] == end && end / detX == row) {
        end++;
        k++;
      }
      out[m++] = row;
      out[m++] = start % detX;
      out[m++] = (end - 1) % detX + 1;
    }
    return Arrays.copyOf(out, m);
  }

  /** The sum of a frame over runs from {@link #spans}, four independent partial sums per run. */
  static double spanSum(int[] spans, int detX, float[] frame) {
    double t = 0;
    for (int k = 0; k < spans.length; k += 3) {
      int b = spans[k] * detX;
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

  /** Two 32-bit lanes: masks counts 0 and 2 of a word (see {@link UInt16Frame}). */
  private static final long LANES = 0x0000FFFF0000FFFFL;
  /** The low 32-bit lane. */
  private static final long LOW = 0xFFFFFFFFL;

  /** A weighted detector's response over a frame's raw counts. */
  static double sum(int[] idx, float[] w, UInt16Frame frame) {
    double s = 0;
    for (int k = 0; k < idx.length; k++) s += frame.count(idx[k]) * w[k];
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

  private static void requireShape(VirtualDetector d, int detX, int detY) {
    if (d.detX() != detX || d.detY() != detY) {
      throw new IllegalArgumentException("detector " + d.name() + " is for " + d.detX() + "×" + d.detY()
          + " patterns; the cube has " + detX + "×" + detY);
    }
  }
}
