package org.causalem.io;

import java.nio.ByteBuffer;

/** Reorders the axes of raw pixel bytes (DM stores the first dimension fastest). */
final class DmLayout {
  private DmLayout() {}

  /**
   * Copies {@code src} into a new buffer whose axes are {@code order} (file dimension indices, slowest
   * first). The file's dimension {@code k} has size {@code dims[k]}; dimension 0 varies fastest in
   * {@code src}. Element bytes are copied unchanged; the byte order is kept.
   */
  static ByteBuffer permute(ByteBuffer src, int[] dims, int[] order, int elementBytes) {
    int n = dims.length;
    if (order.length != n) throw new IllegalArgumentException("order has " + order.length + " axes, dims " + n);
    long[] srcStride = new long[n];
    long s = elementBytes;
    for (int k = 0; k < n; k++) {
      srcStride[k] = s;
      s *= dims[k];
    }
    long total = s;
    if (src.remaining() < total) {
      throw new IllegalArgumentException("buffer has " + src.remaining() + " bytes, layout needs " + total);
    }
    byte[] in;
    int start;
    if (src.hasArray()) {
      in = src.array();
      start = src.arrayOffset() + src.position();
    } else {
      in = new byte[(int) total];
      src.duplicate().get(in);
      start = 0;
    }
    byte[] out = new byte[(int) total];
    int inner = order[n - 1];
    int innerSize = dims[inner];
    long innerStride = srcStride[inner];
    int[] index = new int[n - 1];
    int dst = 0;
    long outerCount = total / ((long) elementBytes * innerSize);
    for (long o = 0; o < outerCount; o++) {
      long base = 0;
      for (int j = 0; j < n - 1; j++) base += index[j] * srcStride[order[j]];
      int from = start + (int) base;
      for (int i = 0; i < innerSize; i++) {
        System.arraycopy(in, from, out, dst, elementBytes);
        from += (int) innerStride;
        dst += elementBytes;
      }
      for (int j = n - 2; j >= 0; j--) {
        if (++index[j] < dims[order[j]]) break;
        index[j] = 0;
      }
    }
    return ByteBuffer.wrap(out).order(src.order());
  }

  /** Whether {@code order} (slowest first) lists the file's dimensions in their stored order. */
  static boolean isStored(int[] order) {
    for (int j = 0; j < order.length; j++) if (order[j] != order.length - 1 - j) return false;
    return true;
  }
}
