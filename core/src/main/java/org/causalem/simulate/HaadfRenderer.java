package org.causalem.simulate;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.List;
import org.causalem.data.Axis;
import org.causalem.data.Image;
import org.causalem.data.ImageStack;
import org.causalem.data.Metadata;
import org.causalem.data.Pixels;

/**
 * Renders a {@link Structure} as a HAADF-STEM image: each present site is a round Gaussian column of
 * peak {@code doseCounts × intensity} counts above a constant background, seen through the probe and the
 * scan of a {@link ScanDistortion}, then Poisson counting noise and Gaussian read noise.
 *
 * <p>The image is rendered physically: pixel (col, row) records the specimen at the position the scan
 * really visited ({@link ScanMap#specimenX}, {@link ScanMap#specimenY}), and the probe's tail is part of
 * the column profile (the probe convolved with the column); no finished image is ever warped. So a site at
 * specimen position (x, y) appears, apart from the line jitter, at {@link ScanMap#apparentX}/{@link ScanMap#apparentY}.
 */
public final class HaadfRenderer {
  /**
   * @param columnSigmaPx Gaussian column width (standard deviation) in px
   * @param doseCounts peak counts of a column of intensity 1 above background (without probe tail)
   * @param backgroundCounts constant background (counts per pixel)
   * @param readNoiseCounts standard deviation of Gaussian detector noise (counts); 0 for none
   * @param scan the instrument's scan and probe imperfections ({@link ScanDistortion#none()} for the ideal)
   * @param noise false renders the noise-free expected counts
   * @param seed seed of every random number (noise and line jitter)
   */
  public record Options(double columnSigmaPx, double doseCounts, double backgroundCounts, double readNoiseCounts,
                        ScanDistortion scan, boolean noise, long seed) {
    public Options {
      if (!(columnSigmaPx > 0.3) || !Double.isFinite(columnSigmaPx)) throw new IllegalArgumentException("columnSigmaPx must be > 0.3, got " + columnSigmaPx);
      if (!(doseCounts > 0) || !Double.isFinite(doseCounts)) throw new IllegalArgumentException("doseCounts must be > 0, got " + doseCounts);
      if (!(backgroundCounts >= 0) || !Double.isFinite(backgroundCounts)) throw new IllegalArgumentException("backgroundCounts must be >= 0, got " + backgroundCounts);
      if (!(readNoiseCounts >= 0) || !Double.isFinite(readNoiseCounts)) throw new IllegalArgumentException("readNoiseCounts must be >= 0, got " + readNoiseCounts);
      Objects.requireNonNull(scan, "scan");
    }

    /**
     * Uncorrelated row jitter and linear drift only (no fast-scan error, no probe tail).
     *
     * @param rowJitterPx standard deviation of an independent x offset per scan row (px); 0 for none
     * @param driftXPxPerRow specimen x drift per scan row (px); 0 for none
     * @param driftYPxPerRow specimen y drift per scan row (px); 0 for none
     */
    public Options(double columnSigmaPx, double doseCounts, double backgroundCounts, double readNoiseCounts,
                   double rowJitterPx, double driftXPxPerRow, double driftYPxPerRow, boolean noise, long seed) {
      this(columnSigmaPx, doseCounts, backgroundCounts, readNoiseCounts,
          ScanDistortion.none().withJitter(rowJitterPx, 0).withDrift(driftXPxPerRow, driftYPxPerRow), noise, seed);
    }

    /** Peak 150 counts, background 10, read noise 1, σ = 2.5 px, an ideal scan and probe. */
    public static Options defaults(long seed) { return new Options(2.5, 150, 10, 1, ScanDistortion.none(), true, seed); }

    public Options withColumnSigmaPx(double v) { return new Options(v, doseCounts, backgroundCounts, readNoiseCounts, scan, noise, seed); }
    public Options withDose(double counts, double background, double readNoise) { return new Options(columnSigmaPx, counts, background, readNoise, scan, noise, seed); }
    /** Replaces the jitter (uncorrelated) and drift of the current distortion. */
    public Options withScan(double jitterPx, double driftX, double driftY) { return withDistortion(scan.withJitter(jitterPx, 0).withDrift(driftX, driftY)); }
    public Options withDistortion(ScanDistortion d) { return new Options(columnSigmaPx, doseCounts, backgroundCounts, readNoiseCounts, d, noise, seed); }
    public Options withNoise(boolean on) { return new Options(columnSigmaPx, doseCounts, backgroundCounts, readNoiseCounts, scan, on, seed); }
    public Options withSeed(long s) { return new Options(columnSigmaPx, doseCounts, backgroundCounts, readNoiseCounts, scan, noise, s); }
  }

  private final Options options;

  public HaadfRenderer(Options options) { this.options = Objects.requireNonNull(options, "options"); }

  public Options options() { return options; }

  /** The scan of a {@code width × height} image rendered with these options (its line jitter drawn from the seed). */
  public ScanMap scanMap(int width, int height) { return new ScanMap(options.scan(), width, height, options.seed()); }

