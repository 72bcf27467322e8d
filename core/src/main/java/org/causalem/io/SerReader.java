package org.causalem.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
import org.causalem.data.Image;
import org.causalem.data.ImageStack;
import org.causalem.data.Metadata;
import org.causalem.data.PixelType;
import org.causalem.data.Pixels;
import org.causalem.data.Spectrum;
import org.causalem.data.SpectrumImage;
import org.causalem.numeric.Units;

/**
 * FEI TIA series files (.ser): a little-endian header (byte order 0x4949, series id 0x0197, version
 * 0x0210 with 32-bit or 0x0220 with 64-bit offsets), the series dimensions with their calibration,
 * an offset table, and one data element per series position: spectra (0x4120) or images (0x4122).
 * Only the valid elements of a partially filled series are exposed. The EMI file written beside it
 * ({@code name_1.ser} ↔ {@code name.emi}) adds the microscope's conditions when present.
 */
final class SerReader implements FormatReader {
  static final int SPECTRA = 0x4120;
  static final int IMAGES = 0x4122;
  private static final long MAX_ELEMENTS = 1 << 24;

  @Override public String format() { return "ser"; }

  @Override public boolean accepts(Path file, ByteBuffer head, long size) {
    if (head.limit() < 30) return false;
    ByteBuffer h = head.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int version = h.getShort(4) & 0xFFFF;
    int type = h.getInt(6);
    return (h.getShort(0) & 0xFFFF) == 0x4949 && (h.getShort(2) & 0xFFFF) == 0x0197
        && (version == 0x0210 || version == 0x0220) && (type == SPECTRA || type == IMAGES);
  }

  private record Dim(int size, double offset, double delta, int element, String description, String units) {}

