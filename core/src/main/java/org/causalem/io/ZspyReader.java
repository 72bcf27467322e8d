package org.causalem.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.causalem.data.Axis;
import org.causalem.data.BadInputException;
import org.causalem.data.DataCube4D;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;
import org.causalem.data.Metadata;
import org.causalem.data.Pixels;
import org.causalem.numeric.Units;

/**
 * HyperSpy's {@code .zspy} (a zarr v2 store: a directory, a nested directory, or a zip file), in the layout of its
 * {@code .hspy}: {@code Experiments/<name>/data} with sibling groups {@code axis-i} (name, scale, offset, units,
 * navigate), {@code metadata} (title, signal type) and {@code original_metadata}, whose attributes become the
 * dataset's metadata tree. A zarr store without {@code Experiments} gives every array it holds. Ragged (object)
 * arrays, models and markers are listed under {@code not_read}. Arrays are read chunk by chunk into memory, up to
 * {@value #MAX_BYTES_TEXT}.
 */
final class ZspyReader implements FormatReader {
  static final String MAX_BYTES_TEXT = "1 GiB";
  private final long maxBytes;

  ZspyReader() { this(Hdf5Arrays.MAX_IN_MEMORY_BYTES); }

  /** @param maxBytes arrays larger than this are refused */
  ZspyReader(long maxBytes) { this.maxBytes = maxBytes; }

  @Override public String format() { return "zspy"; }

  /** A zip file named {@code .zspy} (a store directory is recognised by {@link Readers#sniff}). */
  @Override public boolean accepts(Path file, ByteBuffer head, long size) {
    boolean zip = head.limit() >= 4 && head.getInt(0) == 0x504B0304;
    return zip && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zspy");
  }

  @Override public DataFile read(Path file) throws IOException {
    try (ZarrStore store = ZarrStore.open(file)) {
      Map<String, Object> rootAttrs = ZarrArray.json(store, ".zattrs");
      if (store.get(".zgroup") == null) {
        throw new BadInputException(store.where(".zgroup") + ": missing; expected the root group of a zarr v2 store");
      }
      Map<String, Object> notRead = new LinkedHashMap<>();
      List<String> arrays = new ArrayList<>();
      walk(store, "", arrays);
      boolean hyperSpy = store.children("").contains("Experiments");
      List<Dataset> sets = new ArrayList<>();
      Set<String> names = new HashSet<>();
      try {
        for (String a : arrays) {
          boolean signal = !hyperSpy || (a.startsWith("Experiments/") && a.endsWith("/data") && a.split("/").length == 3);
          if (!signal) {
            notRead.put(a, "HyperSpy model, markers, learning-results or metadata array (not a signal)");
          } else {
            Dataset d = one(store, a, hyperSpy, names, notRead);
            if (d != null) sets.add(d);
          }
        }
      } catch (RuntimeException | IOException e) {
        Hdf5Shapes.close(sets);
        throw e;
      }
      Map<String, Object> tree = new LinkedHashMap<>(rootAttrs == null ? Map.of() : rootAttrs);
      Map<String, Object> summary = new LinkedHashMap<>();
      if (!notRead.isEmpty()) {
        summary.put("not_read", notRead);
        tree.put("not_read", notRead);
      }
      return new DataFile(file, "zspy", sets, new Metadata(summary, tree));
    }
  }

  /** Every array under {@code path}, depth first. */
  private static void walk(ZarrStore store, String path, List<String> arrays) throws IOException {
    for (String c : store.children(path)) {
      String p = ZarrStore.join(path, c);
      if (store.get(ZarrStore.join(p, ".zarray")) != null) arrays.add(p);
      else walk(store, p, arrays);
    }
  }

