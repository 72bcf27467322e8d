package org.causalem.workflow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How much the instrument may have shaped a descriptor table, measured on the table itself: banding of
 * each descriptor along the scan (the share of its variance explained by scan-row bins and by scan-column
 * bins), the calibration of its reported uncertainties (observed scatter about a smooth trend against the
 * reported standard errors), and the mean off-centring with a standard error that respects the scan.
 *
 * <p>A STEM image is recorded line by line: line jitter shifts whole lines (banding by scan row), a
 * non-uniform fast-scan speed changes the magnification along the line (banding by scan column). A
 * descriptor whose variance sits in scan-row or scan-column bins far beyond chance is suspect as a
 * causal variable; the causal analysis treats the instrument descriptors as nuisance nodes and
 * replicates every edge on independent halves split along each scan direction.
 */
public final class InstrumentCheck {
  private InstrumentCheck() {}

  /**
   * Banding of one descriptor.
   *
   * @param rowFraction share of the variance explained by scan-row bins (between-bin over total sum of squares)
   * @param columnFraction the same for scan-column bins
   * @param rowChance the share expected by chance alone for as many row bins ((k − 1)/(n − 1))
   * @param columnChance the same for column bins
   */
  public record Banding(String descriptor, double rowFraction, double columnFraction, double rowChance, double columnChance) {
    /** True when row or column bins explain at least a fifth of the variance and three times chance. */
    public boolean banded() {
      return (rowFraction >= 0.2 && rowFraction >= 3 * rowChance) || (columnFraction >= 0.2 && columnFraction >= 3 * columnChance);
    }
  }

  /**
   * Uncertainty calibration of one descriptor: {@code observed} is the RMS deviation of each cell from the
   * mean of its four cells two steps away (which share no atom column with it; a linear trend cancels),
   * {@code expected} the RMS the reported standard errors predict for that difference, {@code ratio} their
   * quotient. A ratio near 1: the reported errors account for the cell-to-cell scatter. Above 1: scatter the
   * errors do not account for (real disorder, or errors reported too small, e.g. scan noise missing from
   * shot-noise errors). Below 1: errors reported too large. {@code cells} is how many cells entered.
   */
  public record Calibration(String descriptor, String sigmaColumn, double observed, double expected, double ratio, int cells) {}

  /**
   * Mean B-site off-centring (the "polarization") with standard errors from scan-row strips (the strip
   * means scatter as the instrument makes them), in pixels. {@code significant} when either component is
   * beyond 3 standard errors.
   */
  public record OffCentring(double meanXPx, double seXPx, double meanYPx, double seYPx, int strips, boolean significant) {}

  /**
   * Fraction of the variance of {@code v} explained by bins of {@code coord} of width {@code binPx}
   * (η², between-bin over total sum of squares); NaN for fewer than two values or no variance.
   */
  public static double binnedFraction(double[] v, double[] coord, double binPx) {
    int n = v.length;
    if (n < 2 || coord.length != n) return Double.NaN;
    int[] bin = bins(coord, binPx);
    int k = Arrays.stream(bin).max().orElse(0) + 1;
    double[] sum = new double[k];
    int[] count = new int[k];
    double mean = 0;
    for (int i = 0; i < n; i++) {
      sum[bin[i]] += v[i];
      count[bin[i]]++;
      mean += v[i] / n;
    }
    double total = 0;
    for (double x : v) total += (x - mean) * (x - mean);
    double between = 0;
    for (int b = 0; b < k; b++) if (count[b] > 0) {
      double m = sum[b] / count[b];
      between += count[b] * (m - mean) * (m - mean);
    }
    return total > 0 ? between / total : Double.NaN;
  }

  /** The share of variance bins explain by chance alone: (occupied bins − 1)/(n − 1). */
  public static double chanceFraction(double[] coord, double binPx) {
    int[] bin = bins(coord, binPx);
    long occupied = Arrays.stream(bin).distinct().count();
    return coord.length > 1 ? (occupied - 1.0) / (coord.length - 1.0) : Double.NaN;
  }

  /** Banding of {@code v} by scan row (bins of y) and scan column (bins of x). */
  public static Banding banding(String name, double[] v, double[] xPx, double[] yPx, double binPx) {
    return new Banding(name, binnedFraction(v, yPx, binPx), binnedFraction(v, xPx, binPx), chanceFraction(yPx, binPx),
        chanceFraction(xPx, binPx));
  }

