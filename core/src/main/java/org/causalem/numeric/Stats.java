package org.causalem.numeric;

import java.util.Arrays;

/**
 * Descriptive statistics on primitive arrays: the one {@code dot} and the two medians. Inputs are never
 * modified.
 *
 * <p>Medians: NaN values are ignored (an unmeasured pixel or a failed fit is not a value), and the median
 * of no values is NaN. Two conventions, named:
 * <ul>
 *   <li>{@link #median} — the statistical median: for an even count, the mean of the two middle values.</li>
 *   <li>{@link #upperMedian} — the value at index {@code count/2} of the sorted values: for an even count
 *       the higher middle value, so the result is always one of the data (a measured column width, a
 *       measured dispersion), never a midpoint between two. The column fits and site statistics use it.</li>
 * </ul>
 */
public final class Stats {
  private Stats() {}

  /** {@code Σ a_i b_i}, summed in index order. */
  public static double dot(double[] a, double[] b) {
    if (a.length != b.length) throw new IllegalArgumentException("vectors have " + a.length + " and " + b.length + " entries");
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  /** The median of the non-NaN values (mean of the two middle ones for an even count); NaN when there are none. */
  /** Smallest and largest finite value of {@code v}; {NaN, NaN} when it holds none. */
  public static double[] finiteRange(double[] v) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      if (!Double.isFinite(x)) continue;
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    return lo > hi ? new double[] {Double.NaN, Double.NaN} : new double[] {lo, hi};
  }

  public static double median(double[] v) { return median(v, v.length); }

  /** {@link #median(double[])} of the first {@code count} values. */
  public static double median(double[] v, int count) {
    double[] s = sortedNonNaN(v, count);
    int m = s.length;
    if (m == 0) return Double.NaN;
    return m % 2 == 1 ? s[m / 2] : 0.5 * (s[m / 2 - 1] + s[m / 2]);
  }

  /**
   * The median of the non-NaN float values; for an even count the two middle values are added in float
   * precision (the precision of the data) before halving. NaN when there are none.
   */
  public static double median(float[] v) {
    float[] f = new float[v.length];
    int m = 0;
    for (float x : v) if (!Float.isNaN(x)) f[m++] = x;
    if (m == 0) return Double.NaN;
    Arrays.sort(f, 0, m);
    return m % 2 == 1 ? f[m / 2] : 0.5 * (f[m / 2 - 1] + f[m / 2]);
  }

  /** The value at index {@code m/2} of the m sorted non-NaN values (the higher middle one); NaN when there are none. */
  public static double upperMedian(double[] v) { return upperMedian(v, v.length); }

  /** {@link #upperMedian(double[])} of the first {@code count} values. */
  public static double upperMedian(double[] v, int count) {
    double[] s = sortedNonNaN(v, count);
    return s.length == 0 ? Double.NaN : s[s.length / 2];
  }

  /** The non-NaN values among the first {@code count}, sorted, in a new array. */
  private static double[] sortedNonNaN(double[] v, int count) {
    if (count < 0 || count > v.length) throw new IllegalArgumentException("count " + count + " outside [0, " + v.length + "]");
    double[] s = new double[count];
    int m = 0;
    for (int i = 0; i < count; i++) if (!Double.isNaN(v[i])) s[m++] = v[i];
    if (m < count) s = Arrays.copyOf(s, m);
    Arrays.sort(s);
    return s;
  }
}
