package org.causalem.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.causalem.data.Axis;
import org.causalem.data.Image;
import org.causalem.data.ImageStack;
import org.causalem.data.Pixels;

/**
 * Writes 32-bit float TIFF files (one image, or a multi-page stack) with ImageJ-style calibration:
 * XResolution/YResolution = pixels per unit, ResolutionUnit none, and an ImageJ description giving the
 * unit ({@code unit=nm}), the number of images and the frame interval ({@code finterval=}, s). Opens
 * in ImageJ/Fiji, tifffile and any TIFF reader. Little-endian, one uncompressed strip per page;
 * BigTIFF when the file would pass 4 GiB. Written atomically.
 */
public final class TiffWriter {
  private static final long CLASSIC_LIMIT = 0xFFFF_FFFFL - (1 << 20);

  private TiffWriter() {}

  /** Writes an image as float32 with its pixel size (when its axes are calibrated). */
  public static void write(Path file, Image image) throws IOException {
    write(file, image.pixels(), image.width(), image.height(), 1, image.x(), image.y(), null, false);
  }

  /** Writes a stack as a multi-page float32 TIFF (ImageJ reads it as a time series). */
  public static void write(Path file, ImageStack stack) throws IOException {
    write(file, stack.pixels(), stack.width(), stack.height(), stack.frames(), stack.x(), stack.y(), stack.frame(), false);
  }

  /** Writes uncalibrated float32 pixels, row-major. */
  public static void write(Path file, float[] pixels, int width, int height) throws IOException {
    write(file, Image.of(pixels, width, height));
  }

