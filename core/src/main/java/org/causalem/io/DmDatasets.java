package org.causalem.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.causalem.data.Axis;
import org.causalem.data.BadInputException;
import org.causalem.data.DataCube4D;
import org.causalem.data.Dataset;
import org.causalem.data.Image;
import org.causalem.data.MappedFrames;
import org.causalem.data.ImageStack;
import org.causalem.data.Metadata;
import org.causalem.data.NdArray;
import org.causalem.data.PixelType;
import org.causalem.data.Pixels;
import org.causalem.data.Spectrum;
import org.causalem.data.SpectrumImage;

/**
 * Turns the entries of a DM file's {@code ImageList} into datasets.
 *
 * <p>DM lists dimensions fastest first ({@code Dimensions.0} is x); datasets list them slowest first.
 * Dimensions of size 1 are dropped. An energy axis (eV) makes a spectrum (1-D), a line spectrum image
 * (2-D, height 1) or a spectrum image (3-D); so does a spectral axis in any unit when the tags say
 * {@code "Meta Data".Format} "Spectrum image" or "Spectrum" (a CL wavelength in nm becomes a
 * {@code wavelength} axis, never a spatial one). DM stores a spectrum image with energy slowest, so its
 * bytes are reordered to (y, x, energy) with each spectrum contiguous. Otherwise 2-D is an image, 3-D a
 * stack (frame, y, x) and 4-D a 4D-STEM cube (ry, rx, qy, qx). Colour images become arrays with a
 * trailing {@code channel} axis. The thumbnail DM keeps of each document is skipped.
 */
final class DmDatasets {
  private DmDatasets() {}

  static List<Dataset> read(Path source, DmInput in, DmTagParser.TagFile file) throws IOException {
    Object list = file.root().get("ImageList");
    if (list == null) return List.of();
    if (!(list instanceof Map<?, ?> images)) {
      throw new BadInputException(in.name() + ": ImageList is a " + describe(list) + "; expected a tag group");
    }
    Set<Integer> thumbnails = thumbnailIndices(file.root(), images);
    List<Dataset> out = new ArrayList<>();
    try {
      Set<String> names = new HashSet<>();
      int i = -1;
      for (Map.Entry<?, ?> e : images.entrySet()) {
        i++;
        if (thumbnails.contains(i)) continue;
        String path = "ImageList." + DmTagParser.printable(String.valueOf(e.getKey()));
        if (!(e.getValue() instanceof Map<?, ?> entry)) {
          throw new BadInputException(in.name() + ": " + path + " is a " + describe(e.getValue()) + "; expected a tag group");
        }
        String base = entry.get("Name") instanceof String s && !s.isBlank() ? s.strip() : "image " + i;
        String name = base;
        for (int k = 2; !names.add(name); k++) name = base + " (" + k + ")";
        out.add(dataset(source, in, file, path, entry, name));
      }
    } catch (IOException | RuntimeException e) {
      for (Dataset d : out) if (d instanceof DataCube4D cube) cube.close();
      throw e;
    }
    return out;
  }

  /**
   * Which ImageList positions are thumbnails: those the root {@code Thumbnails} group names; without
   * that group, a first entry that is a colour image with no tags, when other entries follow.
   */
  private static Set<Integer> thumbnailIndices(Map<String, Object> root, Map<?, ?> images) {
    Set<Integer> out = new HashSet<>();
    if (root.get("Thumbnails") instanceof Map<?, ?> thumbs) {
      for (Object t : thumbs.values()) {
        if (t instanceof Map<?, ?> m && m.get("ImageIndex") instanceof Number n) out.add(n.intValue());
      }
      return out;
    }
    if (images.size() > 1 && images.values().iterator().next() instanceof Map<?, ?> first
        && first.get("ImageData") instanceof Map<?, ?> data && data.get("DataType") instanceof Number code) {
      DmDataType t = DmDataType.of(code.longValue());
      boolean noTags = !(first.get("ImageTags") instanceof Map<?, ?> tags) || tags.isEmpty();
      if (t != null && t.colour() && noTags) out.add(0);
    }
    return out;
  }

