package org.causalem.lattice;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.causalem.data.Image;
import org.causalem.image.Columns;
import org.causalem.image.GaussianRefiner;
import org.causalem.table.DescriptorTable;

/**
 * Measurement-level descriptors of every unit cell: what the microscope and the fit did there, as
 * opposed to what the specimen is. A STEM image is recorded line by line, so the scan is a cause of every
 * measured descriptor (see {@code SCIENCE.md}, "the scan is a cause"); these columns let the causal layer
 * declare it as exogenous nuisance nodes ({@link #NUISANCE}).
 *
 * <ul>
 *   <li>{@code scan_line_offset_px}: the x offset of the scan line at the cell centre's row (line jitter,
 *       non-linear drift), from the mean residual of the site-0 columns along each line about a smooth
 *       lattice model ({@link ScanModel});
 *   <li>{@code sampling_x}, {@code sampling_y}: local scan magnification along the fast (x) and slow (y)
 *       scan relative to the mean — a smooth function of x only (y only), estimated from the column spacing
 *       of the whole frame at that x (y), so an instrument property and not a function of the cell's own
 *       a_px, b_px;
 *   <li>{@code width_A_px}, {@code width_B_px}: {@code sqrt(σx·σy)} of the fitted Gaussians, mean over the
 *       cell's four A corners, and of its B column;
 *   <li>{@code background}: mean local background of the cell's column fits (image units);
 *   <li>{@code fit_residual}: RMS Pearson residual of the cell's column fits, {@code (data − model)²/model}
 *       averaged over each column's fit window, relative to the image's median column (1 = a typical fit,
 *       larger = the Gaussian model fits worse than the noise explains: a defect, contamination, a tail);
 *   <li>{@code edge_distance_px}: distance of the cell centre to the nearest image edge;
 *   <li>{@code intensity_A_norm}, {@code intensity_B_norm} (and {@code *_sigma}): composition proxies that
 *       do not move with the scan. A fitted column's integrated intensity is {@code 2π·A·σx·σy} in pixel
 *       units: where the fast scan is slower, the same column covers more pixels (σx in px grows) and
 *       collects more counts, so the raw integrated intensity grows with the local magnification together
 *       with a_px and the widths. Dividing each column's intensity by {@code sampling_x·sampling_y} at its
 *       own position integrates it over a fixed physical area instead (compare the scattering cross-sections
 *       of StatSTEM). The peak amplitude would not need this, but it trades against the width under probe
 *       changes and is noisier. What remains: the fitted σx·σy trades against the fitted background, and with
 *       a probe tail a fit window fixed in pixels catches a sampling-dependent share of the tail, so these
 *       still follow the scan a little (homogeneous scene, probe tail on: |corr with a_px| up to 0.11 per seed);
 *   <li>{@code intensity_A_ap}, {@code intensity_B_ap} (and {@code *_sigma}): aperture intensities
 *       ({@link #aperture}), nothing fitted: the counts above the local background summed over a fixed
 *       <em>physical</em> disc around each column — its radius in pixels scales with the local sampling, so where
 *       the scan is slower it covers proportionally more pixels — the background the mean of an annulus scaled the
 *       same way, divided by the local sampling area. The same physical part of every column's profile (probe
 *       tail included) is summed whatever the scan did, so they do not move with it: noise-free, their relative
 *       change per unit of local magnification is 0.002-0.05, the raw intensity's ≈ 1. Their standard errors
 *       come from the pixels' noise model and match the scatter on homogeneous simulated scenes (0.9-1.0); on
 *       a real image whose pixel noise is correlated along the fast scan they are too small (shared SrTiO3
 *       image: the proxies scatter 1.4-1.9× more). The causal search keeps {@code intensity_*_norm} (see
 *       BENCHMARKS.md: with the sharper aperture proxy the demo exposes the under-reported error of a_px).
 * </ul>
 */
public final class InstrumentDescriptors {
  /** The exogenous nuisance nodes the causal layer declares: nothing in the specimen causes them. */
  public static final List<String> NUISANCE = List.of("x_px", "y_px", "scan_line_offset_px", "sampling_x", "sampling_y",
      "width_A_px", "width_B_px", "background", "fit_residual", "edge_distance_px");

