package org.causalem.report;

import java.util.ArrayList;
import java.util.List;
import org.causalem.io.Decimals;

/**
 * The labels of one axis's ticks, all in one format: fixed decimals (as many as the step needs, the same for every
 * tick, digits grouped by thin spaces from 10 000 up) or, for values past 10^10 or steps under 0.001, mantissas with
 * one power of ten for the whole axis, given apart as {@code factor} (e.g. "×10⁻⁵") for the axis title.
 */
record TickLabels(List<String> text, String factor) {
  private static final char THIN_SPACE = '\u2009';
  private static final String SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

  /** Labels of ticks {@code step} apart on a linear axis. */
  static TickLabels linear(List<Double> ticks, double step) {
    double m = 0;
    for (double v : ticks) m = Math.max(m, Math.abs(v));
    int e = 0;
    if (m > 0 && (m >= 1e10 || step < 1e-3)) e = (int) Math.floor(Math.log10(m));
    double scale = Math.pow(10, e);
    int decimals = Math.max(0, Math.min(6, (int) Math.ceil(-Math.log10(step / scale) - 1e-9)));
    boolean group = m / scale >= 1e4;
    List<String> out = new ArrayList<>();
    for (double v : ticks) out.add(fixed(Math.abs(v) < step * 1e-9 ? 0 : v / scale, decimals, group));
    return new TickLabels(out, e == 0 ? "" : "×10" + superscript(e));
  }

  /** Labels of ticks on a log axis (positive values). */
  static TickLabels log(List<Double> ticks) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    for (double v : ticks) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    List<String> out = new ArrayList<>();
    if (lo >= 1e-3 && hi < 1e5) {
      int decimals = Math.max(0, (int) Math.ceil(-Math.log10(lo) - 1e-9));
      for (double v : ticks) out.add(fixed(v, decimals, hi >= 1e4));
    } else {
      for (double v : ticks) {
        int e = (int) Math.floor(Math.log10(v) + 1e-9);
        out.add(Math.round(v / Math.pow(10, e)) + "e" + e);
      }
    }
    return new TickLabels(out, "");
  }

  /** {@code v} with {@code decimals} decimals, its integer digits grouped by thin spaces when asked. */
  static String fixed(double v, int decimals, boolean group) {
    String s = Decimals.fixed(v, decimals);
    if (s.startsWith("-") && isZero(s)) s = s.substring(1);
    if (!group) return s;
    int start = s.startsWith("-") ? 1 : 0;
    int end = s.indexOf('.') < 0 ? s.length() : s.indexOf('.');
    StringBuilder sb = new StringBuilder(s.length() + 4).append(s, 0, start);
    for (int i = start; i < end; i++) {
      if (i > start && (end - i) % 3 == 0) sb.append(THIN_SPACE);
      sb.append(s.charAt(i));
    }
    return sb.append(s, end, s.length()).toString();
  }

  /** True when {@code s} (a number as {@link Decimals#fixed} writes it) has no digit but zeros. */
  private static boolean isZero(String s) {
    for (int i = 0; i < s.length(); i++) if (s.charAt(i) >= '1' && s.charAt(i) <= '9') return false;
    return true;
  }

  private static String superscript(int e) {
    StringBuilder sb = new StringBuilder(e < 0 ? "⁻" : "");
    for (char c : Integer.toString(Math.abs(e)).toCharArray()) sb.append(SUPERSCRIPTS.charAt(c - '0'));
    return sb.toString();
  }
}