  private static Dataset dataset(Path source, DmInput in, DmTagParser.TagFile file, String path, Map<?, ?> entry,
                                 String name) throws IOException {
    String where = in.name() + ": " + path;
    if (!(entry.get("ImageData") instanceof Map<?, ?> data)) {
      throw new BadInputException(where + " has no ImageData group");
    }
    DmImageData image = DmImageData.of(where, data);
    DmArray raw = image.raw();
    DmDataType type = image.type();
    int[] dims = image.dims();
    String what = "image data of " + path;
    DmCalibration[] cal = DmImageData.calibrations(data, dims.length);
    // drop dimensions of size 1 (a spectrum stored as 2048×1), keeping at least one
    List<Integer> kept = new ArrayList<>();
    for (int k = 0; k < dims.length; k++) if (dims[k] > 1) kept.add(k);
    if (kept.isEmpty()) kept.add(0);
    int n = kept.size();
    int[] size = new int[n];
    DmCalibration[] c = new DmCalibration[n];
    boolean reciprocal = false;
    for (int j = 0; j < n; j++) {
      size[j] = dims[kept.get(j)];
      c[j] = cal[kept.get(j)];
      reciprocal |= c[j].isReciprocal();
    }
    Map<String, Object> summary = DmSummary.of(entry, reciprocal);
    Metadata md = new Metadata(summary, DmTree.plain(entry));

    if (type.colour() || type.packedComplex()) {
      if (type.packedComplex()) md = md.withSummary("packing", "DM packed complex (half-plane FFT, float32 values)");
      ByteBuffer bytes = in.bulk(raw.offset(), raw.byteLength(), file.byteOrder(), what);
      return colourOrPacked(name, bytes, type, image.channels(), size, c, md);
    }
    PixelType pt = type.pixelType();
    if (type.halfPlane()) return halfPlane(name, in.bulk(raw.offset(), raw.byteLength(), file.byteOrder(), what), type, dims, md);
    if (n == 4) return cube(source, in, file, raw, what, name, pt, size, c, md);
    ByteBuffer bytes = in.bulk(raw.offset(), raw.byteLength(), file.byteOrder(), what);
    int spectral = spectralIndex(c, spectralFormat(entry), kept, dims.length);
    return scalar(name, pt, bytes, image.count(), kept, size, c, md, spectral);
  }

  /**
   * What the entry's tags say it is: {@code ImageTags."Meta Data".Format} "Spectrum image" or
   * "Spectrum" (or Orsay's {@code spim} group) returns that format, anything else null.
   */
  private static String spectralFormat(Map<?, ?> entry) {
    if (!(entry.get("ImageTags") instanceof Map<?, ?> tags)) return null;
    if (tags.get("spim") instanceof Map<?, ?>) return "Spectrum image";
    if (tags.get("Meta Data") instanceof Map<?, ?> meta && meta.get("Format") instanceof String f
        && (f.strip().equalsIgnoreCase("Spectrum image") || f.strip().equalsIgnoreCase("Spectrum"))) {
      return f.strip();
    }
    return null;
  }

  /**
   * The index among the kept dimensions {@code c} of the spectral one: the last in an energy unit; else,
   * when the tags say the entry is a spectrum (image), the one DM stores it in (in a 3-D spectrum image
   * the slowest, in 1-D and 2-D the fastest of the file's {@code rank} dimensions), whatever its unit (a
   * CL wavelength in nm); else -1.
   */
  static int spectralIndex(DmCalibration[] c, String format, List<Integer> kept, int rank) {
    for (int j = c.length - 1; j >= 0; j--) if (c[j].isEnergy()) return j;
    if (format == null || rank > 3) return -1;
    return kept.indexOf(rank == 3 ? 2 : 0);
  }

  /** {@code energy}, or {@code wavelength} for a spectral axis in a length unit (light, as in CL). */
  private static String spectralName(DmCalibration c) {
    return c.quantity() == org.causalem.numeric.Units.Quantity.LENGTH ? Hdf5Shapes.SPECTRAL_WAVELENGTH : "energy";
  }

  /** A dataset of scalar pixels, by its dimensions (size 1 dropped; {@code kept} are their DM indices). */
  private static Dataset scalar(String name, PixelType pt, ByteBuffer bytes, long count, List<Integer> kept,
                                int[] size, DmCalibration[] c, Metadata md, int energy) {
    int n = size.length;

    if (n == 1) {
      Pixels px = Pixels.ofBytes(pt, bytes, count);
      if (energy == 0) return new Spectrum(name, px, c[0].toAxis(spectralName(c[0]), size[0]), md);
      String axis = kept.get(0) == 0 ? "x" : kept.get(0) == 1 ? "y" : "dim" + kept.get(0);
      return new NdArray(name, px, List.of(c[0].toAxis(axis, size[0])), md);
    }
    if (n == 2) {
      if (energy >= 0) {
        int other = 1 - energy;
        ByteBuffer b = DmLayout.isStored(new int[] {other, energy}) ? bytes
            : DmLayout.permute(bytes, size, new int[] {other, energy}, pt.bytes());
        return new SpectrumImage(name, Pixels.ofBytes(pt, b, count), Axis.pixels("y", 1),
            c[other].toAxis("x", size[other]), c[energy].toAxis(spectralName(c[energy]), size[energy]), md);
      }
      return new Image(name, Pixels.ofBytes(pt, bytes, count), c[1].toAxis("y", size[1]), c[0].toAxis("x", size[0]), md);
    }
    if (n == 3) {
      if (energy >= 0) {
        int x = energy == 0 ? 1 : 0;
        int y = energy == 2 ? 1 : 2;
        int[] order = {y, x, energy};
        ByteBuffer b = DmLayout.isStored(order) ? bytes : DmLayout.permute(bytes, size, order, pt.bytes());
        return new SpectrumImage(name, Pixels.ofBytes(pt, b, count), c[y].toAxis("y", size[y]),
            c[x].toAxis("x", size[x]), c[energy].toAxis(spectralName(c[energy]), size[energy]), md);
      }
      Axis frame = c[2].toAxis("frame", size[2]);
      double[] times = null;
      if (frame.unit().equals("s")) {
        times = new double[frame.size()];
        for (int k = 0; k < times.length; k++) times[k] = k * frame.scale();
      }
      return new ImageStack(name, Pixels.ofBytes(pt, bytes, count), frame, c[1].toAxis("y", size[1]),
          c[0].toAxis("x", size[0]), times, null, md);
    }
    List<Axis> axes = new ArrayList<>();
    for (int j = n - 1; j >= 0; j--) axes.add(c[j].toAxis("dim" + kept.get(j), size[j]));
    return new NdArray(name, Pixels.ofBytes(pt, bytes, count), axes, md);
  }

