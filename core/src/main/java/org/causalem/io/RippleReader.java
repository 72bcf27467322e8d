package org.causalem.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalem.data.Axis;
import org.causalem.data.BadInputException;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;
import org.causalem.data.Image;
import org.causalem.data.ImageStack;
import org.causalem.data.Metadata;
import org.causalem.data.Pixels;
import org.causalem.data.Spectrum;
import org.causalem.data.SpectrumImage;
import org.causalem.numeric.Units;

/**
 * A Lispix ripple pair: the {@code .rpl} header ({@link RippleHeader}) and the {@code .raw} data beside it, opened
 * from either. Recorded by vector: a spectrum image (height × width × depth channels; one spectrum when width and
 * height are 1); by image: a stack of depth images; depth 1: one image. The calibration keys HyperSpy writes
 * ({@code depth-scale}, {@code depth-origin} (the first channel's value, in the units), {@code depth-units}, and the
 * same for width and height) give the axes; {@code ev-per-chan} alone gives an eV energy axis. Data above 64 MiB are
 * memory-mapped; up to 2 GiB.
 */
final class RippleReader implements FormatReader {
  private static final int MAX_HEADER_BYTES = 1 << 20;
  private final long mapAboveBytes;

  RippleReader() { this(Hdf5Arrays.MAP_ABOVE_BYTES); }

  /** @param mapAboveBytes data larger than this are memory-mapped rather than read onto the heap */
  RippleReader(long mapAboveBytes) { this.mapAboveBytes = mapAboveBytes; }

  @Override public String format() { return "ripple"; }

