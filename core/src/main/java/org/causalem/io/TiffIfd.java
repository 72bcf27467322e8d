package org.causalem.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.causalem.data.BadInputException;

/**
 * One image file directory (IFD) of a TIFF or BigTIFF file: tag → entry. Values are read lazily and
 * always checked against the file's size first, so a lying count or offset is an error, never an
 * allocation.
 */
final class TiffIfd {
  static final int NEW_SUBFILE_TYPE = 254;
  static final int IMAGE_WIDTH = 256;
  static final int IMAGE_LENGTH = 257;
  static final int BITS_PER_SAMPLE = 258;
  static final int COMPRESSION = 259;
  static final int PHOTOMETRIC = 262;
  static final int IMAGE_DESCRIPTION = 270;
  static final int MAKE = 271;
  static final int MODEL = 272;
  static final int STRIP_OFFSETS = 273;
  static final int SAMPLES_PER_PIXEL = 277;
  static final int ROWS_PER_STRIP = 278;
  static final int STRIP_BYTE_COUNTS = 279;
  static final int X_RESOLUTION = 282;
  static final int Y_RESOLUTION = 283;
  static final int PLANAR_CONFIGURATION = 284;
  static final int RESOLUTION_UNIT = 296;
  static final int SOFTWARE = 305;
  static final int DATE_TIME = 306;
  static final int ARTIST = 315;
  static final int PREDICTOR = 317;
  static final int TILE_WIDTH = 322;
  static final int TILE_LENGTH = 323;
  static final int TILE_OFFSETS = 324;
  static final int TILE_BYTE_COUNTS = 325;
  static final int SAMPLE_FORMAT = 339;
  static final int JPEG_TABLES = 347;
  static final int OLYMPUS_SIS = 33560;
  static final int ZEISS_SEM = 34118;
  static final int FEI_SFEG = 34680;
  static final int FEI_HELIOS = 34682;
  /** DigitalMicrograph's TIFF export: unit of dimension 0 (x); 65004/65005 for y and z. */
  static final int DM_UNIT_X = 65003;
  /** DigitalMicrograph's TIFF export: origin of dimension 0 in its unit; 65007/65008 for y and z. */
  static final int DM_OFFSET_X = 65006;
  /** DigitalMicrograph's TIFF export: step of dimension 0 in its unit; 65010/65011 for y and z. */
  static final int DM_SCALE_X = 65009;

  /** Bytes per value of each TIFF field type (0 = unknown type). */
  private static final int[] TYPE_BYTES = {0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4, 0, 0, 8, 8, 8};

  /** A raw entry: type, count, and where its values are (inline values have their position in the IFD). */
  record Entry(int tag, int type, long count, long valueOffset) {}

  private final String name;
  private final FileChannel ch;
  private final long fileSize;
  private final ByteOrder order;
  private final Map<Integer, Entry> entries;
  final long offset;

  private TiffIfd(String name, FileChannel ch, long fileSize, ByteOrder order, Map<Integer, Entry> entries, long offset) {
    this.name = name;
    this.ch = ch;
    this.fileSize = fileSize;
    this.order = order;
    this.entries = entries;
    this.offset = offset;
  }

