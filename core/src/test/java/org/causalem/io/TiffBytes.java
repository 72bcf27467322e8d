package org.causalem.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.Deflater;

/**
 * Builds TIFF and BigTIFF files byte by byte from the TIFF 6.0 and BigTIFF layouts, for tests,
 * independently of {@link TiffWriter}: header, strip/tile data, out-of-line values, then the
 * directories (entries sorted by tag, values inline when they fit in 4 or 8 bytes).
 */
final class TiffBytes {
  static final int SHORT = 3;
  static final int LONG = 4;
  static final int RATIONAL = 5;
  static final int ASCII = 2;
  static final int UNDEFINED = 7;
  static final int DOUBLE = 12;
  static final int LONG8 = 16;

  /** A page: its tags and its strips or tiles (already compressed). */
  static final class Page {
    final Map<Integer, Object[]> tags = new TreeMap<>(); // tag -> {type, long[] or String or double[]}
    final List<byte[]> blocks = new ArrayList<>();
    boolean tiled;

    Page tag(int tag, int type, long... values) {
      tags.put(tag, new Object[] {type, values});
      return this;
    }

    Page text(int tag, String s) {
      tags.put(tag, new Object[] {ASCII, s});
      return this;
    }

    Page bytes(int tag, byte[] b) {
      tags.put(tag, new Object[] {UNDEFINED, b});
      return this;
    }
  }

  private final boolean big;
  private final ByteOrder order;

  TiffBytes(boolean big, ByteOrder order) {
    this.big = big;
    this.order = order;
  }

  /** A grayscale page of width×height with the given sample format, bits and compression, cut into blocks by the caller. */
  static Page page(int width, int height, int bits, int sampleFormat, int compression) {
    Page p = new Page();
    p.tag(256, LONG, width).tag(257, LONG, height).tag(258, SHORT, bits).tag(259, SHORT, compression)
        .tag(262, SHORT, 1).tag(277, SHORT, 1).tag(339, SHORT, sampleFormat);
    return p;
  }

  byte[] build(List<Page> pages) {
    ByteBuffer out = ByteBuffer.allocate(1 << 24).order(order);
    out.put((byte) (order == ByteOrder.LITTLE_ENDIAN ? 'I' : 'M'));
    out.put(out.get(0));
    if (big) {
      out.putShort((short) 43).putShort((short) 8).putShort((short) 0);
      out.putLong(0); // first IFD, patched
    } else {
      out.putShort((short) 42);
      out.putInt(0);
    }
    int inline = big ? 8 : 4;
    List<Map<Integer, long[]>> resolved = new ArrayList<>(); // tag -> {type, count, valueOrOffset, inlineFlag} plus inline bytes
    List<Map<Integer, byte[]>> inlineBytes = new ArrayList<>();
    for (Page p : pages) {
      long[] offsets = new long[p.blocks.size()];
      long[] counts = new long[p.blocks.size()];
      for (int i = 0; i < p.blocks.size(); i++) {
        offsets[i] = out.position();
        counts[i] = p.blocks.get(i).length;
        out.put(p.blocks.get(i));
        if ((out.position() & 1) == 1) out.put((byte) 0);
      }
      Map<Integer, Object[]> tags = new TreeMap<>(p.tags);
      int offType = big ? LONG8 : LONG;
      if (!p.blocks.isEmpty()) {
        tags.putIfAbsent(p.tiled ? 324 : 273, new Object[] {offType, offsets});
        tags.putIfAbsent(p.tiled ? 325 : 279, new Object[] {offType, counts});
      }
      Map<Integer, long[]> r = new TreeMap<>();
      Map<Integer, byte[]> ib = new TreeMap<>();
      for (Map.Entry<Integer, Object[]> e : tags.entrySet()) {
        int type = (Integer) e.getValue()[0];
        byte[] bytes = encode(type, e.getValue()[1]);
        int size = type == ASCII || type == UNDEFINED ? 1 : type == SHORT ? 2 : type == LONG ? 4 : 8;
        long count = bytes.length / size;
        if (bytes.length <= inline) {
          r.put(e.getKey(), new long[] {type, count, 0, 1});
          ib.put(e.getKey(), bytes);
        } else {
          r.put(e.getKey(), new long[] {type, count, out.position(), 0});
          out.put(bytes);
          if ((out.position() & 1) == 1) out.put((byte) 0);
        }
      }
      resolved.add(r);
      inlineBytes.add(ib);
    }
    long ifdPos = out.position();
    if (big) out.putLong(8, ifdPos);
    else out.putInt(4, (int) ifdPos);
    for (int k = 0; k < pages.size(); k++) {
      Map<Integer, long[]> r = resolved.get(k);
      int n = r.size();
      long size = big ? 8 + n * 20L + 8 : 2 + n * 12L + 4;
      long next = k + 1 < pages.size() ? out.position() + size : 0;
      if (big) out.putLong(n);
      else out.putShort((short) n);
      for (Map.Entry<Integer, long[]> e : r.entrySet()) {
        long[] v = e.getValue();
        out.putShort((short) (int) e.getKey()).putShort((short) v[0]);
        if (big) out.putLong(v[1]);
        else out.putInt((int) v[1]);
        if (v[3] == 1) {
          byte[] b = inlineBytes.get(k).get(e.getKey());
          out.put(b);
          for (int i = b.length; i < inline; i++) out.put((byte) 0);
        } else if (big) {
          out.putLong(v[2]);
        } else {
          out.putInt((int) v[2]);
        }
      }
      if (big) out.putLong(next);
      else out.putInt((int) next);
    }
    byte[] b = new byte[out.position()];
    out.flip();
    out.get(b);
    return b;
  }

