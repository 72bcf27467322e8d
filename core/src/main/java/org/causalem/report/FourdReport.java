package org.causalem.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.causalem.data.DataCube4D;
import org.causalem.fourd.FourdPipeline;
import org.causalem.fourd.FourdResult;
import org.causalem.fourd.VirtualDetector;
import org.causalem.table.DescriptorTable;

/**
 * The 4D-STEM figures and report: one colour map per output map ({@code <map>.png}), the mean pattern
 * on a log scale with the named virtual detectors and the bright-field disk drawn
 * ({@code mean_pattern.png}), the CoM/DPC vector field as a colour wheel with arrows
 * ({@code dpc_field.png} or {@code com_field.png}), and report.html.
 */
public final class FourdReport {
  private static final Color[] DETECTOR_COLOURS = {new Color(0xFF4040), new Color(0x40C0FF), new Color(0xFFD000), new Color(0xFF60FF)};

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
    facts.put("scan", h + " × " + w + " positions" + (scan.calibrated() ? String.format(Locale.ROOT, ", %.4g %s per step", scan.step(), scan.unit())
        : " (step size not calibrated: axes in px)"));
    facts.put("detector", r.detY() + " × " + r.detX() + " px");
    facts.put("bright-field disk", String.format(Locale.ROOT, "centre (%.2f, %.2f) px, radius %.2f px (%s)", r.probe().centreX(),
        r.probe().centreY(), r.probe().radiusPx(), r.probe().method()));
    if (r.rotation() != null) facts.put("detector rotation", String.format(Locale.ROOT, "%.2f° (modulo 180°)%s", r.rotation().angleDeg(),
        r.rotation().flip() ? ", flipped" : ""));
    page.keyValues(facts);
    page.notes(r.notes());

    DescriptorTable table = r.pixels();
    String vx = r.maps().containsKey("dpc_x") ? "dpc_x" : "com_x";
    String vy = vx.equals("dpc_x") ? "dpc_y" : "com_y";
    boolean field = r.maps().containsKey(vx) && r.maps().containsKey(vy);
    List<String> names = new ArrayList<>(r.maps().keySet());
    List<java.util.concurrent.Callable<byte[]>> jobs = new ArrayList<>();
    jobs.add(() -> Figures.write(dir.resolve("mean_pattern.png"), meanPattern(r, virtual)));
    jobs.add(() -> field ? Figures.write(dir.resolve(vx.startsWith("dpc") ? "dpc_field.png" : "com_field.png"), vectorField(r.maps().get(vx),
        r.maps().get(vy), w, h, scan, vx.startsWith("dpc") ? "DPC field" : "CoM shift", unit(table, vx))) : null);
    for (String k : names) jobs.add(() -> writeMap(dir, k, r.maps().get(k), w, h, scan, table));
    List<byte[]> pngs = Figures.inParallel(jobs);