  @Override public boolean accepts(Path file, ByteBuffer head, long size) {
    if (RippleHeader.looksLikeOne(text(head))) return true;
    if (!extension(file).equalsIgnoreCase("raw")) return false;
    Path rpl = sibling(file, "rpl");
    if (rpl == null) return false;
    try (java.io.InputStream in = Files.newInputStream(rpl)) {
      return RippleHeader.looksLikeOne(new String(in.readNBytes(4096), StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      return false;
    }
  }

  @Override public DataFile read(Path file) throws IOException {
    boolean isRaw = extension(file).equalsIgnoreCase("raw") && !RippleHeader.looksLikeOne(head(file));
    Path rpl = isRaw ? sibling(file, "rpl") : file;
    Path raw = isRaw ? file : sibling(file, "raw");
    String fn = rpl.getFileName().toString();
    if (raw == null) {
      throw new BadInputException(fn + ": a ripple header; its data file " + stem(rpl) + ".raw is not beside it: copy the .raw along with the .rpl");
    }
    if (Files.size(rpl) > MAX_HEADER_BYTES) throw new BadInputException(fn + ": " + Files.size(rpl) + " bytes is too large for a ripple header");
    RippleHeader h = RippleHeader.parse(fn, new String(Files.readAllBytes(rpl), StandardCharsets.ISO_8859_1));
    Pixels p = pixels(raw, fn, h, mapAboveBytes);
    List<String> notes = new ArrayList<>();
    if (h.orderAssumed()) notes.add("byte-order dont-care for " + h.type().bytes() + "-byte values: read little-endian");
    Metadata md = metadata(fn, h, notes);
    Dataset d = dataset(fn, h, p, stem(rpl), md);
    return new DataFile(file, format(), List.of(d), new Metadata(Map.of(), md.tree()));
  }

  /** The .raw's values after the header's offset: exactly the bytes the header describes, read or (above 64 MiB) mapped. */
  private static Pixels pixels(Path raw, String fn, RippleHeader h, long mapAboveBytes) throws IOException {
    String rn = raw.getFileName().toString();
    long bytes = h.dataBytes();
    long size = Files.size(raw);
    if (size != h.offset() + bytes) {
      throw new BadInputException(rn + ": " + size + " bytes, but " + fn + " describes offset " + h.offset() + " + width " + h.width()
          + " × height " + h.height() + " × depth " + h.depth() + " × " + h.type().bytes() + "-byte values = " + (h.offset() + bytes)
          + " bytes; expected them to agree (check width, height, depth, data-length and offset)");
    }
    if (bytes > Integer.MAX_VALUE) throw new BadInputException(rn + ": " + bytes + " bytes of data; up to 2 GiB can be read");
    try (FileChannel ch = FileChannel.open(raw, StandardOpenOption.READ)) {
      ByteBuffer b;
      if (bytes > mapAboveBytes) {
        b = ch.map(FileChannel.MapMode.READ_ONLY, h.offset(), bytes);
      } else {
        b = ByteBuffer.allocate((int) bytes);
        NpyHeader.readFully(ch, b, h.offset(), rn);
      }
      return Pixels.ofBytes(h.type(), b.order(h.order()), (long) h.width() * h.height() * h.depth());
    }
  }

  private static Dataset dataset(String fn, RippleHeader h, Pixels p, String name, Metadata md) {
    Axis x = axis(fn, h, "width", "x", h.width());
    Axis y = axis(fn, h, "height", "y", h.height());
    if (h.depth() == 1) return new Image(name, p, y, x, md);
    if (h.recordBy().equals("image")) {
      return new ImageStack(name, p, axis(fn, h, "depth", "frame", h.depth()), y, x, null, null, md);
    }
    Axis e = axis(fn, h, "depth", "energy", h.depth());
    if (e.unit().equals("nm")) e = e.withName(Hdf5Shapes.SPECTRAL_WAVELENGTH);
    if (h.width() == 1 && h.height() == 1) return new Spectrum(name, p, e, md);
    return new SpectrumImage(name, p, y, x, e, md);
  }

  /**
   * The axis of {@code key} (width, height or depth) from its {@code -scale}, {@code -origin} and {@code -units} keys
   * ({@code ev-per-chan} for a depth without a scale); in pixels without a unit.
   */
  static Axis axis(String fn, RippleHeader h, String key, String name, int size) {
    Map<String, String> k = h.keys();
    double scale = number(fn, k, key + "-scale");
    String units = k.getOrDefault(key + "-units", "");
    if (key.equals("depth") && Double.isNaN(scale)) {
      scale = number(fn, k, "ev-per-chan");
      if (!Double.isNaN(scale) && units.isBlank()) units = "eV";
    }
    double origin = number(fn, k, key + "-origin");
    Units.Conversion u = Units.of(units);
    if (Double.isNaN(scale) || u.quantity() == Units.Quantity.PIXEL) return Axis.pixels(name, size);
    if (scale == 0) throw new BadInputException(fn + ": " + key + "-scale 0: expected a non-zero step per " + key + " index");
    double offset = (Double.isNaN(origin) ? 0 : origin) * u.factor();
    double step = scale * u.factor();
    if (!Double.isFinite(offset) || !Double.isFinite(step) || step == 0 || !Double.isFinite(offset + step * size)) {
      throw new BadInputException(fn + ": " + key + "-scale " + k.get(key + "-scale") + ", " + key + "-origin " + k.get(key + "-origin")
          + " in " + units + " give no finite axis; expected a finite origin and a finite, non-zero scale");
    }
    return new Axis(name, size, offset, step, u.unit());
  }

  /** The number under {@code key}, or NaN when it is absent or empty. */
  private static double number(String fn, Map<String, String> k, String key) {
    String v = k.get(key);
    if (v == null || v.isBlank()) return Double.NaN;
    try {
      double d = Numbers.parse(v.strip());
      if (Double.isNaN(d)) throw new Numbers.NotANumber("is missing (NaN)");
      return d;
    } catch (Numbers.NotANumber e) {
      throw new BadInputException(fn + ": " + key + " '" + v + "' " + e.getMessage() + "; expected a number");
    }
  }

  /** Title, signal (HyperSpy's EELS, EDS_SEM/EDS_TEM, CL_SEM/CL_STEM → EELS, EDS, CL), beam energy, date, time and the EELS/EDS angles and live time HyperSpy writes; every key in the tree. */
  private static Metadata metadata(String fn, RippleHeader h, List<String> notes) {
    Map<String, String> k = h.keys();
    Map<String, Object> s = new LinkedHashMap<>();
    put(s, Metadata.TITLE, k.get("title"));
    String signal = k.get("signal");
    if (signal != null && !signal.isBlank()) {
      String u = signal.strip().toUpperCase(java.util.Locale.ROOT);
      s.put(Metadata.SIGNAL, u.startsWith("EELS") ? Metadata.SIGNAL_EELS : u.startsWith("EDS") ? Metadata.SIGNAL_EDS
          : u.startsWith("CL") ? "CL" : signal.strip());
    }
    number(fn, k, "beam-energy", s, Metadata.VOLTAGE_KV);
    put(s, Metadata.DATE, k.get("date"));
    put(s, Metadata.TIME, k.get("time"));
    number(fn, k, "convergence-angle", s, "convergence_angle_mrad");
    number(fn, k, "collection-angle", s, "collection_angle_mrad");
    number(fn, k, "live-time", s, "live_time_s");
    Metadata md = new Metadata(s, new LinkedHashMap<>(k));
    for (String n : notes) md = md.withNote(n);
    return md;
  }

  private static void number(String fn, Map<String, String> k, String key, Map<String, Object> s, String as) {
    double v = number(fn, k, key);
    if (!Double.isNaN(v)) s.put(as, v);
  }

  private static void put(Map<String, Object> s, String key, String value) {
    if (value != null && !value.isBlank()) s.put(key, value.strip());
  }

  private static String text(ByteBuffer head) {
    byte[] b = new byte[head.limit()];
    head.get(0, b);
    for (byte x : b) if (x == 0) return "";
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  private static String head(Path file) throws IOException {
    try (java.io.InputStream in = Files.newInputStream(file)) {
      return text(ByteBuffer.wrap(in.readNBytes(4096)));
    }
  }

  private static String extension(Path file) {
    String n = file.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot < 0 ? "" : n.substring(dot + 1);
  }

  private static String stem(Path file) {
    return file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
  }

  /** {@code NAME.ext} beside {@code file} (ext in lower, upper or capitalised case), or null. */
  private static Path sibling(Path file, String ext) {
    Path dir = file.toAbsolutePath().getParent();
    for (String e : List.of(ext, ext.toUpperCase(java.util.Locale.ROOT), Character.toUpperCase(ext.charAt(0)) + ext.substring(1))) {
      Path p = dir.resolve(stem(file) + "." + e);
      if (Files.isRegularFile(p)) return p;
    }
    return null;
  }
}
