package org.causalem.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.causalem.data.Image;
import org.causalem.io.PngWriter;
import org.causalem.lattice.AtomsResult;
import org.causalem.table.DescriptorTable;

/**
 * overlay.png: the image in grey (0.5–99.5 % percentiles), columns as circles coloured by sublattice,
 * missing sites as crosses, and each cell's polarization as an arrow from the ideal B position,
 * magnified so the 95th-percentile arrow is a third of a cell.
 */
public final class AtomsOverlay {
  private static final Color[] SUBLATTICE = {new Color(255, 60, 60), new Color(60, 200, 255), new Color(90, 230, 90), new Color(230, 120, 255)};
  private static final Color UNINDEXED = new Color(255, 200, 0);

  private AtomsOverlay() {}

  public static void write(Path file, Image image, AtomsResult res) throws IOException {
    PngWriter.write(file, render(image, res));
  }

  public static BufferedImage render(Image image, AtomsResult res) {
    int w = image.width();
    int h = image.height();
    int scale = Math.max(1, Math.min(4, 1024 / Math.max(w, h)));
    float[] px = image.toFloat();
    float[] sorted = samplePercentiles(px);
    double lo = sorted[(int) (0.005 * (sorted.length - 1))];
    double hi = sorted[(int) (0.995 * (sorted.length - 1))];
    if (!(hi > lo)) hi = lo + 1;
    BufferedImage bi = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
    int[] out = ((java.awt.image.DataBufferInt) bi.getRaster().getDataBuffer()).getData();
    int rw = w * scale;
    for (int y = 0; y < h; y++) {   // each image pixel once, copied into its scale × scale block
      int row = y * w;
      int base = y * scale * rw;
      for (int x = 0; x < w; x++) {
        double v = (px[row + x] - lo) / (hi - lo);
        int g = (int) Math.round(255 * Math.max(0, Math.min(1, v)));
        java.util.Arrays.fill(out, base + x * scale, base + (x + 1) * scale, (g << 16) | (g << 8) | g);
      }
      for (int d = 1; d < scale; d++) System.arraycopy(out, base, out, base + d * rw, rw);
    }
    Graphics2D g = bi.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    double cell = Math.min(res.reference().aPx(), res.reference().bPx());
    double r = Math.max(1.5, Math.min(0.12 * cell, 6)) * scale;
    g.setStroke(new BasicStroke((float) Math.max(1, scale * 0.6)));
    double[] xs = res.columns().x();
    double[] ys = res.columns().y();
    int[] site = res.lattice().site();
    for (int i = 0; i < xs.length; i++) {
      g.setColor(site[i] < 0 ? UNINDEXED : SUBLATTICE[site[i] % SUBLATTICE.length]);
      double cx = (xs[i] + 0.5) * scale;
      double cy = (ys[i] + 0.5) * scale;
      g.draw(new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r));
    }
    DescriptorTable sites = res.sites();
    double[] sx = sites.column("x_px");
    double[] sy = sites.column("y_px");
    double[] found = sites.column("found");
    g.setColor(Color.WHITE);
    for (int k = 0; k < sx.length; k++) {
      if (found[k] != 0) continue;
      double cx = (sx[k] + 0.5) * scale;
      double cy = (sy[k] + 0.5) * scale;
      g.draw(new Line2D.Double(cx - r, cy - r, cx + r, cy + r));
      g.draw(new Line2D.Double(cx - r, cy + r, cx + r, cy - r));
    }
    // polarization arrows
    DescriptorTable cells = res.cells();
    double[] pxs = cells.column("polarization_x_px");
    double[] pys = cells.column("polarization_y_px");
    double[] mag = new double[pxs.length];
    int m = 0;
    for (int k = 0; k < pxs.length; k++) if (Double.isFinite(pxs[k])) mag[m++] = Math.hypot(pxs[k], pys[k]);
    double magnify = 1;
    if (m > 0) {
      Arrays.sort(mag, 0, m);
      double p95 = mag[(int) (0.95 * (m - 1))];
      magnify = p95 > 0 ? cell / 3 / p95 : 1;
      double[] bx = new double[pxs.length];
      double[] by = new double[pxs.length];
      double[] colB = bPositions(res, bx, by);
      g.setColor(Color.YELLOW);
      g.setStroke(new BasicStroke((float) Math.max(1.2, scale * 0.9)));
      for (int k = 0; k < pxs.length; k++) {
        if (!Double.isFinite(pxs[k]) || colB[k] < 0) continue;
        double x0 = (bx[k] - pxs[k] + 0.5) * scale;
        double y0 = (by[k] - pys[k] + 0.5) * scale;
        double x1 = x0 + pxs[k] * magnify * scale;
        double y1 = y0 + pys[k] * magnify * scale;
        arrow(g, x0, y0, x1, y1, Math.max(2.5, 0.25 * Math.hypot(x1 - x0, y1 - y0)));
      }
    }
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(11, 6 * scale)));
    StringBuilder legend = new StringBuilder();
    for (int s = 0; s < res.lattice().sites(); s++) {
      g.setColor(SUBLATTICE[s % SUBLATTICE.length]);
      String t = res.lattice().siteNames().get(s);
      g.drawString(t, 8 + legend.length() * Math.max(7, 4 * scale), Math.max(14, 8 * scale));
      legend.append(t).append("  ");
    }
    g.setColor(Color.YELLOW);
    if (m > 0) g.drawString(arrowLabel(res, magnify), 8, Math.max(30, 17 * scale));
    g.dispose();
    return bi;
  }

  /**
   * What the arrows show: the B off-centring of each cell, called polarization only when its mean does not depend on
   * the fit window; when it does, the offset comes from how the columns are fitted (probe tails, mistilt, column
   * shapes the Gaussian does not describe) and the label says so.
   */
  static String arrowLabel(AtomsResult res, double magnify) {
    org.causalem.lattice.OffCentring off = res.offCentring();
    if (off != null && off.windowDependent()) {
      return String.format(java.util.Locale.ROOT, "B off-centring × %.0f (changes with the fit window: instrumental, not polarization)", magnify);
    }
    return String.format(java.util.Locale.ROOT, "polarization × %.0f", magnify);
  }

  /** Position of each cell's site-1 column (from the site table), -1 in the returned flags when absent. */
  private static double[] bPositions(AtomsResult res, double[] bx, double[] by) {
    DescriptorTable cells = res.cells();
    DescriptorTable sites = res.sites();
    double[] flag = new double[cells.rows()];
    Arrays.fill(flag, -1);
    java.util.HashMap<Long, Integer> index = new java.util.HashMap<>();
    double[] sr = sites.column("row");
    double[] sc = sites.column("col");
    double[] ss = sites.column("sublattice");
    double[] sf = sites.column("found");
    for (int k = 0; k < sr.length; k++) if (ss[k] == 1 && sf[k] == 1) index.put(key((int) sr[k], (int) sc[k]), k);
    double[] cr = cells.column("row");
    double[] cc = cells.column("col");
    for (int k = 0; k < flag.length; k++) {
      Integer s = index.get(key((int) cr[k], (int) cc[k]));
      if (s == null) continue;
      bx[k] = sites.column("x_px")[s];
      by[k] = sites.column("y_px")[s];
      flag[k] = 1;
    }
    return flag;
  }

  private static long key(int r, int c) { return ((long) r << 32) ^ (c & 0xFFFFFFFFL); }

  private static void arrow(Graphics2D g, double x0, double y0, double x1, double y1, double head) {
    g.draw(new Line2D.Double(x0, y0, x1, y1));
    double ang = Math.atan2(y1 - y0, x1 - x0);
    for (double d : new double[] {Math.PI * 0.85, -Math.PI * 0.85}) {
      g.draw(new Line2D.Double(x1, y1, x1 + head * Math.cos(ang + d), y1 + head * Math.sin(ang + d)));
    }
  }

  private static float[] samplePercentiles(float[] px) {
    int step = Math.max(1, px.length / 200_000);
    float[] s = new float[(px.length + step - 1) / step];
    for (int i = 0, k = 0; k < s.length; i += step, k++) s[k] = px[i];
    Arrays.sort(s);
    return s;
  }
}
