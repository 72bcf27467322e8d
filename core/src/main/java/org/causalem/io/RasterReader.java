package org.causalem.io;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.causalem.data.BadInputException;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;
import org.causalem.data.Metadata;

/**
 * Plain pictures: PNG, JPEG, BMP and GIF (the first frame), decoded by the JDK's {@code javax.imageio}. Grey (8 or 16
 * bits; 1/2/4-bit grey scaled to 0 … 255, as PIL reads it) → {@code image} (y, x) of uint8/uint16 with the stored values. Colour with
 * equal red, green and blue everywhere (a grey picture saved as RGB, a grey palette) → the same grey {@code image}, with a
 * note. Other colour → {@code array} (y, x, channel: R, G, B[, A]) as for colour TIFF and DM files, with a note: a
 * colour rendering holds no counts, so commands that need an image refuse it rather than guess a luminance. An alpha
 * channel is dropped from grey data (a note counts the pixels not fully opaque). None of these formats records a pixel
 * size, so axes are px, except a Renishaw JPEG's field of view ({@link JpegExif}).
 */
final class RasterReader implements FormatReader {
  enum Type { PNG, JPEG, BMP, GIF }

  /** Decoded samples are held as ints per channel: 2^27 RGBA pixels take 2 GiB. */
  static final long MAX_PIXELS = 1L << 27;

  private final Type type;

  RasterReader(Type type) { this.type = type; }

  @Override public String format() { return type.name().toLowerCase(Locale.ROOT); }

  @Override public boolean accepts(Path file, ByteBuffer head, long size) {
    int n = head.limit();
    return switch (type) {
      case PNG -> n >= 8 && head.getLong(0) == 0x89504E470D0A1A0AL;
      case JPEG -> n >= 3 && (head.get(0) & 0xFF) == 0xFF && (head.get(1) & 0xFF) == 0xD8 && (head.get(2) & 0xFF) == 0xFF;
      case GIF -> n >= 6 && (ascii(head, 6).equals("GIF87a") || ascii(head, 6).equals("GIF89a"));
      case BMP -> n >= 18 && ascii(head, 2).equals("BM") && Integer.reverseBytes(head.getInt(2)) == size && bmpHeader(Integer.reverseBytes(head.getInt(14)));
    };
  }

  private static boolean bmpHeader(int size) { return size == 12 || size == 40 || size == 52 || size == 56 || size == 64 || size == 108 || size == 124; }

  private static String ascii(ByteBuffer head, int n) { return MrcReader.ascii(head, 0, n); }

  @Override public DataFile read(Path file) throws IOException {
    String name = file.getFileName().toString();
    Decoded img = decode(file, name);
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("width", img.image().getWidth());
    tree.put("height", img.image().getHeight());
    tree.put("bits_per_sample", img.image().getColorModel().getComponentSize(0));
    tree.put("color_model", img.image().getColorModel().getClass().getSimpleName());
    if (img.frames() > 1) tree.put("frames", img.frames());
    JpegExif.Calibration cal = type == Type.JPEG ? JpegExif.read(file) : null;
    if (cal != null) tree.put("exif", cal.tree());
    Metadata md = new Metadata(Map.of(), tree);
    if (img.frames() > 1) md = md.withNote("GIF of " + img.frames() + " frames: only the first is read");
    Dataset d = RasterPixels.dataset(name, img.image(), format().toUpperCase(Locale.ROOT), md, cal);
    return new DataFile(file, format(), List.of(d), new Metadata(Map.of(), tree));
  }

  private record Decoded(BufferedImage image, int frames) {}

  private Decoded decode(Path file, String name) throws IOException {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format());
    if (!readers.hasNext()) throw new IllegalStateException("no javax.imageio reader for " + format());
    ImageReader reader = readers.next();
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      reader.setInput(in, false, true);
      long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
      if (pixels > MAX_PIXELS) {
        throw new BadInputException(name + ": " + format().toUpperCase(Locale.ROOT) + " header says " + reader.getWidth(0) + " × "
            + reader.getHeight(0) + " pixels; at most " + MAX_PIXELS + " pixels supported");
      }
      BufferedImage img = reader.read(0);
      int frames = 1;
      if (type == Type.GIF) {
        try {
          frames = reader.getNumImages(true);
        } catch (IOException e) {
          frames = 1;
        }
      }
      return new Decoded(img, frames);
    } catch (IIOException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("Unsupported")) {
        throw new BadInputException(name + ": a " + format().toUpperCase(Locale.ROOT) + " of a kind the Java decoder does not read ("
            + e.getMessage() + ", e.g. 12-bit samples or CMYK colour); expected 8-bit grey or RGB: save it as such, or as TIFF", e);
      }
      throw corrupt(name, e);
    } catch (IndexOutOfBoundsException | IllegalArgumentException | NegativeArraySizeException e) {
      throw corrupt(name, e);
    } finally {
      reader.dispose();
    }
  }

  private BadInputException corrupt(String name, Exception e) {
    return new BadInputException(name + ": corrupt or truncated " + format().toUpperCase(Locale.ROOT) + " file (" + e.getMessage()
        + "); expected a complete " + format().toUpperCase(Locale.ROOT) + " image", e);
  }
}
