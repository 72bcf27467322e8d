package org.causalem.io;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.causalem.data.Axis;
import org.causalem.data.BadInputException;
import org.causalem.data.Dataset;
import org.causalem.data.Image;
import org.causalem.data.Metadata;
import org.causalem.data.NdArray;
import org.causalem.data.PixelType;
import org.causalem.data.Pixels;

/** The samples of a decoded picture as a grey image or a colour array; see {@link RasterReader}. */
final class RasterPixels {
  private RasterPixels() {}

  /** Sample planes (colour components, then alpha if any) of one type. */
  private record Planes(int[][] planes, int colours, boolean alpha, PixelType type, int bits) {}

  static Dataset dataset(String file, BufferedImage img, String format, Metadata md, JpegExif.Calibration cal) {
    String stem = NpyReader.stem(file);
    int w = img.getWidth();
    int h = img.getHeight();
    Planes p = planes(img, file);
    Axis y = cal == null ? Axis.pixels("y", h) : cal.y(h);
    Axis x = cal == null ? Axis.pixels("x", w) : cal.x(w);
    if (cal != null) md = md.withNote(cal.note());
    int[][] c = p.planes();
    boolean grey = p.colours() == 1 || (equal(c[0], c[1]) && equal(c[1], c[2]));
    if (!grey) {
      md = md.withNote(format + " colour picture: read as (y, x, channel) " + (p.alpha() ? "R, G, B, A" : "R, G, B")
          + ", not as an image. A colour rendering holds no counts, so image analyses (atoms, ferroic, local ...) refuse it "
          + "rather than guess a luminance; use the microscope's own file (DM, TIFF, EMD), or a grey export");
      int n = c.length;
      ByteBuffer b = buffer((long) w * h * n, p.type());
      for (int i = 0; i < w * h; i++) for (int[] plane : c) put(b, p.type(), plane[i]);
      return new NdArray(stem, Pixels.ofBytes(p.type(), b.flip(), (long) w * h * n), List.of(y, x, Axis.pixels("channel", n)), md);
    }
    if (p.colours() == 3) md = md.withNote(format + " stored as RGB with red = green = blue at every pixel: read as one grey channel");
    if (p.alpha()) {
      int[] a = c[c.length - 1];
      int max = (1 << p.bits()) - 1;
      long translucent = 0;
      for (int v : a) if (v != max) translucent++;
      if (translucent > 0) md = md.withNote("alpha channel dropped: " + translucent + " pixels not fully opaque keep their stored grey values");
    }
    if (cal == null) {
      md = md.withNote(format + " records no pixel size (axes in px), and the grey levels of an exported picture may be "
          + "display-scaled rather than detector counts");
    }
    ByteBuffer b = buffer((long) w * h, p.type());
    for (int v : c[0]) put(b, p.type(), v);
    return new Image(stem, Pixels.ofBytes(p.type(), b.flip(), (long) w * h), y, x, md);
  }

  private static Planes planes(BufferedImage img, String file) {
    ColorModel cm = img.getColorModel();
    Raster r = img.getRaster();
    int w = img.getWidth();
    int h = img.getHeight();
    if (cm instanceof ComponentColorModel) {
      int colours = cm.getNumColorComponents();
      if (colours != 1 && colours != 3) {
        throw new BadInputException(file + ": picture with " + colours + " colour components (CMYK?); expected grey or RGB");
      }
      int bits = r.getSampleModel().getSampleSize(0);
      int[][] planes = new int[r.getNumBands()][];
      for (int b = 0; b < planes.length; b++) planes[b] = r.getSamples(0, 0, w, h, b, (int[]) null);
      return new Planes(planes, colours, cm.hasAlpha(), bits > 8 ? PixelType.UINT16 : PixelType.UINT8, bits > 8 ? 16 : 8);
    }
    int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
    boolean alpha = cm.hasAlpha();
    int[][] planes = new int[alpha ? 4 : 3][argb.length];
    for (int i = 0; i < argb.length; i++) {
      planes[0][i] = argb[i] >>> 16 & 0xFF;
      planes[1][i] = argb[i] >>> 8 & 0xFF;
      planes[2][i] = argb[i] & 0xFF;
      if (alpha) planes[3][i] = argb[i] >>> 24;
    }
    return new Planes(planes, 3, alpha, PixelType.UINT8, 8);
  }

  private static boolean equal(int[] a, int[] b) { return java.util.Arrays.equals(a, b); }

  private static ByteBuffer buffer(long count, PixelType t) {
    return ByteBuffer.allocate(Math.toIntExact(count * t.bytes())).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static void put(ByteBuffer b, PixelType t, int v) {
    if (t == PixelType.UINT8) b.put((byte) v);
    else b.putShort((short) v);
  }
}
