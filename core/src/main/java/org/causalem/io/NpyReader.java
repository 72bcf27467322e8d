package org.causalem.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
import org.causalem.data.ImageStack;
import org.causalem.data.MappedFrames;
import org.causalem.data.Metadata;
import org.causalem.data.NdArray;
import org.causalem.data.Pixels;
import org.causalem.data.Spectrum;

/**
 * NumPy {@code .npy} files, versions 1.0, 2.0 and 3.0: every numeric dtype in either byte order, C or
 * Fortran order. The shape decides the kind: 1-D spectrum (axis {@code energy}, uncalibrated), 2-D
 * image (y, x), 3-D stack (frame, y, x), 4-D cube (ry, rx, qy, qx), anything else an n-d array.
 *
 * <p>Memory: C-order 4-D cubes are memory-mapped frame by frame and never loaded. Other arrays up to
 * 64 MiB are read onto the heap; larger ones (up to 2 GiB) are memory-mapped. Fortran-order data is
 * reordered to C order in memory, except 4-D cubes over 256 MiB, which are read through a strided
 * Fortran-order frame source.
 */
final class NpyReader implements FormatReader {
  static final long HEAP_LIMIT_BYTES = 64L << 20;
  static final long FORTRAN_COPY_LIMIT_BYTES = 256L << 20;
  private static final long MAX_BUFFER_BYTES = Integer.MAX_VALUE - 8;

  @Override public String format() { return "npy"; }

  @Override public boolean accepts(Path file, ByteBuffer head, long size) { return NpyHeader.hasMagic(head); }

