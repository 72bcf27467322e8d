package org.causalem.image;

import java.util.Arrays;
import java.util.Locale;
import org.causalem.data.Image;
import org.causalem.numeric.Stats;

/**
 * An image assembled from tiles recorded one after another: the high-resolution signal of a spectrum
 * image recorded with sub-pixel scanning (each spectrum pixel a small raster of its own), or a stitched
 * mosaic. Between tiles the dose, the drift and the detector's baseline change, so the image steps at
 * every tile seam and the lattice does not continue across seams.
 *
 * <p>Found from the jumps at the seams: along each axis, for every boundary between two neighbouring
 * lines, the median over the line of |Δᵢ − (Δᵢ₋₁ + Δᵢ₊₁)/2|, with Δᵢ the pixel-wise difference of the
 * two lines. Smooth structure (columns, gradients) changes Δ slowly and leaves this near the noise; a
 * step between tiles adds its jump. A period p dividing the image side, with at least three tiles, is a
 * tile size when the seams (every p-th boundary) stand out from their neighbouring boundaries (seams' direct
 * neighbours left out): the median over the seams of each one's ratio to its neighbours' median is at least
 * {@link #MIN_SCORE}, and at least half of the seams exceed twice their neighbours; the smallest such p is taken (its multiples pass too). When only one side is divided
 * so, the other side is tested for the same tile size with its seams at any phase (a mosaic cropped or cut in half).
 * An image cut so that neither side is a multiple of the tile size is not recognised.
 *
 * @param tileWidthPx tile width (px); the image width when no seams run along y
 * @param tileHeightPx tile height (px); the image height when no seams run along x
 * @param tilesX tiles across (cut tiles at the edges counted)
 * @param tilesY tiles down (cut tiles at the edges counted)
 * @param seamContrast the larger of the two axes' median ratio of a seam to its neighbouring boundaries
 */
public record TileMosaic(int tileWidthPx, int tileHeightPx, int tilesX, int tilesY, double seamContrast) {
  /** Seam median over the other boundaries' median from which an axis counts as tiled. */
  public static final double MIN_SCORE = 2.0;
  /** Lines sampled per boundary at most (evenly spaced) to keep the test cheap on large images. */
  private static final int MAX_SAMPLES = 256;
  /** Boundaries on either side of a seam that make its neighbourhood. */
  private static final int REACH = 6;
  /** How much more the seams must stand out than the same grid shifted off them. */
  private static final double PHASE_MARGIN = 1.5;

  /** The mosaic {@code image} is, or null when it shows no tile seams. */
  public static TileMosaic detect(Image image) {
    return detect(image.toFloat(), image.width(), image.height());
  }

  /** The mosaic of a row-major {@code w × h} image, or null when it shows no tile seams. */
  public static TileMosaic detect(float[] px, int w, int h) {
    double[] er = seamStatistic(px, h, w, w, 1);
    double[] ec = seamStatistic(px, w, h, 1, w);
    double[] rows = period(er, h);
    double[] cols = period(ec, w);
    if (rows == null && cols == null) return null;
    // a side the tiles do not divide (a cropped mosaic): the other side's tile size, at any phase
    if (rows == null) rows = period(er, h, (int) cols[0]);
    if (cols == null) cols = period(ec, w, (int) rows[0]);
    int th = rows == null ? h : (int) rows[0];
    int tw = cols == null ? w : (int) cols[0];
    double contrast = Math.max(rows == null ? 0 : rows[1], cols == null ? 0 : cols[1]);
    return new TileMosaic(tw, th, (w + tw - 1) / tw, (h + th - 1) / th, contrast);
  }

  /**
   * Whether the tiles are the 8 × 8-px block grid of lossy (JPEG) compression: both tile sides divide 8 (a side without
   * seams, the whole image, does not count).
   */
  public boolean compressionBlocks() {
    boolean x = tilesX == 1 || 8 % tileWidthPx == 0;
    boolean y = tilesY == 1 || 8 % tileHeightPx == 0;
    return x && y && (tilesX > 1 || tilesY > 1);
  }

  /** What a user must know, for notes and error messages. */
  public String describe() {
    if (compressionBlocks()) {
      return String.format(Locale.ROOT, "the image steps at every %d × %d px (%.1f × the change between the lines around it): the "
          + "8 × 8-px block grid of lossy (JPEG) compression, or sub-scans that small; compressed values are not the "
          + "detector's counts, so column intensities, their noise model and the position uncertainties do not hold: "
          + "use the original file", tileWidthPx, tileHeightPx, seamContrast);
    }
    return String.format(Locale.ROOT, "the image is a mosaic of %d × %d tiles of %d × %d px (it steps at every tile seam: "
        + "%.1f × the change between the lines around it), e.g. the sub-scans of a spectrum image's pixels recorded one after "
        + "another; dose, drift and baseline change between tiles, so positions and intensities are not comparable across "
        + "seams", tilesX, tilesY, tileWidthPx, tileHeightPx, seamContrast);
  }

  /** What to do when no lattice is found on this image. */
  public String advice() {
    return compressionBlocks() ? "the lattice search needs the uncompressed image"
        : "the lattice search needs one continuous scan (e.g. a survey image recorded in one pass)";
  }

