package org.causalem.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * <p>The file is written atomically (a temporary sibling moved into place), by {@link Hdf5Builder}.
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
    if (name == null || name.isEmpty() || !AtomicFiles.safeName(name).equals(name)) {
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
      try (Hdf5Builder h = new Hdf5Builder(tmp)) {
        long[] groups = new long[entries.size()];
        for (int i = 0; i < groups.length; i++) groups[i] = writeEntry(h, entries.get(i));
        long data = h.group(List.of(), names(), groups);
        long root = h.group(List.of(new Hdf5Builder.Attribute("version_major", 0), new Hdf5Builder.Attribute("version_minor", 2),
            new Hdf5Builder.Attribute("creator", "CausalEM")), List.of("data"), new long[] {data});
        h.finish(root);
      } catch (java.nio.file.FileSystemException e) {
        throw e;
      } catch (IOException e) {
        // a full disk names no file: name the one being written
        throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
      }
      AtomicFiles.moveIntoPlace(tmp, abs);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The group of one array: attribute {@code emd_group_type = 1}, the array {@code data} and its axes {@code dim1..dimN}. */
  private static long writeEntry(Hdf5Builder h, Entry e) throws IOException {
    int rank = e.axes.size();
    int[] shape = new int[rank];
    for (int i = 0; i < rank; i++) shape[i] = e.axes.get(i).size();
    List<String> names = new ArrayList<>(rank + 1);
    long[] children = new long[rank + 1];
    names.add("data");
    children[0] = e.values instanceof float[] f ? h.dataset(f, shape, List.of()) : h.dataset((int[]) e.values, shape, List.of());
    for (int i = 0; i < rank; i++) {
      Axis a = e.axes.get(i);
      double[] v = new double[a.size()];
      for (int k = 0; k < v.length; k++) v[k] = a.value(k);
      names.add("dim" + (i + 1));
      children[i + 1] = h.dataset(v, new int[] {v.length},
          List.of(new Hdf5Builder.Attribute("name", a.name()), new Hdf5Builder.Attribute("units", units(a))));
    }
    return h.group(List.of(new Hdf5Builder.Attribute("emd_group_type", 1)), names, children);
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
}