  /** The columns {@link #append} adds to a cell table. */
  public static final List<String> COLUMNS = List.of("scan_line_offset_px", "sampling_x", "sampling_y", "width_A_px",
      "width_B_px", "background", "fit_residual", "edge_distance_px", "intensity_A_norm", "intensity_B_norm",
      "intensity_A_norm_sigma", "intensity_B_norm_sigma", "intensity_A_ap", "intensity_B_ap", "intensity_A_ap_sigma",
      "intensity_B_ap_sigma");

  private static final List<String> UNITS = List.of("px", "", "", "px", "px", "", "", "px", "", "", "", "", "", "", "", "");

  private InstrumentDescriptors() {}

  /**
   * The cell table with {@link #COLUMNS} appended.
   *
   * @param cells from {@link UnitCells} (uses {@code row}, {@code col}, {@code x_px}, {@code y_px}); not modified
   * @param cols the refined columns the cells were built from
   * @param fitResidual per-column relative RMS Pearson residual ({@link #fitResidual}); NaN entries allowed
   * @param aperture per-column aperture intensities ({@link #aperture}), the composition proxies
   */
  public static DescriptorTable append(DescriptorTable cells, Columns cols, Lattice lattice, ScanModel scan,
                                       double[] fitResidual, Aperture aperture, int width, int height) {
    Map<Long, Integer> at = new HashMap<>();
    for (int i = 0; i < cols.size(); i++) if (lattice.site()[i] >= 0) at.put(key(lattice.site()[i], lattice.row()[i], lattice.col()[i]), i);
    int n = cells.rows();
    double[][] out = new double[COLUMNS.size()][n];
    for (double[] o : out) Arrays.fill(o, Double.NaN);
    double[] row = cells.column("row");
    double[] col = cells.column("col");
    double[] cx = cells.column("x_px");
    double[] cy = cells.column("y_px");
    boolean hasB = lattice.sites() > 1;
    int[] corner = new int[4];
    for (int c = 0; c < n; c++) {
      int r = (int) row[c];
      int k = (int) col[c];
      out[0][c] = scan.lineOffset(cy[c]);
      out[1][c] = scan.samplingX(cx[c]);
      out[2][c] = scan.samplingY(cy[c]);
      out[7][c] = Math.min(Math.min(cx[c], cy[c]), Math.min(width - 1 - cx[c], height - 1 - cy[c]));
      corner[0] = idx(at, 0, r, k);
      corner[1] = idx(at, 0, r, k + 1);
      corner[2] = idx(at, 0, r + 1, k);
      corner[3] = idx(at, 0, r + 1, k + 1);
      int b = hasB ? idx(at, 1, r, k) : -1;
      double wa = 0;
      double bg = 0;
      double fr = 0;
      double ia = 0;
      double va = 0;
      int na = 0;
      double pa = 0;
      double qa = 0;
      int ma = 0;
      int nb = 0;
      int nf = 0;
      for (int i : corner) {
        if (i < 0) continue;
        wa += width(cols, i);
        bg += cols.background()[i];
        nb++;
        if (Double.isFinite(fitResidual[i])) {
          fr += fitResidual[i] * fitResidual[i];
          nf++;
        }
        double s = scan.samplingX(cols.x()[i]) * scan.samplingY(cols.y()[i]);
        ia += cols.intensity()[i] / s;
        va += sq(cols.intensityErr()[i] / s);
        na++;
        if (Double.isFinite(aperture.value()[i])) {
          pa += aperture.value()[i];
          qa += sq(aperture.sigma()[i]);
          ma++;
        }
      }
      if (na == 4) {
        out[3][c] = wa / 4;
        out[8][c] = ia / 4;
        out[10][c] = Math.sqrt(va) / 4;
      }
      if (ma == 4) {
        out[12][c] = pa / 4;
        out[14][c] = Math.sqrt(qa) / 4;
      }
      if (b >= 0) {
        out[4][c] = width(cols, b);
        bg += cols.background()[b];
        nb++;
        if (Double.isFinite(fitResidual[b])) {
          fr += fitResidual[b] * fitResidual[b];
          nf++;
        }
        double s = scan.samplingX(cols.x()[b]) * scan.samplingY(cols.y()[b]);
        out[9][c] = cols.intensity()[b] / s;
        out[11][c] = cols.intensityErr()[b] / s;
        out[13][c] = aperture.value()[b];
        out[15][c] = aperture.sigma()[b];
      }
      if (nb > 0) out[5][c] = bg / nb;
      if (nf > 0) out[6][c] = Math.sqrt(fr / nf);
    }
    List<String> names = new ArrayList<>(cells.names());
    List<String> units = new ArrayList<>(cells.units());
    double[][] all = Arrays.copyOf(cells.columns(), cells.width() + COLUMNS.size());
    for (int j = 0; j < COLUMNS.size(); j++) {
      names.add(COLUMNS.get(j));
      units.add(UNITS.get(j));
      all[cells.width() + j] = out[j];
    }
    return new DescriptorTable(names, units, all);
  }

