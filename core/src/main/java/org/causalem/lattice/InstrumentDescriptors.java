package org.causalem.lattice;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.causalem.data.Image;
import org.causalem.image.Columns;
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
 *       changes and is noisier.
 * </ul>
 */
public final class InstrumentDescriptors {
  /** The exogenous nuisance nodes the causal layer declares: nothing in the specimen causes them. */
  public static final List<String> NUISANCE = List.of("x_px", "y_px", "scan_line_offset_px", "sampling_x", "sampling_y",
      "width_A_px", "width_B_px", "background", "fit_residual", "edge_distance_px");

  /** The columns {@link #append} adds to a cell table. */
  public static final List<String> COLUMNS = List.of("scan_line_offset_px", "sampling_x", "sampling_y", "width_A_px",
      "width_B_px", "background", "fit_residual", "edge_distance_px", "intensity_A_norm", "intensity_B_norm",
      "intensity_A_norm_sigma", "intensity_B_norm_sigma");

  private static final List<String> UNITS = List.of("px", "", "", "px", "px", "", "", "px", "", "", "", "");

  private InstrumentDescriptors() {}

  /**
   * The cell table with {@link #COLUMNS} appended.
   *
   * @param cells from {@link UnitCells} (uses {@code row}, {@code col}, {@code x_px}, {@code y_px}); not modified
   * @param cols the refined columns the cells were built from
   * @param fitResidual per-column relative RMS Pearson residual ({@link #fitResidual}); NaN entries allowed
   */
  public static DescriptorTable append(DescriptorTable cells, Columns cols, Lattice lattice, ScanModel scan,
                                       double[] fitResidual, int width, int height) {
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
      }
      if (na == 4) {
        out[3][c] = wa / 4;
        out[8][c] = ia / 4;
        out[10][c] = Math.sqrt(va) / 4;
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
    float min = Float.POSITIVE_INFINITY;
    for (float v : px) min = Math.min(min, v);
    double off = min < 1 ? 1 - min : 0;   // the refiner's convention: data kept positive for Poisson weights
    float[] model = new float[w * h];   // float: a 4k × 4k image costs 64 MB, not 128
    int n = cols.size();
    for (int i = 0; i < n; i++) {
      if (!cols.converged()[i]) continue;
      double p = cols.p()[i];
      double q = cols.q()[i];
      double r = cols.r()[i];
      double a = cols.amplitude()[i];
      double reach = 4 * Math.max(cols.sigmaXPx(i), cols.sigmaYPx(i));
      if (!Double.isFinite(reach) || !(a > 0)) continue;
      reach = Math.min(reach, 4 * radiusPx);
      int x0 = Math.max(0, (int) Math.floor(cols.x()[i] - reach));
      int x1 = Math.min(w - 1, (int) Math.ceil(cols.x()[i] + reach));
      int y0 = Math.max(0, (int) Math.floor(cols.y()[i] - reach));
      int y1 = Math.min(h - 1, (int) Math.ceil(cols.y()[i] + reach));
      for (int yy = y0; yy <= y1; yy++) {
        double dy = yy - cols.y()[i];
        for (int xx = x0; xx <= x1; xx++) {
          double dx = xx - cols.x()[i];
          model[yy * w + xx] += (float) (a * Math.exp(-0.5 * (p * dx * dx + 2 * q * dx * dy + r * dy * dy)));
        }
      }
    }
    double[] ratio = new double[n];
    Arrays.fill(ratio, Double.NaN);
    double r2 = radiusPx * radiusPx;
    for (int i = 0; i < n; i++) {
      if (!cols.converged()[i]) continue;
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
      if (m > 0) ratio[i] = s / m;
    }
    double[] sorted = Arrays.stream(ratio).filter(Double::isFinite).sorted().toArray();
    double med = sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    double[] out = new double[n];
    for (int i = 0; i < n; i++) out[i] = med > 0 ? Math.sqrt(ratio[i] / med) : Double.NaN;
    return out;
  }

  /** Median {@code sqrt(σx·σy)} of the converged site-0 columns (px), NaN when there are none. */
  public static double medianWidth(Columns cols, Lattice lattice) {
    double[] v = new double[cols.size()];
    int m = 0;
    for (int i = 0; i < cols.size(); i++) {
      if (lattice.site()[i] != 0 || !cols.converged()[i]) continue;
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
