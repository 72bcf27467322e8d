package org.causalem.io;

import java.nio.ByteOrder;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.causalem.data.BadInputException;

/**
 * Decompression of TIFF strips and tiles (none, LZW, Deflate, PackBits) and undoing of the
 * horizontal (2) and floating-point (3) predictors. Every decoder writes exactly the expected number of
 * bytes or throws {@link BadInputException}; none allocates more than its output.
 */
final class TiffDecompressor {
  static final int NONE = 1;
  static final int LZW = 5;
  static final int DEFLATE = 8;
  static final int DEFLATE_OLD = 32946;
  static final int PACKBITS = 32773;

  private TiffDecompressor() {}

  static boolean supported(int compression) {
    return compression == NONE || compression == LZW || compression == DEFLATE || compression == DEFLATE_OLD || compression == PACKBITS;
  }

  /** Decodes {@code in} into {@code out[0..expected)}. @param where names the file and strip for errors */
  static void decode(int compression, byte[] in, int inLength, byte[] out, int expected, String where) {
    int got = switch (compression) {
      case NONE -> {
        int n = Math.min(inLength, expected);
        System.arraycopy(in, 0, out, 0, n);
        yield n;
      }
      case LZW -> lzw(in, inLength, out, expected, where);
      case DEFLATE, DEFLATE_OLD -> inflate(in, inLength, out, expected, where);
      case PACKBITS -> packBits(in, inLength, out, expected);
      default -> throw new BadInputException(where + ": TIFF compression " + compression + " is not supported");
    };
    if (got < expected) {
      throw new BadInputException(where + " decodes to " + got + " bytes; expected " + expected + " (truncated or corrupt data)");
    }
  }

  static int packBits(byte[] in, int n, byte[] out, int expected) {
    int i = 0;
    int o = 0;
    while (i < n && o < expected) {
      int c = in[i++];
      if (c >= 0) {
        int len = Math.min(c + 1, Math.min(n - i, expected - o));
        System.arraycopy(in, i, out, o, len);
        i += c + 1;
        o += len;
      } else if (c != -128) {
        if (i >= n) break;
        byte b = in[i++];
        int len = Math.min(1 - c, expected - o);
        for (int k = 0; k < len; k++) out[o++] = b;
      }
    }
    return o;
  }

  private static int inflate(byte[] in, int n, byte[] out, int expected, String where) {
    Inflater inf = new Inflater();
    try {
      inf.setInput(in, 0, n);
      int o = 0;
      while (o < expected) {
        int k = inf.inflate(out, o, expected - o);
        o += k;
        if (k == 0 && (inf.finished() || inf.needsInput() || inf.needsDictionary())) break;
      }
      return o;
    } catch (DataFormatException e) {
      throw new BadInputException(where + ": corrupt Deflate data (" + e.getMessage() + ")");
    } finally {
      inf.end();
    }
  }

  /** TIFF LZW: MSB-first codes of 9..12 bits, clear code 256, end 257, code width grows one code early. */
  static int lzw(byte[] in, int n, byte[] out, int expected, String where) {
    if (n >= 2 && in[0] == 0 && (in[1] & 1) == 1) {
      throw new BadInputException(where + ": old-style (pre-TIFF 6.0) LZW is not supported");
    }
    int[] prefix = new int[4096];
    byte[] suffix = new byte[4096];
    byte[] first = new byte[4096];
    int[] length = new int[4096];
    for (int i = 0; i < 256; i++) {
      prefix[i] = -1;
      suffix[i] = (byte) i;
      first[i] = (byte) i;
      length[i] = 1;
    }
    int next = 258;
    int width = 9;
    int prev = -1;
    long bitPos = 0;
    long totalBits = 8L * n;
    int o = 0;
    while (o < expected && bitPos + width <= totalBits) {
      int code = 0;
      for (int k = 0; k < width; k++, bitPos++) {
        code = (code << 1) | ((in[(int) (bitPos >>> 3)] >>> (7 - (int) (bitPos & 7))) & 1);
      }
      if (code == 257) break;
      if (code == 256) {
        next = 258;
        width = 9;
        prev = -1;
        continue;
      }
      int emit;
      if (code < next) {
        emit = code;
        if (prev >= 0 && next < 4096) {
          prefix[next] = prev;
          suffix[next] = first[code];
          first[next] = first[prev];
          length[next] = length[prev] + 1;
          next++;
        }
      } else if (code == next && prev >= 0 && next < 4096) {
        prefix[next] = prev;
        suffix[next] = first[prev];
        first[next] = first[prev];
        length[next] = length[prev] + 1;
        emit = next;
        next++;
      } else {
        throw new BadInputException(where + ": corrupt LZW data (code " + code + " with " + next + " table entries)");
      }
      int len = length[emit];
      int end = o + len;
      int c = emit;
      for (int p = end - 1; p >= o; p--) {
        if (p < expected) out[p] = suffix[c];
        c = prefix[c];
      }
      o = Math.min(end, expected);
      prev = emit;
      if (next >= (1 << width) - 1 && width < 12) width++;
    }
    return o;
  }

  /** Undoes horizontal differencing (predictor 2) on rows of {@code rowSamples} samples. */
  static void undoHorizontal(byte[] b, int rows, int rowSamples, int samplesPerPixel, int bytesPerSample, ByteOrder order) {
    boolean big = order == ByteOrder.BIG_ENDIAN;
    for (int r = 0; r < rows; r++) {
      int base = r * rowSamples * bytesPerSample;
      for (int i = samplesPerPixel; i < rowSamples; i++) {
        int p = base + i * bytesPerSample;
        int q = p - samplesPerPixel * bytesPerSample;
        if (bytesPerSample == 1) {
          b[p] += b[q];
        } else {
          long v = get(b, p, bytesPerSample, big) + get(b, q, bytesPerSample, big);
          put(b, p, bytesPerSample, big, v);
        }
      }
    }
  }

  /**
   * Undoes the floating-point predictor (3): bytes differenced along each row, with each row's values
   * split into byte planes, most significant plane first. Values come out in {@code order}.
   */
  static void undoFloatingPoint(byte[] b, int rows, int rowSamples, int samplesPerPixel, int bytesPerSample, ByteOrder order) {
    int rowBytes = rowSamples * bytesPerSample;
    byte[] tmp = new byte[rowBytes];
    boolean big = order == ByteOrder.BIG_ENDIAN;
    for (int r = 0; r < rows; r++) {
      int base = r * rowBytes;
      for (int i = samplesPerPixel; i < rowBytes; i++) b[base + i] += b[base + i - samplesPerPixel];
      System.arraycopy(b, base, tmp, 0, rowBytes);
      for (int k = 0; k < rowSamples; k++) {
        for (int j = 0; j < bytesPerSample; j++) {
          int dst = big ? j : bytesPerSample - 1 - j;
          b[base + k * bytesPerSample + dst] = tmp[j * rowSamples + k];
        }
      }
    }
  }

  private static long get(byte[] b, int p, int n, boolean big) {
    long v = 0;
    for (int k = 0; k < n; k++) v |= (long) (b[p + k] & 0xFF) << (8 * (big ? n - 1 - k : k));
    return v;
  }

  private static void put(byte[] b, int p, int n, boolean big, long v) {
    for (int k = 0; k < n; k++) b[p + k] = (byte) (v >>> (8 * (big ? n - 1 - k : k)));
  }
}
