package org.causalem.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;
import java.util.Locale;
import org.causalem.table.Descriptor;

/**
 * Renders a 2-D map (row-major floats, NaN = missing, shown grey) as a figure: a title, the map
 * nearest-neighbour upscaled to about {@link Options#targetSizePx} on its long side (large images are
 * block-averaged down to at most {@value #MAX_DISPLAY_PX} px instead), axes with ticks in nm when the
 * pixel size is known (px otherwise, said in the axis title), a scale bar on calibrated maps, and a
 * colour bar with ticks and the value unit.
 */
public final class MapFigure {
  /** Largest displayed side of a map; larger images are block-averaged. */
  public static final int MAX_DISPLAY_PX = 1024;
  static final int PAD = 10;
  static final int TITLE_H = 30;
  static final int LEFT_AXIS = 64;
  static final int BOTTOM_AXIS = 42;
  static final int CB_GAP = 16;
  static final int CB_W = 18;
  static final int CB_LABELS = 66;
  static final int UNIT_LABEL = 22;
  /** Colour of the scale bar's fill; the bar has a 1-px black outline. */
  public static final int SCALE_BAR_RGB = 0xFFFFFF;

  /**
   * @param title shown above the map
   * @param symmetric centre the colour scale on zero (use a diverging colour map) when true
   * @param targetSizePx the map's long side is upscaled to at least this (integer factor)
   * @param valueUnit unit of the mapped values, shown by the colour bar ("" = none)
   * @param scale physical size of one map pixel
   * @param clipPercent colour range from this percentile to 100 − this (0 = min to max)
   */
  public record Options(String title, Colormap colormap, boolean symmetric, int targetSizePx, String valueUnit, PixelScale scale,
                        double clipPercent) {
    public Options {
      if (targetSizePx < 32) throw new IllegalArgumentException("targetSizePx must be >= 32, got " + targetSizePx);
      if (!(clipPercent >= 0 && clipPercent < 25)) throw new IllegalArgumentException("clipPercent must be in [0, 25), got " + clipPercent);
      if (title == null) title = "";
      if (valueUnit == null) valueUnit = "";
      if (scale == null) scale = PixelScale.pixels();
    }

    public Options(String title, Colormap colormap, boolean symmetric, int targetSizePx) {
      this(title, colormap, symmetric, targetSizePx, "", PixelScale.pixels(), 0);
    }

    /** Viridis-like for magnitudes, blue–white–red centred on zero for signed quantities; axes in px. */
    public static Options of(String title, boolean symmetric) {
      return new Options(title, symmetric ? Colormap.DIVERGING : Colormap.SEQUENTIAL, symmetric, 400);
    }

    public Options withUnit(String unit) { return new Options(title, colormap, symmetric, targetSizePx, unit, scale, clipPercent); }

    public Options withScale(PixelScale s) { return new Options(title, colormap, symmetric, targetSizePx, valueUnit, s, clipPercent); }

    public Options withClip(double percent) { return new Options(title, colormap, symmetric, targetSizePx, valueUnit, scale, percent); }

    public Options withColormap(Colormap c) { return new Options(title, c, symmetric, targetSizePx, valueUnit, scale, clipPercent); }

    /** A map of {@code d}, titled by its name, diverging when its role is signed around zero (polarization). */
    public static Options of(Descriptor d) { return of(d.name(), d.role().diverging()); }
  }

  /**
   * The scale bar as drawn.
   *
   * @param length the physical length the label claims, in {@code unit}
   * @param x left end of the white fill (image px)
   * @param y top of the white fill (image px)
   * @param lengthPx the white fill's length (image px)
   */
  public record ScaleBar(double length, String unit, int x, int y, int lengthPx) {}

  /**
   * A rendered figure and where its parts are.
   *
   * @param map the map's rectangle in the image
   * @param colourBar the colour bar's rectangle (null when there is none); its top is {@code hi}
   * @param displayScale image px per map pixel
   * @param scaleBar null when the map is not calibrated (or too small for one)
   */
  public record Rendered(BufferedImage image, Rectangle map, Rectangle colourBar, double lo, double hi, double displayScale,
                         ScaleBar scaleBar) {}

  private MapFigure() {}

  /** PNG bytes of the map. */
  public static byte[] png(float[] values, int width, int height, Options options) {
    return Figures.toPng(render(values, width, height, options));
  }

  /** The map as an image. */
  public static BufferedImage render(float[] values, int width, int height, Options options) {
    return renderWithGeometry(values, width, height, options).image();
  }

