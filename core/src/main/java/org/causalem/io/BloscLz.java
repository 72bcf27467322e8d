package org.causalem.io;

/**
 * Decoder of BloscLZ, c-blosc's own LZ77 codec (a FastLZ level-1 derivative), written from the format: a token's
 * top 3 bits are 0 for a literal run of {@code (token & 31) + 1} bytes, else a match of {@code (token >> 5) + 2}
 * bytes (7 → extended by following bytes, each added, until one is not 255) at distance
 * {@code ((token & 31) << 8) + next byte + 1}; a distance byte of 255 with high bits 31 means a 16-bit distance
 * follows (big-endian), added to 8191. The first token is always a literal run.
 */
final class BloscLz {
  private static final int MAX_DISTANCE = 8191;

  private BloscLz() {}

  /**
   * Decodes {@code src[off, off + len)} into {@code dst[at, at + n)}.
   *
   * @return the number of bytes written, or -1 when the data are corrupt (a run past either end, a distance before the start)
   */
  static int decode(byte[] src, int off, int len, byte[] dst, int at, int n) {
    int ip = off;
    int end = off + len;
    int op = at;
    int opEnd = at + n;
    if (len == 0) return 0;
    int ctrl = src[ip++] & 31;
    while (true) {
      if (ctrl >= 32) {
        int run = (ctrl >> 5) - 1;
        int ofs = (ctrl & 31) << 8;
        if (run == 6) {
          int code;
          do {
            if (ip + 1 >= end) return -1;
            code = src[ip++] & 0xFF;
            run += code;
          } while (code == 255);
        } else if (ip + 1 >= end) {
          return -1;
        }
        int code = src[ip++] & 0xFF;
        run += 3;
        int ref = op - ofs - code;
        if (code == 255 && ofs == 31 << 8) {
          if (ip + 1 >= end) return -1;
          ofs = (src[ip] & 0xFF) << 8 | (src[ip + 1] & 0xFF);
          ip += 2;
          ref = op - ofs - MAX_DISTANCE;
        }
        ref--;
        if (op + run > opEnd || ref < at) return -1;
        for (int k = 0; k < run; k++) dst[op + k] = dst[ref + k];
        op += run;
      } else {
        int run = ctrl + 1;
        if (op + run > opEnd || ip + run > end) return -1;
        System.arraycopy(src, ip, dst, op, run);
        op += run;
        ip += run;
      }
      if (ip >= end) break;
      ctrl = src[ip++] & 0xFF;
    }
    return op - at;
  }
}