  private byte[] encode(int type, Object values) {
    if (type == ASCII) return (values + "\0").getBytes(StandardCharsets.ISO_8859_1);
    if (type == UNDEFINED) return ((byte[]) values).clone();
    long[] v = (long[]) values;
    int size = type == SHORT ? 2 : type == LONG ? 4 : 8;
    ByteBuffer b = ByteBuffer.allocate(v.length * size).order(order);
    for (int i = 0; i < v.length; i++) {
      switch (type) {
        case SHORT -> b.putShort((short) v[i]);
        case LONG -> b.putInt((int) v[i]);
        case RATIONAL -> b.putInt((int) (v[i] >>> 32)).putInt((int) v[i]); // numerator in the high word
        case DOUBLE -> b.putDouble(Double.longBitsToDouble(v[i]));
        default -> b.putLong(v[i]);
      }
    }
    return b.array();
  }

  /** A RATIONAL packed for {@link Page#tag}: numerator high 32 bits, denominator low. */
  static long rational(long num, long den) { return num << 32 | den; }

  /** Samples (as longs / float bits) in a byte order: {@code bytes} per sample. */
  static byte[] samples(long[] v, int bytes, ByteOrder order) {
    ByteBuffer b = ByteBuffer.allocate(v.length * bytes).order(order);
    for (long x : v) {
      switch (bytes) {
        case 1 -> b.put((byte) x);
        case 2 -> b.putShort((short) x);
        case 4 -> b.putInt((int) x);
        default -> b.putLong(x);
      }
    }
    return b.array();
  }

  /** PackBits (Apple): runs of 2+ equal bytes as (1 − n, byte), others as literal groups of up to 128. */
  static byte[] packBits(byte[] in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < in.length) {
      int run = 1;
      while (i + run < in.length && run < 128 && in[i + run] == in[i]) run++;
      if (run >= 2) {
        out.write(1 - run);
        out.write(in[i]);
        i += run;
      } else {
        int start = i;
        int len = 0;
        while (i < in.length && len < 128 && !(i + 1 < in.length && in[i + 1] == in[i])) {
          i++;
          len++;
        }
        if (len == 0) { // lone byte before a run start handled as a literal of one
          i++;
          len = 1;
        }
        out.write(len - 1);
        out.write(in, start, len);
      }
    }
    return out.toByteArray();
  }

  static byte[] deflate(byte[] in) {
    Deflater d = new Deflater();
    d.setInput(in);
    d.finish();
    byte[] buf = new byte[in.length * 2 + 64];
    int n = d.deflate(buf);
    d.end();
    return java.util.Arrays.copyOf(buf, n);
  }
}
