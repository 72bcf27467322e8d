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
import org.causalem.data.Metadata;
import org.causalem.data.PixelType;
import org.causalem.data.Pixels;
import org.causalem.data.SpectrumImage;
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
    Set<Dataset> signals = hyperSpySignals(f);
    String linkNote = externalLinks(f, notRead);
    try {
      for (Dataset d : Hdf5Tree.datasets(f)) {
        if (signals != null && !signals.contains(d)) {
          notRead.put(d.getPath(), "HyperSpy metadata, model or learning-results array (not a signal)");
          continue;
        }
        if (!Hdf5Arrays.numeric(d)) {
          if (signals != null) notRead.put(d.getPath(), describe(d) + ": not a plain number type (a colour or compound signal); not read");
          continue;
        }
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
        out.add(one(file, fileSize, d, dims, signals != null, names, linkNote, maxInMemoryBytes, mapAboveBytes));
      }
    } catch (RuntimeException | IOException e) {
      Hdf5Shapes.close(out);
      throw e;
    }
    return out;
  }

  /** One array with the axes of its HyperSpy-style sibling {@code axis-i} groups (pixels where there are none). */
  private static org.causalem.data.Dataset one(Path file, long fileSize, Dataset d, long[] dims, boolean hyperSpy, Set<String> names,
                                               String linkNote, long maxInMemoryBytes, long mapAboveBytes) throws IOException {
    List<Axis> axes = new ArrayList<>();
    List<String> fileNames = new ArrayList<>();
    boolean[] navigate = new boolean[dims.length];
    boolean navigateKnown = hyperSpy;
    Group parent = d.getParent();
    for (int i = 0; i < dims.length; i++) {
      Group ax = parent == null ? null : Hdf5Tree.group(parent, "axis-" + i);
      String axName = ax == null ? "dim" + i : Hdf5Arrays.string(ax, "name", "dim" + i);
      fileNames.add(axName);
      axes.add(axis(ax, axName, (int) dims[i]));
      Boolean nav = ax == null ? null : Hdf5Arrays.flag(ax, "navigate");
      navigateKnown &= nav != null;
      navigate[i] = Boolean.TRUE.equals(nav);
    }
    // HyperSpy: navigation axes first, one signal axis last, is a spectrum (image); else the last axis in eV says so
    boolean spectral = navigateKnown && !navigate[dims.length - 1];
    for (int i = 0; i < dims.length - 1; i++) spectral &= navigate[i];
    List<Axis> named = Hdf5Shapes.named(axes, fileNames, spectral);
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("path", d.getPath());
    tree.put("attributes", Hdf5Arrays.attributes(d));
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put(Metadata.TITLE, d.getPath());
    String base = d.getName().equals("data") && parent != null && parent.getParent() != null ? parent.getName() : d.getName();
    if (hyperSpy && parent != null) base = hyperSpyMetadata(parent, base, summary);
    String name = EmdBerkeley.unique(base, d.getPath(), names);
    Metadata md = new Metadata(summary, tree).withNote(linkNote);
    if (spectral && named.size() == 2) {
      Pixels p = Hdf5Arrays.readOrMap(d, file, fileSize, mapAboveBytes);
      return new SpectrumImage(name, p, Axis.pixels("y", 1), named.get(0).withName("x"), named.get(1), md);
    }
    return Hdf5Shapes.open(file, fileSize, d, name, named, md, maxInMemoryBytes, mapAboveBytes);
  }

  /**
   * The signal arrays of a file in HyperSpy's own layout (root attribute {@code file_format = HyperSpy},
   * {@code /Experiments/<name>/data}), or null for any other file.
   */
  private static Set<Dataset> hyperSpySignals(HdfFile f) {
    Group experiments = Hdf5Tree.group(f, "Experiments");
    if (experiments == null || !"HyperSpy".equalsIgnoreCase(Hdf5Arrays.string(f, "file_format"))) return null;
    Set<Dataset> out = new HashSet<>();
    for (Node n : Hdf5Tree.children(experiments).values()) {
      Dataset data = n instanceof Group g ? Hdf5Tree.dataset(g, "data") : null;
      if (data != null) out.add(data);
    }
    return out;
  }

  /**
   * Puts what a HyperSpy signal's {@code metadata} group states (title, signal type) into {@code summary};
   * returns the title, or {@code fallback} when it has none.
   */
  private static String hyperSpyMetadata(Group signal, String fallback, Map<String, Object> summary) {
    Group md = Hdf5Tree.group(signal, "metadata");
    Group general = md == null ? null : Hdf5Tree.group(md, "General");
    Group sig = md == null ? null : Hdf5Tree.group(md, "Signal");
    String title = general == null ? null : Hdf5Arrays.string(general, "title");
    String type = sig == null ? null : Hdf5Arrays.string(sig, "signal_type");
    if (type != null && !type.isBlank()) {
      String u = type.toUpperCase(java.util.Locale.ROOT);
      summary.put(Metadata.SIGNAL, u.startsWith("EELS") ? Metadata.SIGNAL_EELS : u.startsWith("EDS") ? Metadata.SIGNAL_EDS : type.strip());
    }
    if (title == null || title.isBlank()) return fallback;
    summary.put(Metadata.TITLE, title.strip());
    return title.strip();
  }

  private static String describe(Dataset d) {
    StringBuilder sb = new StringBuilder();
    for (long v : d.getDimensionsAsLong()) sb.append(sb.length() == 0 ? "" : "×").append(v);
    return sb + " " + d.getJavaType().getSimpleName();
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
