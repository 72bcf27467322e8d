package org.causalem.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * PNG bytes of packed RGB pixels ({@code 0xRRGGBB} ints, row-major) without AWT: 8-bit RGB, each row filtered
 * with PNG's "Sub" filter and compressed at zlib's fastest level. Used for figures drawn as SVG (the colour-mapped
 * pixels of a map, embedded in the SVG) and for rendered images ({@code report.Figures}).
 */
public final class PngEncoder {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  private PngEncoder() {}

  /**
   * @param rgb {@code width × height} pixels read from {@code offset}, rows {@code stride} ints apart; the top byte
   *     (alpha) is ignored
   */
  public static byte[] rgb(int[] rgb, int offset, int stride, int width, int height) {
    if (width < 1 || height < 1 || stride < width || offset < 0 || offset + (long) (height - 1) * stride + width > rgb.length) {
      throw new IllegalArgumentException("no " + width + " × " + height + " image in " + rgb.length + " pixels (stride " + stride + ")");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(width * height / 2 + 1024);
    try {
      out.write(SIGNATURE);
      ByteBuffer ihdr = ByteBuffer.allocate(13);
      ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
      chunk(out, "IHDR", ihdr.array(), 13);
      ByteArrayOutputStream idat = new ByteArrayOutputStream(width * height / 2 + 1024);
      deflateRows(idat, rgb, offset, stride, width, height);
      chunk(out, "IDAT", idat.toByteArray(), idat.size());
      chunk(out, "IEND", new byte[0], 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** PNG bytes of a whole {@code width × height} image. */
  public static byte[] rgb(int[] rgb, int width, int height) { return rgb(rgb, 0, width, width, height); }

  private static void deflateRows(ByteArrayOutputStream idat, int[] rgb, int offset, int stride, int width, int height) throws IOException {
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    try (DeflaterOutputStream z = new DeflaterOutputStream(idat, deflater, 1 << 16)) {
      byte[] line = new byte[1 + 3 * width];
      line[0] = 1; // Sub
      for (int y = 0; y < height; y++) {
        int base = offset + y * stride;
        int pr = 0;
        int pg = 0;
        int pb = 0;
        for (int x = 0, k = 1; x < width; x++, k += 3) {
          int p = rgb[base + x];
          int r = (p >> 16) & 0xFF;
          int g = (p >> 8) & 0xFF;
          int b = p & 0xFF;
          line[k] = (byte) (r - pr);
          line[k + 1] = (byte) (g - pg);
          line[k + 2] = (byte) (b - pb);
          pr = r;
          pg = g;
          pb = b;
        }
        z.write(line);
      }
    } finally {
      deflater.end();
    }
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data, int length) throws IOException {
    CRC32 crc = new CRC32();
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.write(ByteBuffer.allocate(4).putInt(length).array());
    out.write(t);
    out.write(data, 0, length);
    crc.update(t);
    crc.update(data, 0, length);
    out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
