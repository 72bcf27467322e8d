package org.causalem.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.causalem.io.AtomicFiles;

/**
 * The pieces of the SVG figures ({@link SvgChart}, {@link SvgMap}): text is SVG text (laid out with Helvetica's
 * advance widths, so no font is loaded), numbers with one decimal, rasters as embedded PNG. No AWT.
 */
public final class Svg {
  /** The font every figure asks for; browsers fall back to their sans-serif. */
  static final String FONT = "Helvetica, Arial, sans-serif";

  /** Helvetica's advance widths of the printable ASCII characters (space to tilde), in thousandths of an em. */
  private static final short[] WIDTHS = {278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
      556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015,
      667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944,
      667, 667, 611, 278, 278, 278, 469, 556, 333,
      556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722,
      500, 500, 500, 334, 260, 334, 584};

  private Svg() {}

  /**
   * The width of {@code text} at {@code size} px, a little generous (a browser's fallback sans-serif may be wider
   * than Helvetica); characters outside ASCII count as 0.6 em.
   */
  static double textWidth(String text, double size, boolean bold) {
    double em = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      em += c >= 32 && c <= 126 ? WIDTHS[c - 32] / 1000.0 : 0.6;
    }
    return em * size * (bold ? 1.15 : 1.08);
  }

  /** Text escaped for SVG/XML content and attribute values. */
  static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Appends {@code v} rounded to one decimal ("12.3", "-0.5", "7"), without a formatter. */
  static StringBuilder num(StringBuilder sb, double v) {
    long t = Math.round(v * 10);
    if (t < 0) {
      sb.append('-');
      t = -t;
    }
    sb.append(t / 10);
    if (t % 10 != 0) sb.append('.').append(t % 10);
    return sb;
  }

  /** The opening {@code <svg>} tag of a standalone figure with a white background. */
  static void open(StringBuilder sb, double width, double height) {
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"");
    num(sb, width).append("\" height=\"");
    num(sb, height).append("\" viewBox=\"0 0 ");
    num(sb, width).append(' ');
    num(sb, height).append("\" font-family=\"").append(FONT).append("\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
  }

  /** A text element; {@code anchor} is start, middle or end; {@code rotate} turns it by −90° about its anchor point. */
  static void text(StringBuilder sb, double x, double y, String text, double size, boolean bold, String anchor, boolean rotate) {
    sb.append("<text x=\"");
    num(sb, x).append("\" y=\"");
    num(sb, y).append("\" font-size=\"");
    num(sb, size).append('"');
    if (bold) sb.append(" font-weight=\"bold\"");
    if (!"start".equals(anchor)) sb.append(" text-anchor=\"").append(anchor).append('"');
    if (rotate) {
      sb.append(" transform=\"rotate(-90 ");
      num(sb, x).append(' ');
      num(sb, y).append(")\"");
    }
    sb.append('>').append(escape(text)).append("</text>\n");
  }

  /** A straight line. */
  static void line(StringBuilder sb, double x1, double y1, double x2, double y2, String colour, double width) {
    sb.append("<line x1=\"");
    num(sb, x1).append("\" y1=\"");
    num(sb, y1).append("\" x2=\"");
    num(sb, x2).append("\" y2=\"");
    num(sb, y2).append("\" stroke=\"").append(colour).append("\" stroke-width=\"");
    num(sb, width).append("\"/>\n");
  }

  /** A rectangle, filled or (fill null) outlined. */
  static void rect(StringBuilder sb, double x, double y, double w, double h, String fill, String stroke) {
    sb.append("<rect x=\"");
    num(sb, x).append("\" y=\"");
    num(sb, y).append("\" width=\"");
    num(sb, w).append("\" height=\"");
    num(sb, h).append("\" fill=\"").append(fill == null ? "none" : fill).append('"');
    if (stroke != null) sb.append(" stroke=\"").append(stroke).append('"');
    sb.append("/>\n");
  }

  /**
   * An embedded raster: {@code rgb} ({@code w × h} packed pixels) as a PNG data URI drawn into the rectangle at
   * ({@code x}, {@code y}) of size {@code dw × dh}, stretched and not smoothed.
   */
  static void image(StringBuilder sb, int[] rgb, int w, int h, double x, double y, double dw, double dh) {
    byte[] png = org.causalem.io.PngEncoder.rgb(rgb, w, h);
    sb.append("<image x=\"");
    num(sb, x).append("\" y=\"");
    num(sb, y).append("\" width=\"");
    num(sb, dw).append("\" height=\"");
    num(sb, dh).append("\" preserveAspectRatio=\"none\" image-rendering=\"optimizeSpeed\" style=\"image-rendering:pixelated\" xlink:href=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(png)).append("\"/>\n");
  }

  /** CSS hex colour of a packed RGB value. */
  static String hex(int rgb) {
    String h = Integer.toHexString(rgb & 0xFFFFFF);
    return "#" + "000000".substring(h.length()) + h;
  }

  /** Writes an SVG document atomically (UTF-8). */
  public static void write(Path file, String svg) throws IOException {
    AtomicFiles.write(file, svg.getBytes(StandardCharsets.UTF_8));
  }
}