  /**
   * Per column, the RMS Pearson residual {@code sqrt(mean((d − μ)²/μ))} over its fit window of radius
   * {@code radiusPx}, with μ the background of that column plus the fitted Gaussians of every column
   * (neighbours' tails included), divided by the median over the converged columns (so the image's noise
   * gain cancels). NaN for a column whose fit did not converge.
   *
   * @param image the image the columns were fitted on; not modified
   */
  public static double[] fitResidual(Image image, Columns cols, double radiusPx) {
    int w = image.width();
    int h = image.height();
    float[] px = image.toFloat();
    double off = GaussianRefiner.positiveOffset(px);   // the refiner's convention: data kept positive for Poisson weights
    float[] model = model(cols, w, h, radiusPx);
    int n = cols.size();
    double[] ratio = new double[n];
    int[] order = GaussianRefiner.spatialOrder(cols.x(), cols.y(), w, h, 2 * radiusPx);   // windows sharing image rows together
    IntStream.range(0, n).parallel().forEach(k -> ratio[order[k]] = pearson(px, model, w, h, off, cols, order[k], radiusPx));
    double[] sorted = Arrays.stream(ratio).filter(Double::isFinite).sorted().toArray();
    double med = sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    double[] out = new double[n];
    for (int i = 0; i < n; i++) out[i] = med > 0 ? Math.sqrt(ratio[i] / med) : Double.NaN;
    return out;
  }

  /** Rows of the model image rendered by one task: each pixel adds its columns in index order whatever the split. */
  private static final int BAND_ROWS = 32;

  /**
   * The sum of the fitted Gaussians of the converged columns (each out to 4σ, at most 4 window radii), as floats (a
   * 4k × 4k image costs 64 MB, not 128); bands of rows in parallel, each with the columns that reach into it.
   */
  private static float[] model(Columns cols, int w, int h, double radiusPx) {
    int n = cols.size();
    double[] reach = new double[n];   // NaN: not drawn
    int[] y0 = new int[n];
    int[] y1 = new int[n];
    int bands = (h + BAND_ROWS - 1) / BAND_ROWS;
    int[] start = new int[bands + 1];
    for (int i = 0; i < n; i++) {
      reach[i] = reach(cols, i, radiusPx);
      y0[i] = Double.isNaN(reach[i]) ? 0 : Math.max(0, (int) Math.floor(cols.y()[i] - reach[i]));
      y1[i] = Double.isNaN(reach[i]) ? -1 : Math.min(h - 1, (int) Math.ceil(cols.y()[i] + reach[i]));
      for (int b = y0[i] / BAND_ROWS; y0[i] <= y1[i] && b <= y1[i] / BAND_ROWS; b++) start[b + 1]++;
    }
    for (int b = 0; b < bands; b++) start[b + 1] += start[b];
    int[] list = new int[start[bands]];   // per band, the columns that reach into it, in index order
    int[] fill = Arrays.copyOf(start, bands);
    for (int i = 0; i < n; i++) {
      for (int b = y0[i] / BAND_ROWS; y0[i] <= y1[i] && b <= y1[i] / BAND_ROWS; b++) list[fill[b]++] = i;
    }
    return drawBands(cols, w, h, reach, start, list);
  }

  /** How far column i is drawn (px): 4σ, at most 4 window radii; NaN for a failed fit or no positive amplitude. */
  private static double reach(Columns cols, int i, double radiusPx) {
    if (!cols.converged(i)) return Double.NaN;
    double reach = 4 * Math.max(cols.sigmaXPx(i), cols.sigmaYPx(i));
    if (!Double.isFinite(reach) || !(cols.amplitude()[i] > 0)) return Double.NaN;
    return Math.min(reach, 4 * radiusPx);
  }

