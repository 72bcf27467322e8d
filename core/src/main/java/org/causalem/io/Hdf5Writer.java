package org.causalem.io;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.causalem.data.Axis;
import org.causalem.data.Image;
import org.causalem.table.DescriptorTable;

/**
 * Writes maps and tables to one HDF5 file (jhdf), atomically (a temporary sibling moved into place).
 *
 * <p>Layout, readable with h5py: {@code /maps/<name>} float32 (y, x) with attributes {@code y_offset,
 * y_scale, y_unit, x_offset, x_scale, x_unit}; {@code /tables/<name>/<column>} float64 vectors (NaN =
 * missing) with attribute {@code unit}, and the group attribute {@code columns} listing the column
 * order. The root carries {@code creator = "CausalEM"}.
 */
public final class Hdf5Writer {
  private Hdf5Writer() {}

  /**
   * @param maps written as float32 under {@code /maps}, named by {@link Image#name()} (unique, no '/')
   * @param tables written under {@code /tables/<key>} (keys unique, no '/')
   * @throws IllegalArgumentException for duplicate or invalid names
   */
  public static void write(Path file, List<Image> maps, Map<String, DescriptorTable> tables) throws IOException {
    Objects.requireNonNull(maps, "maps");
    Objects.requireNonNull(tables, "tables");
    Set<String> seen = new HashSet<>();
    for (Image m : maps) {
      checkName(m.name(), "map");
      if (!seen.add(m.name())) throw new IllegalArgumentException("duplicate map name '" + m.name() + "'");
    }
    for (Map.Entry<String, DescriptorTable> t : tables.entrySet()) {
      checkName(t.getKey(), "table");
      if (t.getValue().width() == 0) throw new IllegalArgumentException("table '" + t.getKey() + "' has no columns");
      for (String c : t.getValue().names()) checkName(c, "column of table " + t.getKey());
    }
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir != null) Files.createDirectories(dir);
    Path tmp = AtomicFiles.temporarySibling(abs); // created by the writer with the umask's permissions
    try {
      try (WritableHdfFile h = HdfFile.write(tmp)) {
        h.putAttribute("creator", "CausalEM");
        if (!maps.isEmpty()) {
          WritableGroup g = h.putGroup("maps");
          for (Image m : maps) writeMap(g, m);
        }
        if (!tables.isEmpty()) {
          WritableGroup g = h.putGroup("tables");
          for (Map.Entry<String, DescriptorTable> t : tables.entrySet()) writeTable(g.putGroup(t.getKey()), t.getValue());
        }
      } catch (RuntimeException e) {
        throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
      }
      AtomicFiles.moveIntoPlace(tmp, abs);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void checkName(String name, String what) {
    if (name == null || name.isEmpty() || name.contains("/") || name.equals(".")) {
      throw new IllegalArgumentException(what + " name must be non-empty without '/', got '" + name + "'");
    }
  }

  private static void writeMap(WritableGroup g, Image m) {
    int h = m.height();
    int w = m.width();
    float[][] rows = new float[h][w];
    for (int r = 0; r < h; r++) m.pixels().copyFloats((long) r * w, rows[r], 0, w);
    WritableDataset d = g.putDataset(m.name(), rows);
    axisAttributes(d, "y", m.y());
    axisAttributes(d, "x", m.x());
  }

  private static void axisAttributes(WritableDataset d, String prefix, Axis a) {
    d.putAttribute(prefix + "_offset", a.offset());
    d.putAttribute(prefix + "_scale", a.scale());
    d.putAttribute(prefix + "_unit", a.unit());
  }

  private static void writeTable(WritableGroup g, DescriptorTable t) {
    g.putAttribute("columns", t.names().toArray(new String[0]));
    g.putAttribute("rows", t.rows());
    for (int j = 0; j < t.width(); j++) {
      WritableDataset d = g.putDataset(t.names().get(j), t.columns()[j].clone());
      d.putAttribute("unit", t.units().get(j));
    }
  }
}
