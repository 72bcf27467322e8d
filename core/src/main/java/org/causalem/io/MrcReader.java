package org.causalem.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalem.data.Axis;
import org.causalem.data.BadInputException;
import org.causalem.data.DataFile;
import org.causalem.data.Image;
import org.causalem.data.ImageStack;
import org.causalem.data.Metadata;
import org.causalem.data.Pixels;

/**
 * MRC and MRC2014 (ccpem.ac.uk/mrc_format): a 1024-byte header, {@code NSYMBT} bytes of extended
 * header (FEI1/FEI2 per-frame metadata is parsed), then nx × ny × nz values. Byte order from the
 * machine stamp; files without the {@code "MAP "} word are accepted only when their header is
 * plausible and their size matches it exactly. Data above 64 MiB is memory-mapped (up to 2 GiB).
 * Direct Electron files with their {@code _info.txt} sidecar are presented as {@link MrcDe} says (a
 * scan movie as a 4-D cube in scan order).
 */
final class MrcReader implements FormatReader {
  static final int HEADER_BYTES = 1024;

  private final long mapAboveBytes;

  MrcReader() { this(64L << 20); }

  /** @param mapAboveBytes data larger than this is memory-mapped rather than read onto the heap */
  MrcReader(long mapAboveBytes) { this.mapAboveBytes = mapAboveBytes; }

  @Override public String format() { return "mrc"; }

  @Override public boolean accepts(Path file, ByteBuffer head, long size) {
    // A header that says it is MRC2014 is taken at its word: the reader reports what is wrong with it.
    if (head.limit() >= 213 && "MAP ".equals(ascii(head, 208, 4)) && ((head.get(212) & 0xFF) == 0x44 || (head.get(212) & 0xFF) == 0x11)) {
      return true;
    }
    if (head.limit() < HEADER_BYTES || size < HEADER_BYTES) return false;
    ByteOrder order = order(head);
    ByteBuffer h = head.duplicate().order(order);
    MrcHeader hd = MrcHeader.parse(h);
    if (hd.type() == null || hd.nx() <= 0 || hd.ny() <= 0 || hd.nz() <= 0 || hd.nsymbt() < 0) return false;
    long needed = hd.dataOffset() + hd.dataBytes();
    return needed > HEADER_BYTES && needed == size;
  }

  /** Machine stamp 0x44 0x41/0x44 = little-endian, 0x11 0x11 = big-endian; without one, the order that makes sizes sane. */
  static ByteOrder order(ByteBuffer head) {
    int stamp = head.get(212) & 0xFF;
    if (stamp == 0x44) return ByteOrder.LITTLE_ENDIAN;
    if (stamp == 0x11) return ByteOrder.BIG_ENDIAN;
    int le = head.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(12);
    return le >= 0 && le <= 16 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
  }

  static String ascii(ByteBuffer b, int at, int n) {
    byte[] s = new byte[n];
    for (int i = 0; i < n; i++) s[i] = b.get(at + i);
    return new String(s, StandardCharsets.ISO_8859_1);
  }