  /** Renders the bands of rows in parallel, band b from its columns {@code list[start[b]] … list[start[b + 1] − 1]}. */
  private static float[] drawBands(Columns cols, int w, int h, double[] reach, int[] start, int[] list) {
    float[] model = new float[w * h];
    IntStream.range(0, start.length - 1).parallel().forEach(band -> drawBand(model, cols, w, h, reach, start, list, band));
    return model;
  }

  private static void drawBand(float[] model, Columns cols, int w, int h, double[] reach, int[] start, int[] list, int band) {
    int top = band * BAND_ROWS;
    int bottom = Math.min(h - 1, top + BAND_ROWS - 1);
    for (int k = start[band]; k < start[band + 1]; k++) {
      int i = list[k];
      double x = cols.x()[i];
      double y = cols.y()[i];
      double p = cols.p()[i];
      double q = cols.q()[i];
      double r = cols.r()[i];
      double a = cols.amplitude()[i];
      int y0 = Math.max(top, (int) Math.floor(y - reach[i]));
      int y1 = Math.min(bottom, (int) Math.ceil(y + reach[i]));
      int x0 = Math.max(0, (int) Math.floor(x - reach[i]));
      int x1 = Math.min(w - 1, (int) Math.ceil(x + reach[i]));
      for (int yy = y0; yy <= y1; yy++) {
        double dy = yy - y;
        for (int xx = x0; xx <= x1; xx++) {
          double dx = xx - x;
          model[yy * w + xx] += (float) (a * Math.exp(-0.5 * (p * dx * dx + 2 * q * dx * dy + r * dy * dy)));
        }
      }
    }
  }

  /** Mean {@code (d − μ)²/μ} over column i's fit window (μ: its background, the model and the offset); NaN for a failed fit. */
  private static double pearson(float[] px, float[] model, int w, int h, double off, Columns cols, int i, double radiusPx) {
    if (!cols.converged(i)) return Double.NaN;
    double r2 = radiusPx * radiusPx;
    double bg = cols.background()[i];
    int x0 = Math.max(0, (int) Math.ceil(cols.x()[i] - radiusPx));
    int x1 = Math.min(w - 1, (int) Math.floor(cols.x()[i] + radiusPx));
    int y0 = Math.max(0, (int) Math.ceil(cols.y()[i] - radiusPx));
    int y1 = Math.min(h - 1, (int) Math.floor(cols.y()[i] + radiusPx));
    double s = 0;
    int m = 0;
    for (int yy = y0; yy <= y1; yy++) {
      double dy = yy - cols.y()[i];
      for (int xx = x0; xx <= x1; xx++) {
        double dx = xx - cols.x()[i];
        if (dx * dx + dy * dy > r2) continue;
        double mu = bg + model[yy * w + xx] + off;
        double d = px[yy * w + xx] + off - mu;
        s += d * d / Math.max(mu, 1e-9);
        m++;
      }
    }
    return m > 0 ? s / m : Double.NaN;
  }

  /** Columns per parallel task. */
  private static final int CHUNK = 256;

  /** Aperture radius, as a fraction of the median nearest-neighbour column distance (physical, mean sampling). */
  static final double APERTURE = 0.3;

  /** Inner and outer radius of the background annulus, same unit. */
  static final double ANNULUS_IN = 0.35;
  static final double ANNULUS_OUT = 0.45;

  /**
   * Per column, the counts above the local background in a fixed physical aperture, and their standard error.
   *
   * @param value NaN where the column's fit failed or its aperture or annulus leaves the image
   * @param radiusPx aperture radius at the mean sampling (px)
   * @param innerPx inner radius of the background annulus at the mean sampling (px)
   * @param outerPx its outer radius (px)
   */
  public record Aperture(double[] value, double[] sigma, double radiusPx, double innerPx, double outerPx, NoiseCorrelation noise) {}

  /** Lags (px) of the pixel-noise correlation estimated along each scan direction. */
  static final int NOISE_LAGS = 8;

  /**
   * Below this lag-1 correlation the estimate is treated as zero: on simulated scenes with independent pixel noise
   * the estimator reads 0.00-0.01, and 0.05-0.07 with line jitter (the jitter's row shifts leak the lattice into
   * the high spatial frequencies it uses, see {@link #noiseCorrelation}); 1.7 times the largest leak.
   */
  static final double NOISE_SIGNIFICANT = 0.12;