    page.heading(2, "Mean diffraction pattern");
    page.png("Mean of all patterns (log scale) with the virtual detectors: solid circles are detector edges; dashed, the bright-field disk found",
        pngs.get(0));
    page.heading(2, "Virtual images");
    page.beginRow();
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).startsWith("virtual_")) page.png(names.get(i) + " (" + safe(names.get(i)) + ".npy); colours span the 0.5–99.5 % range", pngs.get(i + 2));
    }
    page.endRow();
    if (field) {
      page.heading(2, vx.equals("dpc_x") ? "DPC field" : "Centre-of-mass shift");
      page.png((vx.startsWith("dpc") ? "DPC field (CoM shift rotated into the scan frame)" : "Centre-of-mass shift (detector frame)")
          + ": colour = direction (wheel), brightness = magnitude; arrows on a coarser grid, longest arrow = one grid step", pngs.get(1));
    }
    if (names.stream().anyMatch(k -> !k.startsWith("virtual_"))) {
      page.heading(2, "Other maps");
      page.beginRow();
      for (int i = 0; i < names.size(); i++) {
        if (!names.get(i).startsWith("virtual_")) page.png(names.get(i) + " (" + safe(names.get(i)) + ".npy)", pngs.get(i + 2));
      }
      page.endRow();
    }
    page.writeTo(dir.resolve("report.html"));
  }

  private static byte[] writeMap(Path dir, String name, float[] values, int w, int h, PixelScale scan, DescriptorTable table) throws IOException {
    MapFigure.Options o = MapFigure.Options.of(name, FourdPipeline.signed(name)).withScale(scan).withUnit(unit(table, name))
        .withClip(name.equals("clusters") ? 0 : 0.5);
    return Figures.write(dir.resolve(safe(name) + ".png"), MapFigure.render(values, w, h, o));
  }

  private static String unit(DescriptorTable t, String column) {
    int i = t.names().indexOf(column);
    return i < 0 ? "" : t.units().get(i);
  }

  /** The mean pattern on a log scale with the detectors outlined. */
  static BufferedImage meanPattern(FourdResult r, List<String> virtual) {
    int dx = r.detX();
    int dy = r.detY();
    float[] logv = new float[dx * dy];
    double max = 0;
    for (double v : r.meanPattern()) max = Math.max(max, v);
    double floor = max > 0 ? max * 1e-4 : 1;
    for (int i = 0; i < logv.length; i++) logv[i] = (float) Math.log10(Math.max(r.meanPattern()[i], floor));
    MapFigure.Options o = MapFigure.Options.of("mean pattern", false).withUnit("log10 counts").withClip(0.5);
    MapFigure.Rendered base = MapFigure.renderWithGeometry(logv, dx, dy, o);
    BufferedImage img = base.image();
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.clip(base.map());
      double s = base.displayScale();
      double ox = base.map().x;
      double oy = base.map().y;
      double cx = ox + (r.probe().centreX() + 0.5) * s;
      double cy = oy + (r.probe().centreY() + 0.5) * s;
      double rad = r.probe().radiusPx();
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
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
        Color col = DETECTOR_COLOURS[k++ % DETECTOR_COLOURS.length];
        g.setColor(col);
        g.setStroke(new BasicStroke(2f));
        for (double rr : radii) g.draw(new Ellipse2D.Double(cx - rr * s, cy - rr * s, 2 * rr * s, 2 * rr * s));
        double lr = radii[radii.length - 1] * s;
        g.drawString(name, (float) (cx + lr * 0.72 + 3), (float) (cy - lr * 0.72 - 3));
      }
      g.setColor(Color.WHITE);
      g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
      g.draw(new Ellipse2D.Double(cx - rad * s, cy - rad * s, 2 * rad * s, 2 * rad * s));
    } finally {
      g.dispose();
    }
    return img;
  }

  private static double outer(FourdResult r, double rad) {
    double cx = r.probe().centreX();
    double cy = r.probe().centreY();
    double edge = Math.min(Math.min(cx, r.detX() - 1 - cx), Math.min(cy, r.detY() - 1 - cy));
    return Math.max(edge, 3 * rad + 1);
  }

  /** Direction as hue, magnitude as brightness (up to the 99th percentile), arrows on a coarse grid, and a colour-wheel key. */
  static BufferedImage vectorField(float[] vx, float[] vy, int w, int h, PixelScale scan, String title, String unit) {
    float[] mag = new float[vx.length];
    for (int i = 0; i < mag.length; i++) mag[i] = (float) Math.hypot(vx[i], vy[i]);
    double top = MapFigure.range(mag, 1, false)[1];
    if (!(top > 0)) top = 1;
    int scale = MapFigure.upscale(w, h, 400);
    int bin = MapFigure.binFactor(w, h);
    int sw = w / bin;
    int sh = h / bin;
    BufferedImage raster = new BufferedImage(sw * scale, sh * scale, BufferedImage.TYPE_INT_RGB);
    int[] px = ((DataBufferInt) raster.getRaster().getDataBuffer()).getData();
    int rw = sw * scale;
    for (int r = 0; r < sh; r++) {
      for (int c = 0; c < sw; c++) {
        int i = (r * bin) * w + c * bin;
        int rgb = Float.isFinite(vx[i]) && Float.isFinite(vy[i]) ? wheel(vx[i], vy[i], top) : 0xC0C0C0;
        int base = r * scale * rw + c * scale;
        for (int d = 0; d < scale; d++) Arrays.fill(px, base + d * rw, base + d * rw + scale, rgb);
      }
    }
    double ds = (double) scale / bin;
    Graphics2D g = raster.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      int step = Math.max(1, (int) Math.ceil(Math.max(w, h) / 16.0));
      double len = 0.9 * step * ds / top;
      g.setStroke(new BasicStroke(1.4f));
      for (int r = step / 2; r < h; r += step) {
        for (int c = step / 2; c < w; c += step) {
          int i = r * w + c;
          if (!Float.isFinite(vx[i]) || !Float.isFinite(vy[i])) continue;
          double x0 = (c + 0.5) * ds;
          double y0 = (r + 0.5) * ds;
          double ax = Math.max(-top, Math.min(top, vx[i])) * len;
          double ay = Math.max(-top, Math.min(top, vy[i])) * len;
          g.setColor(Color.WHITE);
          arrow(g, x0 - ax / 2, y0 - ay / 2, x0 + ax / 2, y0 + ay / 2);
        }
      }
    } finally {
      g.dispose();
    }
    MapFigure.Options o = MapFigure.Options.of(title, false).withScale(scan);
    MapFigure.Rendered fr = MapFigure.decorate(raster, ds, w, h, o, false, 0, 1);
    int key = 130;
    BufferedImage out = new BufferedImage(fr.image().getWidth() + key, Math.max(fr.image().getHeight(), 170), BufferedImage.TYPE_INT_RGB);
    Graphics2D g2 = out.createGraphics();
    try {
      g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g2.setColor(Color.WHITE);
      g2.fillRect(0, 0, out.getWidth(), out.getHeight());
      g2.drawImage(fr.image(), 0, 0, null);
      int rad = 45;
      int cx = fr.image().getWidth() + key / 2 - 10;
      int cy = fr.map().y + rad + 10;
      for (int y = -rad; y <= rad; y++) {
        for (int x = -rad; x <= rad; x++) {
          double m = Math.hypot(x, y);
          if (m <= rad) out.setRGB(cx + x, cy + y, wheel(x, y, rad));
        }
      }
      g2.setColor(Color.BLACK);
      g2.draw(new Ellipse2D.Double(cx - rad, cy - rad, 2 * rad, 2 * rad));
      g2.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      g2.drawString("+x", cx + rad + 3, cy + 4);
      g2.drawString("+y", cx - 6, cy + rad + 13);
      g2.drawString(String.format(Locale.ROOT, "rim = %s %s", MapFigure.fmt(top), unit), cx - rad, cy + rad + 30);
    } finally {
      g2.dispose();
    }
    return out;
  }

  /** Hue from the direction (+x red, +y, y pointing down on screen), value from the magnitude over {@code top}. */
  static int wheel(double x, double y, double top) {
    double hue = (Math.atan2(y, x) / (2 * Math.PI) + 1) % 1;
    double v = Math.min(1, Math.hypot(x, y) / top);
    return Color.HSBtoRGB((float) hue, 0.85f, (float) v) & 0xFFFFFF;
  }

  private static void arrow(Graphics2D g, double x0, double y0, double x1, double y1) {
    g.draw(new Line2D.Double(x0, y0, x1, y1));
    double l = Math.hypot(x1 - x0, y1 - y0);
    if (l < 2) return;
    double head = Math.min(6, 0.35 * l);
    double a = Math.atan2(y1 - y0, x1 - x0);
    for (double d : new double[] {Math.PI * 0.8, -Math.PI * 0.8}) g.draw(new Line2D.Double(x1, y1, x1 + head * Math.cos(a + d), y1 + head * Math.sin(a + d)));
  }

  static String safe(String name) { return name.replaceAll("[^A-Za-z0-9._-]", "_"); }
}
