package org.causalem.io;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.causalem.data.Axis;
import org.causalem.data.BadInputException;
import org.causalem.data.DataCube4D;
import org.causalem.data.Dataset;
import org.causalem.data.Image;
import org.causalem.data.ImageStack;
import org.causalem.data.Metadata;
import org.causalem.data.NdArray;
import org.causalem.data.Pixels;
import org.causalem.data.Spectrum;
import org.causalem.data.SpectrumImage;
import org.causalem.numeric.Units;

/**
 * The axes of a Panta Rhei array, as RosettaSciIO reads them. Panta Rhei lists {@code content.types} and
 * {@code device.calib} fastest axis first (image order); without content types a {@code Stack}/{@code 3D} file is
 * (x, y, index) and a {@code 1D} file (x, plot index). Index axes of size 1 are dropped; navigation axes (ScanY, ScanX,
 * Index, PlotIndex) come first, then CameraY, CameraX, Pixel, Energy, then unnamed axes; an EELS energy axis is
 * reversed (Panta Rhei stores it high to low). Calibration: step = {@code value} × {@code pixel_factor}, origin =
 * {@code offset} × {@code value}, in the unit given (m → nm, eV …). The kind follows the labels: two image axes →
 * image, index + two → stack, ScanY ScanX + two → 4-D cube, Energy → spectrum, ScanY ScanX Energy → spectrum image,
 * anything else an n-d array named by the labels.
 */
final class PrzAxes {
  private static final List<String> ORDER = List.of("ScanY", "ScanX", "Index", "PlotIndex", "CameraY", "CameraX", "Pixel", "Energy", "*");

  private PrzAxes() {}

  static Dataset arrange(String stem, NpyReader.Loaded raw, Map<String, Object> meta, Metadata md, String file) {
    int n = raw.shape().length;
    List<String> content = contentTypes(meta, n, file);
    List<Object> calib = new ArrayList<>();
    for (int k = 0; k < n; k++) calib.add(meta.get("device.calib") instanceof List<?> l && k < l.size() ? l.get(k) : null);
    Collections.reverse(content);
    Collections.reverse(calib);
    List<Integer> kept = new ArrayList<>();
    for (int k = 0; k < n; k++) if (!(raw.shape()[k] == 1 && content.get(k) != null && content.get(k).contains("Index"))) kept.add(k);
    kept.sort(Comparator.comparingInt(k -> content.get(k) != null && ORDER.contains(content.get(k)) ? ORDER.indexOf(content.get(k)) : ORDER.size()));
    List<String> labels = labels(kept, content);
    boolean eels = "EELS".equals(meta.get("filter.mode"));
    int[] perm = new int[kept.size()];
    boolean[] flip = new boolean[kept.size()];
    List<Axis> axes = new ArrayList<>();
    for (int i = 0; i < perm.length; i++) {
      perm[i] = kept.get(i);
      flip[i] = eels && labels.get(i).equals("Energy");
      axes.add(axis(labels.get(i), (int) raw.shape()[perm[i]], calib.get(perm[i]), flip[i]));
    }
    Pixels p = permute(raw.pixels(), raw.shape(), perm, flip);
    for (boolean f : flip) {
      if (f) {
        md = md.withNote("EELS energy axis reversed and its origin negated as RosettaSciIO does for Panta Rhei "
            + "(which stores it high to low); not yet checked on a real Panta Rhei EELS file");
      }
    }
    return kind(stem, p, labels, axes, md, eels);
  }

  private static List<String> contentTypes(Map<String, Object> meta, int n, String file) {
    Object type = meta.get("type");
    List<String> c = new ArrayList<>();
    if (meta.get("content.types") instanceof List<?> l) {
      for (Object o : l) c.add(o instanceof String s ? s : null);
      if ("1D".equals(type) && c.size() == 1 && n == 2) c = new ArrayList<>(Arrays.asList(null, "PlotIndex"));
      else if ("1D".equals(type) && c.size() == 2 && n == 3) c = new ArrayList<>(Arrays.asList(null, "PlotIndex", "Index"));
    } else if ("Stack".equals(type) || "3D".equals(type)) {
      c = new ArrayList<>(Arrays.asList(null, null, "Index"));
    } else if ("1D".equals(type)) {
      c = new ArrayList<>(n == 3 ? Arrays.asList(null, "PlotIndex", "Index") : Arrays.asList(null, "PlotIndex"));
    } else {
      for (int k = 0; k < n; k++) c.add(k >= 2 ? "Index" : null);
    }
    if (c.size() != n) {
      throw new BadInputException(file + ": Panta Rhei content types " + c + " (type " + type + ") name " + c.size()
          + " axes; data.npy has " + n);
    }
    return c;
  }

