package org.causalem.io;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.causalem.data.Image;

/**
 * Writes figures as PNG, atomically: an {@link Image} as 8-bit grey with a contrast window, or any
 * rendered {@link BufferedImage} (RGB figures from the report package).
 */
public final class PngWriter {
  static {
    // encoded in memory: no cache file in the temporary directory, whose stream a JDK thread would otherwise fail to
    // close (with a stack trace) after a failed write. Set here, before the first write, rather than when the program
    // starts: ImageIO's start-up (its plugin registry, ~400 classes) is paid only by the outputs that use it.
    ImageIO.setUseCache(false);
  }

  private PngWriter() {}

  /**
   * Writes {@code image} as 8-bit grey: values at or below {@code low} are black, at or above
   * {@code high} white, linear between; NaN is black.
   *
   * @throws IllegalArgumentException unless {@code low < high}, both finite
   */
  public static void writeGray(Path file, Image image, double low, double high) throws IOException {
    if (!Double.isFinite(low) || !Double.isFinite(high) || !(low < high)) {
      throw new IllegalArgumentException("contrast window needs finite low < high, got " + low + ", " + high);
    }
    int w = image.width();
    int h = image.height();
    BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster r = bi.getRaster();
    float[] px = image.toFloat();
    int[] row = new int[w];
    double scale = 255.0 / (high - low);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double v = px[y * w + x];
        row[x] = Double.isNaN(v) ? 0 : (int) Math.round(Math.max(0, Math.min(255, (v - low) * scale)));
      }
      r.setPixels(0, y, w, 1, row);
    }
    write(file, bi);
  }

  /**
   * Writes {@code image} as 8-bit grey with a window from the {@code lowPercentile} to the
   * {@code highPercentile} of its finite values (e.g. 0.5 and 99.5).
   */
  public static void writeGrayPercentiles(Path file, Image image, double lowPercentile, double highPercentile)
      throws IOException {
    if (!(lowPercentile >= 0 && lowPercentile < highPercentile && highPercentile <= 100)) {
      throw new IllegalArgumentException("percentiles need 0 <= low < high <= 100, got " + lowPercentile + ", " + highPercentile);
    }
    float[] px = image.toFloat();
    float[] finite = new float[px.length];
    int n = 0;
    for (float v : px) if (Float.isFinite(v)) finite[n++] = v;
    if (n == 0) {
      writeGray(file, image, 0, 1);
      return;
    }
    Arrays.sort(finite, 0, n);
    double lo = finite[(int) Math.floor(lowPercentile / 100 * (n - 1))];
    double hi = finite[(int) Math.ceil(highPercentile / 100 * (n - 1))];
    if (!(hi > lo)) hi = lo + 1;
    writeGray(file, image, lo, hi);
  }

  /** Writes a rendered image (any type ImageIO's PNG writer accepts) with ImageIO's PNG writer. */
  public static void write(Path file, BufferedImage image) throws IOException {
    AtomicFiles.write(file, out -> {
      if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer for image type " + image.getType());
    });
  }
}