  @Override public DataFile read(Path file) throws IOException {
    String fn = file.getFileName().toString();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      SerBytes in = new SerBytes(ch, size, fn);
      ByteBuffer h = in.read(0, 30);
      int version = h.getShort(4) & 0xFFFF;
      boolean wide = version >= 0x0220;
      int dataType = h.getInt(6);
      int tagType = h.getInt(10);
      int total = h.getInt(14);
      int valid = h.getInt(18);
      if (total < 0 || valid < 0 || valid > total || total > MAX_ELEMENTS) {
        throw new BadInputException(fn + ": SER header says " + valid + " valid of " + total
            + " elements (offsets 14, 18); expected 0 <= valid <= total <= " + MAX_ELEMENTS);
      }
      long pos = 22;
      long offsetArray = wide ? in.read(pos, 8).getLong(0) : in.read(pos, 4).getInt(0) & 0xFFFFFFFFL;
      pos += wide ? 8 : 4;
      int nDims = in.read(pos, 4).getInt(0);
      pos += 4;
      if (nDims < 0 || nDims > 16) throw new BadInputException(fn + ": SER header has " + nDims + " dimensions at offset " + (pos - 4) + "; expected 0..16");
      List<Dim> dims = new ArrayList<>();
      for (int i = 0; i < nDims; i++) {
        ByteBuffer d = in.read(pos, 28);
        int dimSize = d.getInt(0);
        double off = d.getDouble(4);
        double delta = d.getDouble(12);
        int element = d.getInt(20);
        int descLen = d.getInt(24);
        pos += 28;
        String desc = in.text(pos, descLen);
        pos += descLen;
        int unitLen = in.read(pos, 4).getInt(0);
        pos += 4;
        String units = in.text(pos, unitLen);
        pos += unitLen;
        if (dimSize < 0) throw new BadInputException(fn + ": SER dimension " + i + " has size " + dimSize);
        dims.add(new Dim(dimSize, off, delta, element, desc, units));
      }
      int step = wide ? 8 : 4;
      long tableBytes = (long) total * step * 2;
      if (offsetArray < 0 || offsetArray + tableBytes > size) {
        throw new BadInputException(fn + ": SER offset table at " + offsetArray + " with " + total + " entries needs "
            + (offsetArray + tableBytes) + " bytes; file has " + size);
      }
      ByteBuffer table = in.read(offsetArray, (int) tableBytes);
      long[] dataOffsets = new long[valid];
      for (int i = 0; i < valid; i++) dataOffsets[i] = wide ? table.getLong(i * 8) : table.getInt(i * 4) & 0xFFFFFFFFL;
      boolean xFastest = xFastest(in, table, total, valid, wide, tagType);
      long[] tagOffsets = new long[valid];
      for (int i = 0; i < valid; i++) tagOffsets[i] = wide ? table.getLong((total + i) * 8) : table.getInt((total + i) * 4) & 0xFFFFFFFFL;

      Map<String, Object> tree = new LinkedHashMap<>();
      tree.put("version", String.format("0x%04x", version));
      tree.put("data_type_id", String.format("0x%04x", dataType));
      tree.put("tag_type_id", String.format("0x%04x", tagType));
      tree.put("total_elements", total);
      tree.put("valid_elements", valid);
      List<Object> dimTree = new ArrayList<>();
      for (Dim d : dims) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("size", d.size());
        m.put("offset", d.offset());
        m.put("delta", d.delta());
        m.put("element", d.element());
        m.put("description", d.description());
        m.put("units", d.units());
        dimTree.add(m);
      }
      tree.put("dimensions", dimTree);
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("valid_elements", valid);
      summary.put("total_elements", total);
      Path emi = emiFor(file);
      if (emi != null) {
        Map<String, Object> emiTree = SerEmi.read(emi, seriesIndex(file));
        tree.put("emi", emiTree);
        SerEmi.summarise(emiTree, summary);
      }
      if (valid == 0) {
        throw new BadInputException(fn + ": SER series holds no valid element (0 of " + total + ")");
      }
      String name = fn.replaceFirst("\\.[^.]*$", "");
      org.causalem.data.Dataset ds = dataType == SPECTRA
          ? spectra(in, fn, name, dataOffsets, dims, total, xFastest, new Metadata(summary, tree))
          : images(in, fn, name, dataOffsets, tagTimes(in, tagOffsets), dims, total, xFastest, new Metadata(summary, tree));
      return new DataFile(file, "ser", List.of(ds), new Metadata(summary, tree));
    }
  }

  /** 0 for {@code name_1.ser}, 1 for {@code name_2.ser}, ...; 0 without a number. */
  static int seriesIndex(Path ser) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("_(\\d{1,4})\\.ser$", java.util.regex.Pattern.CASE_INSENSITIVE)
        .matcher(ser.getFileName().toString());
    return m.find() ? Math.max(0, Integer.parseInt(m.group(1)) - 1) : 0;
  }

  /** {@code name_1.ser} → {@code name.emi} (also {@code name.ser} → {@code name.emi}), if it exists. */
  static Path emiFor(Path ser) {
    String n = ser.getFileName().toString();
    String base = n.replaceFirst("(?i)\\.ser$", "");
    Path dir = ser.toAbsolutePath().getParent();
    for (String b : List.of(base.replaceFirst("_\\d+$", ""), base)) {
      Path p = dir.resolve(b + ".emi");
      if (Files.isRegularFile(p)) return p;
    }
    return null;
  }

  /**
   * Whether the first series dimension runs fastest (x). Position tags (0x4142) decide: when the
   * first two elements share their y position the scan ran along x first; otherwise the series is in
   * C order (dimension 1 slowest). Without position tags, dimension 1 is taken as the fastest.
   */
  private static boolean xFastest(SerBytes in, ByteBuffer table, int total, int valid, boolean wide, int tagType) throws IOException {
    if (tagType != 0x4142 || valid < 2) return true;
    int step = wide ? 8 : 4;
    long t0 = wide ? table.getLong(total * step) : table.getInt(total * step) & 0xFFFFFFFFL;
    long t1 = wide ? table.getLong((total + 1) * step) : table.getInt((total + 1) * step) & 0xFFFFFFFFL;
    if (t0 <= 0 || t1 <= 0) return true;
    return in.read(t0 + 16, 8).getDouble(0) == in.read(t1 + 16, 8).getDouble(0);
  }

  private static org.causalem.data.Dataset spectra(SerBytes in, String fn, String name, long[] offsets, List<Dim> dims,
                                                   int total, boolean xFastest, Metadata md) throws IOException {
    int n = offsets.length;
    ByteBuffer first = in.read(offsets[0], 26);
    double calOffset = first.getDouble(0);
    double delta = first.getDouble(8);
    int element = first.getInt(16);
    PixelType type = type(first.getShort(20), fn, offsets[0] + 20);
    int channels = first.getInt(22);
    if (channels <= 0) throw new BadInputException(fn + ": SER spectrum at offset " + offsets[0] + " has " + channels + " channels");
    long bytes = (long) channels * type.bytes();
    long all = Math.multiplyExact(bytes, (long) n);
    if (all > in.size()) {
      throw new BadInputException(fn + ": SER header claims " + n + " spectra of " + channels + " " + type.numpyName() + " values ("
          + all + " bytes); file has " + in.size());
    }
    if (all > Hdf5Arrays.MAX_IN_MEMORY_BYTES) throw new BadInputException(fn + ": SER spectra of " + all + " bytes are too large to load");
    ByteBuffer data = ByteBuffer.allocate((int) all).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      ByteBuffer hdr = i == 0 ? first : in.read(offsets[i], 26);
      if (hdr.getInt(22) != channels || hdr.getShort(20) != first.getShort(20)) {
        throw new BadInputException(fn + ": SER element " + i + " at offset " + offsets[i] + " has " + hdr.getInt(22)
            + " channels of type " + hdr.getShort(20) + "; element 0 has " + channels + " of type " + first.getShort(20));
      }
      data.put(in.read(offsets[i] + 26, (int) bytes));
    }
    data.flip();
    Pixels p = Pixels.ofBytes(type, data, (long) channels * n);
    Axis energy = calibrated("energy", channels, calOffset, delta, element, 1, "eV");
    if (n == 1) return new Spectrum(name, p, energy, md);
    int xDim = xFastest ? 0 : 1;
    int yDim = 1 - xDim;
    if (dims.size() == 2 && n == total && (long) dims.get(0).size() * dims.get(1).size() == total) {
      return new SpectrumImage(name, p, seriesAxis("y", dims.get(yDim)), seriesAxis("x", dims.get(xDim)), energy, md);
    }
    Axis x = lineScan(dims, n, total) ? seriesAxis("x", dims.get(0)) : Axis.pixels("x", n);
    return new SpectrumImage(name, p, Axis.pixels("y", 1), x, energy, md);
  }

  /**
   * Whether a one-dimensional series is a complete scan along a line: its dimension is a "Position" in a
   * length unit with a step other than 1 (TIA writes point spectra, positions picked by hand, as a
   * "Position" series of step 1 m).
   */
  private static boolean lineScan(List<Dim> dims, int n, int total) {
    if (dims.size() != 1 || n != total || dims.get(0).size() != total) return false;
    Dim d = dims.get(0);
    return d.description() != null && d.description().strip().equalsIgnoreCase("Position")
        && Units.of(d.units()).quantity() == Units.Quantity.LENGTH && d.delta() != 1 && d.delta() > 0;
  }

  /** Seconds of each element's time tag from the first one's, or null when a tag is missing. */
  private static double[] tagTimes(SerBytes in, long[] tagOffsets) throws IOException {
    double[] t = new double[tagOffsets.length];
    for (int i = 0; i < t.length; i++) {
      long at = tagOffsets[i];
      if (at <= 0 || at + 8 > in.size()) return null;
      ByteBuffer tag = in.read(at, 8);
      int id = tag.getShort(0) & 0xFFFF;
      if (id != 0x4152 && id != 0x4142) return null;
      t[i] = tag.getInt(4) & 0xFFFFFFFFL;
    }
    for (int i = t.length - 1; i >= 0; i--) t[i] -= t[0];
    return t;
  }

  /**
   * One image → image; a complete 2-D scan of images (a TIA diffraction scan), or a line scan (see
   * {@link #lineScan}; ry = 1) → 4-D cube (ry, rx, qy, qx), reciprocal units when the EMI mode says
   * diffraction; any other series → stack.
   */
  private static org.causalem.data.Dataset images(SerBytes in, String fn, String name, long[] offsets, double[] frameTimesS,
                                                  List<Dim> dims, int total, boolean xFastest, Metadata md) throws IOException {
    int n = offsets.length;
    ByteBuffer first = in.read(offsets[0], 50);
    PixelType type = type(first.getShort(40), fn, offsets[0] + 40);
    int sx = first.getInt(42);
    int sy = first.getInt(46);
    if (sx <= 0 || sy <= 0) throw new BadInputException(fn + ": SER image at offset " + offsets[0] + " is " + sx + "×" + sy);
    long bytes = Math.multiplyExact((long) sx * sy, (long) type.bytes());
    long all = Math.multiplyExact(bytes, (long) n);
    if (all > in.size()) {
      throw new BadInputException(fn + ": SER header claims " + n + " images of " + sx + "×" + sy + " " + type.numpyName() + " ("
          + all + " bytes); file has " + in.size());
    }
    if (all > Hdf5Arrays.MAX_IN_MEMORY_BYTES) throw new BadInputException(fn + ": SER images of " + all + " bytes are too large to load");
    ByteBuffer data = ByteBuffer.allocate((int) all).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      ByteBuffer hdr = i == 0 ? first : in.read(offsets[i], 50);
      if (hdr.getInt(42) != sx || hdr.getInt(46) != sy || hdr.getShort(40) != first.getShort(40)) {
        throw new BadInputException(fn + ": SER image " + i + " at offset " + offsets[i] + " is " + hdr.getInt(42) + "×"
            + hdr.getInt(46) + "; image 0 is " + sx + "×" + sy);
      }
      ByteBuffer img = in.read(offsets[i] + 50, (int) bytes);
      int rowBytes = sx * type.bytes();
      byte[] row = new byte[rowBytes];
      for (int r = sy - 1; r >= 0; r--) { // TIA stores the bottom row first
        img.position(r * rowBytes);
        img.get(row);
        data.put(row);
      }
    }
    data.flip();
    Pixels p = Pixels.ofBytes(type, data, (long) sx * sy * n);
    boolean line = lineScan(dims, n, total);
    boolean scan = line || dims.size() == 2 && n == total && (long) dims.get(0).size() * dims.get(1).size() == total;
    String mode = md.summary().get("mode") instanceof String m ? m : null;
    boolean camera = md.tree().get("emi") instanceof Map<?, ?> emi && emi.containsKey("CameraNamePath");
    boolean reciprocal = reciprocalSpace(mode, camera, scan);
    md = md.withSummary("space", reciprocal ? "reciprocal" : "real");
    if (reciprocal && !scan) md = md.withSummary(Metadata.SIGNAL, "diffraction");
    double factor = reciprocal ? 1e-9 : 1e9;
    String unit = reciprocal ? "1/nm" : "nm";
    Axis x = calibrated(scan ? "qx" : "x", sx, first.getDouble(0), first.getDouble(8), first.getInt(16), factor, unit);
    Axis y = calibrated(scan ? "qy" : "y", sy, first.getDouble(20), first.getDouble(28), first.getInt(36), factor, unit);
    if (n == 1) return new Image(name, p, y, x, md);
    if (scan) {
      Axis rx = seriesAxis("rx", dims.get(line || xFastest ? 0 : 1));
      Axis ry = line ? Axis.pixels("ry", 1) : seriesAxis("ry", dims.get(xFastest ? 1 : 0));
      return org.causalem.data.DataCube4D.inMemory(name, p, ry, rx, y, x, md);
    }
    return new ImageStack(name, p, Axis.pixels("frame", n), y, x, frameTimesS, null, md);
  }

  /**
   * Whether a TIA image is in reciprocal space (its calibration in 1/m) rather than real space (m), as
   * the instrument decides: in a STEM mode (every FEI STEM lens-mode name ends in "Diffraction", e.g.
   * {@code STEM nP Mh Zoom Diffraction}) an image is a scan, in real space, unless a camera recorded it
   * (the EMI's AcquireInfo names a CameraNamePath) or it is one pattern of a 2-D scan of images; in a TEM
   * mode the lens mode decides ({@code ... Diffraction} vs {@code ... Imaging}). Without an EMI: real space.
   */
  static boolean reciprocalSpace(String mode, boolean cameraAcquisition, boolean diffractionScan) {
    if (mode == null) return false;
    if (mode.contains("STEM")) return cameraAcquisition || diffractionScan;
    return mode.contains("Diffraction");
  }

  /** Value of index i = offset + (i − element)·delta, times {@code factor}; uncalibrated when delta is unusable. */
  private static Axis calibrated(String name, int size, double offset, double delta, int element, double factor, String unit) {
    double scale = delta * factor;
    double start = (offset - element * delta) * factor;
    if (!Double.isFinite(scale) || scale == 0 || !Double.isFinite(start)) return Axis.pixels(name, size);
    return new Axis(name, size, start, scale, unit);
  }

  private static Axis seriesAxis(String name, Dim d) {
    Units.Conversion u = Units.of(d.units());
    return calibrated(name, d.size(), d.offset(), d.delta(), d.element(), u.factor(), u.unit());
  }

  private static PixelType type(short code, String fn, long at) {
    switch (code) {
      case 1: return PixelType.UINT8;
      case 2: return PixelType.UINT16;
      case 3: return PixelType.UINT32;
      case 4: return PixelType.INT8;
      case 5: return PixelType.INT16;
      case 6: return PixelType.INT32;
      case 7: return PixelType.FLOAT32;
      case 8: return PixelType.FLOAT64;
      case 9: return PixelType.COMPLEX64;
      case 10: return PixelType.COMPLEX128;
      default: throw new BadInputException(fn + ": SER data type " + code + " at offset " + at + "; expected 1..10");
    }
  }

  /** Bounded little-endian reads: asking past the end of the file is an error naming the offset. */
  static final class SerBytes {
    private final FileChannel ch;
    private final long size;
    private final String fn;

    SerBytes(FileChannel ch, long size, String fn) {
      this.ch = ch;
      this.size = size;
      this.fn = fn;
    }

    ByteBuffer read(long at, int n) throws IOException {
      if (at < 0 || n < 0 || at + n > size) {
        throw new BadInputException(fn + ": SER structure at offset " + at + " needs " + n + " bytes; file has " + size);
      }
      ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
      long pos = at;
      while (b.hasRemaining()) {
        int r = ch.read(b, pos);
        if (r < 0) throw new BadInputException(fn + ": truncated at offset " + pos);
        pos += r;
      }
      b.flip();
      return b;
    }

    long size() { return size; }

    String text(long at, int n) throws IOException {
      if (n < 0 || n > 4096) throw new BadInputException(fn + ": SER text of " + n + " bytes at offset " + at + "; expected 0..4096");
      ByteBuffer b = read(at, n);
      byte[] s = new byte[n];
      b.get(s);
      return new String(s, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7E]", "").trim();
    }
  }
}
