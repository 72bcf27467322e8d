package org.causalem.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.causalem.data.Axis;
import org.causalem.data.BadInputException;
import org.causalem.data.Metadata;
import org.causalem.data.PixelType;

/**
 * The header of a TVIPS recording (the first 256 bytes of part 000, little-endian unsigned 32-bit fields): header size,
 * version (2; version 1's 12-byte frame headers are not supported), dimx, dimy, bits per pixel, offsetx, offsety, binx,
 * biny, pixel size, high tension, total magnification or camera length, frame-header bytes.
 *
 * @param pixelSize the header's {@code pixelsize}, read as RosettaSciIO does: the pattern's pixel in 1/nm (diffraction)
 *     or the image's in nm
 */
record TvipsHeader(long headerBytes, int version, int dimx, int dimy, PixelType type, long offsetX, long offsetY, long binX,
                   long binY, long pixelSize, long ht, long magTotal, long frameHeaderBytes, String dummy) {
  static final int MIN_HEADER_BYTES = 52;

  /** What the frame headers say: the first frame's fields, every frame's time and rotator index. */
  record FrameInfo(int mode, long firstSeconds, Map<String, Object> first, double[] timesS, long[] rotator) {}

  static TvipsHeader read(Path file) throws IOException {
    String name = file.getFileName().toString();
    long size = Files.size(file);
    if (size < 256) throw new BadInputException(name + ": truncated TVIPS file: " + size + " bytes; its header alone has 256");
    ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      NpyHeader.readFully(ch, b, 0, name);
    }
    long[] f = new long[13];
    for (int i = 0; i < f.length; i++) f[i] = b.getInt(4 * i) & 0xFFFFFFFFL;
    byte[] dummy = new byte[204];
    b.get(52, dummy);
    String text = new String(dummy, StandardCharsets.ISO_8859_1).replace("\0", "").trim();
    if (f[0] < MIN_HEADER_BYTES || f[0] > size) {
      throw new BadInputException(name + ": TVIPS header size field (offset 0) is " + f[0] + "; expected " + MIN_HEADER_BYTES
          + " .. the file's " + size + " bytes (256 in files written by TVIPS and RosettaSciIO)");
    }
    if (f[1] != 2) {
      throw new BadInputException(name + ": TVIPS version " + f[1] + " (offset 4); only version 2 is supported"
          + (f[1] == 1 ? " (version 1's 12-byte frame headers are not)" : ""));
    }
    if (f[2] < 1 || f[3] < 1 || f[2] > 1 << 16 || f[3] > 1 << 16) {
      throw new BadInputException(name + ": TVIPS frame size " + f[2] + " × " + f[3] + " (dimx, dimy at offset 8); expected 1 .. 65536");
    }
    PixelType type = switch ((int) f[4]) {
      case 8 -> PixelType.UINT8;
      case 16 -> PixelType.UINT16;
      case 32 -> PixelType.UINT32;
      default -> throw new BadInputException(name + ": TVIPS bits per pixel " + f[4] + " (offset 16); expected 8, 16 or 32");
    };
    if (f[12] < TvipsReader.FRAME_FIELDS_BYTES || f[12] > 1 << 20) {
      throw new BadInputException(name + ": TVIPS frame header of " + f[12] + " bytes (offset 48); expected at least the "
          + TvipsReader.FRAME_FIELDS_BYTES + " bytes of its known fields");
    }
    return new TvipsHeader(f[0], (int) f[1], (int) f[2], (int) f[3], type, f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12], text);
  }

  long frameBytes() { return (long) dimx * dimy * type.bytes(); }

  long recordBytes() { return frameHeaderBytes + frameBytes(); }

  /** The frame headers of every part: times from the first frame, rotator indices, and the first frame's fields. */
  static FrameInfo frameInfo(List<Path> parts, long[] firstFrame, TvipsHeader h) throws IOException {
    int n = Math.toIntExact(firstFrame[parts.size()]);
    double[] times = new double[n];
    long[] rot = new long[n];
    Map<String, Object> first = null;
    long t0s = 0;
    long t0ms = 0;
    ByteBuffer b = ByteBuffer.allocate(TvipsReader.FRAME_FIELDS_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < parts.size(); i++) {
      long skip = i == 0 ? h.headerBytes() : 0;
      try (FileChannel ch = FileChannel.open(parts.get(i), StandardOpenOption.READ)) {
        for (long k = firstFrame[i]; k < firstFrame[i + 1]; k++) {
          b.clear();
          NpyHeader.readFully(ch, b, skip + (k - firstFrame[i]) * h.recordBytes(), parts.get(i).getFileName().toString());
          long s = b.getInt(4) & 0xFFFFFFFFL;
          long ms = b.getInt(8) & 0xFFFFFFFFL;
          if (first == null) {
            first = fields(b);
            t0s = s;
            t0ms = ms;
          }
          times[(int) k] = (s - t0s) + (ms - t0ms) / 1000.0;
          rot[(int) k] = b.getInt(48) & 0xFFFFFFFFL;
        }
      }
    }
    int mode = ((Number) first.get("mode")).intValue();
    return new FrameInfo(mode, t0s, first, times, rot);
  }

  private static Map<String, Object> fields(ByteBuffer b) {
    Map<String, Object> m = new LinkedHashMap<>();
    String[] names = {"num", "timestamp", "ms", "LUTidx", "fcurrent", "mag", "mode", "stagex", "stagey", "stagez", "stagea", "stageb",
        "rotidx", "temperature", "objective"};
    boolean[] real = {false, false, false, false, true, false, false, true, true, true, true, true, false, true, true};
    for (int i = 0; i < names.length; i++) m.put(names[i], real[i] ? (Object) (double) b.getFloat(4 * i) : (Object) (b.getInt(4 * i) & 0xFFFFFFFFL));
    return m;
  }

  /** A detector axis: {@code pixelsize} per pixel in 1/nm (mode 2, diffraction) or nm, offset as stored; px when 0. */
  Axis detectorAxis(String axis, int n, long offset, int mode) {
    if (pixelSize == 0) return Axis.pixels(axis, n);
    return new Axis(axis, n, offset, pixelSize, mode == 2 ? "1/nm" : "nm");
  }

  Metadata metadata(FrameInfo info, List<Path> parts) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put(Metadata.DETECTOR, "TVIPS camera");
    if (ht >= 1 && ht <= 3000) s.put(Metadata.VOLTAGE_KV, (double) ht);
    if (magTotal > 0 && info.mode() == 1) s.put(Metadata.MAGNIFICATION, (double) magTotal);
    if (magTotal > 0 && info.mode() != 1) s.put("magtotal", magTotal + " (camera length in diffraction; unit not stated)");
    LocalDateTime t = Instant.ofEpochSecond(info.firstSeconds()).atOffset(ZoneOffset.UTC).toLocalDateTime();
    s.put(Metadata.DATE, t.toLocalDate().toString());
    s.put(Metadata.TIME, String.format(Locale.ROOT, "%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond()));
    s.put("time_zone", "UTC");
    s.put("mode", info.mode() == 2 ? "diffraction (2)" : info.mode() == 1 ? "imaging (1)" : String.valueOf(info.mode()));
    s.put("parts", parts.size());
    s.put("frames", info.timesS().length);
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("size", headerBytes);
    header.put("version", version);
    header.put("dimx", dimx);
    header.put("dimy", dimy);
    header.put("bitsperpixel", type.bytes() * 8);
    header.put("offsetx", offsetX);
    header.put("offsety", offsetY);
    header.put("binx", binX);
    header.put("biny", binY);
    header.put("pixelsize", pixelSize);
    header.put("ht", ht);
    header.put("magtotal", magTotal);
    header.put("frameheaderbytes", frameHeaderBytes);
    header.put("dummy", dummy);
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("tvips_header", header);
    tree.put("first_frame_header", info.first());
    tree.put("parts", parts.stream().map(p -> p.getFileName().toString()).toList());
    return new Metadata(s, tree);
  }

  /** What the rotator indices say about a scan, for the note of a stack. */
  String stackNote(FrameInfo info) {
    return "TVIPS files do not record a scan shape: frames kept in recorded order; " + rotatorSays(info.rotator());
  }

  String scanNote(FrameInfo info) {
    return "scan shape given when reading (TVIPS files do not record one): frames placed in raster order, x fastest; scan axes in px; "
        + rotatorSays(info.rotator());
  }

  /** Whether the rotator indices are one clean run 1..N (a scan of N positions) and where it lies. */
  static String rotatorSays(long[] rot) {
    int start = -1;
    for (int i = 0; i < rot.length; i++) {
      if (rot[i] == 1) {
        start = i;
        break;
      }
    }
    boolean any = false;
    for (long r : rot) any |= r != 0;
    if (!any) return "the rotator indices are all 0 (no scan information)";
    if (start < 0) return "the rotator indices do not start a scan at 1";
    int end = start;
    while (end + 1 < rot.length && rot[end + 1] == rot[end] + 1) end++;
    long n = rot[end];
    boolean clean = true;
    for (int i = 0; i < rot.length; i++) clean &= i >= start && i <= end || rot[i] == 0;
    String run = "frames " + start + " to " + end + " carry rotator indices 1 to " + n;
    if (!clean) return run + ", and later frames other indices (gaps or repeats): scan positions cannot be assigned without guessing";
    long side = Math.round(Math.sqrt(n));
    return run + " (one scan of " + n + " positions, no gaps or repeats); its row length is not recorded"
        + (side * side == n ? " (RosettaSciIO's scan_shape='auto' assumes a square, " + side + " × " + side + ")" : "");
  }
}