  /**
   * {@code specimen} rendered and its truth: the image, the scan that recorded it, and every site at its apparent
   * image position; the size is the given one, or ({@code 0}) the apparent extent plus {@code marginPx}.
   */
  Rendered renderFitted(Structure specimen, int widthPx, int heightPx, double marginXPx, double marginYPx) {
    // the size depends on the fast-scan map, which depends on the size: the drift-only extent first, then once more
    ScanMap drift = new ScanMap(ScanDistortion.none().withDrift(options.scan().driftXPxPerLine(), options.scan().driftYPxPerLine()), 1, 1, 0);
    Structure first = drift.apparent(specimen);
    int w = sizeOrFit(widthPx, first.x(), marginXPx);
    int h = sizeOrFit(heightPx, first.y(), marginYPx);
    if (widthPx == 0) w = sizeOrFit(0, scanMap(w, h).apparent(specimen).x(), marginXPx);
    ScanMap map = scanMap(w, h);
    return new Rendered(render(specimen, map), map.apparent(specimen), map);
  }

  record Rendered(Image image, Structure apparent, ScanMap scan) {}

  /**
   * An image side: {@code sizePx} when given (> 0), else one pixel past the largest of {@code 0} and the
   * {@code coordsPx} plus {@code marginPx}, rounded up.
   */
  static int sizeOrFit(int sizePx, double[] coordsPx, double marginPx) {
    if (sizePx != 0) return sizePx;
    double max = 0;
    for (double c : coordsPx) max = Math.max(max, c);
    return (int) Math.ceil(max + marginPx) + 1;
  }

  /** The expected counts per pixel (no noise), row-major. */
  public double[] expected(Structure s, int width, int height) {
    if (width < 1 || height < 1) throw new IllegalArgumentException("image size must be >= 1×1, got " + width + "×" + height);
    return expected(s, scanMap(width, height));
  }

  /** The expected counts per pixel (no noise) of {@code s} recorded through {@code map}, row-major. */
  public double[] expected(Structure s, ScanMap map) {
    int width = map.width();
    int height = map.height();
    ScanDistortion d = map.distortion();
    double[] fx = new double[width];
    double minStep = Double.POSITIVE_INFINITY;
    for (int c = 0; c < width; c++) {
      fx[c] = map.fastScanX(c);
      minStep = Math.min(minStep, map.specimenStepPx(c));
    }
    double maxJitter = 0;
    for (int r = 0; r < height; r++) maxJitter = Math.max(maxJitter, Math.abs(map.lineJitterPx(r)));
    double sigma = options.columnSigmaPx();
    double inv2s2 = 1 / (2 * sigma * sigma);
    double wTail = d.tailFraction();
    double tailS2 = sigma * sigma + d.tailSigmaPx() * d.tailSigmaPx();
    double inv2t2 = 1 / (2 * tailS2);
    double core = 1 - wTail;
    double tailPeak = wTail * sigma * sigma / tailS2;   // the tail holds wTail of the column's integrated counts
    double ox = d.tailOffsetXPx();
    double oy = d.tailOffsetYPx();
    double margin = 2 + 3 * d.jitterRmsPx();
    double reachY = (wTail > 0 ? Math.max(5 * sigma, 5 * Math.sqrt(tailS2) + Math.abs(oy)) : 5 * sigma) + margin;
    double reachX = (wTail > 0 ? Math.max(5 * sigma, 5 * Math.sqrt(tailS2) + Math.abs(ox)) : 5 * sigma) + margin;
    // bucket sites by apparent row band so each row only visits nearby sites
    double reachRows = reachY / (1 - Math.abs(d.driftYPxPerLine()));
    double reachCols = Math.max(reachX, reachX - 3 * d.jitterRmsPx() + maxJitter) / minStep;
    int band = Math.max(1, (int) Math.ceil(reachRows));
    int nBands = height / band + 1;
    int[] counts = new int[nBands + 1];
    double[] ax = new double[s.size()];
    double[] ay = new double[s.size()];
    for (int i = 0; i < s.size(); i++) {
      ax[i] = map.apparentX(s.x()[i], s.y()[i]);
      ay[i] = map.apparentY(s.x()[i], s.y()[i]);
      if (!s.present()[i]) continue;
      int b = (int) Math.floor(ay[i] / band);
      if (b >= 0 && b < nBands) counts[b + 1]++;
    }
    for (int b = 0; b < nBands; b++) counts[b + 1] += counts[b];
    int[] order = new int[counts[nBands]];
    int[] fill = counts.clone();
    for (int i = 0; i < s.size(); i++) {
      if (!s.present()[i]) continue;
      int b = (int) Math.floor(ay[i] / band);
      if (b >= 0 && b < nBands) order[fill[b]++] = i;
    }
    double[] mu = new double[width * height];
    double bg = options.backgroundCounts();
    double dose = options.doseCounts();
    IntStream.range(0, height).parallel().forEach(r -> {
      int off = r * width;
      double sy = map.specimenY(r);
      double shift = map.lineJitterPx(r) + d.driftXPxPerLine() * r;
      for (int c = 0; c < width; c++) mu[off + c] = bg;
      int b0 = Math.max(0, (int) Math.floor((r - reachRows) / band));
      int b1 = Math.min(nBands - 1, (int) Math.floor((r + reachRows) / band));
      for (int k = counts[b0]; k < counts[b1 + 1]; k++) {
        int i = order[k];
        double dy = sy - s.y()[i];
        if (Math.abs(dy) > reachY) continue;
        double amp = dose * s.intensity()[i];
        double ey = core * amp * Math.exp(-dy * dy * inv2s2);
        double dyt = dy - oy;
        double eyt = wTail > 0 ? tailPeak * amp * Math.exp(-dyt * dyt * inv2t2) : 0;
        int c0 = Math.max(0, (int) Math.floor(ax[i] - reachCols));
        int c1 = Math.min(width - 1, (int) Math.ceil(ax[i] + reachCols));
        for (int c = c0; c <= c1; c++) {
          double dx = fx[c] - shift - s.x()[i];
          double v = ey * Math.exp(-dx * dx * inv2s2);
          if (wTail > 0) {
            double dxt = dx - ox;
            v += eyt * Math.exp(-dxt * dxt * inv2t2);
          }
          mu[off + c] += v;
        }
      }
    });
    return mu;
  }

