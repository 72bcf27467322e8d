package org.causalem.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Encoding of rendered figures. */
public final class Figures {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Figures() {}

  /**
   * PNG bytes of an image: 8-bit RGB, each row filtered with PNG's "Sub" filter and compressed at zlib's
   * fastest level — several times faster than ImageIO's writer on figures, at a somewhat larger size.
   */
  public static byte[] toPng(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    ByteArrayOutputStream out = new ByteArrayOutputStream(w * h / 2 + 1024);
    try {
      out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
      java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13);
      ihdr.putInt(w).putInt(h).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
      chunk(out, "IHDR", ihdr.array(), 13);
      java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_SPEED);
      ByteArrayOutputStream idat = new ByteArrayOutputStream(w * h / 2 + 1024);
      try (java.util.zip.DeflaterOutputStream z = new java.util.zip.DeflaterOutputStream(idat, deflater, 1 << 16)) {
        int[] row = new int[w];
        byte[] line = new byte[1 + 3 * w];
        line[0] = 1; // Sub
        // an RGB image of packed ints is read from its pixel array; any other through getRGB (same values)
        int[] packed = null;
        int stride = 0;
        if ((img.getType() == BufferedImage.TYPE_INT_RGB || img.getType() == BufferedImage.TYPE_INT_ARGB)
            && img.getRaster().getDataBuffer() instanceof java.awt.image.DataBufferInt db
            && img.getRaster().getSampleModel() instanceof java.awt.image.SinglePixelPackedSampleModel sm
            && img.getRaster().getSampleModelTranslateX() == 0 && img.getRaster().getSampleModelTranslateY() == 0
            && db.getNumBanks() == 1 && db.getOffset() == 0) {
          packed = db.getData();
          stride = sm.getScanlineStride();
        }
        for (int y = 0; y < h; y++) {
          if (packed != null) System.arraycopy(packed, y * stride, row, 0, w);
          else img.getRGB(0, y, w, 1, row, 0, w);
          int pr = 0;
          int pg = 0;
          int pb = 0;
          for (int x = 0, k = 1; x < w; x++, k += 3) {
            int r = (row[x] >> 16) & 0xFF;
            int g = (row[x] >> 8) & 0xFF;
            int b = row[x] & 0xFF;
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
      chunk(out, "IDAT", idat.toByteArray(), idat.size());
      chunk(out, "IEND", new byte[0], 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data, int length) throws IOException {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    out.write(java.nio.ByteBuffer.allocate(4).putInt(length).array());
    out.write(t);
    out.write(data, 0, length);
    crc.update(t);
    crc.update(data, 0, length);
    out.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  /** Writes {@code img} as PNG to {@code file} atomically and returns the PNG bytes (to inline in a report). */
  public static byte[] write(java.nio.file.Path file, BufferedImage img) throws IOException {
    byte[] png = toPng(img);
    org.causalem.io.AtomicFiles.write(file, out -> out.write(png));
    return png;
  }

  /**
   * Runs independent figure jobs on the common fork-join pool and returns their results in order (Java2D
   * draws into separate images safely from several threads).
   */
  public static <T> java.util.List<T> inParallel(java.util.List<java.util.concurrent.Callable<T>> jobs) throws IOException {
    java.util.List<java.util.concurrent.Future<T>> futures = java.util.concurrent.ForkJoinPool.commonPool().invokeAll(jobs);
    java.util.List<T> out = new java.util.ArrayList<>(futures.size());
    for (java.util.concurrent.Future<T> f : futures) {
      try {
        out.add(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while drawing figures", e);
      } catch (java.util.concurrent.ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof IOException io) throw io;
        if (c instanceof RuntimeException re) throw re;
        if (c instanceof Error err) throw err;
        throw new IOException(c);
      }
    }
    return out;
  }
}