  @Override public DataFile read(Path file) throws IOException {
    String fn = file.getFileName().toString();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < HEADER_BYTES) throw new BadInputException(fn + ": " + size + " bytes; an MRC header needs " + HEADER_BYTES);
      ByteBuffer head = ByteBuffer.allocate(HEADER_BYTES);
      readFully(ch, head, 0, fn);
      ByteOrder order = order(head);
      head.order(order);
      MrcHeader h = MrcHeader.parse(head);
      if (h.type() == null) throw new BadInputException(fn + ": MRC mode " + h.mode() + " at offset 12 is not supported; expected 0, 1, 2, 4, 6 or 12");
      if (h.nx() <= 0 || h.ny() <= 0 || h.nz() <= 0) {
        throw new BadInputException(fn + ": MRC sizes nx=" + h.nx() + ", ny=" + h.ny() + ", nz=" + h.nz() + " (offset 0); expected positive");
      }
      if (h.nsymbt() < 0) throw new BadInputException(fn + ": MRC extended header size NSYMBT=" + h.nsymbt() + " (offset 92) is negative");
      if (h.dataBytes() < 0) {
        throw new BadInputException(fn + ": MRC sizes " + h.nx() + "×" + h.ny() + "×" + h.nz() + " overflow");
      }
      long end = h.dataOffset() + h.dataBytes();
      if (end > size) {
        throw new BadInputException(fn + ": MRC header claims " + h.nx() + "×" + h.ny() + "×" + h.nz() + " " + h.type().numpyName()
            + " values after " + h.dataOffset() + " header bytes (" + end + " bytes in all); file has " + size);
      }
      if (h.dataBytes() > Integer.MAX_VALUE) {
        throw new BadInputException(fn + ": MRC data of " + h.dataBytes() + " bytes exceeds the 2 GiB a stack can map");
      }
      Map<String, Object> tree = h.tree();
      tree.put("machine_stamp", order.toString());
      List<MrcFei.Frame> fei = List.of();
      String ext = h.extType();
      if (h.nsymbt() > 0 && (ext.equals("FEI1") || ext.equals("FEI2"))) {
        int n = (int) Math.min(h.nsymbt(), 64L << 20);
        ByteBuffer eh = ByteBuffer.allocate(n).order(order);
        readFully(ch, eh, HEADER_BYTES, fn);
        fei = MrcFei.parse(eh, h.nz());
        List<Object> frames = new ArrayList<>();
        for (MrcFei.Frame f : fei) frames.add(f.tree());
        tree.put("fei_extended_header", frames);
      }
      ByteBuffer data;
      if (h.dataBytes() > mapAboveBytes) {
        data = ch.map(FileChannel.MapMode.READ_ONLY, h.dataOffset(), h.dataBytes()).order(order);
      } else {
        data = ByteBuffer.allocate((int) h.dataBytes()).order(order);
        readFully(ch, data, h.dataOffset(), fn);
      }
      long count = (long) h.nx() * h.ny() * h.nz();
      Pixels p = Pixels.ofBytes(h.type(), data, count);
      Axis x = axis("x", h.nx(), h.xlenA(), h.mx(), fei.isEmpty() ? Double.NaN : fei.get(0).pixelSizeXm());
      Axis y = axis("y", h.ny(), h.ylenA(), h.my(), fei.isEmpty() ? Double.NaN : fei.get(0).pixelSizeYm());
      Map<String, Object> summary = new LinkedHashMap<>();
      if (!fei.isEmpty()) fei.get(0).summarise(summary);
      if (!h.label().isEmpty()) summary.put(Metadata.TITLE, h.label());
      Metadata md = new Metadata(summary, tree);
      String name = fn.replaceFirst("\\.[^.]*$", "");
      org.causalem.data.Dataset d;
      if (h.nz() == 1) {
        d = new Image(name, p, y, x, md);
      } else {
        double[] times = MrcFei.frameTimes(fei, h.nz());
        double[] dose = MrcFei.frameDoses(fei, h.nz());
        Axis frame = Axis.pixels("frame", h.nz());
        d = new ImageStack(name, p, frame, y, x, times, dose, md);
      }
      MrcDe.Info de = MrcDe.find(file);
      if (de != null) d = MrcDe.present(de, d);
      return new DataFile(file, "mrc", List.of(d), new Metadata(Map.of(), tree));
    }
  }

  /**
   * The pixel size from the cell (Å per grid step, converted to nm), else the FEI header's (m), else
   * uncalibrated.
   */
  private static Axis axis(String name, int n, double lenA, int m, double feiM) {
    if (m > 0 && lenA > 0 && Double.isFinite(lenA)) return new Axis(name, n, 0, lenA / m * 0.1, "nm");
    if (feiM > 0 && Double.isFinite(feiM)) return new Axis(name, n, 0, feiM * 1e9, "nm");
    return Axis.pixels(name, n);
  }

  private static void readFully(FileChannel ch, ByteBuffer into, long at, String fn) throws IOException {
    long pos = at;
    while (into.hasRemaining()) {
      int r = ch.read(into, pos);
      if (r < 0) throw new BadInputException(fn + ": truncated at offset " + pos + "; expected " + into.remaining() + " more bytes");
      pos += r;
    }
    into.flip();
  }
}
