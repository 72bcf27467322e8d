package org.causalem.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.causalem.data.Axis;
import org.causalem.data.BadInputException;
import org.causalem.data.DataCube4D;
import org.causalem.data.DataFile;
import org.causalem.data.Metadata;

/**
 * Quantum Detectors Merlin {@code .mib} files: a sequence of frames, each an ASCII header ({@code MQ1,...})
 * followed by big-endian pixels (U08 for 1- and 6-bit counters, U16 for 12-bit, U32 for 24-bit) or raw
 * {@code R64} readout; single chip (256×256, or fewer rows with an ROI) or 2×2 quad (512×512).
 *
 * <p>Always a {@link DataCube4D} (ry, rx, qy, qx), memory-mapped: memory does not grow with the file.
 * The scan shape comes, in this order, from the {@code .hdr} sidecar's {@code ScanX}/{@code ScanY}, from
 * its "Frames per Trigger" when that is the line length (&gt; 1, dividing the frame count), from a
 * {@code <W>x<H>} in the file name whose product is the frame count (Merlin users name files so), and
 * otherwise ry = 1, rx = number of frames (a single scan line, or a time series). An incomplete last
 * scan row is left out. Metadata {@code scan_shape_from} says which source was used.
 */
final class MibReader implements FormatReader {
  private static final Pattern SIZE_IN_NAME = Pattern.compile("(\\d+)x(\\d+)");
  private static final int MAX_HDR_BYTES = 1 << 20;

  @Override public String format() { return "mib"; }