  /** Renders {@code s} into a {@code width × height} image of counts (noisy unless {@code noise} is off). */
  public Image render(Structure s, int width, int height) {
    if (width < 1 || height < 1) throw new IllegalArgumentException("image size must be >= 1×1, got " + width + "×" + height);
    return render(s, scanMap(width, height));
  }

  /** Renders {@code s} recorded through {@code map} (noisy unless {@code noise} is off). */
  public Image render(Structure s, ScanMap map) {
    int width = map.width();
    int height = map.height();
    double[] mu = expected(s, map);
    float[] px = new float[mu.length];
    IntStream.range(0, height).parallel().forEach(r -> {
      SplittableRandom rng = new SplittableRandom(mix(options.seed(), r));
      for (int c = 0; c < width; c++) {
        int i = r * width + c;
        double v = mu[i];
        if (options.noise()) {
          v = poisson(mu[i], rng);
          if (options.readNoiseCounts() > 0) v += options.readNoiseCounts() * gaussian(rng);
        }
        px[i] = (float) v;
      }
    });
    return Image.of(px, width, height);
  }

  /**
   * Renders a movie: frame k shows {@code frames.get(k)} (sites may move, appear or vanish between
   * frames) with noise seeded by {@code seed + k}, so every frame has its own independent noise.
   *
   * @param frameTimesS time of each frame in seconds, or null
   */
  public ImageStack renderMovie(List<Structure> frames, int width, int height, double[] frameTimesS) {
    if (frames.isEmpty()) throw new IllegalArgumentException("a movie needs at least one frame");
    if (frameTimesS != null && frameTimesS.length != frames.size()) {
      throw new IllegalArgumentException(frameTimesS.length + " frame times for " + frames.size() + " frames");
    }
    int n = width * height;
    float[] all = new float[Math.multiplyExact(n, frames.size())];
    for (int k = 0; k < frames.size(); k++) {
      Image f = new HaadfRenderer(options.withSeed(options.seed() + k)).render(frames.get(k), width, height);
      System.arraycopy(f.toFloat(), 0, all, k * n, n);
    }
    return new ImageStack("movie", Pixels.ofFloats(all), Axis.pixels("frame", frames.size()), Axis.pixels("y", height),
        Axis.pixels("x", width), frameTimesS == null ? null : frameTimesS.clone(), null, Metadata.EMPTY);
  }

  static long mix(long seed, long k) {
    long z = seed + 0x9E3779B97F4A7C15L * (k + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static double gaussian(SplittableRandom r) {
    double u, v, s;
    do {
      u = 2 * r.nextDouble() - 1;
      v = 2 * r.nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    return u * Math.sqrt(-2 * Math.log(s) / s);
  }

  /** A Poisson variate: Knuth's product method below 30, Hörmann's transformed rejection (PTRS) above. */
  static long poisson(double lambda, SplittableRandom r) {
    if (lambda <= 0) return 0;
    if (lambda < 30) {
      double l = Math.exp(-lambda);
      long k = 0;
      double p = r.nextDouble();
      while (p > l) {
        k++;
        p *= r.nextDouble();
      }
      return k;
    }
    double slam = Math.sqrt(lambda);
    double loglam = Math.log(lambda);
    double b = 0.931 + 2.53 * slam;
    double a = -0.059 + 0.02483 * b;
    double invalpha = 1.1239 + 1.1328 / (b - 3.4);
    double vr = 0.9277 - 3.6224 / (b - 2);
    while (true) {
      double u = r.nextDouble() - 0.5;
      double v = r.nextDouble();
      double us = 0.5 - Math.abs(u);
      long k = (long) Math.floor((2 * a / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      double lhs = Math.log(v * invalpha / (a / (us * us) + b));
      double rhs = -lambda + k * loglam - logFactorial(k);
      if (lhs <= rhs) return k;
    }
  }

  private static double logFactorial(long k) {
    if (k < 2) return 0;
    double x = k + 1.0;
    // Stirling series for log Γ(x)
    return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x);
  }
}
