package org.causalem.output;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.causalem.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Small PNG charts for the workflow outputs (XChart, headless). */
public final class Charts {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Charts() {}

  public static XYChart chart(String title, String xTitle, String yTitle, int width, int height) {
    XYChart c = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    c.getStyler().setLegendVisible(true);
    c.getStyler().setChartTitleFont(c.getStyler().getChartTitleFont().deriveFont(12f));
    c.getStyler().setMarkerSize(4);
    c.getStyler().setDecimalPattern("#0.####");
    return c;
  }

  public static XYSeries line(XYChart c, String name, double[] x, double[] y) {
    XYSeries s = c.addSeries(name, x, finite(y));
    s.setMarker(SeriesMarkers.NONE);
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    return s;
  }

  public static XYSeries points(XYChart c, String name, double[] x, double[] y) {
    XYSeries s = c.addSeries(name, x, finite(y));
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    s.setMarker(SeriesMarkers.CIRCLE);
    return s;
  }

  private static double[] finite(double[] y) {
    double[] out = y.clone();
    for (int i = 0; i < out.length; i++) if (!Double.isFinite(out[i])) out[i] = Double.NaN;
    return out;
  }

  /**
   * Writes one chart or a grid of charts as PNG, atomically: row by row, {@code cols} per row, cells
   * past the last chart left white (the grid may hold more cells than charts).
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
      BufferedImage im = BitmapEncoder.getBufferedImage(c);
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
    AtomicFiles.write(file, out -> {
      if (!ImageIO.write(grid, "png", out)) throw new IOException("no PNG writer");
    });
  }

  /** Evenly thins {@code n} indices to at most {@code max}. */
  public static int[] thin(int n, int max) {
    int m = Math.min(n, max);
    int[] idx = new int[m];
    for (int i = 0; i < m; i++) idx[i] = (int) ((long) i * n / m);
    return idx;
  }
}
