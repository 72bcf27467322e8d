package org.causalem.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/** A map of a scan grid (e.g. the GP mean or the acquisition) with the measured positions and the ranked next positions marked. */
public final class SuggestFigure {
  private SuggestFigure() {}

  /**
   * @param measured grid positions {@code [k][2]} (x = column, y = row) drawn as small white circles (single dark pixels when there are more than 400)
   * @param next ranked positions drawn as red squares, the first ten numbered
   */
  public static byte[] png(float[] values, int width, int height, String title, double[][] measured, double[][] next) {
    MapFigure.Options o = MapFigure.Options.of(title, false);
    BufferedImage img = MapFigure.render(values, width, height, o);
    // the same geometry as MapFigure.render: margin 10, title 24 px, integer scale to the target size
    int scale = Math.max(1, o.targetSizePx() / Math.max(width, height));
    Graphics2D g = img.createGraphics();
    g.setStroke(new BasicStroke(1));
    int r = Math.max(2, scale / 2);
    boolean dense = measured.length > 400;
    for (double[] p : measured) {
      int cx = 10 + (int) Math.round((p[0] + 0.5) * scale);
      int cy = 24 + (int) Math.round(((p.length > 1 ? p[1] : 0) + 0.5) * scale);
      if (dense) {
        g.setColor(Color.BLACK);
        g.fillRect(cx, cy, 1, 1);
        continue;
      }
      g.setColor(Color.BLACK);
      g.drawOval(cx - r - 1, cy - r - 1, 2 * r + 2, 2 * r + 2);
      g.setColor(Color.WHITE);
      g.drawOval(cx - r, cy - r, 2 * r, 2 * r);
    }
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 10));
    for (int k = 0; k < next.length; k++) {
      double[] p = next[k];
      int cx = 10 + (int) Math.round((p[0] + 0.5) * scale);
      int cy = 24 + (int) Math.round(((p.length > 1 ? p[1] : 0) + 0.5) * scale);
      g.setColor(Color.RED);
      g.drawRect(cx - r - 1, cy - r - 1, 2 * r + 2, 2 * r + 2);
      if (k < 10) g.drawString(Integer.toString(k + 1), cx + r + 2, cy - r);
    }
    g.dispose();
    return Figures.toPng(img);
  }
}
