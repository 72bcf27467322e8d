package org.causalem.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import org.causalem.data.BadInputException;
import org.causalem.data.PixelType;

/**
 * One TIFF page: its geometry, pixel type and where its strips or tiles are, checked against the
 * file. {@link #decodeInto} writes the page's samples (row-major, samples interleaved) in the file's
 * byte order.
 */
final class TiffPage {
  final int index;
  final int width;
  final int height;
  final int samplesPerPixel;
  final PixelType type;
  final int compression;
  final int predictor;
  final boolean tiled;
  final int blockWidth;
  final int blockHeight;
  final long[] offsets;
  final long[] byteCounts;
  final long subfileType;
  final TiffIfd ifd;
  /** The JPEGTables stream of a JPEG-compressed page, or null. */
  final byte[] jpegTables;

  private final String name;

  TiffPage(String name, int index, TiffIfd ifd, long fileSize) throws IOException {
    this.name = name;
    this.index = index;
    this.ifd = ifd;
    String where = where();
    long w = ifd.single(TiffIfd.IMAGE_WIDTH, -1);
    long h = ifd.single(TiffIfd.IMAGE_LENGTH, -1);
    if (w < 1 || h < 1 || w > Integer.MAX_VALUE || h > Integer.MAX_VALUE) {
      throw new BadInputException(where + ": image size " + w + "×" + h + " (tags 256/257); expected positive sizes below 2^31");
    }
    width = (int) w;
    height = (int) h;
    long spp = ifd.single(TiffIfd.SAMPLES_PER_PIXEL, 1);
    if (spp < 1 || spp > 16) throw new BadInputException(where + ": SamplesPerPixel " + spp + "; expected 1..16");
    samplesPerPixel = (int) spp;
    long[] bps = ifd.longs(TiffIfd.BITS_PER_SAMPLE, 16);
    long bits = bps == null || bps.length == 0 ? 1 : bps[0];
    if (bps != null) {
      for (long b : bps) if (b != bits) throw new BadInputException(where + ": samples of different bit depths are not supported");
    }
    long format = ifd.single(TiffIfd.SAMPLE_FORMAT, 1);
    type = pixelType(where, format, bits);
    compression = (int) ifd.single(TiffIfd.COMPRESSION, 1);
    jpegTables = checkCompression(where, bits);
    predictor = (int) ifd.single(TiffIfd.PREDICTOR, 1);
    if (predictor != 1 && predictor != 2 && predictor != 3) throw new BadInputException(where + ": TIFF predictor " + predictor + "; expected 1, 2 or 3");
    if (predictor == 3 && !type.floating()) throw new BadInputException(where + ": floating-point predictor on " + type.numpyName() + " samples");
    long planar = ifd.single(TiffIfd.PLANAR_CONFIGURATION, 1);
    if (planar == 2 && samplesPerPixel > 1) throw new BadInputException(where + ": planar (separate) sample configuration is not supported");
    subfileType = ifd.single(TiffIfd.NEW_SUBFILE_TYPE, 0);
    tiled = ifd.has(TiffIfd.TILE_OFFSETS);
    if (pageBytes() > Integer.MAX_VALUE - 8) {
      throw new BadInputException(where + ": page of " + width + "×" + height + "×" + samplesPerPixel + " " + type.numpyName()
          + " needs " + pageBytes() + " bytes; at most 2 GiB supported");
    }
    long blocks;
    if (tiled) {
      long tw = ifd.single(TiffIfd.TILE_WIDTH, -1);
      long th = ifd.single(TiffIfd.TILE_LENGTH, -1);
      if (tw < 1 || th < 1 || tw > 1 << 16 || th > 1 << 16) throw new BadInputException(where + ": tile size " + tw + "×" + th + "; expected 1..65536");
      blockWidth = (int) tw;
      blockHeight = (int) th;
      blocks = ((w + tw - 1) / tw) * ((h + th - 1) / th);
      if (blockBytes() > Integer.MAX_VALUE - 8) throw new BadInputException(where + ": tiles of " + tw + "×" + th + " are over 2 GiB");
      checkBlocks(where, blocks);
      offsets = ifd.longs(TiffIfd.TILE_OFFSETS, blocks + 16);
      byteCounts = ifd.longs(TiffIfd.TILE_BYTE_COUNTS, blocks + 16);
    } else {
      long rps = ifd.single(TiffIfd.ROWS_PER_STRIP, h);
      if (rps < 1 || rps > h) rps = h;
      blockWidth = width;
      blockHeight = (int) rps;
      blocks = (h + rps - 1) / rps;
      checkBlocks(where, blocks);
      offsets = ifd.longs(TiffIfd.STRIP_OFFSETS, blocks + 16);
      long[] counts = ifd.longs(TiffIfd.STRIP_BYTE_COUNTS, blocks + 16);
      if (counts == null && offsets != null && offsets.length == 1 && compression == TiffDecompressor.NONE) {
        counts = new long[] {blockBytes()};
      }
      byteCounts = counts;
    }
    if (offsets == null || byteCounts == null) throw new BadInputException(where + ": no " + (tiled ? "tile" : "strip") + " offsets or byte counts");
    if (offsets.length < blocks || byteCounts.length < blocks) {
      throw new BadInputException(where + ": " + offsets.length + " " + (tiled ? "tile" : "strip") + " offsets and " + byteCounts.length
          + " byte counts for a " + width + "×" + height + " image; expected " + blocks);
    }
    long ratio = switch (compression) {
      case TiffDecompressor.NONE -> 1;
      case TiffDecompressor.PACKBITS -> 128;
      case TiffDecompressor.LZW -> 4096;
      default -> 1100;
    };
    for (int i = 0; i < blocks; i++) {
      if (offsets[i] < 0 || byteCounts[i] < 0 || offsets[i] + byteCounts[i] > fileSize) {
        throw new BadInputException(where + ": " + (tiled ? "tile " : "strip ") + i + " at offset " + offsets[i] + " with "
            + byteCounts[i] + " bytes lies outside the file of " + fileSize + " bytes");
      }
      long need = compression == TiffDecompressor.NONE ? Math.min(blockBytes(), remainingBytes(i)) : 0;
      if (byteCounts[i] < need || byteCounts[i] * ratio < Math.min(blockBytes(), remainingBytes(i))) {
        throw new BadInputException(where + ": " + (tiled ? "tile " : "strip ") + i + " holds " + byteCounts[i]
            + " bytes; its " + Math.min(blockBytes(), remainingBytes(i)) + " decoded bytes cannot come from that");
      }
    }
  }