  @Override public DataFile read(Path file) throws IOException {
    String name = file.getFileName().toString();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      NpyHeader h = NpyHeader.read(file, ch);
      long count = h.count(name);
      long bytes = dataBytes(name, h, count, ch.size() - h.dataOffset(), "file");
      for (long s : h.shape()) {
        if (s > Integer.MAX_VALUE) throw new BadInputException(name + ": npy axis of size " + s + " exceeds 2^31-1");
      }
      Metadata meta = metadata(h);
      String stem = stem(name);
      Dataset d = h.shape().length == 4 && count > 0 && h.fields().isEmpty()
          ? cube(file, ch, h, stem, meta, bytes)
          : array(file, ch, h, stem, meta, count, bytes);
      return new DataFile(file, format(), List.of(d), meta);
    }
  }

  private static Dataset cube(Path file, FileChannel ch, NpyHeader h, String stem, Metadata meta, long bytes) throws IOException {
    long[] s = h.shape();
    Axis ry = Axis.pixels("ry", (int) s[0]);
    Axis rx = Axis.pixels("rx", (int) s[1]);
    Axis qy = Axis.pixels("qy", (int) s[2]);
    Axis qx = Axis.pixels("qx", (int) s[3]);
    long frameValues = s[2] * s[3];
    if (frameValues > Integer.MAX_VALUE) {
      throw new BadInputException(file.getFileName() + ": npy 4-D frames of " + s[2] + "×" + s[3] + " values exceed 2^31-1");
    }
    if (!h.fortranOrder()) {
      long frameBytes = frameValues * h.type().bytes();
      MappedFrames frames = new MappedFrames(file, h.dataOffset(), frameBytes, s[0] * s[1], (int) frameValues, h.type(), h.order());
      return new DataCube4D(stem, ry, rx, qy, qx, h.type(), meta, frames);
    }
    if (bytes <= FORTRAN_COPY_LIMIT_BYTES) {
      Pixels p = Pixels.ofBytes(h.type(), toCOrder(load(file, ch, h, bytes), h.shape(), h.type().bytes()), s[0] * s[1] * frameValues);
      return DataCube4D.inMemory(stem, p, ry, rx, qy, qx, meta);
    }
    if (bytes > MAX_BUFFER_BYTES) {
      throw new BadInputException(file.getFileName() + ": Fortran-order 4-D npy arrays over 2 GiB are not supported ("
          + bytes + " bytes); save it in C order");
    }
    Pixels p = Pixels.ofBytes(h.type(), ch.map(FileChannel.MapMode.READ_ONLY, h.dataOffset(), bytes).order(h.order()), s[0] * s[1] * frameValues);
    return new DataCube4D(stem, ry, rx, qy, qx, h.type(), meta, new NpyFortranFrames(p, (int) s[0], (int) s[1], (int) s[2], (int) s[3]));
  }

  private static Dataset array(Path file, FileChannel ch, NpyHeader h, String stem, Metadata meta, long count, long bytes) throws IOException {
    if (bytes > MAX_BUFFER_BYTES) {
      throw new BadInputException(file.getFileName() + ": npy arrays over 2 GiB are supported only as 4-D C-order cubes; this one has shape "
          + NpyHeader.shapeText(h.shape()) + " (" + bytes + " bytes)");
    }
    ByteBuffer buf = load(file, ch, h, bytes);
    if (h.fortranOrder() && h.shape().length > 1) buf = toCOrder(buf, h.shape(), h.type().bytes());
    return ofShape(stem, Pixels.ofBytes(h.type(), buf, count), h.shape(), meta, !h.fields().isEmpty());
  }

  /** The values of an npy held in memory, in C order, with its shape and header metadata. */
  record Loaded(Pixels pixels, long[] shape, Metadata metadata, boolean fields) {}

  /**
   * An npy held in memory (an entry of an npz archive) as a dataset named {@code stem}, its kind from its shape as
   * for a file; {@code name} names it in messages.
   */
  static Dataset fromMemory(String name, String stem, ByteBuffer whole) throws IOException {
    Loaded a = load(name, whole);
    long[] s = a.shape();
    if (s.length == 4 && a.pixels().count() > 0 && !a.fields()) {
      return DataCube4D.inMemory(stem, a.pixels(), Axis.pixels("ry", (int) s[0]), Axis.pixels("rx", (int) s[1]),
          Axis.pixels("qy", (int) s[2]), Axis.pixels("qx", (int) s[3]), a.metadata());
    }
    return ofShape(stem, a.pixels(), s, a.metadata(), a.fields());
  }

  /**
   * The bytes of {@code count} values of the header's type, refused when they overflow 64 bits or exceed the {@code available}
   * bytes after the header ({@code where}: "file" or "the entry", for the message).
   */
  private static long dataBytes(String name, NpyHeader h, long count, long available, String where) throws BadInputException {
    long bytes;
    try {
      bytes = Math.multiplyExact(count, (long) h.type().bytes());
    } catch (ArithmeticException e) {
      throw new BadInputException(name + ": npy shape " + NpyHeader.shapeText(h.shape()) + " of " + h.descr() + " overflows 64 bits");
    }
    if (bytes > available) {
      throw new BadInputException(name + ": npy header says shape " + NpyHeader.shapeText(h.shape()) + " of " + h.descr()
          + " = " + bytes + " bytes from offset " + h.dataOffset() + "; " + where + " has only " + Math.max(0, available)
          + " bytes of data");
    }
    return bytes;
  }

  /** The values of an npy held in memory; every inconsistency a {@link BadInputException} naming {@code name}. */
  static Loaded load(String name, ByteBuffer whole) throws IOException {
    NpyHeader h = NpyHeader.read(name, whole);
    long count = h.count(name);
    long bytes = dataBytes(name, h, count, whole.limit() - h.dataOffset(), "the entry");
    for (long s : h.shape()) {
      if (s > Integer.MAX_VALUE) throw new BadInputException(name + ": npy axis of size " + s + " exceeds 2^31-1");
    }
    ByteBuffer buf = whole.duplicate().position((int) h.dataOffset()).limit((int) (h.dataOffset() + bytes)).slice().order(h.order());
    if (h.fortranOrder() && h.shape().length > 1) buf = toCOrder(buf, h.shape(), h.type().bytes());
    return new Loaded(Pixels.ofBytes(h.type(), buf, count), h.shape(), metadata(h), !h.fields().isEmpty());
  }

  /**
   * 1-D spectrum, 2-D image, 3-D stack, other ranks an n-d array (4-D axes named ry, rx, qy, qx). With {@code fields}
   * (a structured dtype of one type, its fields the last axis) an n-d array whose last axis is {@code channel}.
   */
  static Dataset ofShape(String stem, Pixels p, long[] s, Metadata meta, boolean fields) {
    if (fields) {
      List<Axis> axes = new ArrayList<>();
      String[] names = s.length == 3 ? new String[] {"y", "x"} : s.length == 4 ? new String[] {"frame", "y", "x"} : null;
      for (int k = 0; k < s.length - 1; k++) axes.add(Axis.pixels(names != null ? names[k] : "axis" + k, (int) s[k]));
      axes.add(Axis.pixels("channel", (int) s[s.length - 1]));
      return new NdArray(stem, p, axes, meta);
    }
    switch (s.length) {
      case 1:
        return new Spectrum(stem, p, Axis.pixels("energy", (int) s[0]), meta);
      case 2:
        return new Image(stem, p, Axis.pixels("y", (int) s[0]), Axis.pixels("x", (int) s[1]), meta);
      case 3:
        return new ImageStack(stem, p, Axis.pixels("frame", (int) s[0]), Axis.pixels("y", (int) s[1]),
            Axis.pixels("x", (int) s[2]), null, null, meta);
      default: {
        List<Axis> axes = new ArrayList<>();
        String[] names4 = {"ry", "rx", "qy", "qx"};
        for (int k = 0; k < s.length; k++) axes.add(Axis.pixels(s.length == 4 ? names4[k] : "axis" + k, (int) s[k]));
        return new NdArray(stem, p, axes, meta);
      }
    }
  }

  /** The data bytes: read onto the heap when small, memory-mapped otherwise. */
  private static ByteBuffer load(Path file, FileChannel ch, NpyHeader h, long bytes) throws IOException {
    if (bytes <= HEAP_LIMIT_BYTES) {
      ByteBuffer b = ByteBuffer.allocate((int) bytes);
      NpyHeader.readFully(ch, b, h.dataOffset(), file.getFileName().toString());
      return b.order(h.order());
    }
    return ch.map(FileChannel.MapMode.READ_ONLY, h.dataOffset(), bytes).order(h.order());
  }

  /**
   * Reorders Fortran-order values (first axis fastest) into a new heap buffer in C order (last axis
   * fastest), element by element.
   */
  static ByteBuffer toCOrder(ByteBuffer src, long[] shape, int itemBytes) {
    int n = shape.length;
    long count = 1;
    for (long s : shape) count *= s;
    ByteBuffer dst = ByteBuffer.allocate(Math.toIntExact(count * itemBytes)).order(src.order());
    if (count == 0) return dst;
    long[] strideF = new long[n];
    long st = 1;
    for (int k = 0; k < n; k++) {
      strideF[k] = st;
      st *= shape[k];
    }
    int last = (int) shape[n - 1];
    long innerStep = strideF[n - 1] * itemBytes;
    long[] idx = new long[n];
    byte[] item = new byte[itemBytes];
    int out = 0;
    long rows = count / last;
    for (long r = 0; r < rows; r++) {
      long base = 0;
      for (int k = 0; k < n - 1; k++) base += idx[k] * strideF[k];
      long pos = base * itemBytes;
      for (int c = 0; c < last; c++) {
        src.get((int) pos, item);
        dst.put(out, item);
        out += itemBytes;
        pos += innerStep;
      }
      for (int k = n - 2; k >= 0; k--) {
        if (++idx[k] < shape[k]) break;
        idx[k] = 0;
      }
    }
    return dst;
  }

  private static Metadata metadata(NpyHeader h) {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("version", h.major() + "." + h.minor());
    tree.put("descr", h.descr());
    tree.put("fortran_order", h.fortranOrder());
    List<Long> shape = new ArrayList<>();
    for (long s : h.shape()) shape.add(s);
    if (!h.fields().isEmpty()) shape.remove(shape.size() - 1); // the numpy shape: the fields are the dtype's
    tree.put("shape", shape);
    if (!h.fields().isEmpty()) tree.put("fields", h.fields());
    return new Metadata(Map.of(), tree);
  }

  static String stem(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot > 0 ? fileName.substring(0, dot) : fileName;
  }

  static ByteOrder order(boolean bigEndian) { return bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN; }
}