  /**
   * Reads the chain of IFDs starting at {@code first}, refusing loops, offsets outside the file and
   * more than {@code maxIfds} directories.
   */
  static List<TiffIfd> readChain(String name, FileChannel ch, ByteOrder order, boolean big, long first, int maxIfds) throws IOException {
    long size = ch.size();
    List<TiffIfd> out = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    long off = first;
    while (off != 0) {
      if (off < 8 || off >= size) {
        throw new BadInputException(name + ": TIFF directory " + out.size() + " at offset " + off + " lies outside the file of " + size + " bytes");
      }
      if (!seen.add(off)) throw new BadInputException(name + ": TIFF directory chain loops back to offset " + off);
      if (out.size() >= maxIfds) throw new BadInputException(name + ": TIFF has more than " + maxIfds + " directories");
      int countBytes = big ? 8 : 2;
      ByteBuffer cb = read(name, ch, size, off, countBytes, order);
      long n = big ? cb.getLong(0) : cb.getShort(0) & 0xFFFF;
      int entryBytes = big ? 20 : 12;
      int nextBytes = big ? 8 : 4;
      if (n < 0 || n > 65535 || off + countBytes + n * entryBytes + nextBytes > size) {
        throw new BadInputException(name + ": TIFF directory at offset " + off + " claims " + n + " entries; file has " + size + " bytes");
      }
      ByteBuffer eb = read(name, ch, size, off + countBytes, (int) (n * entryBytes + nextBytes), order);
      Map<Integer, Entry> entries = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        int p = i * entryBytes;
        int tag = eb.getShort(p) & 0xFFFF;
        int type = eb.getShort(p + 2) & 0xFFFF;
        long count = big ? eb.getLong(p + 4) : eb.getInt(p + 4) & 0xFFFFFFFFL;
        int inline = big ? 8 : 4;
        int tb = type < TYPE_BYTES.length ? TYPE_BYTES[type] : 0;
        if (tb == 0) continue; // unknown field type: skip, as the specification says
        long valueOffset;
        if (count >= 0 && count * tb <= inline) {
          valueOffset = off + countBytes + p + (big ? 12 : 8);
        } else {
          valueOffset = big ? eb.getLong(p + 12) : eb.getInt(p + 8) & 0xFFFFFFFFL;
        }
        entries.put(tag, new Entry(tag, type, count, valueOffset));
      }
      out.add(new TiffIfd(name, ch, size, order, entries, off));
      long next = big ? eb.getLong((int) (n * entryBytes)) : eb.getInt((int) (n * entryBytes)) & 0xFFFFFFFFL;
      off = next;
    }
    return out;
  }

  static ByteBuffer read(String name, FileChannel ch, long size, long offset, int n, ByteOrder order) throws IOException {
    if (offset < 0 || n < 0 || offset + n > size) {
      throw new BadInputException(name + ": TIFF needs bytes " + offset + ".." + (offset + n) + " but the file has " + size);
    }
    ByteBuffer b = ByteBuffer.allocate(n).order(order);
    NpyHeader.readFully(ch, b, offset, name);
    return b;
  }

  boolean has(int tag) { return entries.containsKey(tag); }

  /** {@code n} bytes of the file at {@code offset}, in its byte order (checked against the file's size). */
  ByteBuffer bytes(long offset, int n) throws IOException { return read(name, ch, fileSize, offset, n, order); }

  Map<Integer, Entry> entries() { return entries; }

  /** Integer values of an entry (BYTE, SHORT, LONG, LONG8, IFD; signed types too). */
  long[] longs(int tag, long maxCount) throws IOException {
    Entry e = entries.get(tag);
    if (e == null) return null;
    int tb = TYPE_BYTES[e.type()];
    if (e.count() < 0 || e.count() > maxCount || e.valueOffset() + e.count() * tb > fileSize) {
      throw new BadInputException(name + ": TIFF tag " + tag + " at directory offset " + offset + " claims " + e.count()
          + " values at offset " + e.valueOffset() + "; expected at most " + maxCount + " within the file of " + fileSize + " bytes");
    }
    int n = (int) e.count();
    ByteBuffer b = read(name, ch, fileSize, e.valueOffset(), n * tb, order);
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      v[i] = switch (e.type()) {
        case 1, 7 -> b.get(i) & 0xFF;
        case 6 -> b.get(i);
        case 3 -> b.getShort(2 * i) & 0xFFFF;
        case 8 -> b.getShort(2 * i);
        case 4, 13 -> b.getInt(4 * i) & 0xFFFFFFFFL;
        case 9 -> b.getInt(4 * i);
        case 16, 17, 18 -> b.getLong(8 * i);
        default -> throw new BadInputException(name + ": TIFF tag " + tag + " has field type " + e.type() + "; expected an integer type");
      };
    }
    return v;
  }

  /** The bytes of a BYTE/UNDEFINED/ASCII tag, or null when absent. Limited to {@code maxBytes}. */
  byte[] raw(int tag, int maxBytes) throws IOException {
    Entry e = entries.get(tag);
    if (e == null || (e.type() != 1 && e.type() != 2 && e.type() != 7)) return null;
    if (e.count() > maxBytes || e.valueOffset() + e.count() > fileSize) {
      throw new BadInputException(name + ": TIFF tag " + tag + " claims " + e.count() + " bytes at offset "
          + e.valueOffset() + "; file has " + fileSize + " bytes");
    }
    return read(name, ch, fileSize, e.valueOffset(), (int) e.count(), order).array();
  }

  /** The first integer value of a tag, or {@code fallback} when absent. */
  long single(int tag, long fallback) throws IOException {
    long[] v = longs(tag, 1 << 16);
    return v == null || v.length == 0 ? fallback : v[0];
  }

  /** The first value of a RATIONAL/SRATIONAL/FLOAT/DOUBLE (or integer) tag, or NaN. */
  double number(int tag) throws IOException {
    Entry e = entries.get(tag);
    if (e == null || e.count() < 1) return Double.NaN;
    int tb = TYPE_BYTES[e.type()];
    ByteBuffer b = read(name, ch, fileSize, e.valueOffset(), tb, order);
    return switch (e.type()) {
      case 5 -> (b.getInt(0) & 0xFFFFFFFFL) / (double) (b.getInt(4) & 0xFFFFFFFFL);
      case 10 -> b.getInt(0) / (double) b.getInt(4);
      case 11 -> b.getFloat(0);
      case 12 -> b.getDouble(0);
      default -> single(tag, 0);
    };
  }

  /**
   * An ASCII tag's text (up to its first NUL), or null. Limited to {@code maxBytes}. UTF-8 when the
   * bytes are valid UTF-8, otherwise ISO-8859-1 (Zeiss and others write µ as the single byte 0xB5).
   */
  String text(int tag, int maxBytes) throws IOException {
    Entry e = entries.get(tag);
    if (e == null || (e.type() != 2 && e.type() != 1 && e.type() != 7)) return null;
    if (e.count() > maxBytes || e.valueOffset() + e.count() > fileSize) {
      throw new BadInputException(name + ": TIFF text tag " + tag + " claims " + e.count() + " bytes at offset "
          + e.valueOffset() + "; file has " + fileSize + " bytes");
    }
    ByteBuffer b = read(name, ch, fileSize, e.valueOffset(), (int) e.count(), order);
    byte[] a = b.array();
    int n = 0;
    while (n < a.length && a[n] != 0) n++;
    return decode(java.util.Arrays.copyOf(a, n));
  }

  private static String decode(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
  }
}
