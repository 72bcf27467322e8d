package org.causalem.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Locale;
import org.causalem.table.Descriptor;

/**
 * Renders a 2-D map (row-major floats, NaN = missing) as a PNG with a colour bar and a title.
 * Pixels are scaled up by an integer factor so small maps stay readable.
 */
public final class MapFigure {
  /**
   * @param title shown above the map
   * @param symmetric centre the colour scale on zero (diverging map) when true
   */
  public record Options(String title, Colormap colormap, boolean symmetric, int targetSizePx) {
    public Options {
      if (targetSizePx < 32) throw new IllegalArgumentException("targetSizePx must be >= 32, got " + targetSizePx);
    }

    public static Options of(String title, boolean symmetric) {
      return new Options(title, symmetric ? Colormap.DIVERGING : Colormap.SEQUENTIAL, symmetric, 360);
    }

    /** A map of {@code d}, titled by its name, diverging when its role is signed around zero (polarization). */
    public static Options of(Descriptor d) { return of(d.name(), d.role().diverging()); }
  }

  private MapFigure() {}

  /** PNG bytes of the map. */
  public static byte[] png(float[] values, int width, int height, Options options) {
    return Figures.toPng(render(values, width, height, options));
  }

  /** The map as an image. */
  public static BufferedImage render(float[] values, int width, int height, Options options) {
    if (values.length != (long) width * height) {
      throw new IllegalArgumentException("map has " + values.length + " values, expected " + width + "×" + height);
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (float v : values) {
      if (Float.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    if (lo > hi) {
      lo = 0;
      hi = 1;
    }
    if (options.symmetric()) {
      double m = Math.max(Math.abs(lo), Math.abs(hi));
      lo = -m;
      hi = m;
    }
    if (hi == lo) hi = lo + 1;
    int scale = Math.max(1, options.targetSizePx() / Math.max(width, height));
    int mapW = width * scale;
    int mapH = height * scale;
    int margin = 10;
    int titleH = 24;
    int barW = 16;
    int labelW = 70;
    int imgW = margin + mapW + margin + barW + labelW;
    int imgH = titleH + mapH + margin;
    BufferedImage img = new BufferedImage(imgW, imgH, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, imgW, imgH);
    for (int r = 0; r < height; r++) {
      for (int c = 0; c < width; c++) {
        float v = values[r * width + c];
        int rgb = Float.isFinite(v) ? options.colormap().rgb((v - lo) / (hi - lo)) : 0xC0C0C0;
        for (int dy = 0; dy < scale; dy++) {
          for (int dx = 0; dx < scale; dx++) img.setRGB(margin + c * scale + dx, titleH + r * scale + dy, rgb);
        }
      }
    }
    int bx = margin + mapW + margin;
    for (int y = 0; y < mapH; y++) {
      g.setColor(new Color(options.colormap().rgb(1 - (double) y / Math.max(1, mapH - 1))));
      g.drawLine(bx, titleH + y, bx + barW, titleH + y);
    }
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1));
    g.drawRect(bx, titleH, barW, mapH);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    g.drawString(fmt(hi), bx + barW + 4, titleH + 10);
    g.drawString(fmt(lo), bx + barW + 4, titleH + mapH);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.drawString(options.title(), margin, 17);
    g.dispose();
    return img;
  }

  static String fmt(double v) {
    if (v == 0) return "0";
    double a = Math.abs(v);
    if (a >= 1e4 || a < 1e-3) return String.format(Locale.ROOT, "%.2e", v);
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