  /** The labels in the new order; unnamed axes become X, Y, Z counted from the fastest. */
  private static List<String> labels(List<Integer> kept, List<String> content) {
    int unnamed = 0;
    for (int k : kept) if (content.get(k) == null) unnamed++;
    List<String> defaults = new ArrayList<>(List.of("X", "Y", "Z").subList(0, Math.min(3, unnamed)));
    Collections.reverse(defaults);
    List<String> out = new ArrayList<>();
    int next = 0;
    for (int k : kept) out.add(content.get(k) != null ? content.get(k) : next < defaults.size() ? defaults.get(next++) : "axis" + k);
    return out;
  }

  private static Axis axis(String label, int size, Object calib, boolean flip) {
    if (!(calib instanceof Map<?, ?> c) || !(c.get("unit") instanceof String unit)) return Axis.pixels(label, size);
    double value = PrzReader.number(c.get("value"));
    double offset = PrzReader.number(c.get("offset"));
    double factor = PrzReader.number(c.get("pixel_factor"));
    if (Double.isNaN(offset)) offset = 0;
    if (!Double.isNaN(value)) offset *= value;
    double scale = Double.isNaN(factor) ? value : value * factor;
    if (!(Math.abs(scale) > 0) || !Double.isFinite(scale) || !Double.isFinite(offset)) return Axis.pixels(label, size);
    if (flip) offset = -(offset + (size - 1) * scale);
    Units.Conversion u = Units.of(unit);
    if (u.quantity() == Units.Quantity.PIXEL) return Axis.pixels(label, size);
    double f = u.quantity() == Units.Quantity.UNKNOWN ? 1 : u.factor();
    return new Axis(label, size, offset * f + 0.0, scale * f, u.unit());
  }

  private static Dataset kind(String stem, Pixels p, List<String> labels, List<Axis> a, Metadata md, boolean eels) {
    String shape = String.join(",", labels.stream().map(PrzAxes::role).toList());
    switch (shape) {
      case "image,image":
        return new Image(stem, p, a.get(0).withName("y"), a.get(1).withName("x"), md);
      case "index,image,image":
        return new ImageStack(stem, p, a.get(0).withName("frame"), a.get(1).withName("y"), a.get(2).withName("x"), null, null, md);
      case "scan,scan,image,image":
        return DataCube4D.inMemory(stem, p, a.get(0).withName("ry"), a.get(1).withName("rx"), a.get(2).withName("qy"), a.get(3).withName("qx"), md);
      case "energy":
        return new Spectrum(stem, p, a.get(0).withName("energy"), eels ? md.withSummary(Metadata.SIGNAL, Metadata.SIGNAL_EELS) : md);
      case "scan,scan,energy":
        return new SpectrumImage(stem, p, a.get(0).withName("y"), a.get(1).withName("x"), a.get(2).withName("energy"),
            eels ? md.withSummary(Metadata.SIGNAL, Metadata.SIGNAL_EELS) : md);
      default:
        return new NdArray(stem, p, a, md);
    }
  }

  private static String role(String label) {
    return switch (label) {
      case "ScanY", "ScanX" -> "scan";
      case "Index", "PlotIndex" -> "index";
      case "Energy" -> "energy";
      case "X", "Y", "CameraY", "CameraX" -> "image";
      default -> label;
    };
  }

  /** The values with axis k of the result = axis perm[k] of the source (reversed where flip[k]), C order. */
  static Pixels permute(Pixels src, long[] shape, int[] perm, boolean[] flip) {
    int n = perm.length;
    boolean identity = n == shape.length;
    for (int k = 0; k < n; k++) identity &= perm[k] == k && !flip[k];
    int item = src.type().bytes();
    long count = src.count();
    if (identity || count == 0) return src;
    long[] srcStride = new long[shape.length];
    long st = 1;
    for (int k = shape.length - 1; k >= 0; k--) {
      srcStride[k] = st;
      st *= shape[k];
    }
    ByteBuffer in = src.bytes();
    ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(count * item)).order(in.order());
    int[] idx = new int[n];
    byte[] v = new byte[item];
    for (long o = 0; o < count; o++) {
      long s = 0;
      for (int k = 0; k < n; k++) s += (flip[k] ? shape[perm[k]] - 1 - idx[k] : idx[k]) * srcStride[perm[k]];
      in.get((int) (s * item), v);
      out.put(v);
      for (int k = n - 1; k >= 0; k--) {
        if (++idx[k] < shape[perm[k]]) break;
        idx[k] = 0;
      }
    }
    return Pixels.ofBytes(src.type(), out.flip().order(in.order()), count);
  }
}