  /**
   * The pixel-noise correlation at lags 1..{@link #NOISE_LAGS} along x and y, and whether it is significant
   * (lag-1 above {@link #NOISE_SIGNIFICANT} along either direction); when it is not, the aperture errors assume
   * independent pixels.
   */
  public record NoiseCorrelation(double[] x, double[] y, boolean significant) {
    /** As outputs record it (atoms' summary.json, ferroic's instrument_check): lags, x, y, significant, applied_to. */
    public Map<String, Object> summary() {
      Map<String, Object> m = new java.util.LinkedHashMap<>();
      int[] lags = new int[x.length];
      for (int l = 0; l < lags.length; l++) lags[l] = l + 1;
      m.put("lags_px", lags);
      m.put("x", x);
      m.put("y", y);
      m.put("significant", significant);
      m.put("applied_to", significant ? List.of("intensity_A_ap_sigma", "intensity_B_ap_sigma") : List.of());
      return m;
    }
  }

  /**
   * The image's pixel-noise correlation with the specimen cancelled. A STEM detector whose response outlasts the
   * dwell correlates consecutive pixels along the fast scan; the specimen's signal (probe-limited columns) has no
   * power at high spatial frequencies. So the noise's spectrum along x is read in the rows of the 2-D power
   * spectrum with |k_y| ≥ ¼ cycle/px (averaged over Hann-windowed 64-px tiles, half overlapping), where only noise
   * is left whatever k_x, and its cosine transform is the correlation along x; the same with x and y swapped.
   * Measured: real STO_HAADF_noisy.emd 0.32 at lag 1 along its correlated direction, ≤ 0.002 along the other;
   * simulated scenes with independent noise ≤ 0.01, with the simulator's line jitter 0.05-0.07 along x.
   */
  public static NoiseCorrelation noiseCorrelation(Image image) {
    int w = image.width();
    int h = image.height();
    int t = 64;
    double[] zero = new double[NOISE_LAGS];
    if (w < t || h < t) return new NoiseCorrelation(zero, zero.clone(), false);
    float[] px = image.toFloat();
    double[] hann = new double[t];
    for (int i = 0; i < t; i++) hann[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (t - 1));
    double[] sx = new double[t];   // mean power at (kx, |ky| >= 1/4) over ky and tiles
    double[] sy = new double[t];
    int across = (w - t) / (t / 2) + 1;
    ThreadLocal<TileTransform> transform = ThreadLocal.withInitial(() -> new TileTransform(t));
    double[][] power = new double[across][t * t];
    for (int y0 = 0; y0 + t <= h; y0 += t / 2) {
      // the tiles of a row of tiles transformed in parallel, their power added in the order of one loop over the tiles
      int top = y0;
      IntStream.range(0, across).parallel().forEach(j -> transform.get().power(px, w, j * (t / 2), top, hann, power[j]));
      for (double[] p : power) {
        for (int r = 0; r < t; r++) {
          boolean hy = Math.min(r, t - r) >= t / 4;
          for (int c = 0; c < t; c++) {
            if (hy) sx[c] += p[r * t + c];
            if (Math.min(c, t - c) >= t / 4) sy[r] += p[r * t + c];
          }
        }
      }
    }
    double[] rx = cosine(sx);
    double[] ry = cosine(sy);
    boolean sig = Math.max(rx[0], ry[0]) > NOISE_SIGNIFICANT;
    return new NoiseCorrelation(rx, ry, sig);
  }

  /** One thread's 2-D FFT of a tile and its buffer. */
  private static final class TileTransform {
    private final org.jtransforms.fft.DoubleFFT_2D fft;
    private final double[] a;   // interleaved complex tile, row-major

    TileTransform(int t) {
      fft = new org.jtransforms.fft.DoubleFFT_2D(t, t);
      a = new double[2 * t * t];
    }

    /** The power spectrum (row-major, t × t) of the Hann-windowed, mean-free tile of side t at (x0, y0), into {@code p}. */
    void power(float[] px, int w, int x0, int y0, double[] hann, double[] p) {
      int t = hann.length;
      double mean = 0;
      for (int r = 0; r < t; r++) for (int c = 0; c < t; c++) mean += px[(y0 + r) * w + x0 + c];
      mean /= t * t;
      for (int r = 0; r < t; r++) {
        for (int c = 0; c < t; c++) {
          double v = px[(y0 + r) * w + x0 + c];
          a[2 * (r * t + c)] = Double.isFinite(v) ? (v - mean) * hann[r] * hann[c] : 0;
          a[2 * (r * t + c) + 1] = 0;
        }
      }
      fft.complexForward(a);
      for (int k = 0; k < t * t; k++) p[k] = a[2 * k] * a[2 * k] + a[2 * k + 1] * a[2 * k + 1];
    }
  }

