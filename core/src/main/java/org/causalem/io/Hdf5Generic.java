package org.causalem.io;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.causalem.data.Axis;
import org.causalem.data.Metadata;
import org.causalem.data.PixelType;
import org.causalem.numeric.Units;

/**
 * Any other HDF5 file: every numeric dataset, as an image (2-D), stack (3-D, or spectrum image when
 * its last axis is in eV), 4-D cube, or n-D array. Axes come from HyperSpy-style sibling groups
 * {@code axis-0, axis-1, ...} (scale, offset, units, name) when present, else pixels.
 */
final class Hdf5Generic {
  private Hdf5Generic() {}

  static List<org.causalem.data.Dataset> read(Path file, long fileSize, HdfFile f, long maxInMemoryBytes, long mapAboveBytes,
                                              Map<String, Object> notRead) throws IOException {
    String fn = file.getFileName().toString();
    List<org.causalem.data.Dataset> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    String linkNote = externalLinks(f, notRead);
    try {
      for (Dataset d : Hdf5Tree.datasets(f)) {
        if (!Hdf5Arrays.numeric(d)) continue;
        long[] dims = d.getDimensionsAsLong();
        boolean tooLong = false;
        for (long v : dims) tooLong |= v > Integer.MAX_VALUE;
        PixelType type = Hdf5Arrays.pixelType(d);
        long bytes = Hdf5Arrays.count(d, fn) * type.bytes();
        boolean mappable = d instanceof io.jhdf.api.dataset.ContiguousDataset && d.getFilters().isEmpty() && bytes <= Integer.MAX_VALUE;
        if (tooLong || (dims.length != 4 && bytes > Hdf5Arrays.MAX_IN_MEMORY_BYTES && !mappable)) {
          notRead.put(d.getPath(), bytes + " bytes: too large to load (only 4-D cubes and contiguous arrays up to 2 GiB are not loaded whole)");
          continue;
        }
        List<Axis> axes = new ArrayList<>();
        List<String> fileNames = new ArrayList<>();
        Group parent = d.getParent();
        for (int i = 0; i < dims.length; i++) {
          Group ax = parent == null ? null : Hdf5Tree.group(parent, "axis-" + i);
          String axName = ax == null ? "dim" + i : Hdf5Arrays.string(ax, "name", "dim" + i);
          fileNames.add(axName);
          axes.add(axis(ax, axName, (int) dims[i]));
        }
        List<Axis> named = Hdf5Shapes.named(axes, fileNames);
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("path", d.getPath());
        tree.put("attributes", Hdf5Arrays.attributes(d));
        String base = d.getName().equals("data") && parent != null && parent.getParent() != null ? parent.getName() : d.getName();
        String name = EmdBerkeley.unique(base, d.getPath(), names);
        Metadata md = new Metadata(Map.of(Metadata.TITLE, d.getPath()), tree).withNote(linkNote);
        out.add(Hdf5Shapes.open(file, fileSize, d, name, named, md, maxInMemoryBytes, mapAboveBytes));
      }
    } catch (RuntimeException | IOException e) {
      Hdf5Shapes.close(out);
      throw e;
    }
    return out;
  }

  /**
   * Lists the external links (e.g. a Dectris Arina/Eiger {@code _master.h5} pointing at its data files) in
   * {@code notRead}; returns a note for every dataset of the file, or null when there are none.
   */
  private static String externalLinks(HdfFile f, Map<String, Object> notRead) {
    List<io.jhdf.api.Node> links = Hdf5Tree.externalLinks(f);
    for (io.jhdf.api.Node l : links) {
      notRead.put(l.getPath(), "external link to " + ((io.jhdf.api.Link) l).getTargetPath() + ": not followed");
    }
    if (links.isEmpty()) return null;
    return links.size() + " external link" + (links.size() == 1 ? "" : "s") + " not followed (" + links.get(0).getPath() + " → "
        + ((io.jhdf.api.Link) links.get(0)).getTargetPath() + (links.size() > 1 ? ", …" : "")
        + "): data stored in other files is not among this file's datasets; open those files to read it";
  }

  /** A HyperSpy axis group's calibration; uncalibrated without units (a scale without a unit means nothing). */
  private static Axis axis(Group ax, String name, int size) {
    if (ax == null) return Axis.pixels(name, size);
    String units = Hdf5Arrays.string(ax, "units");
    Units.Conversion u = Units.of(units);
    double scale = Hdf5Arrays.number(ax, "scale") * u.factor();
    double offset = Hdf5Arrays.number(ax, "offset") * u.factor();
    if (u.unit().equals("px") || !Double.isFinite(scale) || scale == 0) return Axis.pixels(name, size);
    return new Axis(name, size, Double.isFinite(offset) ? offset : 0, scale, u.unit());
  }
}