  /** One array with its HyperSpy axes and metadata, or null (noted in {@code notRead}) for a ragged one. */
  private Dataset one(ZarrStore store, String path, boolean hyperSpy, Set<String> names, Map<String, Object> notRead) throws IOException {
    String parent = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
    Map<String, Object> zarray = ZarrArray.json(store, ZarrStore.join(path, ".zarray"));
    if (String.valueOf(zarray.get("dtype")).contains("O")) {
      notRead.put(path, "ragged (object) array: not read");
      return null;
    }
    ZarrArray a = ZarrArray.open(store, path);
    int rank = a.shape().length;
    if (rank == 0) {
      notRead.put(path, "a single value (0-D array): not a dataset");
      return null;
    }
    for (long v : a.shape()) {
      if (v > Integer.MAX_VALUE) throw new BadInputException(store.where(path) + ": a side of " + v + "; at most 2^31-1 is read");
    }
    List<Axis> axes = new ArrayList<>();
    List<String> fileNames = new ArrayList<>();
    boolean navigateKnown = hyperSpy && rank > 0;
    boolean[] navigate = new boolean[rank];
    for (int i = 0; i < rank; i++) {
      Map<String, Object> ax = hyperSpy ? ZarrArray.json(store, ZarrStore.join(parent, "axis-" + i + "/.zattrs")) : null;
      String axName = text(ax, "name");
      fileNames.add(axName == null ? "dim" + i : axName);
      axes.add(axis(ax, fileNames.get(i), (int) a.shape()[i]));
      Object nav = ax == null ? null : ax.get("navigate");
      navigateKnown &= nav instanceof Boolean;
      navigate[i] = Boolean.TRUE.equals(nav);
    }
    boolean spectral = navigateKnown && !navigate[rank - 1];
    for (int i = 0; i < rank - 1; i++) spectral &= navigate[i];
    List<Axis> named = Hdf5Shapes.named(axes, fileNames, spectral);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put(Metadata.TITLE, path);
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("path", path);
    String base = path.endsWith("/data") && parent.contains("/") ? parent.substring(parent.lastIndexOf('/') + 1) : path.replace('/', '_');
    if (hyperSpy) base = hyperSpyMetadata(store, parent, base, summary, tree);
    String name = EmdBerkeley.unique(base, path, names);
    Pixels p = a.read(store, maxBytes);
    Metadata md = new Metadata(summary, tree).withSummary("storage", "in-memory");
    if (named.size() == 4) return DataCube4D.inMemory(name, p, named.get(0), named.get(1), named.get(2), named.get(3), md);
    if (spectral && named.size() == 2) {
      Axis signal = named.get(1).withName(named.get(1).unit().equals("nm") ? Hdf5Shapes.SPECTRAL_WAVELENGTH : "energy");
      return new org.causalem.data.SpectrumImage(name, p, Axis.pixels("y", 1), named.get(0).withName("x"), signal, md);
    }
    return Hdf5Shapes.make(name, p, named, md);
  }

  /** A string attribute; HyperSpy writes None as "_None_", read as absent. */
  private static String text(Map<String, Object> attrs, String key) {
    Object v = attrs == null ? null : attrs.get(key);
    if (!(v instanceof String s) || s.equals("_None_") || s.isBlank()) return null;
    return s.strip();
  }

  /** A HyperSpy axis' calibration; uncalibrated without units. */
  private static Axis axis(Map<String, Object> ax, String name, int size) {
    String units = text(ax, "units");
    if (units == null) return Axis.pixels(name, size);
    Units.Conversion u = Units.of(units);
    double scale = number(ax.get("scale")) * u.factor();
    double offset = number(ax.get("offset")) * u.factor();
    if (u.unit().equals("px") || !Double.isFinite(scale) || scale == 0) return Axis.pixels(name, size);
    return new Axis(name, size, Double.isFinite(offset) ? offset : 0, scale, u.unit());
  }

  private static double number(Object v) { return v instanceof Number n ? n.doubleValue() : Double.NaN; }

  /**
   * Puts the signal's title and type into {@code summary} and its metadata and original_metadata trees into
   * {@code tree}; returns the title, or {@code fallback}.
   */
  private static String hyperSpyMetadata(ZarrStore store, String signal, String fallback, Map<String, Object> summary,
                                         Map<String, Object> tree) throws IOException {
    tree.put("metadata", attributes(store, ZarrStore.join(signal, "metadata")));
    tree.put("original_metadata", attributes(store, ZarrStore.join(signal, "original_metadata")));
    String title = text(ZarrArray.json(store, ZarrStore.join(signal, "metadata/General/.zattrs")), "title");
    String type = text(ZarrArray.json(store, ZarrStore.join(signal, "metadata/Signal/.zattrs")), "signal_type");
    if (type != null) {
      String u = type.toUpperCase(Locale.ROOT);
      summary.put(Metadata.SIGNAL, u.startsWith("EELS") ? Metadata.SIGNAL_EELS : u.startsWith("EDS") ? Metadata.SIGNAL_EDS : type);
    }
    if (title == null) return fallback;
    summary.put(Metadata.TITLE, title);
    return title;
  }

  /** A group's attributes with its sub-groups' nested under their names (arrays are not read). */
  private static Map<String, Object> attributes(ZarrStore store, String group) throws IOException {
    Map<String, Object> attrs = ZarrArray.json(store, ZarrStore.join(group, ".zattrs"));
    Map<String, Object> out = new LinkedHashMap<>(attrs == null ? Map.of() : attrs);
    for (String c : store.children(group)) {
      String p = ZarrStore.join(group, c);
      if (store.get(ZarrStore.join(p, ".zgroup")) != null) out.put(c, attributes(store, p));
    }
    return out;
  }

  /** Whether {@code dir} is a zarr store directory (then read by this reader). */
  static boolean isStore(Path dir) { return Files.isDirectory(dir) && ZarrStore.isStore(dir); }
}