  /** Refuses a compression this reader cannot decode; the JPEGTables of a JPEG page (or null). */
  private byte[] checkCompression(String where, long bits) throws IOException {
    if (compression == TiffJpeg.JPEG) {
      long photometric = ifd.single(TiffIfd.PHOTOMETRIC, 1);
      if (bits != 8 || (samplesPerPixel != 1 && samplesPerPixel != 3) || photometric > 2) {
        throw new BadInputException(where + ": JPEG-compressed TIFF with " + samplesPerPixel + " samples of " + bits
            + " bits, Photometric " + photometric + " is not supported; expected 8-bit grey or RGB (YCbCr is not converted)");
      }
      return ifd.raw(TiffIfd.JPEG_TABLES, 1 << 20);
    }
    if (!TiffDecompressor.supported(compression)) {
      throw new BadInputException(where + ": TIFF compression " + compression
          + " is not supported; expected 1 (none), 5 (LZW), 7 (JPEG, 8-bit), 8/32946 (Deflate) or 32773 (PackBits)");
    }
    return null;
  }

  private static void checkBlocks(String where, long blocks) {
    if (blocks > 1 << 24) throw new BadInputException(where + ": " + blocks + " strips or tiles; at most 2^24 supported");
  }

  private String where() { return name + " (TIFF page " + index + ")"; }

