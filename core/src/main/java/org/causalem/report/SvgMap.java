package org.causalem.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A 2-D map drawn as SVG, without AWT: the colour-mapped pixels as an embedded PNG (the same pixels as
 * {@link MapFigure}: NaN grey, nearest-neighbour upscaled, large maps block-averaged), and as SVG the title, the
 * frame, axes with ticks in the calibrated unit (px otherwise), the scale bar and the colour bar with its ticks and
 * the value unit. The pixels are embedded at the map's own resolution (after binning) and drawn as sharp squares by
 * {@code image-rendering: pixelated}. Marks over the map (detector circles, arrows) and a key beside it are added through a {@link Canvas}.
 */
public final class SvgMap {
  private static final double TICK_FONT = 11;
  private static final double LABEL_FONT = 12;

  private SvgMap() {}

  /** The map as a standalone SVG document. */
  public static String render(float[] values, int width, int height, MapFigure.Options options) {
    return draw(values, width, height, options).finish();
  }

  /** Writes the map to {@code file} atomically and returns the SVG text (to inline in a report). */
  public static String write(Path file, float[] values, int width, int height, MapFigure.Options options) throws IOException {
    String svg = render(values, width, height, options);
    Svg.write(file, svg);
    return svg;
  }

  /** The map framed on a canvas, to which marks may still be added. */
  static Canvas draw(float[] values, int width, int height, MapFigure.Options options) {
    if (values.length != (long) width * height) {
      throw new IllegalArgumentException("map has " + values.length + " values, expected " + width + "×" + height);
    }
    double[] range = Scales.range(values, options.clipPercent(), options.symmetric());
    int bin = Scales.binFactor(width, height);
    float[] shown = bin == 1 ? values : Scales.blockMean(values, width, height, bin);
    int sw = width / bin;
    int sh = height / bin;
    int scale = Scales.upscale(sw, sh, options.targetSizePx());
    int[] px = new int[sw * sh];
    Scales.colourPixels(shown, sw, sh, 1, options.colormap(), range[0], range[1], px);
    return frame(px, sw, sh, scale, (double) scale / bin, width, height, options, true, range[0], range[1]);
  }

  /**
   * Frames a picture ({@code rw × rh} packed RGB pixels, shown {@code upscale} times larger, each pixel a sharp square)
   * of a {@code srcW × srcH} map with the title, axes, a scale bar and, when {@code colourBar}, a colour bar from
   * {@code lo} to {@code hi}. The pixels are embedded at their own resolution: a viewer that ignores the SVG's
   * {@code image-rendering: pixelated} shows them smoothed.
   *
   * @param displayScale figure px per map pixel
   */
  static Canvas frame(int[] raster, int rw, int rh, int upscale, double displayScale, int srcW, int srcH, MapFigure.Options o,
                      boolean colourBar, double lo, double hi) {
    int right = colourBar ? MapFigure.CB_GAP + MapFigure.CB_W + MapFigure.CB_LABELS + MapFigure.UNIT_LABEL + MapFigure.PAD
        : MapFigure.PAD * 2;
    double titleW = Svg.textWidth(o.title(), 14, true) + 2 * MapFigure.PAD;
    double xTitleW = Svg.textWidth(o.scale().axisTitle("x"), LABEL_FONT, false) + 2 * MapFigure.PAD;
    double left = MapFigure.LEFT_AXIS;
    double top = MapFigure.TITLE_H;
    int mapW = rw * upscale;
    int mapH = rh * upscale;
    Canvas c = new Canvas(left, top, mapW, mapH, displayScale);
    c.grow(Math.ceil(Math.max(left + mapW + right, Math.max(titleW, left + xTitleW))), top + mapH + MapFigure.BOTTOM_AXIS);
    StringBuilder sb = c.body;
    Svg.image(sb, raster, rw, rh, left, top, mapW, mapH);
    Svg.rect(sb, left - 0.5, top - 0.5, mapW + 1, mapH + 1, null, "black");
    Svg.text(sb, MapFigure.PAD, 20, o.title(), 14, true, "start", false);
    axes(sb, c, srcW, srcH, o.scale());
    if (o.scale().calibrated()) scaleBar(sb, c, srcW, o.scale());
    if (colourBar) colourBar(sb, left + mapW + MapFigure.CB_GAP, top, MapFigure.CB_W, mapH, o, lo, hi);
    return c;
  }

  private static void axes(StringBuilder sb, Canvas c, int srcW, int srcH, PixelScale s) {
    double extentX = srcW * s.step();
    double extentY = srcH * s.step();
    double bottom = c.mapY + c.mapH;
    double stepX = Scales.niceNear(extentX / Math.max(2, Math.min(7, c.mapW / 80.0)));
    List<Double> xt = ticks(0, extentX, stepX);
    TickLabels xl = TickLabels.linear(xt, stepX);
    for (int i = 0; i < xt.size(); i++) {
      double x = c.mapX + Math.round(xt.get(i) / s.step() * c.displayScale);
      Svg.line(sb, x, bottom + 1, x, bottom + 5, "black", 1);
      Svg.text(sb, x, bottom + 17, xl.text().get(i), TICK_FONT, false, "middle", false);
    }
    double stepY = Scales.niceNear(extentY / Math.max(2, Math.min(7, c.mapH / 70.0)));
    List<Double> yt = ticks(0, extentY, stepY);
    TickLabels yl = TickLabels.linear(yt, stepY);
    for (int i = 0; i < yt.size(); i++) {
      double y = c.mapY + Math.round(yt.get(i) / s.step() * c.displayScale);
      Svg.line(sb, c.mapX - 5, y, c.mapX - 1, y, "black", 1);
      Svg.text(sb, c.mapX - 7, y + 4, yl.text().get(i), TICK_FONT, false, "end", false);
    }
    Svg.text(sb, c.mapX + c.mapW / 2, bottom + MapFigure.BOTTOM_AXIS - 6, SvgChart.withFactor(s.axisTitle("x"), xl.factor()), LABEL_FONT,
        false, "middle", false);
    Svg.text(sb, 18, c.mapY + c.mapH / 2, SvgChart.withFactor(s.axisTitle("y"), yl.factor()), LABEL_FONT, false, "middle", true);
  }

