package org.causalem.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Line and scatter charts for reports and workflow outputs (XChart, headless): one look for every command. A chart is
 * built with {@link #chart}, {@link #line} and {@link #points}, and written alone ({@link #png(XYChart)}) or in a grid
 * ({@link #png(Path, List, int, int)}).
 */
public final class Charts {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Charts() {}

  /** An empty chart with a title and axis titles (units in the titles). */
  public static XYChart chart(String title, String xTitle, String yTitle, int width, int height) {
    XYChart c = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    Styler s = c.getStyler();
    s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setLegendPosition(Styler.LegendPosition.InsideNE);
    s.setMarkerSize(4);
    c.getStyler().setPlotGridLinesColor(new Color(0xE0E0E0));
    c.getStyler().setDecimalPattern("#0.####");
    return c;
  }

  /** A line series; non-finite values become gaps. */
  public static XYSeries line(XYChart c, String name, double[] x, double[] y, Color colour) {
    XYSeries s = c.addSeries(name, x, finite(y, c.getStyler().isYAxisLogarithmic()));
    s.setMarker(SeriesMarkers.NONE);
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    if (colour != null) s.setLineColor(colour);
    return s;
  }

  /** A line series in the chart's next colour. */
  public static XYSeries line(XYChart c, String name, double[] x, double[] y) { return line(c, name, x, y, null); }

  /** A scatter series in the chart's next colour. */
  public static XYSeries points(XYChart c, String name, double[] x, double[] y) { return points(c, name, x, y, null); }

  /** A scatter series; non-finite values are left out of the drawing. */
  public static XYSeries points(XYChart c, String name, double[] x, double[] y, Color colour) {
    XYSeries s = c.addSeries(name, x, finite(y, c.getStyler().isYAxisLogarithmic()));
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    s.setMarker(SeriesMarkers.CIRCLE);
    if (colour != null) s.setMarkerColor(colour);
    return s;
  }

  /**
   * Sets the x range to whole multiples of a 1-2-5 step around {@code [min, max]} so that XChart puts its
   * ticks on round numbers (it starts them at the axis minimum).
   */
  public static void niceX(XYChart c, double min, double max) {
    if (!(max > min)) return;
    double step = MapFigure.niceNear((max - min) / 8);
    c.getStyler().setXAxisMin(Math.floor(min / step) * step);
    c.getStyler().setXAxisMax(Math.ceil(max / step) * step);
  }

  /** Same as {@link #niceX} for the y axis (linear axes only). */
  public static void niceY(XYChart c, double min, double max) {
    if (!(max > min)) return;
    double step = MapFigure.niceStep((max - min) / 6);
    c.getStyler().setYAxisMin(Math.floor(min / step) * step);
    c.getStyler().setYAxisMax(Math.ceil(max / step) * step);
  }

  public static BufferedImage image(XYChart c) { return BitmapEncoder.getBufferedImage(c); }

  public static byte[] png(XYChart c) { return Figures.toPng(image(c)); }

  /**
   * Writes one chart or a grid of charts as PNG, atomically: row by row, {@code cols} per row, cells past the last
   * chart left white (the grid may hold more cells than charts).
   */
  public static void png(Path file, List<XYChart> charts, int rows, int cols) throws IOException {
    if (charts.isEmpty()) throw new IllegalStateException("no chart to draw in " + file.getFileName());
    if (rows < 1 || cols < 1 || (long) rows * cols < charts.size()) {
      throw new IllegalStateException(charts.size() + " charts do not fit a " + rows + " x " + cols + " grid");
    }
    List<BufferedImage> images = new ArrayList<>();
    int cellW = 0;
    int cellH = 0;
    for (XYChart c : charts) {
      BufferedImage im = image(c);
      images.add(im);
      cellW = Math.max(cellW, im.getWidth());
      cellH = Math.max(cellH, im.getHeight());
    }
    BufferedImage grid = new BufferedImage(cellW * cols, cellH * rows, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = grid.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
      for (int i = 0; i < images.size(); i++) g.drawImage(images.get(i), (i % cols) * cellW, (i / cols) * cellH, null);
    } finally {
      g.dispose();
    }
    Figures.write(file, grid);
  }

  /** Evenly thins {@code n} indices to at most {@code max} (the points of a long series worth drawing). */
  public static int[] thin(int n, int max) {
    int m = Math.min(n, max);
    int[] idx = new int[m];
    for (int i = 0; i < m; i++) idx[i] = (int) ((long) i * n / m);
    return idx;
  }

  private static double[] finite(double[] y, boolean log) {
    double[] out = y.clone();
    for (int i = 0; i < out.length; i++) if (!Double.isFinite(out[i]) || (log && !(out[i] > 0))) out[i] = Double.NaN;
    return out;
  }
}