  /** The map as an image, with the geometry of its parts. */
  public static Rendered renderWithGeometry(float[] values, int width, int height, Options options) {
    if (values.length != (long) width * height) {
      throw new IllegalArgumentException("map has " + values.length + " values, expected " + width + "×" + height);
    }
    double[] range = range(values, options.clipPercent(), options.symmetric());
    double lo = range[0];
    double hi = range[1];
    int bin = binFactor(width, height);
    float[] shown = bin == 1 ? values : Scales.blockMean(values, width, height, bin);
    int sw = width / bin;
    int sh = height / bin;
    int scale = upscale(sw, sh, options.targetSizePx());
    BufferedImage raster = new BufferedImage(sw * scale, sh * scale, BufferedImage.TYPE_INT_RGB);
    int[] px = ((DataBufferInt) raster.getRaster().getDataBuffer()).getData();
    Scales.colourPixels(shown, sw, sh, scale, options.colormap(), lo, hi, px);
    return decorate(raster, (double) scale / bin, width, height, options, true, lo, hi);
  }

  /**
   * Frames an already drawn picture of a {@code srcW × srcH} map (e.g. an image with marks on it) with
   * the title, axes, a scale bar and, when {@code colourBar}, a colour bar from {@code lo} to {@code hi}.
   *
   * @param displayScale picture px per map pixel
   */
  public static Rendered decorate(BufferedImage picture, double displayScale, int srcW, int srcH, Options options, boolean colourBar,
                                  double lo, double hi) {
    int mapW = picture.getWidth();
    int mapH = picture.getHeight();
    Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    Font tickFont = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    int right = colourBar ? CB_GAP + CB_W + CB_LABELS + UNIT_LABEL + PAD : PAD * 2;
    int titleW = textWidth(titleFont, options.title()) + 2 * PAD;
    int xTitleW = textWidth(labelFont, options.scale().axisTitle("x")) + 2 * PAD;
    int imgW = Math.max(LEFT_AXIS + mapW + right, Math.max(titleW, LEFT_AXIS + xTitleW));
    int imgH = TITLE_H + mapH + BOTTOM_AXIS;
    BufferedImage img = new BufferedImage(imgW, imgH, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, imgW, imgH);
      int left = LEFT_AXIS;
      int top = TITLE_H;
      g.drawImage(picture, left, top, null);
      g.setColor(Color.BLACK);
      g.setStroke(new BasicStroke(1));
      g.drawRect(left - 1, top - 1, mapW + 1, mapH + 1);
      g.setFont(titleFont);
      g.drawString(options.title(), PAD, 20);
      axes(g, left, top, mapW, mapH, displayScale, srcW, srcH, options.scale(), tickFont, labelFont);
      ScaleBar bar = options.scale().calibrated() ? scaleBar(g, left, top, mapW, mapH, displayScale, srcW, options.scale(), labelFont) : null;
      Rectangle cb = null;
      if (colourBar) {
        cb = new Rectangle(left + mapW + CB_GAP, top, CB_W, mapH);
        colourBar(g, cb, options, lo, hi, tickFont, labelFont);
      }
      return new Rendered(img, new Rectangle(left, top, mapW, mapH), cb, lo, hi, displayScale, bar);
    } finally {
      g.dispose();
    }
  }

  private static void axes(Graphics2D g, int left, int top, int mapW, int mapH, double displayScale, int srcW, int srcH, PixelScale s,
                           Font tickFont, Font labelFont) {
    g.setFont(tickFont);
    FontMetrics fm = g.getFontMetrics();
    double extentX = srcW * s.step();
    double extentY = srcH * s.step();
    double stepX = niceNear(extentX / Math.max(2, Math.min(7, mapW / 80.0)));
    for (double v = 0; v <= extentX * (1 + 1e-9); v += stepX) {
      int x = left + (int) Math.round(v / s.step() * displayScale);
      g.drawLine(x, top + mapH + 1, x, top + mapH + 5);
      String t = fmtTick(v, stepX);
      g.drawString(t, x - fm.stringWidth(t) / 2, top + mapH + 6 + fm.getAscent());
    }
    double stepY = niceNear(extentY / Math.max(2, Math.min(7, mapH / 70.0)));
    for (double v = 0; v <= extentY * (1 + 1e-9); v += stepY) {
      int y = top + (int) Math.round(v / s.step() * displayScale);
      g.drawLine(left - 5, y, left - 1, y);
      String t = fmtTick(v, stepY);
      g.drawString(t, left - 7 - fm.stringWidth(t), y + fm.getAscent() / 2 - 1);
    }
    g.setFont(labelFont);
    FontMetrics lm = g.getFontMetrics();
    String xt = s.axisTitle("x");
    g.drawString(xt, left + Math.max(0, (mapW - lm.stringWidth(xt)) / 2), top + mapH + BOTTOM_AXIS - 6);
    String yt = s.axisTitle("y");
    rotated(g, yt, 14, top + mapH / 2 + lm.stringWidth(yt) / 2);
  }

  private static ScaleBar scaleBar(Graphics2D g, int left, int top, int mapW, int mapH, double displayScale, int srcW, PixelScale s,
                                   Font font) {
    double length = niceFloor(0.2 * srcW * s.step());
    int lengthPx = (int) Math.round(length / s.step() * displayScale);
    if (lengthPx < 8 || mapH < 30) return null;
    int x = left + 10;
    int y = top + mapH - 12;
    g.setColor(Color.BLACK);
    g.fillRect(x - 1, y - 1, lengthPx + 2, 7);
    g.setColor(new Color(SCALE_BAR_RGB));
    g.fillRect(x, y, lengthPx, 5);
    String label = fmtTick(length, length) + " " + s.unit();
    g.setFont(font.deriveFont(Font.BOLD));
    FontMetrics fm = g.getFontMetrics();
    int tx = x + Math.max(0, (lengthPx - fm.stringWidth(label)) / 2);
    int ty = y - 6;
    g.setColor(Color.BLACK);
    for (int dx = -1; dx <= 1; dx++) for (int dy = -1; dy <= 1; dy++) g.drawString(label, tx + dx, ty + dy);
    g.setColor(Color.WHITE);
    g.drawString(label, tx, ty);
    return new ScaleBar(length, s.unit(), x, y, lengthPx);
  }

  private static void colourBar(Graphics2D g, Rectangle cb, Options o, double lo, double hi, Font tickFont, Font labelFont) {
    for (int y = 0; y < cb.height; y++) {
      g.setColor(new Color(o.colormap().rgb(1 - (double) y / Math.max(1, cb.height - 1))));
      g.drawLine(cb.x, cb.y + y, cb.x + cb.width - 1, cb.y + y);
    }
    g.setColor(Color.BLACK);
    g.drawRect(cb.x - 1, cb.y - 1, cb.width + 1, cb.height + 1);
    g.setFont(tickFont);
    FontMetrics fm = g.getFontMetrics();
    double step = niceStep((hi - lo) / Math.max(2, Math.min(6, cb.height / 50.0)));
    double first = Math.ceil(lo / step - 1e-9) * step;
    for (double v = first; v <= hi + 1e-9 * step; v += step) {
      int y = cb.y + (int) Math.round((hi - v) / (hi - lo) * (cb.height - 1));
      g.drawLine(cb.x + cb.width, y, cb.x + cb.width + 4, y);
      g.drawString(fmtTick(v, step), cb.x + cb.width + 6, y + fm.getAscent() / 2 - 1);
    }
    String unit = o.valueUnit();
    if (o.clipPercent() > 0) unit = (unit.isEmpty() ? "" : unit + ", ") + trim(o.clipPercent()) + "–" + trim(100 - o.clipPercent()) + " % range";
    if (!unit.isEmpty()) {
      g.setFont(labelFont);
      FontMetrics lm = g.getFontMetrics();
      rotated(g, unit, cb.x + cb.width + CB_LABELS + 12, cb.y + cb.height / 2 + lm.stringWidth(unit) / 2);
    }
  }

  private static void rotated(Graphics2D g, String text, int x, int y) {
    AffineTransform t = g.getTransform();
    g.translate(x, y);
    g.rotate(-Math.PI / 2);
    g.drawString(text, 0, 0);
    g.setTransform(t);
  }

  /** Colour range: percentiles (or min–max), symmetric about zero when asked; never empty. */
  static double[] range(float[] values, double clipPercent, boolean symmetric) { return Scales.range(values, clipPercent, symmetric); }

  static int binFactor(int w, int h) { return Scales.binFactor(w, h); }

  static int upscale(int w, int h, int target) { return Scales.upscale(w, h, target); }

  static double niceStep(double raw) { return Scales.niceStep(raw); }

  static double niceFloor(double raw) { return Scales.niceFloor(raw); }

  static String fmtTick(double v, double step) { return Scales.fmtTick(v, step); }

  private static String trim(double v) { return Scales.trim(v); }

  static double niceNear(double raw) { return Scales.niceNear(raw); }

  static String fmt(double v) { return Scales.fmt(v); }

  private static int textWidth(Font f, String s) {
    BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = scratch.createGraphics();
    try {
      return g.getFontMetrics(f).stringWidth(s);
    } finally {
      g.dispose();
    }
  }
}