  /** Lags 1..NOISE_LAGS of the normalised cosine transform of a power spectrum. */
  private static double[] cosine(double[] s) {
    int t = s.length;
    double tot = 0;
    for (double v : s) tot += v;
    double[] r = new double[NOISE_LAGS];
    if (!(tot > 0)) return r;
    for (int l = 1; l <= NOISE_LAGS; l++) {
      double a = 0;
      for (int k = 0; k < t; k++) a += s[k] * Math.cos(2 * Math.PI * k * l / t);
      r[l - 1] = a / tot;
    }
    return r;
  }

  /**
   * The composition proxy of every column, measured over a fixed <em>physical</em> area so that it does not
   * move with the scan. Around the fitted centre, the aperture is the ellipse of semi-axes
   * {@code R·sampling_x} by {@code R·sampling_y} pixels (the local magnification of {@link ScanModel}) with
   * {@code R} = 0.3 of the median nearest-neighbour column distance; the background is the
   * mean over the elliptical annulus between 0.4 and 0.55 of that distance scaled the same way. Value:
   * {@code (Σ_aperture d − N·b) / (sampling_x·sampling_y)} with {@code N} the aperture's pixel count, i.e. the
   * counts above background per physical area of the mean sampling, times the aperture's physical area. Where
   * the fast scan is slower every column covers proportionally more pixels, and so do the aperture and the
   * annulus: the same physical region of the column profile (core, probe tail and neighbours' tails alike) is
   * summed whatever the sampling, and nothing is fitted, so no width/background trade-off of a Gaussian fit can
   * enter. Pixels on the edge of a region count by the fraction of their width inside it.
   *
   * <p>Standard error: both terms are linear in the pixels, so with the image's noise model (variance
   * {@code gain·(d + offset)}, the refiner's {@link Columns#gain()} and positivity offset)
   * {@code Var = gain·[Σ w_a²(d+o) + (N/M)²·Σ w_b²(d+o)] / (sampling_x·sampling_y)²}, M the annulus' pixel count.
   * When the image's pixel noise is significantly correlated along a scan direction ({@link #noiseCorrelation}),
   * the correlated pairs of the combined weights {@code c = w_a − (N/M)·w_b} are added:
   * {@code 2·Σ_k Σ_l ρ(l)·c_k c_{k+l}·sqrt((d_k+o)(d_{k+l}+o))} along x and along y, lags 1..{@link #NOISE_LAGS}.
   *
   * @param image the image the columns were fitted on; not modified
   */
  public static Aperture aperture(Image image, Columns cols, ScanModel scan) {
    return aperture(image, cols, scan, noiseCorrelation(image));
  }

  /** {@link #aperture(Image, Columns, ScanModel)} with the given pixel-noise correlation. */
  public static Aperture aperture(Image image, Columns cols, ScanModel scan, NoiseCorrelation noise) {
    int w = image.width();
    int h = image.height();
    float[] px = image.toFloat();
    double off = GaussianRefiner.positiveOffset(px);   // the refiner's convention: data kept positive for Poisson weights
    double gain = cols.gain() > 0 && Double.isFinite(cols.gain()) ? cols.gain() : 1;
    int n = cols.size();
    double[] value = new double[n];
    double[] sigma = new double[n];
    Arrays.fill(value, Double.NaN);
    Arrays.fill(sigma, Double.NaN);
    double d = nearestNeighbourPx(cols);
    if (!(d > 2)) return new Aperture(value, sigma, Double.NaN, Double.NaN, Double.NaN, noise);
    double ra = APERTURE * d;
    double rin = ANNULUS_IN * d;
    double rout = ANNULUS_OUT * d;
    int chunks = (n + CHUNK - 1) / CHUNK;
    int[] order = GaussianRefiner.spatialOrder(cols.x(), cols.y(), w, h, 2 * rout);   // apertures sharing image rows together
    IntStream.range(0, chunks).parallel().forEach(c -> {
      double[][] buf = new double[3][0];   // the weights and noise of one aperture, grown as needed
      for (int k = c * CHUNK; k < Math.min(n, (c + 1) * CHUNK); k++) {
        measureAperture(w, h, px, off, gain, cols, scan, noise, ra, rin, rout, order[k], value, sigma, buf);
      }
    });
    return new Aperture(value, sigma, ra, rin, rout, noise);
  }

