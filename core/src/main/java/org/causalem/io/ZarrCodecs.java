package org.causalem.io;

import io.airlift.compress.MalformedInputException;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import org.causalem.data.BadInputException;

/**
 * The zarr v2 (numcodecs) compressors a chunk may carry: {@code blosc}, {@code zlib}, {@code gzip}, {@code zstd},
 * {@code lz4} (numcodecs' 4-byte little-endian size, then an LZ4 block) and none ({@code "compressor": null}).
 * zstd and LZ4 through aircompressor (pure Java); zlib and gzip through {@code java.util.zip}.
 */
final class ZarrCodecs {
  private ZarrCodecs() {}

  /**
   * The decoded chunk.
   *
   * @param compressor the array's {@code compressor} object, or null
   * @param expected the chunk's size in bytes once decoded
   * @throws BadInputException naming {@code where} when the codec is unknown or the chunk does not decode to {@code expected} bytes
   */
  static byte[] decode(Map<?, ?> compressor, byte[] in, int expected, String where) {
    String id = compressor == null ? "none" : String.valueOf(compressor.get("id"));
    byte[] out;
    switch (id) {
      case "none": out = in; break;
      case "blosc": out = Blosc.decode(in, where, expected); break;
      case "zlib": out = inflate(in, expected, where); break;
      case "gzip": out = gunzip(in, expected, where); break;
      case "zstd": out = new byte[expected]; raw("zstd", in, 0, in.length, out, 0, expected, where); break;
      case "lz4": out = lz4(in, expected, where); break;
      default:
        throw new BadInputException(where + ": compressor '" + id + "' is not supported (expected blosc, zlib, gzip, zstd, lz4 or none)");
    }
    if (out.length != expected) {
      throw new BadInputException(where + ": chunk decodes to " + out.length + " bytes with " + id + "; expected " + expected);
    }
    return out;
  }

  /** Decompresses one stream of {@code codec} (blosclz, lz4, zlib, zstd) to exactly {@code n} bytes at {@code dst[at]}. */
  static void raw(String codec, byte[] src, int off, int len, byte[] dst, int at, int n, String where) {
    int got;
    try {
      switch (codec) {
        case "lz4": got = new Lz4Decompressor().decompress(src, off, len, dst, at, n); break;
        case "zstd": got = new ZstdDecompressor().decompress(src, off, len, dst, at, n); break;
        case "zlib": got = inflate(src, off, len, dst, at, n); break;
        case "blosclz": got = BloscLz.decode(src, off, len, dst, at, n); break;
        default: throw new IllegalArgumentException("codec " + codec);
      }
      if (got < 0) throw new BadInputException(where + ": corrupt " + codec + " data (a run past the end or a distance before the start)");
    } catch (MalformedInputException | DataFormatException | IndexOutOfBoundsException e) {
      throw new BadInputException(where + ": corrupt " + codec + " data (" + e.getMessage() + ")", e);
    }
    if (got != n) throw new BadInputException(where + ": " + codec + " data decodes to " + got + " bytes; expected " + n);
  }

  private static byte[] inflate(byte[] in, int expected, String where) {
    byte[] out = new byte[expected];
    raw("zlib", in, 0, in.length, out, 0, expected, where);
    return out;
  }

  private static int inflate(byte[] src, int off, int len, byte[] dst, int at, int n) throws DataFormatException {
    Inflater inf = new Inflater();
    try {
      inf.setInput(src, off, len);
      int got = 0;
      while (got < n && !inf.finished()) {
        int k = inf.inflate(dst, at + got, n - got);
        if (k == 0 && (inf.needsInput() || inf.needsDictionary())) break;
        got += k;
      }
      if (!inf.finished()) {
        byte[] probe = new byte[1];
        if (inf.inflate(probe) > 0) return n + 1;
        if (got == n) throw new DataFormatException("the stream ends before its end marker and checksum (truncated)");
      }
      return got;
    } finally {
      inf.end();
    }
  }

  private static byte[] gunzip(byte[] in, int expected, String where) {
    try (InputStream s = new GZIPInputStream(new ByteArrayInputStream(in))) {
      return s.readNBytes(expected + 1);
    } catch (IOException e) {
      throw new BadInputException(where + ": corrupt gzip data (" + e.getMessage() + ")", e);
    }
  }

  private static byte[] lz4(byte[] in, int expected, String where) {
    if (in.length < 4) throw new BadInputException(where + ": an lz4 chunk of " + in.length + " bytes, shorter than its 4-byte size header");
    int size = (in[0] & 0xFF) | (in[1] & 0xFF) << 8 | (in[2] & 0xFF) << 16 | (in[3] & 0xFF) << 24;
    if (size != expected) throw new BadInputException(where + ": an lz4 chunk of " + size + " bytes; expected " + expected);
    byte[] out = new byte[expected];
    raw("lz4", in, 4, in.length - 4, out, 0, expected, where);
    return out;
  }
}
