package org.causalem.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalem.data.Axis;
import org.causalem.data.BadInputException;
import org.causalem.data.DataCube4D;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;
import org.causalem.data.Image;
import org.causalem.data.MappedFrames;
import org.causalem.data.Metadata;
import org.causalem.data.PixelType;
import org.causalem.data.Pixels;

/**
 * NanoMegas ASTAR blockfiles ({@code .blo}, scanning precession electron diffraction): a packed little-endian
 * 240-byte header starting {@code IMGBLO} (scan size NX × NY, square patterns of DP_SZ pixels, scan step SX/SY in nm,
 * the patterns' pixels per cm × 100, beam energy in V, camera length in 0.1 mm, acquisition time as a serial date), a free-text note
 * up to {@code Data_offset_1}, the virtual bright-field image there (NY × NX bytes, row-major), then from
 * {@code Data_offset_2} one record per scan position: {@code AA 55}, a 4-byte pattern number and DP_SZ² bytes.
 *
 * <p>The patterns are a memory-mapped uint8 {@link DataCube4D} (ry, rx, qy, qx); the virtual bright-field image, when
 * the file holds one that is not all zero, is a second dataset {@code vbf}. A file shorter than its header's scan
 * needs is refused (RosettaSciIO pads the missing patterns with zeros).
 */
final class BlockfileReader implements FormatReader {
  static final String MAGIC = "IMGBLO";
  static final int HEADER_BYTES = 240;
  static final int RECORD_HEADER_BYTES = 6;
  /** The largest square pattern whose pixels an int counts (46340² < 2^31 ≤ 46341²). */
  static final int MAX_DP_SIZE = 46_340;

  /** The header fields this reader uses (all the header's fields are kept in the metadata tree). */
  record Header(int magic, long offset1, long offset2, int dpSize, int nx, int ny, double sxNm, double syNm, long beamV,
                int sdp, long cameraLength, int scanRotation, double serialDate, Map<String, Object> fields) {

    static Header parse(String name, ByteBuffer b) {
      b.order(ByteOrder.LITTLE_ENDIAN);
      Map<String, Object> f = new LinkedHashMap<>();
      int magic = b.getShort(6) & 0xFFFF;
      long off1 = b.getInt(8) & 0xFFFFFFFFL;
      long off2 = b.getInt(12) & 0xFFFFFFFFL;
      f.put("MAGIC", magic);
      f.put("Data_offset_1", off1);
      f.put("Data_offset_2", off2);
      f.put("UNKNOWN1", b.getInt(16) & 0xFFFFFFFFL);
      String[] shorts = {"DP_SZ", "DP_rotation", "NX", "NY", "Scan_rotation"};
      for (int i = 0; i < shorts.length; i++) f.put(shorts[i], b.getShort(20 + 2 * i) & 0xFFFF);
      f.put("SX", b.getDouble(30));
      f.put("SY", b.getDouble(38));
      f.put("Beam_energy", b.getInt(46) & 0xFFFFFFFFL);
      f.put("SDP", b.getShort(50) & 0xFFFF);
      f.put("Camera_length", b.getInt(52) & 0xFFFFFFFFL);
      f.put("Acquisition_time", b.getDouble(56));
      for (int i = 0; i < 8; i++) f.put("Centering_N" + i, b.getDouble(64 + 8 * i));
      for (int i = 0; i < 14; i++) f.put(String.format(java.util.Locale.ROOT, "Distortion_N%02d", i), b.getDouble(128 + 8 * i));
      Header h = new Header(magic, off1, off2, (int) f.get("DP_SZ"), (int) f.get("NX"), (int) f.get("NY"), (double) f.get("SX"),
          (double) f.get("SY"), (long) f.get("Beam_energy"), (int) f.get("SDP"), (long) f.get("Camera_length"),
          (int) f.get("Scan_rotation"), (double) f.get("Acquisition_time"), f);
      h.check(name);
      return h;
    }

    private void check(String name) {
      if (nx == 0 || ny == 0 || dpSize == 0) {
        throw new BadInputException(name + ": blockfile header gives a " + nx + " × " + ny + " scan (NX, NY at offset 24) of "
            + dpSize + " × " + dpSize + " patterns (DP_SZ at offset 20); expected sizes > 0");
      }
      if (dpSize > MAX_DP_SIZE) {
        throw new BadInputException(name + ": blockfile header gives patterns of " + dpSize + " × " + dpSize + " pixels (DP_SZ at offset 20);"
            + " expected at most " + MAX_DP_SIZE + " (a pattern is read as one array of at most 2^31-1 pixels)");
      }
      if (offset1 < HEADER_BYTES || offset2 < offset1) {
        throw new BadInputException(name + ": blockfile data offsets " + offset1 + " (virtual image, offset 8) and " + offset2
            + " (patterns, offset 12); expected " + HEADER_BYTES + " <= the first <= the second");
      }
    }

    long frames() { return (long) nx * ny; }

    long recordBytes() { return RECORD_HEADER_BYTES + (long) dpSize * dpSize; }
  }

