package org.causalem.image;

import java.util.Arrays;
import java.util.Locale;
import org.causalem.data.Image;

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
 * tile size when the median at the seams (every p-th boundary) is at least {@link #MIN_SCORE} times the
 * median at the other boundaries (seams' direct neighbours left out) and at least half of the seams
 * exceed twice that median; the smallest such p is taken (its multiples pass too). When only one side is divided
 * so, the other side is tested for the same tile size with its seams at any phase (a mosaic cropped or cut in half).
 * An image cut so that neither side is a multiple of the tile size is not recognised.
 *
 * @param tileWidthPx tile width (px); the image width when no seams run along y
 * @param tileHeightPx tile height (px); the image height when no seams run along x
 * @param tilesX tiles across (cut tiles at the edges counted)
 * @param tilesY tiles down (cut tiles at the edges counted)
 * @param seamContrast the larger of the two axes' seam medians over their other boundaries' median
 */
public record TileMosaic(int tileWidthPx, int tileHeightPx, int tilesX, int tilesY, double seamContrast) {
  /** Seam median over the other boundaries' median from which an axis counts as tiled. */
  public static final double MIN_SCORE = 2.0;
  /** Lines sampled per boundary at most (evenly spaced) to keep the test cheap on large images. */
  private static final int MAX_SAMPLES = 256;

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
      return String.format(Locale.ROOT, "the image steps at every %d × %d px (%.1f × the change between other lines): the "
          + "8 × 8-px block grid of lossy (JPEG) compression, or sub-scans that small; compressed values are not the "
          + "detector's counts, so column intensities, their noise model and the position uncertainties do not hold: "
          + "use the original file", tileWidthPx, tileHeightPx, seamContrast);
    }
    return String.format(Locale.ROOT, "the image is a mosaic of %d × %d tiles of %d × %d px (it steps at every tile seam: "
        + "%.1f × the change between other lines), e.g. the sub-scans of a spectrum image's pixels recorded one after "
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
      e[i] = median(v, q);
    }
    return e;
  }

  /** {period, contrast} of the smallest tile period along an axis of {@code n} lines, its seams at multiples of it, or null. */
  static double[] period(double[] e, int n) {
    for (int p = 4; 3 * p <= n; p++) {
      if (n % p != 0) continue;
      double score = score(e, p, 0);
      if (score > 0) return new double[] {p, score};
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
    for (int phase = 0; phase < p; phase++) best = Math.max(best, score(e, p, phase));
    return best > 0 ? new double[] {p, best} : null;
  }

  /**
   * The seam median over the other boundaries' median (seams' direct neighbours left out) when the boundaries i with
   * (i + 1) mod p = phase pass as seams (at least two, at least half of them above twice that median, the ratio at
   * least {@link #MIN_SCORE}); 0 when they do not.
   */
  private static double score(double[] e, int p, int phase) {
    double[] seam = new double[e.length / p + 2];
    double[] other = new double[e.length];
    int ns = 0;
    int no = 0;
    for (int i = 1; i < e.length; i++) {
      if (Double.isNaN(e[i])) continue;
      int r = Math.floorMod(i + 1 - phase, p);    // boundary i is a seam when line i + 1 starts a tile
      if (r == 0) seam[ns++] = e[i];
      else if (r != 1 && r != p - 1) other[no++] = e[i];
    }
    if (ns < 2 || no < 2) return 0;
    double base = median(other, no);
    int high = 0;
    for (int k = 0; k < ns; k++) if (seam[k] > 2 * base) high++;
    double med = median(seam, ns);
    double score = base > 0 ? med / base : (med > 0 ? Double.POSITIVE_INFINITY : 0);
    return score >= MIN_SCORE && 2 * high >= ns ? score : 0;
  }

  private static double median(double[] v, int n) {
    double[] c = Arrays.copyOf(v, n);
    Arrays.sort(c);
    return n % 2 == 1 ? c[n / 2] : 0.5 * (c[n / 2 - 1] + c[n / 2]);
  }
}
