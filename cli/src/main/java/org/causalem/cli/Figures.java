package org.causalem.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.causalem.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Small PNG figures for the command outputs (XChart, headless). */
final class Figures {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Figures() {}

  static XYChart chart(String title, String xTitle, String yTitle, int width, int height) {
    XYChart c = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    c.getStyler().setLegendVisible(true);
    c.getStyler().setChartTitleFont(c.getStyler().getChartTitleFont().deriveFont(12f));
    c.getStyler().setMarkerSize(4);
    c.getStyler().setDecimalPattern("#0.####");
    return c;
  }

  static XYSeries line(XYChart c, String name, double[] x, double[] y) {
    XYSeries s = c.addSeries(name, x, finite(y));
    s.setMarker(SeriesMarkers.NONE);
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    return s;
  }

  static XYSeries points(XYChart c, String name, double[] x, double[] y) {
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

  /** Writes one chart or a grid of charts as PNG, atomically. */
  static void png(Path file, List<XYChart> charts, int rows, int cols) throws IOException {
    AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(charts, rows, cols, out, BitmapEncoder.BitmapFormat.PNG));
  }

  /** Evenly thins {@code n} indices to at most {@code max}. */
  static int[] thin(int n, int max) {
    int m = Math.min(n, max);
    int[] idx = new int[m];
    for (int i = 0; i < m; i++) idx[i] = (int) ((long) i * n / m);
    return idx;
  }
}
