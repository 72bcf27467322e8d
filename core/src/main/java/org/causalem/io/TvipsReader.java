package org.causalem.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.causalem.data.Axis;
import org.causalem.data.BadInputException;
import org.causalem.data.DataCube4D;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;
import org.causalem.data.ImageStack;
import org.causalem.data.Metadata;
import org.causalem.data.PixelType;
import org.causalem.data.Pixels;

/**
 * TVIPS camera streams ({@code .tvips}): a recording split into parts {@code NAME_000.tvips}, {@code NAME_001.tvips} …
 * The first part starts with a little-endian header ({@link TvipsHeader}); every part then holds records of a
 * frame header ({@code frameheaderbytes}, at least the 60 bytes of known fields: number, time stamp in s and ms,
 * mode 1 imaging / 2 diffraction, stage, rotator index …) followed by dimx × dimy pixels of 8, 16 or 32 bits.
 *
 * <p>The file records no scan shape (RosettaSciIO reads a stack unless one is given, or guesses a square from the
 * rotator indices when asked). So the frames are an {@link ImageStack} in recorded order, with a note on what the
 * rotator indices say; a stack too large for memory is a memory-mapped one-line cube (1 × frames). With a scan shape
 * given ({@link Scan}) they are a memory-mapped {@link DataCube4D} in raster order, x fastest. Parts must be
 * numbered from 000 without a gap, and hold whole records.
 */
final class TvipsReader implements FormatReader {
  static final int FRAME_FIELDS_BYTES = 60;
  private static final Pattern PART = Pattern.compile("(?i)(.+)_(\\d{3})\\.tvips");
  static final long MAX_STACK_BYTES = 1L << 30;

  /**
   * A scan shape the user knows: {@code ry × rx} frames from frame {@code first} (0-based, recorded order) in raster
   * order, x fastest.
   */
  record Scan(int ry, int rx, long first) {
    Scan {
      if (ry < 1 || rx < 1 || first < 0) {
        throw new IllegalArgumentException("scan shape " + ry + " × " + rx + " from frame " + first + ": expected sizes >= 1 and a frame >= 0");
      }
    }
  }

  private final Scan scan;
  private final long maxStackBytes;

  TvipsReader() { this(null); }

  /** @param scan the scan shape to read the frames as, or null for a stack */
  TvipsReader(Scan scan) { this(scan, MAX_STACK_BYTES); }

  /** @param maxStackBytes pixel bytes above which frames without a scan shape are a memory-mapped 1 × N cube, not a stack */
  TvipsReader(Scan scan, long maxStackBytes) {
    this.scan = scan;
    this.maxStackBytes = maxStackBytes;
  }

  @Override public String format() { return "tvips"; }