  /** Column i's aperture value and standard error into {@code value[i]}, {@code sigma[i]} (left NaN when it has none). */
  private static void measureAperture(int w, int h, float[] px, double off, double gain, Columns cols, ScanModel scan,
                                      NoiseCorrelation noise, double ra, double rin, double rout, int i, double[] value,
                                      double[] sigma, double[][] buf) {
    if (!cols.converged(i)) return;
    double x0 = cols.x()[i];
    double y0 = cols.y()[i];
    double sx = scan.samplingX(x0);
    double sy = scan.samplingY(y0);
    if (!(sx > 0) || !(sy > 0)) return;
    double ex = rout * sx + 1;
    double ey = rout * sy + 1;
    int c0 = (int) Math.floor(x0 - ex);
    int c1 = (int) Math.ceil(x0 + ex);
    int r0 = (int) Math.floor(y0 - ey);
    int r1 = (int) Math.ceil(y0 + ey);
    if (c0 < 0 || r0 < 0 || c1 > w - 1 || r1 > h - 1) return;
    // a pixel is about 1/sqrt(sx·sy) wide in physical units: its partial coverage of a disc of radius R in
    // those units is clamp((R − ρ)·sqrt(sx·sy) + ½, 0, 1)
    double scale = Math.sqrt(sx * sy);
    int bw = c1 - c0 + 1;
    int bh = r1 - r0 + 1;
    if (buf[0].length < bw * bh) for (int b = 0; b < 3; b++) buf[b] = new double[bw * bh];
    double[] wa = buf[0];
    double[] wb = buf[1];
    double[] sd = buf[2];
    int size = bw * bh;
    double sa = 0;
    double va = 0;
    double na = 0;
    double sb = 0;
    double vb = 0;
    double nbk = 0;
    for (int r = r0; r <= r1; r++) {
      double dy = (r - y0) / sy;
      int row = r * w;
      for (int c = c0; c <= c1; c++) {
        double dx = (c - x0) / sx;
        double rho = Math.sqrt(dx * dx + dy * dy);
        double v = px[row + c];
        int k = (r - r0) * bw + c - c0;
        wa[k] = cover(ra, rho, scale);
        wb[k] = cover(rout, rho, scale) - cover(rin, rho, scale);
        double var = Math.max(v + off, 0);
        if (noise.significant()) sd[k] = Math.sqrt(var);   // the noise of correlated pairs, below
        if (wa[k] > 0) {
          sa += wa[k] * v;
          va += wa[k] * wa[k] * var;
          na += wa[k];
        }
        if (wb[k] > 0) {
          sb += wb[k] * v;
          vb += wb[k] * wb[k] * var;
          nbk += wb[k];
        }
      }
    }
    if (!(na > 0) || !(nbk > 0)) return;
    double b = sb / nbk;
    double s = sx * sy;
    value[i] = (sa - na * b) / s;
    // the value is Σ c_k d_k with c = w_a − (N/M)·w_b; Var = gain·Σ_kl c_k c_l σ_k σ_l ρ(k − l): the independent
    // part as before, then the correlated pairs along x and y when the image's noise correlation is significant
    double f = na / nbk;
    double var = va + sq(f) * vb;
    if (noise.significant()) {
      for (int k = 0; k < size; k++) {
        double sk = (wa[k] - f * wb[k]) * sd[k];
        if (sk == 0) continue;
        int kc = k % bw;
        int kr = k / bw;
        for (int l = 1; l <= NOISE_LAGS; l++) {
          if (kc + l < bw) var += 2 * noise.x()[l - 1] * sk * (wa[k + l] - f * wb[k + l]) * sd[k + l];
          if (kr + l < bh) var += 2 * noise.y()[l - 1] * sk * (wa[k + l * bw] - f * wb[k + l * bw]) * sd[k + l * bw];
        }
      }
    }
    sigma[i] = Math.sqrt(gain * var) / s;
  }

