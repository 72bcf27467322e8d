package org.causalem.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalem.data.DataCube4D;
import org.causalem.fourd.FourdPipeline;
import org.causalem.fourd.FourdResult;
import org.causalem.fourd.VirtualDetector;
import org.causalem.io.Decimals;
import org.causalem.table.DescriptorTable;

/**
 * The 4D-STEM figures and report, drawn as SVG (no AWT): one colour map per output map ({@code <map>.svg}), the
 * mean pattern on a log scale with the named virtual detectors and the bright-field disk drawn
 * ({@code mean_pattern.svg}), the CoM/DPC vector field as a colour wheel with arrows ({@code dpc_field.svg} or
 * {@code com_field.svg}), and report.html with the figures inline.
 */
public final class FourdReport {
  private static final String[] DETECTOR_COLOURS = {"#ff4040", "#40c0ff", "#ffd000", "#ff60ff"};

  private FourdReport() {}

  /**
   * Writes the figures and report.html into {@code dir}.
   *
   * @param virtual the named detectors asked for (drawn on the mean pattern; mask detectors are not drawn)
   */
  public static void write(Path dir, String source, DataCube4D cube, FourdResult r, List<String> virtual) throws IOException {
    int w = r.width();
    int h = r.height();
    PixelScale scan = PixelScale.of(cube.ry(), cube.rx());
    HtmlReport page = new HtmlReport("4D-STEM: " + source);
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("dataset", cube.name());
    facts.put("scan", h + " × " + w + " positions" + (scan.calibrated() ? ", " + Decimals.general(scan.step(), 4) + " " + scan.unit() + " per step"
        : " (step size not calibrated: axes in px)"));
    facts.put("detector", r.detY() + " × " + r.detX() + " px");
    facts.put("bright-field disk", "centre (" + Decimals.fixed(r.probe().centreX(), 2) + ", " + Decimals.fixed(r.probe().centreY(), 2)
        + ") px, radius " + Decimals.fixed(r.probe().radiusPx(), 2) + " px (" + r.probe().method() + ")");
    if (r.rotation() != null) {
      facts.put("detector rotation", Decimals.fixed(r.rotation().angleDeg(), 2) + "° (modulo 180°)" + (r.rotation().flip() ? ", flipped" : ""));
    }
    page.keyValues(facts);
    page.notes(r.notes());

    DescriptorTable table = r.pixels();
    String vx = r.maps().containsKey("dpc_x") ? "dpc_x" : "com_x";
    String vy = vx.equals("dpc_x") ? "dpc_y" : "com_y";
    boolean field = r.maps().containsKey(vx) && r.maps().containsKey(vy);
    List<String> names = new ArrayList<>(r.maps().keySet());
    String mean = write(dir.resolve("mean_pattern.svg"), meanPattern(r, virtual));
    String fieldSvg = field ? write(dir.resolve(vx.startsWith("dpc") ? "dpc_field.svg" : "com_field.svg"), vectorField(r.maps().get(vx),
        r.maps().get(vy), w, h, scan, vx.startsWith("dpc") ? "DPC field" : "CoM shift", unit(table, vx))) : null;
    List<String> maps = new ArrayList<>();
    for (String k : names) maps.add(writeMap(dir, k, r.maps().get(k), w, h, scan, table));

    page.heading(2, "Mean diffraction pattern");
    page.svg("Mean of all patterns (log scale) with the virtual detectors: solid circles are detector edges; dashed, the bright-field disk found",
        mean);
    page.heading(2, "Virtual images");
    page.beginRow();
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).startsWith("virtual_")) page.svg(names.get(i) + " (" + safe(names.get(i)) + ".npy); colours span the 0.5–99.5 % range", maps.get(i));
    }
    page.endRow();
    if (field) {
      page.heading(2, vx.equals("dpc_x") ? "DPC field" : "Centre-of-mass shift");
      page.svg((vx.startsWith("dpc") ? "DPC field (CoM shift rotated into the scan frame)" : "Centre-of-mass shift (detector frame)")
          + ": colour = direction (wheel), brightness = magnitude; arrows on a coarser grid, longest arrow = one grid step", fieldSvg);
    }
    if (names.stream().anyMatch(k -> !k.startsWith("virtual_"))) {
      page.heading(2, "Other maps");
      page.beginRow();
      for (int i = 0; i < names.size(); i++) {
        if (!names.get(i).startsWith("virtual_")) page.svg(names.get(i) + " (" + safe(names.get(i)) + ".npy)", maps.get(i));
      }
      page.endRow();
    }
    page.writeTo(dir.resolve("report.html"));
  }

  private static String write(Path file, String svg) throws IOException {
    Svg.write(file, svg);
    return svg;
  }

  private static String writeMap(Path dir, String name, float[] values, int w, int h, PixelScale scan, DescriptorTable table) throws IOException {
    MapFigure.Options o = MapFigure.Options.of(name, FourdPipeline.signed(name)).withScale(scan).withUnit(unit(table, name))
        .withClip(name.equals("clusters") ? 0 : 0.5);
    return SvgMap.write(dir.resolve(safe(name) + ".svg"), values, w, h, o);
  }

  private static String unit(DescriptorTable t, String column) {
    int i = t.names().indexOf(column);
    return i < 0 ? "" : t.units().get(i);
  }

  /** The mean pattern on a log scale with the detectors outlined (SVG). */
  static String meanPattern(FourdResult r, List<String> virtual) {
    int dx = r.detX();
    int dy = r.detY();
    float[] logv = new float[dx * dy];
    double max = 0;
    for (double v : r.meanPattern()) max = Math.max(max, v);
    double floor = max > 0 ? max * 1e-4 : 1;
    for (int i = 0; i < logv.length; i++) logv[i] = (float) Math.log10(Math.max(r.meanPattern()[i], floor));
    MapFigure.Options o = MapFigure.Options.of("mean pattern", false).withUnit("log10 counts").withClip(0.5);
    SvgMap.Canvas base = SvgMap.draw(logv, dx, dy, o);
    double s = base.displayScale;
    double cx = (r.probe().centreX() + 0.5) * s;
    double cy = (r.probe().centreY() + 0.5) * s;
    double rad = r.probe().radiusPx();
    StringBuilder sb = new StringBuilder();
    int k = 0;
    for (String name : virtual) {
      VirtualDetector d = FourdPipeline.named(name, r.probe(), dx, dy);
      if (d == null) continue;
      double[] radii = switch (name) {
        case "bf" -> new double[] {rad};
        case "abf" -> new double[] {0.5 * rad, rad};
        case "adf" -> new double[] {1.5 * rad, 3 * rad};
        default -> new double[] {3 * rad, outer(r, rad)};
      };
      String col = DETECTOR_COLOURS[k++ % DETECTOR_COLOURS.length];
      for (double rr : radii) circle(sb, cx, cy, rr * s, col, 2, null);
      double lr = radii[radii.length - 1] * s;
      sb.append("<g fill=\"").append(col).append("\">");
      Svg.text(sb, cx + lr * 0.72 + 3, cy - lr * 0.72 - 3, name, 12, true, "start", false);
      sb.append("</g>\n");
    }
    circle(sb, cx, cy, rad * s, "white", 1, "4 4");
    base.overMap(sb.toString());
    return base.finish();
  }

  private static void circle(StringBuilder sb, double cx, double cy, double r, String colour, double width, String dash) {
    sb.append("<circle cx=\"");
    Svg.num(sb, cx).append("\" cy=\"");
    Svg.num(sb, cy).append("\" r=\"");
    Svg.num(sb, r).append("\" fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"");
    Svg.num(sb, width).append('"');
    if (dash != null) sb.append(" stroke-dasharray=\"").append(dash).append('"');
    sb.append("/>\n");
  }

  private static double outer(FourdResult r, double rad) {
    double cx = r.probe().centreX();
    double cy = r.probe().centreY();
    double edge = Math.min(Math.min(cx, r.detX() - 1 - cx), Math.min(cy, r.detY() - 1 - cy));
    return Math.max(edge, 3 * rad + 1);
  }

  /** Direction as hue, magnitude as brightness (up to the 99th percentile), arrows on a coarse grid, and a colour-wheel key (SVG). */
  static String vectorField(float[] vx, float[] vy, int w, int h, PixelScale scan, String title, String unit) {
    float[] mag = new float[vx.length];
    for (int i = 0; i < mag.length; i++) mag[i] = (float) Math.hypot(vx[i], vy[i]);
    double top = Scales.range(mag, 1, false)[1];
    if (!(top > 0)) top = 1;
    int scale = Scales.upscale(w, h, 400);
    int bin = Scales.binFactor(w, h);
    int sw = w / bin;
    int sh = h / bin;
    int[] px = new int[sw * sh];
    for (int r = 0; r < sh; r++) {
      for (int c = 0; c < sw; c++) {
        int i = (r * bin) * w + c * bin;
        px[r * sw + c] = Float.isFinite(vx[i]) && Float.isFinite(vy[i]) ? wheel(vx[i], vy[i], top) : 0xC0C0C0;
      }
    }
    double ds = (double) scale / bin;
    MapFigure.Options o = MapFigure.Options.of(title, false).withScale(scan);
    SvgMap.Canvas fr = SvgMap.frame(px, sw, sh, scale, ds, w, h, o, false, 0, 1);
    fr.overMap(arrows(vx, vy, w, h, ds, top));
    int key = 130;
    double figW = fr.width();
    fr.grow(figW + key, Math.max(fr.height(), 170));
    int rad = 45;
    double cx = figW + key / 2.0 - 10;
    double cy = fr.mapY + rad + 10;
    int[] disc = new int[(2 * rad + 1) * (2 * rad + 1)];
    for (int y = -rad; y <= rad; y++) {
      for (int x = -rad; x <= rad; x++) disc[(y + rad) * (2 * rad + 1) + x + rad] = Math.hypot(x, y) <= rad ? wheel(x, y, rad) : 0xFFFFFF;
    }
    StringBuilder sb = fr.body;
    Svg.image(sb, disc, 2 * rad + 1, 2 * rad + 1, cx - rad - 0.5, cy - rad - 0.5, 2 * rad + 1, 2 * rad + 1);
    circle(sb, cx, cy, rad, "black", 1, null);
    Svg.text(sb, cx + rad + 3, cy + 4, "+x", 11, false, "start", false);
    Svg.text(sb, cx - 6, cy + rad + 13, "+y", 11, false, "start", false);
    Svg.text(sb, cx - rad, cy + rad + 30, "rim = " + Scales.fmt(top) + " " + unit, 11, false, "start", false);
    return fr.finish();
  }

  /** White arrows centred on a coarse grid of the field, the longest ({@code top}) 0.9 of a grid step, as SVG in map px. */
  private static String arrows(float[] vx, float[] vy, int w, int h, double ds, double top) {
    StringBuilder sb = new StringBuilder("<path fill=\"none\" stroke=\"white\" stroke-width=\"1.4\" d=\"");
    int step = Math.max(1, (int) Math.ceil(Math.max(w, h) / 16.0));
    double len = 0.9 * step * ds / top;
    for (int r = step / 2; r < h; r += step) {
      for (int c = step / 2; c < w; c += step) {
        int i = r * w + c;
        if (!Float.isFinite(vx[i]) || !Float.isFinite(vy[i])) continue;
        double x0 = (c + 0.5) * ds;
        double y0 = (r + 0.5) * ds;
        double ax = Math.max(-top, Math.min(top, vx[i])) * len;
        double ay = Math.max(-top, Math.min(top, vy[i])) * len;
        arrow(sb, x0 - ax / 2, y0 - ay / 2, x0 + ax / 2, y0 + ay / 2);
      }
    }
    return sb.append("\"/>\n").toString();
  }

  /** Hue from the direction (+x red, +y, y pointing down on screen), value from the magnitude over {@code top}. */
  static int wheel(double x, double y, double top) {
    double hue = (Math.atan2(y, x) / (2 * Math.PI) + 1) % 1;
    double v = Math.min(1, Math.hypot(x, y) / top);
    return hsbToRgb((float) hue, 0.85f, (float) v);
  }

  /** HSB (hue in turns, saturation and brightness in [0, 1]) to packed RGB, rounded as java.awt.Color rounds. */
  static int hsbToRgb(float hue, float saturation, float brightness) {
    if (saturation == 0) {
      int g = (int) (brightness * 255.0f + 0.5f);
      return (g << 16) | (g << 8) | g;
    }
    float hh = (hue - (float) Math.floor(hue)) * 6.0f;
    float f = hh - (float) Math.floor(hh);
    float p = brightness * (1.0f - saturation);
    float q = brightness * (1.0f - saturation * f);
    float t = brightness * (1.0f - saturation * (1.0f - f));
    float[] rgb = switch ((int) hh) {
      case 0 -> new float[] {brightness, t, p};
      case 1 -> new float[] {q, brightness, p};
      case 2 -> new float[] {p, brightness, t};
      case 3 -> new float[] {p, q, brightness};
      case 4 -> new float[] {t, p, brightness};
      default -> new float[] {brightness, p, q};
    };
    return ((int) (rgb[0] * 255.0f + 0.5f) << 16) | ((int) (rgb[1] * 255.0f + 0.5f) << 8) | (int) (rgb[2] * 255.0f + 0.5f);
  }

  private static void arrow(StringBuilder sb, double x0, double y0, double x1, double y1) {
    line(sb, x0, y0, x1, y1);
    double l = Math.hypot(x1 - x0, y1 - y0);
    if (l < 2) return;
    double head = Math.min(6, 0.35 * l);
    double a = Math.atan2(y1 - y0, x1 - x0);
    for (double d : new double[] {Math.PI * 0.8, -Math.PI * 0.8}) line(sb, x1, y1, x1 + head * Math.cos(a + d), y1 + head * Math.sin(a + d));
  }

  private static void line(StringBuilder sb, double x0, double y0, double x1, double y1) {
    Svg.num(sb.append('M'), x0).append(' ');
    Svg.num(sb, y0).append('L');
    Svg.num(sb, x1).append(' ');
    Svg.num(sb, y1);
  }

  static String safe(String name) { return org.causalem.io.AtomicFiles.safeName(name); }
}
