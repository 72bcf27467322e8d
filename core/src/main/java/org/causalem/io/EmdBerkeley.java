package org.causalem.io;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.causalem.data.Axis;
import org.causalem.data.BadInputException;
import org.causalem.data.Metadata;
import org.causalem.data.Pixels;
import org.causalem.numeric.Units;

/**
 * Berkeley EMD (emdatasets.com): groups with attribute {@code emd_group_type = 1} (or {@code "array"}
 * in EMD 1.0) hold one data array (usually {@code data}) and one vector {@code dim1..dimN} (or
 * {@code dim0..}) per axis, the first being the slowest (C order), each with {@code name} and
 * {@code units} attributes.
 */
final class EmdBerkeley {
  private EmdBerkeley() {}

  /** {@code emd_group_type} 1 (EMD 0.x) or {@code "array"} (EMD 1.0), with dim vectors. */
  static boolean isEmdGroup(Group g) {
    boolean typed = Hdf5Arrays.number(g, "emd_group_type") == 1 || "array".equals(Hdf5Arrays.string(g, "emd_group_type"));
    return typed && (Hdf5Tree.dataset(g, "dim1") != null || Hdf5Tree.dataset(g, "dim0") != null);
  }

  /** Root attribute {@code version_major}, or at least one EMD data group. */
  static boolean looksLike(HdfFile f) {
    if (Hdf5Arrays.attrs(f).containsKey("version_major")) return true;
    return !Hdf5Tree.groups(f, EmdBerkeley::isEmdGroup).isEmpty();
  }

  static List<org.causalem.data.Dataset> read(Path file, long fileSize, HdfFile f, long maxInMemoryBytes, long mapAboveBytes,
                                              Map<String, Object> notRead) throws IOException {
    String fn = file.getFileName().toString();
    List<org.causalem.data.Dataset> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Map<String, Object> microscopeTree = new LinkedHashMap<>();
    Map<String, Object> microscope = microscope(f, microscopeTree);
    try {
      for (Group g : Hdf5Tree.groups(f, EmdBerkeley::isEmdGroup)) {
        Dataset data = dataOf(g);
        if (data == null) {
          notRead.put(g.getPath().replaceAll("/$", ""), "EMD group without a numeric data array");
          continue;
        }
        long[] dims = data.getDimensionsAsLong();
        List<Axis> axes = new ArrayList<>();
        List<String> fileNames = new ArrayList<>();
        List<Object> dimTree = new ArrayList<>();
        int first = Hdf5Tree.dataset(g, "dim0") != null ? 0 : 1;
        for (int i = 0; i < dims.length; i++) {
          if (dims[i] > Integer.MAX_VALUE) throw new BadInputException(fn + ": " + data.getPath() + " axis " + i + " has " + dims[i] + " values");
          Dataset dim = Hdf5Tree.dataset(g, "dim" + (i + first));
          String dimName = dim == null ? "dim" + (i + first) : Hdf5Arrays.string(dim, "name", "dim" + (i + first));
          String rawUnit = dim == null ? null : Hdf5Arrays.string(dim, "units");
          fileNames.add(dimName);
          Map<String, Object> dt = new LinkedHashMap<>();
          dt.put("name", dimName);
          dt.put("units", rawUnit);
          dimTree.add(dt);
          axes.add(axis(fn, dim, dimName, (int) dims[i], rawUnit));
        }
        List<Axis> named = Hdf5Shapes.named(axes, fileNames);
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("path", data.getPath());
        tree.put("group_attributes", Hdf5Arrays.attributes(g));
        tree.put("dims", dimTree);
        String name = unique(g.getName(), g.getPath(), names);
        if (!microscopeTree.isEmpty()) tree.put("microscope", microscopeTree);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put(Metadata.TITLE, g.getName());
        summary.putAll(microscope);
        Metadata md = new Metadata(summary, tree);
        out.add(Hdf5Shapes.open(file, fileSize, data, name, named, md, maxInMemoryBytes, mapAboveBytes));
      }
    } catch (RuntimeException | IOException e) {
      Hdf5Shapes.close(out);
      throw e;
    }
    return out;
  }