  /**
   * The calibration of reported errors {@code sigma} of {@code v} on the cell grid ({@code cellRow},
   * {@code cellCol}): see {@link Calibration}. Cells with a non-finite value or error, or with fewer than
   * two of their four neighbours two steps away, are skipped; null when fewer than 10 cells remain.
   */
  public static Calibration calibration(String name, String sigmaColumn, double[] v, double[] sigma, int[] cellRow, int[] cellCol) {
    int n = v.length;
    int rows = Arrays.stream(cellRow).max().orElse(0) + 1;
    int cols = Arrays.stream(cellCol).max().orElse(0) + 1;
    int[] at = new int[rows * cols];
    Arrays.fill(at, -1);
    for (int i = 0; i < n; i++) if (cellRow[i] >= 0 && cellCol[i] >= 0) at[cellRow[i] * cols + cellCol[i]] = i;
    double sumD2 = 0;
    double sumExp = 0;
    int used = 0;
    int[][] offsets = {{-2, 0}, {2, 0}, {0, -2}, {0, 2}};
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(v[i]) || !Double.isFinite(sigma[i])) continue;
      double s = 0;
      double s2 = 0;
      int k = 0;
      for (int[] o : offsets) {
        int r = cellRow[i] + o[0];
        int c = cellCol[i] + o[1];
        if (r < 0 || c < 0 || r >= rows || c >= cols) continue;
        int j = at[r * cols + c];
        if (j < 0 || !Double.isFinite(v[j]) || !Double.isFinite(sigma[j])) continue;
        s += v[j];
        s2 += sigma[j] * sigma[j];
        k++;
      }
      if (k < 2) continue;
      double d = v[i] - s / k;
      sumD2 += d * d;
      sumExp += sigma[i] * sigma[i] + s2 / ((double) k * k);
      used++;
    }
    if (used < 10) return null;
    double observed = Math.sqrt(sumD2 / used);
    double expected = Math.sqrt(sumExp / used);
    return new Calibration(name, sigmaColumn, observed, expected, expected > 0 ? observed / expected : Double.NaN, used);
  }

  /** Mean off-centring with standard errors from the scatter of scan-row strip means (strips of {@code stripPx}). */
  public static OffCentring offCentring(double[] px, double[] py, double[] yPx, double stripPx) {
    int[] strip = bins(yPx, stripPx);
    double[] mx = stripMeans(px, strip);
    double[] my = stripMeans(py, strip);
    double meanX = mean(px);
    double meanY = mean(py);
    int k = mx.length;
    double seX = k > 1 ? sd(mx) / Math.sqrt(k) : Double.NaN;
    double seY = k > 1 ? sd(my) / Math.sqrt(k) : Double.NaN;
    boolean significant = Math.abs(meanX) > 3 * seX || Math.abs(meanY) > 3 * seY;
    return new OffCentring(meanX, seX, meanY, seY, k, significant);
  }

  /** Bin index of each coordinate: floor((c − min)/binPx). */
  static int[] bins(double[] coord, double binPx) {
    if (!(binPx > 0)) throw new IllegalArgumentException("binPx must be > 0, got " + binPx);
    double min = Double.POSITIVE_INFINITY;
    for (double c : coord) min = Math.min(min, c);
    int[] b = new int[coord.length];
    for (int i = 0; i < coord.length; i++) b[i] = (int) Math.floor((coord[i] - min) / binPx);
    return b;
  }

  /** Means of v over the occupied bins, in bin order. */
  private static double[] stripMeans(double[] v, int[] bin) {
    int k = Arrays.stream(bin).max().orElse(0) + 1;
    double[] s = new double[k];
    int[] c = new int[k];
    for (int i = 0; i < v.length; i++) {
      s[bin[i]] += v[i];
      c[bin[i]]++;
    }
    List<Double> out = new ArrayList<>();
    for (int b = 0; b < k; b++) if (c[b] > 0) out.add(s[b] / c[b]);
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double d : v) s += d;
    return s / v.length;
  }

  private static double sd(double[] v) {
    double m = mean(v);
    double s = 0;
    for (double d : v) s += (d - m) * (d - m);
    return Math.sqrt(s / Math.max(1, v.length - 1));
  }
}