  @Override public String format() { return "blockfile"; }

  @Override public boolean accepts(Path file, ByteBuffer head, long size) {
    return head.limit() >= 8 && MAGIC.equals(MrcReader.ascii(head, 0, MAGIC.length()));
  }

  @Override public DataFile read(Path file) throws IOException {
    String name = file.getFileName().toString();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < HEADER_BYTES) {
        throw new BadInputException(name + ": truncated blockfile: " + size + " bytes; its header alone has " + HEADER_BYTES);
      }
      Header h = Header.parse(name, read(ch, 0, HEADER_BYTES, name));
      checkSize(name, h, size);
      checkRecord(ch, name, h, 0);
      checkRecord(ch, name, h, h.frames() - 1);
      String note = note(ch, h, name);
      Metadata md = metadata(h, note);
      Axis ry = scanAxis("ry", h.ny(), h.syNm());
      Axis rx = scanAxis("rx", h.nx(), h.sxNm());
      List<Dataset> out = new ArrayList<>();
      MappedFrames frames = new MappedFrames(file, h.offset2() + RECORD_HEADER_BYTES, h.recordBytes(), h.frames(),
          h.dpSize() * h.dpSize(), PixelType.UINT8, ByteOrder.LITTLE_ENDIAN);
      out.add(new DataCube4D(NpyReader.stem(name), ry, rx, detectorAxis("qy", h), detectorAxis("qx", h), PixelType.UINT8, md, frames));
      Image vbf = virtualBrightField(ch, h, ry, rx, name);
      if (vbf != null) out.add(vbf);
      return new DataFile(file, format(), out, md);
    }
  }

  /** Refuses a file that ends before the last pattern its header promises. */
  private static void checkSize(String name, Header h, long size) {
    long needed = h.offset2() + h.frames() * h.recordBytes();
    if (needed <= size) return;
    long whole = Math.max(0, (size - h.offset2()) / h.recordBytes());
    throw new BadInputException(name + ": truncated blockfile: its header says " + h.ny() + " × " + h.nx() + " patterns of "
        + h.dpSize() + " × " + h.dpSize() + " bytes (each after a " + RECORD_HEADER_BYTES + "-byte record header) from offset "
        + h.offset2() + ", " + needed + " bytes in all; the file has " + size + " bytes (" + whole + " complete patterns)");
  }

  /** Checks that pattern {@code k}'s record starts with the bytes AA 55. */
  private static void checkRecord(FileChannel ch, String name, Header h, long k) throws IOException {
    long at = h.offset2() + k * h.recordBytes();
    ByteBuffer r = read(ch, at, RECORD_HEADER_BYTES, name);
    if ((r.get(0) & 0xFF) != 0xAA || (r.get(1) & 0xFF) != 0x55) {
      throw new BadInputException(String.format(java.util.Locale.ROOT, "%s: blockfile pattern %d (of %d) at offset %d starts with %02x %02x; expected aa 55"
          + " (Data_offset_2 %d, records of %d bytes)", name, k + 1, h.frames(), at, r.get(0) & 0xFF, r.get(1) & 0xFF,
          h.offset2(), h.recordBytes()));
    }
  }

  /** The free text between the header and the virtual image, without its NUL padding. */
  private static String note(FileChannel ch, Header h, String name) throws IOException {
    int n = (int) Math.min(h.offset1() - HEADER_BYTES, 1 << 16);
    if (n <= 0) return "";
    ByteBuffer b = read(ch, HEADER_BYTES, n, name);
    String s = new String(b.array(), 0, b.limit(), StandardCharsets.ISO_8859_1);
    return s.replaceAll("^\u0000+|\u0000+$", "").replace("\u0000", "");
  }

  private static Axis scanAxis(String axis, int n, double stepNm) {
    return stepNm > 0 && Double.isFinite(stepNm) ? new Axis(axis, n, 0, stepNm, "nm") : Axis.pixels(axis, n);
  }

  /** The pattern axes in cm (the file's unit: 100 / SDP cm per pixel), as RosettaSciIO gives them; px when SDP is 0. */
  private static Axis detectorAxis(String axis, Header h) {
    return h.sdp() > 0 ? new Axis(axis, h.dpSize(), 0, 100.0 / h.sdp(), "cm") : Axis.pixels(axis, h.dpSize());
  }

  /** The NY × NX virtual bright-field image at Data_offset_1, or null when there is no room for one or it is all zero. */
  private static Image virtualBrightField(FileChannel ch, Header h, Axis ry, Axis rx, String name) throws IOException {
    long n = h.frames();
    if (h.offset2() - h.offset1() < n || n > Integer.MAX_VALUE) return null;
    ByteBuffer b = read(ch, h.offset1(), (int) n, name);
    boolean any = false;
    for (int i = 0; i < n && !any; i++) any = b.get(i) != 0;
    if (!any) return null;
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put(Metadata.SIGNAL, "virtual bright field (stored in the blockfile)");
    Metadata md = new Metadata(summary, Map.of("offset", h.offset1(), "order", "row-major, NY rows of NX bytes"));
    return new Image("vbf", Pixels.ofBytes(PixelType.UINT8, b, n), ry.withName("y"), rx.withName("x"), md);
  }

  private static Metadata metadata(Header h, String note) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put(Metadata.DETECTOR, "NanoMegas ASTAR (blockfile)");
    if (h.beamV() > 0) s.put(Metadata.VOLTAGE_KV, h.beamV() / 1000.0);
    if (h.cameraLength() > 0) s.put(Metadata.CAMERA_LENGTH_MM, h.cameraLength() / 10.0);
    s.put("scan_rotation_deg", h.scanRotation() / 100.0);
    String[] dt = dateTime(h.serialDate());
    if (dt != null) {
      s.put(Metadata.DATE, dt[0]);
      s.put(Metadata.TIME, dt[1]);
      s.put("time_zone", "UTC");
    }
    if (!note.isBlank()) s.put("blockfile_note", String.join("; ", note.trim().split("\\s*\\R\\s*")));
    if (h.magic() != 0x0102) s.put("header_signature", String.format(java.util.Locale.ROOT, "0x%04x (0x0102 expected; read anyway)", h.magic()));
    s.put("pattern_pixel_cm", h.sdp() > 0 ? 100.0 / h.sdp() + " cm (SDP " + h.sdp() + " = 100 × pixels per cm; not converted to 1/nm)"
        : "not stated (SDP 0)");
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("blockfile_header", h.fields());
    tree.put("note", note);
    return new Metadata(s, tree);
  }

  /** {date, time} in UTC of a serial date (days since 1899-12-30, the fraction the time of day), or null when out of range. */
  static String[] dateTime(double serial) {
    if (!(serial > 1 && serial < 2_958_465)) return null;
    long micros = Math.round((serial - Math.floor(serial)) * 86_400e6);
    LocalDateTime t = LocalDateTime.of(1899, 12, 30, 0, 0).plusDays((long) Math.floor(serial)).plus(micros, ChronoUnit.MICROS);
    String time = String.format(java.util.Locale.ROOT, "%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
    int us = t.getNano() / 1000;
    return new String[] {t.toLocalDate().toString(), us == 0 ? time : time + String.format(java.util.Locale.ROOT, ".%06d", us)};
  }

  private static ByteBuffer read(FileChannel ch, long at, int n, String name) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    NpyHeader.readFully(ch, b, at, name);
    return b;
  }
}
