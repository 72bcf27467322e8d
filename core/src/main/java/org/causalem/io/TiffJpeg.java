package org.causalem.io;

import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.causalem.data.BadInputException;

/**
 * TIFF compression 7 (JPEG, TIFF technical note 2) decoded with the JDK's baseline JPEG decoder: each
 * strip or tile is a JPEG stream, abbreviated when the page has JPEGTables (tag 347, the shared
 * quantisation and Huffman tables), in which case the two are joined. Samples are the JPEG components
 * as stored (grey, or RGB for Photometric RGB); no colour conversion is applied, so YCbCr pages are
 * refused by {@link TiffPage}.
 */
final class TiffJpeg {
  static final int JPEG = 7;
  /** Largest padding of a JPEG frame beyond its strip or tile (one 4:2:0 minimum coded unit). */
  private static final int MCU = 16;

  private TiffJpeg() {}

  /**
   * Decodes one strip or tile into {@code out} as {@code rows × width × samples} bytes; {@code blockRows}
   * is the full strip or tile height (a frame larger than the block is refused before decoding).
   *
   * @param tables the JPEGTables stream (SOI … EOI), or null
   */
  static void decode(byte[] tables, byte[] in, int inLength, byte[] out, int rows, int blockRows, int width, int samples, String where) {
    byte[] stream = join(tables, in, inLength);
    Raster r;
    // in memory: ImageIO.createImageInputStream would cache to a temporary file
    try (ImageInputStream iis = new MemoryCacheImageInputStream(new ByteArrayInputStream(stream))) {
      Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("jpeg");
      if (!it.hasNext()) throw new BadInputException(where + ": no JPEG decoder in this Java runtime");
      ImageReader reader = it.next();
      try {
        reader.setInput(iis, true, true);
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        if (w > width + MCU || h > blockRows + MCU) { // never let a corrupt header size the decoder's buffer
          throw new BadInputException(where + ": JPEG frame of " + w + "×" + h + " for a block of " + width + "×" + blockRows);
        }
        r = reader.readRaster(0, null);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof BadInputException b) throw b;
      throw new BadInputException(where + ": JPEG data cannot be decoded (" + e.getMessage() + ")");
    }
    if (r.getNumBands() != samples || r.getWidth() < width || r.getHeight() < rows) {
      throw new BadInputException(where + ": JPEG data decodes to " + r.getWidth() + "×" + r.getHeight() + "×" + r.getNumBands()
          + "; expected at least " + width + "×" + rows + "×" + samples);
    }
    int[] row = new int[width * samples];
    for (int y = 0; y < rows; y++) {
      r.getPixels(r.getMinX(), r.getMinY() + y, width, 1, row);
      for (int i = 0; i < row.length; i++) out[y * row.length + i] = (byte) row[i];
    }
  }

  /** The strip alone, or the tables (without their EOI) followed by the strip (without its SOI). */
  static byte[] join(byte[] tables, byte[] in, int inLength) {
    boolean soi = inLength >= 2 && (in[0] & 0xFF) == 0xFF && (in[1] & 0xFF) == 0xD8;
    if (tables == null || tables.length < 4 || !soi) {
      byte[] s = new byte[inLength];
      System.arraycopy(in, 0, s, 0, inLength);
      return s;
    }
    int t = tables.length;
    if ((tables[t - 2] & 0xFF) == 0xFF && (tables[t - 1] & 0xFF) == 0xD9) t -= 2;
    byte[] s = new byte[t + inLength - 2];
    System.arraycopy(tables, 0, s, 0, t);
    System.arraycopy(in, 2, s, t, inLength - 2);
    return s;
  }
}