  @Override public boolean accepts(Path file, ByteBuffer head, long size) {
    if (head.limit() < 4) return false;
    byte[] m = MibHeader.MAGIC.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < m.length; i++) if (head.get(i) != m[i]) return false;
    return true;
  }

  @Override public DataFile read(Path file) throws IOException {
    String name = file.getFileName().toString();
    long size = Files.size(file);
    MibHeader h;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      byte[] first = readAt(ch, 0, (int) Math.min(size, 1024), name);
      int headerBytes = headerSize(name, first);
      if (headerBytes > size) {
        throw new BadInputException(name + ": MIB header size field says " + headerBytes + " bytes; file has " + size);
      }
      h = MibHeader.parse(name, headerBytes <= first.length ? java.util.Arrays.copyOf(first, headerBytes) : readAt(ch, 0, headerBytes, name));
      long stride = h.strideBytes();
      long frames = size / stride;
      if (frames == 0) {
        throw new BadInputException(name + ": MIB file of " + size + " bytes holds no complete frame of " + stride
            + " bytes (" + h.headerBytes() + "-byte header + " + h.width() + "×" + h.height() + " " + h.depth() + ")");
      }
      checkFrameHeader(ch, name, h, frames - 1);
      Map<String, String> hdr = sidecar(file);
      checkComplete(name, hdr, frames, stride, size);
      long[] scan = new long[2];
      String source = scanShape(name, hdr, frames, scan);
      long ry = scan[0];
      long rx = scan[1];
      Metadata meta = metadata(h, hdr, frames, size - frames * stride, source);
      MibFrames source4 = new MibFrames(file, h, ry * rx);
      DataCube4D cube = new DataCube4D(NpyReader.stem(name), Axis.pixels("ry", (int) ry), Axis.pixels("rx", (int) rx),
          Axis.pixels("qy", h.height()), Axis.pixels("qx", h.width()), h.type(), meta, source4);
      return new DataFile(file, format(), List.of(cube), meta);
    }
  }

  private static int headerSize(String name, byte[] first) {
    String text = new String(first, StandardCharsets.ISO_8859_1);
    String[] f = text.split(",", 4);
    if (f.length < 4) throw new BadInputException(name + ": MIB frame header too short to hold its size (field 2)");
    try {
      int v = Integer.parseInt(f[2].trim());
      if (v < 16 || v > (1 << 20)) throw new BadInputException(name + ": MIB header size field is " + v + "; expected 16..1048576");
      return v;
    } catch (NumberFormatException e) {
      throw new BadInputException(name + ": MIB header size field (field 2) is '" + f[2] + "'; expected an integer");
    }
  }

  /** Checks that frame {@code k} starts with a header describing the same frames as the first. */
  private static void checkFrameHeader(FileChannel ch, String name, MibHeader h, long k) throws IOException {
    long offset = k * h.strideBytes();
    MibHeader other = MibHeader.parse(name + " (frame " + (k + 1) + " at offset " + offset + ")", readAt(ch, offset, h.headerBytes(), name));
    if (other.headerBytes() != h.headerBytes() || other.width() != h.width() || other.height() != h.height()
        || !other.depth().equals(h.depth()) || other.counterDepth() != h.counterDepth()) {
      throw new BadInputException(name + ": MIB frame " + (k + 1) + " at offset " + offset + " is " + other.width() + "×"
          + other.height() + " " + other.depth() + " with a " + other.headerBytes() + "-byte header; frame 1 is "
          + h.width() + "×" + h.height() + " " + h.depth() + " with " + h.headerBytes());
    }
  }

  private static byte[] readAt(FileChannel ch, long offset, int n, String name) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(n);
    NpyHeader.readFully(ch, b, offset, name);
    return b.array();
  }

  /** The {@code .hdr} file beside {@code file}, as key → value; empty when absent or unreadable. */
  static Map<String, String> sidecar(Path file) throws IOException {
    String name = file.getFileName().toString();
    Path dir = file.toAbsolutePath().getParent();
    String stem = NpyReader.stem(name);
    Map<String, String> out = new LinkedHashMap<>();
    for (String ext : new String[] {".hdr", ".HDR"}) {
      Path p = dir.resolve(stem + ext);
      if (!Files.isRegularFile(p) || !Files.isReadable(p) || Files.size(p) > MAX_HDR_BYTES) continue;
      String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
      if (!text.startsWith("HDR")) continue;
      for (String line : text.split("\r?\n")) {
        int tab = line.indexOf('\t');
        if (tab <= 0 || line.startsWith("HDR") || line.startsWith("End")) continue;
        String key = line.substring(0, tab).trim();
        if (key.endsWith(":")) key = key.substring(0, key.length() - 1);
        out.put(key, line.substring(tab + 1).replace("\0", "").trim());
      }
      break;
    }
    return out;
  }

  /**
   * Refuses a file that holds fewer frames than its {@code .hdr} says were acquired ("Frames in
   * Acquisition", or ScanX × ScanY), or than the {@code <W>x<H>} of its name when it also ends inside a
   * frame: a truncated copy must not be read as a smaller scan.
   */
  static void checkComplete(String name, Map<String, String> hdr, long frames, long stride, long size) {
    long acquired = positive(hdr.get("Frames in Acquisition (Number)"));
    long sx = positive(hdr.get("ScanX"));
    long sy = positive(hdr.get("ScanY"));
    long expected = Math.max(acquired, sx > 0 && sy > 0 ? sx * sy : -1);
    String why = expected == acquired ? "its .hdr says " + acquired + " frames were acquired" : "its .hdr says a " + sx + " × " + sy + " scan";
    long trailing = size - frames * stride;
    if (expected <= 0 && trailing > 0) {
      Matcher m = SIZE_IN_NAME.matcher(name);
      while (m.find()) {
        long w = positive(m.group(1));
        long hh = positive(m.group(2));
        if (w > 0 && hh > 0 && w * hh > frames) {
          expected = w * hh;
          why = "its name says a " + w + " × " + hh + " scan";
          break;
        }
      }
    }
    if (expected > frames) {
      throw new BadInputException(name + ": the file is truncated: " + why + " (" + expected + " frames of " + stride + " bytes = "
          + expected * stride + " bytes), but it has " + size + " bytes (" + frames + " complete frames"
          + (trailing > 0 ? " and " + trailing + " bytes of the next" : "") + ")");
    }
  }

  /** Fills {ry, rx} and says where the shape came from. */
  static String scanShape(String fileName, Map<String, String> hdr, long frames, long[] scan) {
    long sx = positive(hdr.get("ScanX"));
    long sy = positive(hdr.get("ScanY"));
    if (sx > 0 && sy > 0 && sx * sy <= frames) {
      scan[0] = sy;
      scan[1] = sx;
      return "hdr ScanX/ScanY";
    }
    long perTrigger = positive(hdr.get("Frames per Trigger (Number)"));
    if (perTrigger > 1 && perTrigger <= frames) {
      scan[0] = frames / perTrigger;
      scan[1] = perTrigger;
      return "hdr frames per trigger (line length)";
    }
    Matcher m = SIZE_IN_NAME.matcher(fileName);
    while (m.find()) {
      long w = positive(m.group(1));
      long hh = positive(m.group(2));
      if (w > 0 && hh > 0 && w * hh == frames) {
        scan[0] = hh;
        scan[1] = w;
        return "file name";
      }
    }
    if (frames > Integer.MAX_VALUE) throw new BadInputException(fileName + ": MIB file holds " + frames + " frames; at most 2^31-1 supported in one scan line");
    scan[0] = 1;
    scan[1] = frames;
    return "unknown (one line of frames)";
  }

  private static long positive(String s) {
    if (s == null) return -1;
    try {
      long v = Long.parseLong(s.trim());
      return v > 0 && v < Integer.MAX_VALUE ? v : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Metadata metadata(MibHeader h, Map<String, String> hdr, long frames, long trailing, String source) {
    Map<String, Object> summary = new LinkedHashMap<>();
    String chip = hdr.get("Chip Type (Medipix 3.0, Medipix 3.1, Medipix 3RX)");
    summary.put(Metadata.DETECTOR, "Quantum Detectors Merlin" + (chip == null || chip.isEmpty() ? "" : " (" + chip + ")"));
    String ts = h.timestamp();
    int space = ts.indexOf(' ');
    if (space == 10) {
      summary.put(Metadata.DATE, ts.substring(0, 10));
      summary.put(Metadata.TIME, ts.substring(11));
    }
    if (Double.isFinite(h.shutterS())) summary.put(Metadata.EXPOSURE_S, h.shutterS());
    summary.put("counter_depth_bits", h.counterDepth());
    summary.put("frames_in_file", frames);
    summary.put("scan_shape_from", source);
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("frame_header", h.tree());
    if (!hdr.isEmpty()) tree.put("hdr", new LinkedHashMap<>(hdr));
    if (trailing > 0) tree.put("trailing_bytes_ignored", trailing);
    tree.put("row_order", "as stored: row 0 is the first row of each frame (pyxem and RosettaSciIO flip the rows)");
    Metadata md = new Metadata(summary, tree);
    if (source.startsWith("unknown") && frames > 1) {
      md = md.withNote("scan shape not stated (no ScanX/ScanY or frames per trigger > 1 in the .hdr, no <W>x<H> in the name):"
          + " the " + frames + " frames are one scan line; if they are a 2-D scan, maps of it are not images of the scan");
    }
    if (h.raw() && h.counterDepth() != 1) {
      md = md.withNote("raw (R64) " + h.counterDepth() + "-bit readout decoded from the chips' words; only 1-bit raw has been checked"
          + " against processed frames of a real detector: compare with a processed acquisition before trusting these counts");
    }
    return md;
  }
}