  static void write(Path file, Pixels pixels, int width, int height, int frames, Axis x, Axis y, Axis frame,
                    boolean forceBig) throws IOException {
    if (width < 1 || height < 1 || frames < 1) {
      throw new IllegalArgumentException("TIFF needs at least one 1×1 image, got " + frames + " × " + width + "×" + height);
    }
    if (pixels.count() != (long) frames * width * height) {
      throw new IllegalArgumentException(pixels.count() + " values are not " + frames + " × " + width + "×" + height);
    }
    long pageBytes = (long) width * height * 4;
    if (pageBytes > Integer.MAX_VALUE) throw new IllegalArgumentException("page of " + width + "×" + height + " is over 2 GiB");
    boolean calibrated = x != null && y != null && x.calibrated() && x.unit().equals(y.unit()) && x.scale() > 0 && y.scale() > 0;
    StringBuilder d = new StringBuilder("ImageJ=1.11a\n");
    if (frames > 1) d.append("images=").append(frames).append("\nframes=").append(frames).append("\nhyperstack=true\n");
    if (calibrated) d.append("unit=").append(x.unit()).append('\n');
    if (frames > 1 && frame != null && frame.unit().equals("s") && frame.scale() > 0) {
      d.append("finterval=").append(String.format(Locale.ROOT, "%.9g", frame.scale())).append('\n');
    }
    d.append("loop=false\n");
    byte[] description = (d.toString() + "\0").getBytes(StandardCharsets.US_ASCII);
    int descBytes = (description.length + 1) & ~1;
    boolean big = forceBig || 16 + descBytes + frames * (pageBytes + 512) > CLASSIC_LIMIT;

    int entryBytes = big ? 20 : 12;
    int nEntries = calibrated ? 15 : 13;
    long ifdBytes = big ? 8 + (long) nEntries * entryBytes + 8 : 2 + (long) nEntries * entryBytes + 4;
    long extraBytes = calibrated && !big ? 16 : 0; // two RATIONALs (inline in BigTIFF)
    long headerBytes = big ? 16 : 8;
    long firstIfd = headerBytes + descBytes;
    long perPage = ifdBytes + extraBytes + pageBytes;
    long[] resolution = calibrated ? new long[] {rational(1 / x.scale())[0], rational(1 / x.scale())[1],
        rational(1 / y.scale())[0], rational(1 / y.scale())[1]} : null;

    AtomicFiles.write(file, out -> {
      ByteBuffer hb = ByteBuffer.allocate((int) headerBytes).order(ByteOrder.LITTLE_ENDIAN);
      hb.put((byte) 'I').put((byte) 'I');
      if (big) hb.putShort((short) 43).putShort((short) 8).putShort((short) 0).putLong(firstIfd);
      else hb.putShort((short) 42).putInt((int) firstIfd);
      out.write(hb.array());
      out.write(description);
      if (descBytes > description.length) out.write(0);
      float[] page = new float[width * height];
      ByteBuffer data = ByteBuffer.allocate((int) pageBytes).order(ByteOrder.LITTLE_ENDIAN);
      for (int k = 0; k < frames; k++) {
        long ifdAt = firstIfd + k * perPage;
        long extraAt = ifdAt + ifdBytes;
        long dataAt = extraAt + extraBytes;
        long next = k + 1 < frames ? ifdAt + perPage : 0;
        List<long[]> e = new ArrayList<>(); // {tag, type, count, value}
        e.add(new long[] {254, 4, 1, 0});
        e.add(new long[] {256, 4, 1, width});
        e.add(new long[] {257, 4, 1, height});
        e.add(new long[] {258, 3, 1, 32});
        e.add(new long[] {259, 3, 1, 1});
        e.add(new long[] {262, 3, 1, 1});
        e.add(new long[] {270, 2, description.length, headerBytes});
        e.add(new long[] {273, big ? 16 : 4, 1, dataAt});
        e.add(new long[] {277, 3, 1, 1});
        e.add(new long[] {278, 4, 1, height});
        e.add(new long[] {279, big ? 16 : 4, 1, pageBytes});
        if (calibrated) {
          e.add(new long[] {282, 5, 1, extraAt});
          e.add(new long[] {283, 5, 1, extraAt + 8});
        }
        e.add(new long[] {296, 3, 1, 1});
        e.add(new long[] {339, 3, 1, 3});
        ByteBuffer ib = ByteBuffer.allocate((int) (ifdBytes + extraBytes)).order(ByteOrder.LITTLE_ENDIAN);
        if (big) ib.putLong(e.size());
        else ib.putShort((short) e.size());
        for (long[] en : e) {
          ib.putShort((short) en[0]).putShort((short) en[1]);
          if (big) ib.putLong(en[2]);
          else ib.putInt((int) en[2]);
          int start = ib.position();
          int slot = big ? 8 : 4;
          if (en[1] == 3) ib.putShort((short) en[3]);
          else if (en[1] == 5 && big) ib.putInt((int) resolution[en[0] == 282 ? 0 : 2]).putInt((int) resolution[en[0] == 282 ? 1 : 3]);
          else if (en[1] == 16 || big && en[1] == 2) ib.putLong(en[3]);
          else ib.putInt((int) en[3]);
          ib.position(start + slot);
        }
        if (big) ib.putLong(next);
        else ib.putInt((int) next);
        if (calibrated && !big) {
          ib.putInt((int) resolution[0]).putInt((int) resolution[1]).putInt((int) resolution[2]).putInt((int) resolution[3]);
        }
        out.write(ib.array());
        pixels.copyFloats((long) k * width * height, page, 0, page.length);
        data.clear();
        data.asFloatBuffer().put(page);
        out.write(data.array());
      }
    });
  }

  /** A positive value as an unsigned 32-bit fraction {numerator, denominator}, as precise as fits. */
  static long[] rational(double v) {
    long max = 0xFFFF_FFFFL;
    if (!(v > 0) || !Double.isFinite(v)) throw new IllegalArgumentException("resolution must be positive, got " + v);
    if (v >= max) return new long[] {max, 1};
    long den = (long) Math.min(max, Math.floor(max / Math.max(v, 1.0)));
    long num = Math.round(v * den);
    if (num < 1) num = 1;
    return new long[] {num, den};
  }
}
