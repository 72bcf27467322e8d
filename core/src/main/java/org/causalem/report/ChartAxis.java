package org.causalem.report;

import java.util.ArrayList;
import java.util.List;

/**
 * One axis of an {@link SvgChart}: its range widened to whole tick steps (the 1-2-5 × 10^k step nearest the wanted tick count on a linear axis; decades,
 * with 2 and 5 between them when the axis spans at most two decades, on a log axis), its ticks and their labels.
 *
 * @param min the axis start (on a log axis, log10 of it)
 * @param max the axis end (on a log axis, log10 of it)
 * @param step the tick step (linear axes)
 */
record ChartAxis(double min, double max, double step, boolean log) {
  /**
   * @param values the data the axis must show (non-finite ones, and on a log axis those at or below zero, ignored)
   * @param from,to a range to cover as well (NaN = none)
   * @param ticks about how many tick intervals fit
   */
  static ChartAxis of(double[] values, boolean log, double from, double to, double ticks) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      if (Double.isFinite(v) && (!log || v > 0)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    for (double v : new double[] {from, to}) {
      if (Double.isFinite(v) && (!log || v > 0)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    if (lo > hi) {
      lo = log ? 1 : 0;
      hi = log ? 10 : 1;
    }
    if (log) {
      double a = Math.floor(Math.log10(lo));
      double b = Math.ceil(Math.log10(hi));
      return new ChartAxis(a, b > a ? b : a + 1, 1, true);
    }
    if (!(hi > lo)) {
      double d = lo == 0 ? 1 : Math.abs(lo) * 0.1;
      lo -= d;
      hi += d;
    }
    double step = Scales.niceNear((hi - lo) / ticks);
    double a = Math.floor(lo / step + 1e-9) * step;
    double b = Math.ceil(hi / step - 1e-9) * step;
    return new ChartAxis(a, b, step, false);
  }

  /** Where {@code v} falls along the axis, 0 at its start and 1 at its end. */
  double fraction(double v) { return ((log ? Math.log10(v) : v) - min) / (max - min); }

  /** Whether {@code v} can be drawn on this axis (finite, and positive on a log axis). */
  boolean shows(double v) { return Double.isFinite(v) && (!log || v > 0); }

  /** The tick values. */
  List<Double> ticks() {
    List<Double> out = new ArrayList<>();
    if (log) {
      boolean fine = max - min <= 2;
      for (int e = (int) Math.round(min); e <= Math.round(max); e++) {
        double d = Math.pow(10, e);
        out.add(d);
        if (fine && e < Math.round(max)) {
          out.add(2 * d);
          out.add(5 * d);
        }
      }
      return out;
    }
    long n = Math.round((max - min) / step);
    for (long i = 0; i <= n; i++) out.add(min + i * step);
    return out;
  }

  /** The tick labels, all in one format (see {@link TickLabels}). */
  TickLabels labels() { return log ? TickLabels.log(ticks()) : TickLabels.linear(ticks(), step); }
}