  @Override public boolean accepts(Path file, ByteBuffer head, long size) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tvips");
  }

  @Override public DataFile read(Path file) throws IOException {
    String name = file.getFileName().toString();
    List<Path> parts = parts(file);
    TvipsHeader h = TvipsHeader.read(file);
    long[] firstFrame = new long[parts.size() + 1];
    for (int i = 0; i < parts.size(); i++) firstFrame[i + 1] = firstFrame[i] + frames(parts.get(i), i == 0 ? h.headerBytes() : 0, h);
    long frames = firstFrame[parts.size()];
    if (frames == 0) throw new BadInputException(name + ": TVIPS file holds a header but no frame (" + h.recordBytes() + "-byte records)");
    TvipsHeader.FrameInfo info = TvipsHeader.frameInfo(parts, firstFrame, h);
    Metadata md = h.metadata(info, parts);
    Axis qy = h.detectorAxis("qy", h.dimy(), h.offsetY(), info.mode());
    Axis qx = h.detectorAxis("qx", h.dimx(), h.offsetX(), info.mode());
    String stem = PART.matcher(name).matches() ? name.replaceFirst("(?i)_\\d{3}\\.tvips$", "") : NpyReader.stem(name);
    Dataset d;
    if (scan != null) {
      d = cube(parts, firstFrame, h, stem, qy, qx, md.withNote(h.scanNote(info)), scan);
    } else if (frames * h.frameBytes() <= maxStackBytes) {
      d = stack(parts, firstFrame, h, stem, qy, qx, md.withNote(h.stackNote(info)), info);
    } else {
      String why = "the " + frames + " frames (" + frames * h.frameBytes() + " bytes) are too many to hold as a stack in memory: shown as one"
          + " line of frames (1 × " + frames + ", memory-mapped) in recorded order; " + h.stackNote(info);
      d = cube(parts, firstFrame, h, stem, qy, qx, md.withNote(why), new Scan(1, Math.toIntExact(frames), 0));
    }
    return new DataFile(file, format(), List.of(d), new Metadata(Map.of(), md.tree()));
  }

  /**
   * The parts of the recording {@code file} starts: {@code NAME_000.tvips} and its successors up to the last one present
   * (a name without {@code _NNN} is a recording of one part).
   *
   * @throws BadInputException for a file that is not part 000, or a part missing before the last one present
   */
  static List<Path> parts(Path file) throws IOException {
    String name = file.getFileName().toString();
    Matcher m = PART.matcher(name);
    if (!m.matches()) return List.of(file);
    String base = m.group(1);
    String ext = name.substring(name.length() - 6);
    if (Integer.parseInt(m.group(2)) != 0) {
      throw new BadInputException(name + ": part " + Integer.parseInt(m.group(2)) + " of a TVIPS recording; open " + base + "_000" + ext
          + ", whose header describes the frames of every part");
    }
    Path dir = file.toAbsolutePath().getParent();
    int last = 0;
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Matcher o = PART.matcher(p.getFileName().toString());
        if (o.matches() && o.group(1).equals(base)) last = Math.max(last, Integer.parseInt(o.group(2)));
      }
    }
    List<Path> out = new ArrayList<>();
    for (int i = 0; i <= last; i++) {
      Path p = dir.resolve(String.format(Locale.ROOT, "%s_%03d%s", base, i, ext));
      if (!Files.isRegularFile(p)) {
        throw new BadInputException(name + ": part " + p.getFileName() + " of the TVIPS recording is missing (parts 000 to "
            + String.format(Locale.ROOT, "%03d", last) + " expected, as " + base + String.format(Locale.ROOT, "_%03d", last) + ext
            + " is present); the frames after it cannot be placed in order");
      }
      out.add(p);
    }
    return out;
  }

  /** Frames in one part: its bytes after {@code skip} must be whole records. */
  private static long frames(Path part, long skip, TvipsHeader h) throws IOException {
    long bytes = Files.size(part) - skip;
    if (bytes < 0 || bytes % h.recordBytes() != 0) {
      throw new BadInputException(part.getFileName() + ": truncated TVIPS part: " + Files.size(part) + " bytes"
          + (skip > 0 ? " (" + skip + "-byte header + " + Math.max(bytes, 0) + ")" : "") + " are not whole frame records of "
          + h.recordBytes() + " bytes (" + h.frameHeaderBytes() + "-byte frame header + " + h.dimx() + " × " + h.dimy() + " pixels of "
          + h.type().bytes() + " bytes); " + Math.max(bytes, 0) / h.recordBytes() + " complete frames and " + Math.floorMod(bytes, h.recordBytes())
          + " bytes left over");
    }
    return bytes / h.recordBytes();
  }

  /** Frames as a memory-mapped cube of the scan's shape. */
  private static DataCube4D cube(List<Path> parts, long[] firstFrame, TvipsHeader h, String stem, Axis qy, Axis qx, Metadata md,
                                 Scan s) throws IOException {
    long frames = firstFrame[parts.size()];
    long needed = s.first() + (long) s.ry() * s.rx();
    if (needed > frames) {
      throw new BadInputException(parts.get(0).getFileName() + ": a " + s.ry() + " × " + s.rx() + " scan from frame " + s.first()
          + " needs frames up to " + (needed - 1) + "; the recording has " + frames + " (0 to " + (frames - 1) + ")");
    }
    TvipsFrames source = new TvipsFrames(parts, firstFrame, h, s.first());
    return new DataCube4D(stem, Axis.pixels("ry", s.ry()), Axis.pixels("rx", s.rx()), qy, qx, h.type(), md, source);
  }

  /** Frames copied onto the heap (without their headers) as (frame, y, x). */
  private static ImageStack stack(List<Path> parts, long[] firstFrame, TvipsHeader h, String stem, Axis qy, Axis qx, Metadata md,
                                  TvipsHeader.FrameInfo info) throws IOException {
    long frames = firstFrame[parts.size()];
    int fb = Math.toIntExact(h.frameBytes());
    ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(frames * fb)).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < parts.size(); i++) {
      long skip = i == 0 ? h.headerBytes() : 0;
      try (FileChannel ch = FileChannel.open(parts.get(i), StandardOpenOption.READ)) {
        for (long k = firstFrame[i]; k < firstFrame[i + 1]; k++) {
          long at = skip + (k - firstFrame[i]) * h.recordBytes() + h.frameHeaderBytes();
          ByteBuffer f = all.duplicate().position((int) (k * fb)).limit((int) ((k + 1) * fb)).slice();
          NpyHeader.readFully(ch, f, at, parts.get(i).getFileName().toString());
        }
      }
    }
    Pixels p = Pixels.ofBytes(h.type(), all, frames * h.dimx() * h.dimy());
    return new ImageStack(stem, p, Axis.pixels("frame", (int) frames), qy.withName("y"), qx.withName("x"), info.timesS(), null, md);
  }
}