  /**
   * A 4-D dataset as a 4D-STEM cube (ry, rx, qy, qx). When the detector dimensions are stored fastest
   * (DM's usual layout), the frames are memory-mapped from the file, never loaded whole; when the
   * calibrations show the scan dimensions fastest, the data are loaded and reordered.
   */
  private static Dataset cube(Path source, DmInput in, DmTagParser.TagFile file, DmArray raw, String what, String name,
                              PixelType pt, int[] size, DmCalibration[] c, Metadata md) throws IOException {
    boolean scanFastest = (c[2].isReciprocal() || c[3].isReciprocal()) && !c[0].isReciprocal() && !c[1].isReciprocal();
    int[] order = scanFastest ? new int[] {1, 0, 3, 2} : new int[] {3, 2, 1, 0};
    Axis ry = c[order[0]].toAxis("ry", size[order[0]]);
    Axis rx = c[order[1]].toAxis("rx", size[order[1]]);
    Axis qy = c[order[2]].toAxis("qy", size[order[2]]);
    Axis qx = c[order[3]].toAxis("qx", size[order[3]]);
    long frameValues = (long) qy.size() * qx.size();
    if (!scanFastest && frameValues * pt.bytes() <= Integer.MAX_VALUE) {
      long count = (long) ry.size() * rx.size();
      MappedFrames frames = new MappedFrames(source, raw.offset(), frameValues * pt.bytes(), count,
          (int) frameValues, pt, file.byteOrder());
      return new DataCube4D(name, ry, rx, qy, qx, pt, md, frames);
    }
    ByteBuffer bytes = in.bulk(raw.offset(), raw.byteLength(), file.byteOrder(), what);
    ByteBuffer b = DmLayout.isStored(order) ? bytes : DmLayout.permute(bytes, size, order, pt.bytes());
    return DataCube4D.inMemory(name, Pixels.ofBytes(pt, b, raw.byteLength() / pt.bytes()), ry, rx, qy, qx, md);
  }

  /**
   * A packed complex FFT (DataType 27/28) as stored: the H × (W/2 + 1) half-plane of the FFT of a real
   * W-wide image, in pixel axes, with a note; the other half (complex conjugates) is not made up, nor the
   * order of the stored rows and columns assumed.
   */
  private static Dataset halfPlane(String name, ByteBuffer bytes, DmDataType type, int[] dims, Metadata md) {
    long rows = 1;
    for (int k = 1; k < dims.length; k++) rows *= dims[k];
    int stored = type.storedWidth(dims[0]);
    String note = "DM packed complex FFT (DataType " + type.code() + ") of a " + DmImageData.text(dims) + " real image: its "
        + rows + " × " + stored + " stored half-plane (the other columns are the complex conjugates), read as stored, not unpacked";
    List<Axis> axes = List.of(Axis.pixels("row", (int) rows), Axis.pixels("column", stored));
    return new NdArray(name, Pixels.ofBytes(type.pixelType(), bytes, rows * stored), axes, md.withNote(note));
  }

  private static Dataset colourOrPacked(String name, ByteBuffer bytes, DmDataType type, int channels, int[] size,
                                        DmCalibration[] c, Metadata md) {
    int n = size.length;
    List<Axis> axes = new ArrayList<>();
    String[] names = n == 1 ? new String[] {"x"} : n == 2 ? new String[] {"x", "y"} : n == 3
        ? new String[] {"x", "y", "frame"} : null;
    for (int j = n - 1; j >= 0; j--) axes.add(c[j].toAxis(names != null ? names[j] : "dim" + j, size[j]));
    long values = 1;
    for (int s : size) values *= s;
    if (type.colour()) {
      axes.add(Axis.pixels("channel", channels));
      values *= channels;
    }
    return new NdArray(name, Pixels.ofBytes(type.pixelType(), bytes, values), axes, md);
  }

  static String describe(Object v) {
    if (v == null) return "missing";
    if (v instanceof DmArray a) return a.describe();
    if (v instanceof Map<?, ?>) return "tag group";
    if (v instanceof List<?> l) return "list of " + l.size();
    if (v instanceof Number) return String.valueOf(v);
    return v.getClass().getSimpleName() + " " + DmTagParser.printable(String.valueOf(v));
  }
}
