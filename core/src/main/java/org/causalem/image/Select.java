package org.causalem.image;

import java.util.Arrays;
import org.causalem.numeric.Stats;

/**
 * Order statistics of the refiner's per-column arrays (tens of thousands of values, several per refinement) by
 * selection instead of a full sort: the same values as {@link Stats#median} and {@link Stats#upperMedian}, in linear
 * expected time.
 */
final class Select {
  private Select() {}

  /**
   * The value at index {@code k} of the first {@code m} values of {@code a} sorted ascending; reorders them. The values
   * must not be NaN, and are compared by {@code <} (-0.0 equals 0.0: the sort would put -0.0 first). Quickselect with a median-of-three pivot, falling back to a sort of what is left after too many
   * rounds (so never quadratic).
   */
  static double kth(double[] a, int m, int k) {
    if (k < 0 || k >= m || m > a.length) throw new IllegalArgumentException("k " + k + " outside [0, " + m + ")");
    int lo = 0;
    int hi = m - 1;
    int budget = 2 * (32 - Integer.numberOfLeadingZeros(m)) + 8;
    while (hi - lo > 16) {
      if (budget-- == 0) {
        Arrays.sort(a, lo, hi + 1);
        return a[k];
      }
      int mid = (lo + hi) >>> 1;
      if (a[mid] < a[lo]) swap(a, lo, mid);
      if (a[hi] < a[lo]) swap(a, lo, hi);
      if (a[hi] < a[mid]) swap(a, mid, hi);
      double pivot = a[mid];
      int i = lo;
      int j = hi;
      while (i <= j) { // Hoare: afterwards a[lo..j] ≤ pivot, a[i..hi] ≥ pivot, anything between equals it
        while (a[i] < pivot) i++;
        while (pivot < a[j]) j--;
        if (i <= j) swap(a, i++, j--);
      }
      if (k <= j) hi = j;
      else if (k >= i) lo = i;
      else return a[k];
    }
    for (int p = lo + 1; p <= hi; p++) { // insertion sort of the last few
      double v = a[p];
      int q = p - 1;
      while (q >= lo && a[q] > v) {
        a[q + 1] = a[q];
        q--;
      }
      a[q + 1] = v;
    }
    return a[k];
  }

  private static void swap(double[] a, int i, int j) {
    double t = a[i];
    a[i] = a[j];
    a[j] = t;
  }

  /** {@link Stats#upperMedian(double[], int)} (the first {@code count} values are not modified). */
  static double upperMedian(double[] v, int count) {
    double[] s = nonNaN(v, count);
    if (s.length == 0) return Double.NaN;
    double u = kth(s, s.length, s.length / 2);
    return u == 0 ? Stats.upperMedian(v, count) : u; // the sort tells -0.0 from 0.0, comparisons do not
  }

  /** {@link Stats#median(double[], int)} (the first {@code count} values are not modified). */
  static double median(double[] v, int count) {
    double[] s = nonNaN(v, count);
    int m = s.length;
    if (m == 0) return Double.NaN;
    double upper = kth(s, m, m / 2);
    if (m % 2 == 1) return upper == 0 ? Stats.median(v, count) : upper;
    double lower = s[0];
    for (int i = 1; i < m / 2; i++) lower = Math.max(lower, s[i]); // a[0..k) ≤ a[k] after kth
    return upper == 0 || lower == 0 ? Stats.median(v, count) : 0.5 * (lower + upper);
  }

  private static double[] nonNaN(double[] v, int count) {
    if (count < 0 || count > v.length) throw new IllegalArgumentException("count " + count + " outside [0, " + v.length + "]");
    double[] s = new double[count];
    int m = 0;
    for (int i = 0; i < count; i++) if (!Double.isNaN(v[i])) s[m++] = v[i];
    return m < count ? Arrays.copyOf(s, m) : s;
  }
}