  /** A white bar with a black outline, a fifth of the map wide rounded down to 1-2-5, its length above it. */
  private static void scaleBar(StringBuilder sb, Canvas c, int srcW, PixelScale s) {
    double length = Scales.niceFloor(0.2 * srcW * s.step());
    long lengthPx = Math.round(length / s.step() * c.displayScale);
    if (lengthPx < 8 || c.mapH < 30) return;
    double x = c.mapX + 10;
    double y = c.mapY + c.mapH - 12;
    Svg.rect(sb, x - 1, y - 1, lengthPx + 2, 7, "black", null);
    Svg.rect(sb, x, y, lengthPx, 5, Svg.hex(MapFigure.SCALE_BAR_RGB), null);
    String label = Scales.fmtTick(length, length) + " " + s.unit();
    sb.append("<g stroke=\"black\" stroke-width=\"2.5\" stroke-linejoin=\"round\" paint-order=\"stroke\" fill=\"white\">\n");
    Svg.text(sb, x + lengthPx / 2.0, y - 6, label, LABEL_FONT, true, "middle", false);
    sb.append("</g>\n");
  }

  private static void colourBar(StringBuilder sb, double x, double y, double w, double h, MapFigure.Options o, double lo, double hi) {
    int rows = 256;
    int[] ramp = new int[rows];
    for (int i = 0; i < rows; i++) ramp[i] = o.colormap().rgb(1 - (double) i / Math.max(1, rows - 1));
    Svg.image(sb, ramp, 1, rows, x, y, w, h);
    Svg.rect(sb, x - 0.5, y - 0.5, w + 1, h + 1, null, "black");
    double step = Scales.niceStep((hi - lo) / Math.max(2, Math.min(6, h / 50.0)));
    List<Double> ticks = ticks(Math.ceil(lo / step - 1e-9) * step, hi, step);
    TickLabels labels = TickLabels.linear(ticks, step);
    for (int i = 0; i < ticks.size(); i++) {
      double ty = y + Math.round((hi - ticks.get(i)) / (hi - lo) * (h - 1));
      Svg.line(sb, x + w, ty, x + w + 4, ty, "black", 1);
      Svg.text(sb, x + w + 6, ty + 4, labels.text().get(i), TICK_FONT, false, "start", false);
    }
    String unit = SvgChart.withFactor(o.valueUnit(), labels.factor());
    if (o.clipPercent() > 0) {
      unit = (unit.isEmpty() ? "" : unit + ", ") + Scales.trim(o.clipPercent()) + "–" + Scales.trim(100 - o.clipPercent()) + " % range";
    }
    if (!unit.isEmpty()) Svg.text(sb, x + w + MapFigure.CB_LABELS + 8, y + h / 2, unit, LABEL_FONT, false, "middle", true);
  }

  /** {@code from}, {@code from + step}, … up to {@code to} (and a hair past it, for rounding). */
  private static List<Double> ticks(double from, double to, double step) {
    List<Double> out = new ArrayList<>();
    for (double v = from; v <= to + 1e-9 * Math.max(Math.abs(to), step); v += step) out.add(v);
    return out;
  }

  /** A map figure being drawn: the SVG body so far, the figure's size and where the map sits. */
  static final class Canvas {
    final StringBuilder body = new StringBuilder(64 * 1024);
    final double mapX;
    final double mapY;
    final double mapW;
    final double mapH;
    /** Figure px per map pixel. */
    final double displayScale;
    private double width;
    private double height;

    Canvas(double mapX, double mapY, double mapW, double mapH, double displayScale) {
      this.mapX = mapX;
      this.mapY = mapY;
      this.mapW = mapW;
      this.mapH = mapH;
      this.displayScale = displayScale;
    }

    double width() { return width; }

    double height() { return height; }

    /** Widens the figure to at least {@code w × h}. */
    void grow(double w, double h) {
      width = Math.max(width, w);
      height = Math.max(height, h);
    }

    /** Adds {@code elements} over the map, in map display px from its top-left corner, clipped to the map. */
    void overMap(String elements) {
      body.append("<svg x=\"");
      Svg.num(body, mapX).append("\" y=\"");
      Svg.num(body, mapY).append("\" width=\"");
      Svg.num(body, mapW).append("\" height=\"");
      Svg.num(body, mapH).append("\" overflow=\"hidden\">\n").append(elements).append("</svg>\n");
    }

    /** The standalone SVG document. */
    String finish() {
      StringBuilder sb = new StringBuilder(body.length() + 300);
      Svg.open(sb, width, height);
      return sb.append(body).append("</svg>\n").toString();
    }
  }
}
