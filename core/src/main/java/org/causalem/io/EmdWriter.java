package org.causalem.io;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.causalem.data.Axis;
import org.causalem.data.Image;

/**
 * Writes arrays with calibrated axes as one Berkeley EMD file (emdatasets.com, version 0.2), the layout HyperSpy
 * ({@code hs.load}), ncempy and py4DSTEM read with their calibration.
 *
 * <p>Layout: root attributes {@code version_major = 0}, {@code version_minor = 2}, {@code creator}; one group
 * {@code /data/<name>} per array with attribute {@code emd_group_type = 1}, the array as dataset {@code data} (C order,
 * float32 or int32) and one float64 vector {@code dim1..dimN} per array axis, {@code dim1} the slowest, holding the
 * calibrated coordinate of every index ({@code offset + i * scale}) with attributes {@code name} and {@code units}.
 * Units are written the way the EMD examples and HyperSpy write them, one character per bracketed unit, joined by
 * {@code _}: {@code nm} → {@code [n_m]}, {@code 1/nm} → {@code [1_/_n_m]}, {@code eV} → {@code [e_V]}; an uncalibrated
 * axis (pixels) gets an empty unit, as HyperSpy writes one.
 *
 * <p>The array is in C order as the specification and ncempy read it; HyperSpy 1.7's Berkeley reader transposes
 * every array (not named {@code datacube}) on reading, each axis keeping its name and calibration.
 *
 * <p>HyperSpy stacks every group whose path starts with another group's path into one signal, so no array name may
 * start with another's ({@code map} next to {@code map_x} is refused).
 *
 * <p>The file is written atomically (a temporary sibling moved into place).
 */
public final class EmdWriter {
  private record Entry(String name, Object values, List<Axis> axes) {}

  private final List<Entry> entries = new ArrayList<>();

  /** Adds a float array in C order whose axes (slowest first) give its shape. */
  public EmdWriter add(String name, float[] values, Axis... axes) {
    return put(name, values, values.length, axes);
  }

  /** Adds an int array in C order whose axes (slowest first) give its shape. */
  public EmdWriter add(String name, int[] values, Axis... axes) {
    return put(name, values, values.length, axes);
  }

  /** Adds an image under {@code name} with its own axes (y, x). */
  public EmdWriter add(String name, Image image) {
    return add(name, image.toFloat(), image.y(), image.x());
  }

  /** Names of the arrays added so far, in order. */
  public List<String> names() {
    List<String> n = new ArrayList<>();
    for (Entry e : entries) n.add(e.name);
    return n;
  }

  private EmdWriter put(String name, Object values, int length, Axis[] axes) {
    Objects.requireNonNull(values, "values");
    if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("EMD array name must use letters, digits, '.', '_' or '-', got '" + name + "'");
    }
    if (axes.length < 1 || axes.length > 4) throw new IllegalArgumentException("array " + name + ": 1 to 4 axes, got " + axes.length);
    long n = 1;
    for (Axis a : axes) n *= a.size();
    if (n != length) throw new IllegalArgumentException("array " + name + ": axes give " + n + " values, the array has " + length);
    for (Entry e : entries) {
      if (e.name.startsWith(name) || name.startsWith(e.name)) {
        throw new IllegalArgumentException("EMD array names '" + e.name + "' and '" + name
            + "': one starts with the other, which HyperSpy would stack into one signal");
      }
    }
    entries.add(new Entry(name, values, List.of(axes)));
    return this;
  }

  /** Writes every array added into {@code file} (replaced atomically when it exists). */
  public void write(Path file) throws IOException {
    if (entries.isEmpty()) throw new IllegalStateException("no arrays to write to " + file);
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir != null) Files.createDirectories(dir);
    Path tmp = AtomicFiles.temporarySibling(abs);
    try {
      try (WritableHdfFile h = HdfFile.write(tmp)) {
        h.putAttribute("version_major", 0);
        h.putAttribute("version_minor", 2);
        h.putAttribute("creator", "CausalEM");
        WritableGroup data = h.putGroup("data");
        for (Entry e : entries) writeEntry(data.putGroup(e.name), e);
      } catch (RuntimeException e) {
        throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
      }
      AtomicFiles.moveIntoPlace(tmp, abs);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void writeEntry(WritableGroup g, Entry e) {
    g.putAttribute("emd_group_type", 1);
    int[] shape = new int[e.axes.size()];
    for (int i = 0; i < shape.length; i++) shape[i] = e.axes.get(i).size();
    g.putDataset("data", shaped(e.values, shape));
    for (int i = 0; i < shape.length; i++) {
      Axis a = e.axes.get(i);
      double[] v = new double[a.size()];
      for (int k = 0; k < v.length; k++) v[k] = a.value(k);
      WritableDataset d = g.putDataset("dim" + (i + 1), v);
      d.putAttribute("name", a.name());
      d.putAttribute("units", units(a));
    }
  }

  /** The EMD spelling of an axis unit: {@code [n_m]} for nm; empty when uncalibrated. */
  static String units(Axis a) {
    if (!a.calibrated()) return "";
    String u = a.unit();
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < u.length(); ) {
      int cp = u.codePointAt(i);
      if (i > 0) sb.append('_');
      sb.appendCodePoint(cp);
      i += Character.charCount(cp);
    }
    return sb.append(']').toString();
  }

  /** A flat C-order array as a nested Java array of the given shape (what jhdf writes as an N-D dataset). */
  private static Object shaped(Object flat, int[] shape) {
    int len = java.lang.reflect.Array.getLength(flat);
    if (shape.length == 1) return flat;
    int inner = shape[shape.length - 1];
    int rows = inner == 0 ? 0 : len / inner;
    Object lastLevel;
    if (flat instanceof float[] f) {
      float[][] r = new float[rows][inner];
      for (int i = 0; i < rows; i++) System.arraycopy(f, i * inner, r[i], 0, inner);
      lastLevel = r;
    } else if (flat instanceof int[] f) {
      int[][] r = new int[rows][inner];
      for (int i = 0; i < rows; i++) System.arraycopy(f, i * inner, r[i], 0, inner);
      lastLevel = r;
    } else {
      throw new IllegalArgumentException("unsupported array type " + flat.getClass().getSimpleName().toLowerCase(Locale.ROOT));
    }
    // group the rows into the outer dimensions, innermost first
    Object cur = lastLevel;
    for (int d = shape.length - 2; d >= 1; d--) {
      int n = shape[d];
      int outer = java.lang.reflect.Array.getLength(cur) / n;
      Object grouped = java.lang.reflect.Array.newInstance(cur.getClass().getComponentType(), outer, n);
      for (int i = 0; i < outer; i++) {
        Object slot = java.lang.reflect.Array.get(grouped, i);
        System.arraycopy(cur, i * n, slot, 0, n);
      }
      cur = grouped;
    }
    return cur;
  }
}
