package org.causalem.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import org.causalem.io.PngEncoder;

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
    // an RGB image of packed ints is read from its pixel array; any other through getRGB (same values)
    if ((img.getType() == BufferedImage.TYPE_INT_RGB || img.getType() == BufferedImage.TYPE_INT_ARGB)
        && img.getRaster().getDataBuffer() instanceof java.awt.image.DataBufferInt db
        && img.getRaster().getSampleModel() instanceof java.awt.image.SinglePixelPackedSampleModel sm
        && img.getRaster().getSampleModelTranslateX() == 0 && img.getRaster().getSampleModelTranslateY() == 0
        && db.getNumBanks() == 1 && db.getOffset() == 0) {
      return PngEncoder.rgb(db.getData(), 0, sm.getScanlineStride(), w, h);
    }
    return PngEncoder.rgb(img.getRGB(0, 0, w, h, null, 0, w), w, h);
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