  private static double cover(double radius, double rho, double scale) {
    double f = (radius - rho) * scale + 0.5;
    return f <= 0 ? 0 : f >= 1 ? 1 : f;
  }

  /**
   * Median distance (px) from a converged column to its nearest converged neighbour, NaN with fewer than two;
   * a uniform grid of buckets keeps it linear in the number of columns.
   */
  static double nearestNeighbourPx(Columns cols) {
    int n = cols.size();
    double[] x = new double[n];
    double[] y = new double[n];
    int m = 0;
    double lx = Double.POSITIVE_INFINITY;
    double ly = Double.POSITIVE_INFINITY;
    double hx = Double.NEGATIVE_INFINITY;
    double hy = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      if (!cols.converged(i) || !Double.isFinite(cols.x()[i]) || !Double.isFinite(cols.y()[i])) continue;
      x[m] = cols.x()[i];
      y[m] = cols.y()[i];
      lx = Math.min(lx, x[m]);
      ly = Math.min(ly, y[m]);
      hx = Math.max(hx, x[m]);
      hy = Math.max(hy, y[m]);
      m++;
    }
    if (m < 2) return Double.NaN;
    // buckets about one typical spacing wide: the nearest neighbour of a column is in its 3×3 block of buckets
    // or, rarely, further (then the search widens ring by ring)
    double cell = Math.max(1, Math.sqrt(Math.max(1, (hx - lx) * (hy - ly)) / m));
    int gw = (int) ((hx - lx) / cell) + 1;
    int gh = (int) ((hy - ly) / cell) + 1;
    int[] start = new int[gw * gh + 1];
    int[] bucket = new int[m];
    for (int k = 0; k < m; k++) {
      bucket[k] = (int) ((y[k] - ly) / cell) * gw + (int) ((x[k] - lx) / cell);
      start[bucket[k] + 1]++;
    }
    for (int b = 0; b < gw * gh; b++) start[b + 1] += start[b];
    int[] order = new int[m];
    int[] fill = Arrays.copyOf(start, start.length);
    for (int k = 0; k < m; k++) order[fill[bucket[k]]++] = k;
    double[] nn = new double[m];
    for (int k = 0; k < m; k++) {
      int bx = (int) ((x[k] - lx) / cell);
      int by = (int) ((y[k] - ly) / cell);
      double best = Double.POSITIVE_INFINITY;
      for (int ring = 1; ring <= Math.max(gw, gh); ring++) {
        for (int gy = Math.max(0, by - ring); gy <= Math.min(gh - 1, by + ring); gy++) {
          for (int gx = Math.max(0, bx - ring); gx <= Math.min(gw - 1, bx + ring); gx++) {
            int b = gy * gw + gx;
            for (int j = start[b]; j < start[b + 1]; j++) {
              int o = order[j];
              if (o == k) continue;
              double dd = (x[o] - x[k]) * (x[o] - x[k]) + (y[o] - y[k]) * (y[o] - y[k]);
              if (dd < best) best = dd;
            }
          }
        }
        // every bucket outside the searched square is at least ring·cell away
        if (best <= sq(ring * cell)) break;
      }
      nn[k] = Math.sqrt(best);
    }
    Arrays.sort(nn);
    return nn[m / 2];
  }

  /** Median {@code sqrt(σx·σy)} of the converged site-0 columns (px), NaN when there are none. */
  public static double medianWidth(Columns cols, Lattice lattice) {
    double[] v = new double[cols.size()];
    int m = 0;
    for (int i = 0; i < cols.size(); i++) {
      if (lattice.site()[i] != 0 || !cols.converged(i)) continue;
      double wd = width(cols, i);
      if (Double.isFinite(wd)) v[m++] = wd;
    }
    if (m == 0) return Double.NaN;
    Arrays.sort(v, 0, m);
    return v[m / 2];
  }

  private static double width(Columns cols, int i) { return Math.sqrt(cols.sigmaXPx(i) * cols.sigmaYPx(i)); }

  private static int idx(Map<Long, Integer> at, int site, int row, int col) {
    Integer i = at.get(key(site, row, col));
    return i == null ? -1 : i;
  }

  private static long key(int site, int row, int col) { return ((long) site << 42) ^ ((long) (row + (1 << 20)) << 21) ^ (col + (1 << 20)); }

  private static double sq(double v) { return v * v; }
}
