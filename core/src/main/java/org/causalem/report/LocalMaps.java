package org.causalem.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.causalem.data.Image;
import org.causalem.io.AtomicFiles;
import org.causalem.table.DescriptorTable;

/**
 * Maps of local crystallography over the image (grey, 0.5–99.5 % percentiles): one filled disc per column, coloured by
 * its class (categorical; unclassified hollow grey, wall columns ringed in black) or by an order parameter (diverging,
 * symmetric about 0 at the 99th percentile of |value|).
 */
public final class LocalMaps {
  private static final int[] CLASS_COLOURS = {0xE41A1C, 0x377EB8, 0x4DAF4A, 0x984EA3, 0xFF7F00, 0xFFFF33, 0xA65628, 0xF781BF, 0x999999, 0x66C2A5};

  private LocalMaps() {}

  /** The class map. */
  public static void writeClasses(Path file, Image image, DescriptorTable columns, double discRadiusPx) throws IOException {
    double[] cls = columns.column("class");
    double[] wall = columns.column("wall");
    write(file, image, columns, discRadiusPx, i -> cls[i] < 0 ? -1 : CLASS_COLOURS[(int) cls[i] % CLASS_COLOURS.length], i -> wall[i] == 1,
        MapFigure.Options.of("classes (ringed: wall columns)", false), Double.NaN);
  }

  /** The map of one order parameter column ({@code pc1}, ...). */
  public static void writeScore(Path file, Image image, DescriptorTable columns, String name, double discRadiusPx) throws IOException {
    double[] v = columns.column(name);
    double[] abs = java.util.Arrays.stream(v).filter(Double::isFinite).map(Math::abs).sorted().toArray();
    double scale = abs.length == 0 ? 1 : Math.max(1e-12, abs[(int) (0.99 * (abs.length - 1))]);
    write(file, image, columns, discRadiusPx, i -> Double.isFinite(v[i]) ? Colormap.DIVERGING.rgb(0.5 + 0.5 * v[i] / scale) : -1, i -> false,
        MapFigure.Options.of(name + " per column", true).withUnit("score"), scale);
  }

  private static void write(Path file, Image image, DescriptorTable columns, double r0, java.util.function.IntUnaryOperator colour,
                            java.util.function.IntPredicate ring, MapFigure.Options options, double colourRange) throws IOException {
    int w = image.width();
    int h = image.height();
    int scale = Math.max(1, Math.min(4, 1024 / Math.max(w, h)));
    float[] px = image.toFloat();
    float[] sorted = px.clone();
    java.util.Arrays.sort(sorted);
    double lo = sorted[(int) (0.005 * (sorted.length - 1))];
    double hi = sorted[(int) (0.995 * (sorted.length - 1))];
    if (!(hi > lo)) hi = lo + 1;
    BufferedImage bi = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
    int[] out = ((java.awt.image.DataBufferInt) bi.getRaster().getDataBuffer()).getData();
    int rw = w * scale;
    for (int y = 0; y < h; y++) {   // each image pixel once, copied into its scale × scale block
      int base = y * scale * rw;
      for (int x = 0; x < w; x++) {
        double t = (px[y * w + x] - lo) / (hi - lo);
        int g = (int) Math.round(160 * Math.max(0, Math.min(1, t)));
        java.util.Arrays.fill(out, base + x * scale, base + (x + 1) * scale, (g << 16) | (g << 8) | g);
      }
      for (int d = 1; d < scale; d++) System.arraycopy(out, base, out, base + d * rw, rw);
    }
    Graphics2D g = bi.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    double[] xs = columns.column("x_px");
    double[] ys = columns.column("y_px");
    double r = Math.max(1.5, r0) * scale;
    g.setStroke(new BasicStroke((float) Math.max(1, scale * 0.6)));
    for (int i = 0; i < xs.length; i++) {
      double cx = (xs[i] + 0.5) * scale;
      double cy = (ys[i] + 0.5) * scale;
      Ellipse2D disc = new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r);
      int c = colour.applyAsInt(i);
      if (c < 0) {
        g.setColor(Color.GRAY);
        g.draw(disc);
        continue;
      }
      g.setColor(new Color(c));
      g.fill(disc);
      if (ring.test(i)) {
        g.setColor(Color.BLACK);
        g.draw(disc);
      }
    }
    g.dispose();
    boolean bar = Double.isFinite(colourRange);
    MapFigure.Options o = options.withScale(PixelScale.of(image.y(), image.x()));
    Figures.write(file, MapFigure.decorate(bi, scale, w, h, o, bar, bar ? -colourRange : 0, bar ? colourRange : 1).image());
  }
}