  /**
   * The acquisition conditions of the root {@code /microscope} group's attributes (as written by NCEM's
   * TEAM microscopes and openNCEM): high tension (V, or kV when below 1000), magnification, dwell time
   * (s), name, camera length (m, or mm when 10 or more) and convergence angle (rad, or mrad when 1 or
   * more), in the project's units. Every attribute is also copied into {@code tree}.
   */
  static Map<String, Object> microscope(HdfFile f, Map<String, Object> tree) {
    Map<String, Object> s = new LinkedHashMap<>();
    Group g = Hdf5Tree.group(f, "microscope");
    if (g == null) return s;
    Map<String, Object> attrs = Hdf5Arrays.attributes(g);
    tree.putAll(attrs);
    Map<String, Object> lower = new LinkedHashMap<>();
    attrs.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT).replace('_', ' ').trim(), v));
    double ht = first(lower, "high tension", "voltage", "accelerating voltage", "acceleration voltage", "ht");
    if (ht > 0) s.put(Metadata.VOLTAGE_KV, ht >= 1000 ? ht / 1000 : ht);
    double mag = first(lower, "magnification", "mag");
    if (mag > 0) s.put(Metadata.MAGNIFICATION, mag);
    double dwell = first(lower, "dwell time", "dwell");
    if (dwell > 0) s.put(Metadata.DWELL_TIME_S, dwell);
    Object name = lower.getOrDefault("name", lower.get("microscope"));
    String n = name instanceof String || name instanceof Number ? name.toString().trim() : null;
    if (n != null && !n.isEmpty()) s.put(Metadata.MICROSCOPE, n);
    double cl = first(lower, "camera length");
    if (cl > 0) s.put(Metadata.CAMERA_LENGTH_MM, cl >= 10 ? cl : cl * 1000);
    double alpha = first(lower, "convergence angle");
    if (alpha > 0) s.put("convergence_angle_mrad", alpha >= 1 ? alpha : alpha * 1000);
    return s;
  }

  private static double first(Map<String, Object> attrs, String... keys) {
    for (String k : keys) {
      Object v = attrs.get(k);
      if (v != null && v.getClass().isArray() && java.lang.reflect.Array.getLength(v) == 1) v = java.lang.reflect.Array.get(v, 0);
      double d = Hdf5Arrays.toNumber(v);
      if (Double.isFinite(d)) return d;
    }
    return Double.NaN;
  }

  /** The group's data array: {@code data}, else its only numeric dataset not called dimN. */
  private static Dataset dataOf(Group g) {
    Dataset d = Hdf5Tree.dataset(g, "data");
    if (d != null && Hdf5Arrays.numeric(d)) return d;
    Dataset found = null;
    for (Node n : g.getChildren().values()) {
      if (n instanceof Dataset c && !n.getName().matches("dim\\d+") && Hdf5Arrays.numeric(c)) {
        if (found != null) return null;
        found = c;
      }
    }
    return found;
  }

  /** Offset and step from the dim vector (converted to the project's units); uncalibrated when unusable. */
  static Axis axis(String fn, Dataset dim, String name, int size, String rawUnit) {
    if (dim == null || !Hdf5Arrays.numeric(dim) || dim.getDimensions().length != 1 || Hdf5Arrays.count(dim, fn) < 2) {
      return Axis.pixels(name, size);
    }
    // only the first two values are needed: offset and step
    Pixels v = Hdf5Arrays.fromJava(firstTwo(dim, fn), Hdf5Arrays.pixelType(dim), 2, fn + ": " + dim.getPath());
    Units.Conversion u = Units.of(rawUnit);
    double offset = v.getDouble(0) * u.factor();
    double scale = (v.getDouble(1) - v.getDouble(0)) * u.factor();
    if (!Double.isFinite(offset) || !Double.isFinite(scale) || scale == 0) return Axis.pixels(name, size);
    return new Axis(name, size, offset, scale, u.unit());
  }

  /** The first two values of a 1-D dataset; a slice where jhdf supports one (compact layouts do not). */
  private static Object firstTwo(Dataset dim, String fn) {
    if (dim.getDataLayout() != io.jhdf.object.message.DataLayout.COMPACT) return dim.getData(new long[] {0}, new int[] {2});
    if (Hdf5Arrays.count(dim, fn) > 1 << 20) throw new BadInputException(fn + ": compact dim vector " + dim.getPath() + " is implausibly long");
    Object all = dim.getDataFlat();
    Object two = java.lang.reflect.Array.newInstance(all.getClass().getComponentType(), 2);
    System.arraycopy(all, 0, two, 0, 2);
    return two;
  }

  static String unique(String name, String path, Set<String> taken) {
    String n = taken.contains(name) ? path : name;
    int k = 2;
    String base = n;
    while (taken.contains(n)) n = base + "-" + k++;
    taken.add(n);
    return n;
  }
}
