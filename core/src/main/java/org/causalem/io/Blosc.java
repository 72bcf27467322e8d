package org.causalem.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.causalem.data.BadInputException;

/**
 * Decodes one Blosc 1 frame (the c-blosc format numcodecs writes for zarr, HyperSpy's default compressor): a 16-byte
 * header (version, codec version, flags, type size, uncompressed size, block size, compressed size), then either the
 * raw bytes (flag 0x02, "memcpyed") or one start offset per block and the blocks, each one stream or, when split,
 * one stream per byte of the type, each stream prefixed by its compressed length (equal to its plain length when
 * stored raw). Blocks are byte-shuffled (flag 0x01) or bit-shuffled (0x04) before compression.
 *
 * <p>Codecs: BloscLZ ({@link BloscLz}), lz4/lz4hc, zlib, zstd. Snappy is refused with an error naming it.
 */
final class Blosc {
  private static final int HEADER = 16;
  private static final int MAX_SPLITS = 16;
  private static final int MIN_BUFFERSIZE = 128;
  private static final String[] CODECS = {"blosclz", "lz4", "snappy", "zlib", "zstd"};

  private Blosc() {}

  /**
   * @param where the chunk's name for messages
   * @param expected the chunk's decoded size in bytes
   */
  static byte[] decode(byte[] frame, String where, int expected) {
    if (frame.length < HEADER) throw bad(where, "a frame of " + frame.length + " bytes, shorter than the 16-byte Blosc header");
    ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
    int flags = frame[2] & 0xFF;
    int typesize = frame[3] & 0xFF;
    int nbytes = b.getInt(4);
    int blocksize = b.getInt(8);
    int cbytes = b.getInt(12);
    if (nbytes != expected) throw bad(where, "a Blosc frame of " + nbytes + " bytes; the chunk needs " + expected);
    if (cbytes != frame.length) throw bad(where, "a Blosc frame whose header says " + cbytes + " bytes but that has " + frame.length);
    byte[] out = new byte[nbytes];
    if ((flags & 0x02) != 0) {
      if (frame.length < HEADER + nbytes) throw bad(where, "an uncompressed Blosc frame of " + frame.length + " bytes; expected " + (HEADER + nbytes));
      System.arraycopy(frame, HEADER, out, 0, nbytes);
      return out;
    }
    if (nbytes == 0) return out;
    if (blocksize <= 0 || typesize == 0) throw bad(where, "a Blosc block size of " + blocksize + " and type size " + typesize);
    String codec = codec(flags >> 5, where);
    int nblocks = (int) ((nbytes + (long) blocksize - 1) / blocksize);
    if (HEADER + 4L * nblocks > frame.length) {
      throw bad(where, "a Blosc frame of " + frame.length + " bytes, too short for the starts of its " + nblocks + " blocks");
    }
    byte[] tmp = new byte[Math.min(blocksize, nbytes)];
    for (int j = 0; j < nblocks; j++) {
      int start = b.getInt(HEADER + 4 * j);
      if (start < HEADER + 4 * nblocks || start > frame.length - 4) {
        throw bad(where, "Blosc block " + j + " starts at " + start + ", outside the frame's streams (" + (HEADER + 4 * nblocks) + " to " + frame.length + ")");
      }
      int bsize = Math.min(blocksize, nbytes - j * blocksize);
      boolean leftover = bsize < blocksize;
      block(b, start, tmp, bsize, leftover, flags, typesize, codec, where + " block " + j);
      unfilter(tmp, bsize, flags, typesize, out, j * blocksize, where);
    }
    return out;
  }

  private static String codec(int format, String where) {
    if (format != 2 && format < CODECS.length) return CODECS[format];
    if (format < CODECS.length) {
      throw bad(where, "Blosc codec " + CODECS[format] + ", which this reader does not decode (blosclz, lz4, zlib and zstd are read); "
          + "re-save with HyperSpy's default Blosc(cname=\"zstd\")");
    }
    throw bad(where, "unknown Blosc codec format " + format + " (expected 0-4)");
  }

  /** Decompresses one block's streams into {@code tmp[0, bsize)}. */
  private static void block(ByteBuffer b, int start, byte[] tmp, int bsize, boolean leftover, int flags, int typesize,
                            String codec, String where) {
    boolean dontSplit = (flags & 0x10) != 0;
    int nsplits = !dontSplit && typesize <= MAX_SPLITS && bsize / typesize >= MIN_BUFFERSIZE && !leftover ? typesize : 1;
    int neblock = bsize / nsplits;
    int at = start;
    for (int s = 0; s < nsplits; s++) {
      if (at > b.limit() - 4) throw bad(where, "a stream length at offset " + at + ", past the frame's " + b.limit() + " bytes");
      int cbytes = b.getInt(at);
      at += 4;
      if (cbytes < 0 || at + (long) cbytes > b.limit()) {
        throw bad(where, "a stream of " + cbytes + " bytes at offset " + at + " beyond the frame's " + b.limit() + " bytes");
      }
      if (cbytes == neblock) {
        System.arraycopy(b.array(), at, tmp, s * neblock, neblock);
      } else {
        ZarrCodecs.raw(codec, b.array(), at, cbytes, tmp, s * neblock, neblock, where);
      }
      at += cbytes;
    }
  }

  /** Undoes the shuffle of one block from {@code tmp} into {@code out} at {@code to}. */
  private static void unfilter(byte[] tmp, int bsize, int flags, int typesize, byte[] out, int to, String where) {
    if ((flags & 0x01) != 0 && typesize > 1) {
      unshuffle(tmp, bsize, typesize, out, to);
    } else if ((flags & 0x04) != 0 && typesize * 8 <= bsize) {
      bitUnshuffle(tmp, bsize, typesize, out, to);
    } else {
      System.arraycopy(tmp, 0, out, to, bsize);
    }
  }

  /** Byte shuffle: byte k of every element together; the bytes after the last whole element are kept as they are. */
  static void unshuffle(byte[] in, int bsize, int typesize, byte[] out, int to) {
    int n = bsize / typesize;
    for (int k = 0; k < typesize; k++) {
      int from = k * n;
      for (int i = 0; i < n; i++) out[to + i * typesize + k] = in[from + i];
    }
    int rest = n * typesize;
    System.arraycopy(in, rest, out, to + rest, bsize - rest);
  }

  /**
   * Bit shuffle (bitshuffle's layout): for a whole number of groups of 8 elements, bit plane {@code 8k + b} holds bit
   * {@code b} of byte {@code k} of every element, element {@code i} at bit {@code i % 8} of the plane's byte
   * {@code i / 8}; the bytes of the remaining elements follow unshuffled.
   */
  static void bitUnshuffle(byte[] in, int bsize, int typesize, byte[] out, int to) {
    int n = bsize / typesize / 8 * 8;
    int planeBytes = n / 8;
    java.util.Arrays.fill(out, to, to + n * typesize, (byte) 0);
    for (int k = 0; k < typesize; k++) {
      for (int bit = 0; bit < 8; bit++) {
        int plane = (8 * k + bit) * planeBytes;
        for (int i = 0; i < n; i++) {
          if ((in[plane + (i >> 3)] >> (i & 7) & 1) != 0) out[to + i * typesize + k] |= (byte) (1 << bit);
        }
      }
    }
    int rest = n * typesize;
    System.arraycopy(in, rest, out, to + rest, bsize - rest);
  }

  private static BadInputException bad(String where, String what) {
    return new BadInputException(where + ": " + what);
  }
}