  /**
   * Per boundary i between line i and i + 1 along an axis of {@code n} lines ({@code along} apart in the
   * array, {@code m} pixels a line, {@code across} apart): the median of the second difference of the lines'
   * differences; NaN where undefined (the first and the last two boundaries).
   */
  static double[] seamStatistic(float[] px, int n, int m, int along, int across) {
    double[] e = new double[Math.max(0, n - 1)];
    Arrays.fill(e, Double.NaN);
    int step = Math.max(1, (m + MAX_SAMPLES - 1) / MAX_SAMPLES);
    int k = (m + step - 1) / step;
    double[] v = new double[k];
    for (int i = 1; i + 2 < n; i++) {
      int q = 0;
      for (int j = 0; j < m; j += step) {
        int o = j * across;
        double prev = px[o + i * along] - px[o + (i - 1) * along];
        double cur = px[o + (i + 1) * along] - px[o + i * along];
        double next = px[o + (i + 2) * along] - px[o + (i + 1) * along];
        v[q++] = Math.abs(cur - 0.5 * (prev + next));
      }
      e[i] = Stats.median(v, q);
    }
    return e;
  }

  /** {period, contrast} of the smallest tile period along an axis of {@code n} lines, its seams at multiples of it, or null. */
  static double[] period(double[] e, int n) {
    for (int p = 4; 3 * p <= n; p++) {
      if (n % p != 0) continue;
      double score = score(e, p, 0);
      if (score > 0 && unlikeOtherPhases(e, p, 0, score)) return new double[] {p, score};
    }
    return null;
  }

  /**
   * {period, contrast} along an axis whose side {@code p} does not divide (a mosaic cropped or cut in half), given the
   * tile size {@code p} the other axis showed: the seams' phase is searched; null when no phase passes.
   */
  static double[] period(double[] e, int n, int p) {
    if (3 * p > n) return null;
    double best = 0;
    int at = 0;
    for (int phase = 0; phase < p; phase++) {
      double score = score(e, p, phase);
      if (score > best) {
        best = score;
        at = phase;
      }
    }
    return best > 0 && unlikeOtherPhases(e, p, at, best) ? new double[] {p, best} : null;
  }

  /**
   * Whether the seams at {@code phase} stand out {@link #PHASE_MARGIN} times more than the same grid shifted by 2 to
   * p − 2 lines: tile seams are where the tiles meet and nowhere else. A grid of lines that only happens to fall on the
   * image's own structure (the column centres of a lattice whose period the grid meets, in a noise-free image) finds
   * lines as strong at other shifts.
   */
  private static boolean unlikeOtherPhases(double[] e, int p, int phase, double score) {
    for (int d = 2; d <= p - 2; d++) {
      if (ratios(e, p, Math.floorMod(phase + d, p), null) * PHASE_MARGIN > score) return false;
    }
    return true;
  }

  /**
   * The median over the seams of each seam's ratio to its own neighbourhood — the boundaries within {@link #REACH} lines
   * that are neither seams nor a seam's direct neighbours — when the boundaries i with (i + 1) mod p = phase pass as seams
   * (at least two, at least half of them above twice their neighbourhood, the median ratio at least {@link #MIN_SCORE});
   * 0 when they do not. Each seam is compared with its neighbours, not with the whole image: across a finite object (a
   * nanoparticle on vacuum, a crystal edge) the lines through the object change more than those through the vacuum, and
   * seams that happen to run through it would stand out against the image-wide median.
   */
  private static double score(double[] e, int p, int phase) {
    int[] high = new int[2];
    double score = ratios(e, p, phase, high);
    return score >= MIN_SCORE && 2 * high[0] >= high[1] ? score : 0;
  }

  /**
   * The median over the seams at {@code phase} of each one's ratio to its neighbourhood (0 with fewer than two seams);
   * {@code counts}, when given, receives the seams above twice their neighbourhood and the seams.
   */
  private static double ratios(double[] e, int p, int phase, int[] counts) {
    double[] ratio = new double[e.length / p + 2];
    double[] local = new double[2 * REACH + 1];
    double all = Stats.median(e); // NaN boundaries left out
    double floor = Double.isNaN(all) ? 0 : 0.5 * all;
    int ns = 0;
    int high = 0;
    for (int i = 1; i < e.length; i++) {
      if (Double.isNaN(e[i]) || seamPhase(i, p, phase) != 0) continue;
      int nl = 0;
      for (int j = Math.max(1, i - REACH); j <= Math.min(e.length - 1, i + REACH); j++) {
        int r = seamPhase(j, p, phase);
        if (!Double.isNaN(e[j]) && r != 0 && r != 1 && r != p - 1) local[nl++] = e[j];
      }
      if (nl < 2) continue;
      // a flat, noise-free stretch (vacuum in a simulation) has no change to compare with: half the axis' median stands in
      double base = Math.max(Stats.median(local, nl), floor);
      double q = base > 0 ? e[i] / base : (e[i] > 0 ? Double.POSITIVE_INFINITY : 0);
      ratio[ns++] = q;
      if (q > 2) high++;
    }
    if (counts != null) {
      counts[0] = high;
      counts[1] = ns;
    }
    return ns < 2 ? 0 : Stats.median(ratio, ns);
  }

  /** 0 when boundary i is a seam (line i + 1 starts a tile), else how far past the last seam it lies. */
  private static int seamPhase(int i, int p, int phase) {
    return Math.floorMod(i + 1 - phase, p);
  }
}