  static PixelType pixelType(String where, long format, long bits) {
    PixelType t = null;
    if (format == 1 || format == 4) {
      t = bits == 8 ? PixelType.UINT8 : bits == 16 ? PixelType.UINT16 : bits == 32 ? PixelType.UINT32 : bits == 64 ? PixelType.UINT64 : null;
    } else if (format == 2) {
      t = bits == 8 ? PixelType.INT8 : bits == 16 ? PixelType.INT16 : bits == 32 ? PixelType.INT32 : bits == 64 ? PixelType.INT64 : null;
    } else if (format == 3) {
      t = bits == 16 ? PixelType.FLOAT16 : bits == 32 ? PixelType.FLOAT32 : bits == 64 ? PixelType.FLOAT64 : null;
    }
    if (t == null) {
      throw new BadInputException(where + ": " + bits + "-bit samples of SampleFormat " + format
          + " are not supported; expected 8/16/32/64-bit integers or 16/32/64-bit floats");
    }
    return t;
  }

  /** Decoded bytes of one whole strip or tile. */
  long blockBytes() { return (long) blockWidth * blockHeight * samplesPerPixel * type.bytes(); }

  /** Bytes of the page's samples. */
  long pageBytes() { return (long) width * height * samplesPerPixel * type.bytes(); }

  /** Bytes a strip actually covers (the last strip may be short); whole block for tiles. */
  private long remainingBytes(int strip) {
    if (tiled) return blockBytes();
    long rows = Math.min(blockHeight, height - (long) strip * blockHeight);
    return rows * width * samplesPerPixel * type.bytes();
  }

  int blockCount() {
    return tiled ? ((width + blockWidth - 1) / blockWidth) * ((height + blockHeight - 1) / blockHeight)
        : (height + blockHeight - 1) / blockHeight;
  }

  /** Whether the page is one run of uncompressed bytes starting at {@code offsets[0]} (mappable as is). */
  boolean contiguousRaw() {
    if (compression != TiffDecompressor.NONE || predictor != 1 || tiled) return false;
    long pos = offsets[0];
    for (int i = 0; i < blockCount(); i++) {
      if (offsets[i] != pos) return false;
      pos += remainingBytes(i);
    }
    return true;
  }

  /** Decodes the page into {@code out} at byte offset {@code at} (row-major, file byte order). */
  void decodeInto(FileChannel ch, ByteOrder order, byte[] out, int at) throws IOException {
    int bps = type.bytes();
    int pixelBytes = samplesPerPixel * bps;
    int bw = blockWidth;
    int bh = blockHeight;
    int blockBytes = Math.toIntExact(blockBytes());
    byte[] decoded = new byte[blockBytes];
    int across = tiled ? (width + bw - 1) / bw : 1;
    byte[] in = null;
    for (int i = 0; i < blockCount(); i++) {
      int rows = tiled ? bh : (int) Math.min(bh, height - (long) i * bh);
      int expected = tiled ? blockBytes : rows * width * pixelBytes;
      // valid compressed data never needs more than about twice its decoded size
      int count = (int) Math.min(byteCounts[i], compression == TiffDecompressor.NONE ? expected : 2L * expected + 1024);
      if (in == null || in.length < count) in = new byte[count];
      NpyHeader.readFully(ch, ByteBuffer.wrap(in, 0, count), offsets[i], name);
      String block = where() + " " + (tiled ? "tile " : "strip ") + i;
      if (compression == TiffJpeg.JPEG) TiffJpeg.decode(jpegTables, in, count, decoded, rows, bh, bw, samplesPerPixel, block);
      else TiffDecompressor.decode(compression, in, count, decoded, expected, block);
      int rowSamples = bw * samplesPerPixel;
      if (predictor == 2) TiffDecompressor.undoHorizontal(decoded, rows, rowSamples, samplesPerPixel, bps, order);
      if (predictor == 3) TiffDecompressor.undoFloatingPoint(decoded, rows, rowSamples, samplesPerPixel, bps, order);
      if (!tiled) {
        System.arraycopy(decoded, 0, out, at + i * bh * width * pixelBytes, expected);
      } else {
        int x0 = (i % across) * bw;
        int y0 = (i / across) * bh;
        int cols = Math.min(bw, width - x0);
        int ys = Math.min(bh, height - y0);
        for (int r = 0; r < ys; r++) {
          System.arraycopy(decoded, r * bw * pixelBytes, out, at + ((y0 + r) * width + x0) * pixelBytes, cols * pixelBytes);
        }
      }
    }
  }
}
