package org.causalem.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Line, scatter and band charts written as SVG text, without AWT, fonts or a chart library: a title, axes with
 * ticks on round numbers (1-2-5 steps on linear axes, decades on a log axis), a light grid, axis titles, a
 * legend, series clipped to the plot, and vertical marker lines. One look for every command's charts; written
 * alone ({@link #svg()}) or in a grid ({@link #grid}).
 */
public final class SvgChart {
  /** Where the legend goes. */
  public enum Legend { INSIDE_NE, OUTSIDE_E, NONE }

  /** Series colours in order (the "tab10" colours). */
  static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"};
  private static final double TICK_FONT = 11;
  private static final double LABEL_FONT = 12;
  private static final double TITLE_FONT = 14;
  /** Space around the plot rectangle the series may draw into (markers at the axis ends stay whole). */
  private static final double BLEED = 4;

  private enum Kind { LINE, POINTS, BAND }

  /** One series; its style is set by the fluent setters. */
  public static final class Series {
    private final Kind kind;
    private final String name;
    private final double[] x;
    private final double[] y;
    private final double[] y2;
    private final String colour;
    private double width = 2;
    private double[] dash;
    private double opacity = 1;

    private Series(Kind kind, String name, double[] x, double[] y, double[] y2, String colour) {
      if (x.length != y.length || (y2 != null && y2.length != x.length)) {
        throw new IllegalArgumentException("series " + name + ": " + x.length + " x values, " + y.length + " y values");
      }
      this.kind = kind;
      this.name = name;
      this.x = x.clone();
      this.y = y.clone();
      this.y2 = y2 == null ? null : y2.clone();
      this.colour = colour;
    }

    /** Line width (px); for points, the marker diameter. */
    public Series width(double px) {
      width = px;
      return this;
    }

    /** Dashes and gaps (px) of a line. */
    public Series dash(double... pattern) {
      dash = pattern.clone();
      return this;
    }

    /** Opacity in (0, 1]. */
    public Series opacity(double o) {
      opacity = o;
      return this;
    }
  }

  private record VLine(double x, String colour) {}

  private final String title;
  private final String xTitle;
  private final String yTitle;
  private final int width;
  private final int height;
  private final List<Series> series = new ArrayList<>();
  private final List<VLine> vlines = new ArrayList<>();
  private boolean logY;
  private Legend legend = Legend.INSIDE_NE;
  private double xFrom = Double.NaN;
  private double xTo = Double.NaN;
  private List<String> xCategories;

  /** An empty chart of {@code width × height} px with a title and axis titles (units in the titles). */
  public SvgChart(String title, String xTitle, String yTitle, int width, int height) {
    if (width < 100 || height < 80) throw new IllegalArgumentException("chart of " + width + " × " + height + " px is too small");
    this.title = title == null ? "" : title;
    this.xTitle = xTitle == null ? "" : xTitle;
    this.yTitle = yTitle == null ? "" : yTitle;
    this.width = width;
    this.height = height;
  }

  /** A log-scaled y axis (values at or below zero are left out). */
  public SvgChart logY(boolean log) {
    logY = log;
    return this;
  }

  public SvgChart legend(Legend where) {
    legend = where;
    return this;
  }

  /** The x axis covers at least {@code [min, max]} (it is widened to whole tick steps either way). */
  public SvgChart xRange(double min, double max) {
    xFrom = min;
    xTo = max;
    return this;
  }

  /** A line series; non-finite values are gaps; {@code colour} null takes the next palette colour. */
  public Series line(String name, double[] x, double[] y, String colour) { return add(new Series(Kind.LINE, name, x, y, null, next(colour))); }

  public Series line(String name, double[] x, double[] y) { return line(name, x, y, null); }

  /** A scatter series of 4-px dots; non-finite values are left out. */
  public Series points(String name, double[] x, double[] y, String colour) {
    return add(new Series(Kind.POINTS, name, x, y, null, next(colour))).width(4);
  }

  public Series points(String name, double[] x, double[] y) { return points(name, x, y, null); }

  /** A filled band between {@code lo} and {@code hi} (e.g. an error band), a quarter opaque. */
  public Series band(String name, double[] x, double[] lo, double[] hi, String colour) {
    return add(new Series(Kind.BAND, name, x, lo, hi, next(colour))).opacity(0.25);
  }

  /** A vertical marker line across the plot at {@code x}. */
  public SvgChart vline(double x, String colour) {
    vlines.add(new VLine(x, colour));
    return this;
  }

  public int width() { return width; }

  public int height() { return height; }

  /** The chart as a standalone SVG document. */
  public String svg() { return grid(List.of(this), 1, 1); }

  /**
   * Charts in a grid, row by row, {@code cols} per row, each in a cell as large as the largest chart; cells past the
   * last chart stay white.
   */
  public static String grid(List<SvgChart> charts, int rows, int cols) {
    if (charts.isEmpty()) throw new IllegalStateException("no chart to draw");
    if (rows < 1 || cols < 1 || (long) rows * cols < charts.size()) {
      throw new IllegalStateException(charts.size() + " charts do not fit a " + rows + " x " + cols + " grid");
    }
    int cellW = 0;
    int cellH = 0;
    for (SvgChart c : charts) {
      cellW = Math.max(cellW, c.width);
      cellH = Math.max(cellH, c.height);
    }
    StringBuilder sb = new StringBuilder(64 * 1024);
    Svg.open(sb, (double) cellW * cols, (double) cellH * rows);
    for (int i = 0; i < charts.size(); i++) {
      sb.append("<g transform=\"translate(").append((i % cols) * cellW).append(' ').append((i / cols) * cellH).append(")\">\n");
      charts.get(i).draw(sb);
      sb.append("</g>\n");
    }
    return sb.append("</svg>\n").toString();
  }

  /** Writes {@link #grid} to {@code file} atomically and returns the SVG text (to inline in a report). */
  public static String write(Path file, List<SvgChart> charts, int rows, int cols) throws IOException {
    String svg = grid(charts, rows, cols);
    Svg.write(file, svg);
    return svg;
  }

  private Series add(Series s) {
    series.add(s);
    return s;
  }

  private String next(String colour) { return colour != null ? colour : PALETTE[series.size() % PALETTE.length]; }

  /** The chart in its own coordinates (0..width, 0..height). */
  void draw(StringBuilder sb) {
    ChartAxis xa = ChartAxis.of(xValues(), false, xFrom, xTo, Math.max(3, Math.min(10, width / 90.0)));
    ChartAxis ya = ChartAxis.of(yValues(), logY, Double.NaN, Double.NaN, Math.max(3, Math.min(8, height / 50.0)));
    double labelW = 0;
    for (String t : ya.labels().text()) labelW = Math.max(labelW, Svg.textWidth(t, TICK_FONT, false));
    double top = title.isEmpty() ? 12 : 32;
    double left = 10 + (yTitle.isEmpty() ? 0 : 18) + labelW + 8;
    double bottom = 8 + 5 + 14 + (xTitle.isEmpty() ? 0 : 18);
    double right = legend == Legend.OUTSIDE_E && hasNames() ? legendWidth() + 20 : 18;
    Plot p = new Plot(left, top, Math.max(20, width - left - right), Math.max(20, height - top - bottom), xa, ya);
    sb.append("<rect width=\"").append(width).append("\" height=\"").append(height).append("\" fill=\"white\"/>\n");
    if (!title.isEmpty()) Svg.text(sb, width / 2.0, 21, title, TITLE_FONT, true, "middle", false);
    axes(sb, p);
    sb.append("<svg x=\"");
    Svg.num(sb, p.x - BLEED).append("\" y=\"");
    Svg.num(sb, p.y - BLEED).append("\" width=\"");
    Svg.num(sb, p.w + 2 * BLEED).append("\" height=\"");
    Svg.num(sb, p.h + 2 * BLEED).append("\" overflow=\"hidden\">\n");
    for (Series s : series) if (s.kind == Kind.BAND) band(sb, p, s);
    for (VLine v : vlines) {
      double x = p.px(v.x()) - p.x + BLEED;
      if (x >= BLEED - 0.5 && x <= p.w + BLEED + 0.5) Svg.line(sb, x, BLEED, x, p.h + BLEED, v.colour(), 1);
    }
    for (Series s : series) {
      if (s.kind == Kind.LINE) line(sb, p, s);
      else if (s.kind == Kind.POINTS) points(sb, p, s);
    }
    sb.append("</svg>\n");
    Svg.rect(sb, p.x, p.y, p.w, p.h, null, "#888888");
    if (legend != Legend.NONE && hasNames()) legendBox(sb, p);
  }

  /**
   * A categorical x axis: one tick at each of 0, 1, …, n − 1, labelled with {@code names} (e.g. models), instead of
   * numeric ticks; plot the categories' values at those x.
   */
  public SvgChart xCategories(List<String> names) {
    if (names.isEmpty()) throw new IllegalArgumentException("no categories");
    xCategories = List.copyOf(names);
    return xRange(-0.5, names.size() - 0.5);
  }

  /** The plot rectangle and its axes; {@code px}, {@code py} map data to chart coordinates. */
  private record Plot(double x, double y, double w, double h, ChartAxis xa, ChartAxis ya) {
    double px(double v) { return x + xa.fraction(v) * w; }

    double py(double v) { return y + (1 - ya.fraction(v)) * h; }
  }

  private void axes(StringBuilder sb, Plot p) {
    sb.append("<g stroke=\"#e6e6e6\" stroke-width=\"1\">\n");
    List<Double> xt = p.xa.ticks();
    TickLabels xl = p.xa.labels();
    if (xCategories != null) {
      xt = new java.util.ArrayList<>();
      for (int i = 0; i < xCategories.size(); i++) xt.add((double) i);
      xl = new TickLabels(xCategories, "");
    }
    for (double v : xt) Svg.line(sb, p.px(v), p.y, p.px(v), p.y + p.h, "#e6e6e6", 1);
    for (double v : p.ya.ticks()) Svg.line(sb, p.x, p.py(v), p.x + p.w, p.py(v), "#e6e6e6", 1);
    sb.append("</g>\n");
    for (int i = 0; i < xt.size(); i++) {
      double x = p.px(xt.get(i));
      Svg.line(sb, x, p.y + p.h, x, p.y + p.h + 5, "#444444", 1);
      Svg.text(sb, x, p.y + p.h + 17, xl.text().get(i), TICK_FONT, false, "middle", false);
    }
    List<Double> yt = p.ya.ticks();
    TickLabels yl = p.ya.labels();
    for (int i = 0; i < yt.size(); i++) {
      double y = p.py(yt.get(i));
      Svg.line(sb, p.x - 5, y, p.x, y, "#444444", 1);
      Svg.text(sb, p.x - 8, y + 4, yl.text().get(i), TICK_FONT, false, "end", false);
    }
    String xTitled = withFactor(xTitle, xl.factor());
    String yTitled = withFactor(yTitle, yl.factor());
    if (!xTitled.isEmpty()) Svg.text(sb, p.x + p.w / 2, p.y + p.h + 36, xTitled, LABEL_FONT, true, "middle", false);
    if (!yTitled.isEmpty()) Svg.text(sb, 18, p.y + p.h / 2, yTitled, LABEL_FONT, true, "middle", true);
  }

  /** An axis title with the axis's power of ten after it ("counts, ×10⁵"). */
  static String withFactor(String title, String factor) {
    if (factor.isEmpty()) return title;
    return title.isEmpty() ? factor : title + ", " + factor;
  }

  private static void line(StringBuilder sb, Plot p, Series s) {
    sb.append("<path fill=\"none\" stroke=\"").append(s.colour).append("\" stroke-width=\"");
    Svg.num(sb, s.width).append("\" stroke-linejoin=\"round\"");
    style(sb, s);
    sb.append(" d=\"");
    boolean pen = false;
    for (int i = 0; i < s.x.length; i++) {
      if (!p.xa.shows(s.x[i]) || !p.ya.shows(s.y[i])) {
        pen = false;
        continue;
      }
      sb.append(pen ? 'L' : 'M');
      Svg.num(sb, p.px(s.x[i]) - p.x + BLEED).append(' ');
      Svg.num(sb, p.py(s.y[i]) - p.y + BLEED);
      pen = true;
    }
    sb.append("\"/>\n");
  }

  private static void points(StringBuilder sb, Plot p, Series s) {
    sb.append("<g fill=\"").append(s.colour).append('"');
    style(sb, s);
    sb.append(">\n");
    for (int i = 0; i < s.x.length; i++) {
      if (!p.xa.shows(s.x[i]) || !p.ya.shows(s.y[i])) continue;
      sb.append("<circle cx=\"");
      Svg.num(sb, p.px(s.x[i]) - p.x + BLEED).append("\" cy=\"");
      Svg.num(sb, p.py(s.y[i]) - p.y + BLEED).append("\" r=\"");
      Svg.num(sb, s.width / 2).append("\"/>\n");
    }
    sb.append("</g>\n");
  }

  /** The band as one closed outline per run of finite values. */
  private static void band(StringBuilder sb, Plot p, Series s) {
    sb.append("<path stroke=\"none\" fill=\"").append(s.colour).append("\" fill-opacity=\"").append(s.opacity).append("\" d=\"");
    int i = 0;
    while (i < s.x.length) {
      int from = i;
      while (i < s.x.length && p.xa.shows(s.x[i]) && p.ya.shows(s.y[i]) && p.ya.shows(s.y2[i])) i++;
      if (i - from >= 2) {
        for (int k = from; k < i; k++) point(sb.append(k == from ? 'M' : 'L'), p, s.x[k], s.y[k]);
        for (int k = i - 1; k >= from; k--) point(sb.append('L'), p, s.x[k], s.y2[k]);
        sb.append('Z');
      }
      i = Math.max(i, from + 1);
    }
    sb.append("\"/>\n");
  }

  private static void point(StringBuilder sb, Plot p, double x, double y) {
    Svg.num(sb, p.px(x) - p.x + BLEED).append(' ');
    Svg.num(sb, p.py(y) - p.y + BLEED).append(' ');
  }

  private static void style(StringBuilder sb, Series s) {
    if (s.opacity < 1) sb.append(" opacity=\"").append(s.opacity).append('"');
    if (s.dash != null) {
      sb.append(" stroke-dasharray=\"");
      for (int i = 0; i < s.dash.length; i++) Svg.num(i == 0 ? sb : sb.append(' '), s.dash[i]);
      sb.append('"');
    }
  }

  private boolean hasNames() {
    for (Series s : series) if (s.name != null && !s.name.isEmpty()) return true;
    return false;
  }

  private double legendWidth() {
    double w = 0;
    for (Series s : series) if (s.name != null) w = Math.max(w, Svg.textWidth(s.name, TICK_FONT, false));
    return 8 + 24 + 6 + w + 8;
  }

  private void legendBox(StringBuilder sb, Plot p) {
    List<Series> named = new ArrayList<>();
    for (Series s : series) if (s.name != null && !s.name.isEmpty()) named.add(s);
    double bw = legendWidth();
    double bh = 6 + 16 * named.size() + 2;
    double bx = legend == Legend.OUTSIDE_E ? p.x + p.w + 10 : p.x + p.w - bw - 8;
    double by = legend == Legend.OUTSIDE_E ? p.y : p.y + 8;
    sb.append("<g>\n");
    Svg.rect(sb, bx, by, bw, bh, "white", "#999999");
    for (int k = 0; k < named.size(); k++) {
      Series s = named.get(k);
      double cy = by + 6 + 16 * k + 8;
      if (s.kind == Kind.POINTS) {
        sb.append("<circle cx=\"");
        Svg.num(sb, bx + 20).append("\" cy=\"");
        Svg.num(sb, cy).append("\" r=\"3\" fill=\"").append(s.colour).append("\"/>\n");
      } else if (s.kind == Kind.BAND) {
        Svg.rect(sb, bx + 8, cy - 5, 24, 10, s.colour, null);
      } else {
        sb.append("<path fill=\"none\" stroke=\"").append(s.colour).append("\" stroke-width=\"");
        Svg.num(sb, Math.min(s.width, 4)).append('"');
        style(sb, s);
        sb.append(" d=\"M");
        Svg.num(sb, bx + 8).append(' ');
        Svg.num(sb, cy).append('H');
        Svg.num(sb, bx + 32).append("\"/>\n");
      }
      Svg.text(sb, bx + 38, cy + 4, s.name, TICK_FONT, false, "start", false);
    }
    sb.append("</g>\n");
  }

  private double[] xValues() {
    List<double[]> all = new ArrayList<>();
    for (Series s : series) all.add(s.x);
    return concat(all);
  }

  private double[] yValues() {
    List<double[]> all = new ArrayList<>();
    for (Series s : series) {
      all.add(s.y);
      if (s.y2 != null) all.add(s.y2);
    }
    return concat(all);
  }

  private static double[] concat(List<double[]> arrays) {
    int n = 0;
    for (double[] a : arrays) n += a.length;
    double[] out = new double[n];
    int k = 0;
    for (double[] a : arrays) {
      System.arraycopy(a, 0, out, k, a.length);
      k += a.length;
    }
    return out;
  }
}
