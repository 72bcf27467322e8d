package org.causalem.io;

import com.fasterxml.jackson.core.type.TypeReference;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.causalem.data.Axis;
import org.causalem.data.BadInputException;
import org.causalem.data.Image;
import org.causalem.data.ImageStack;
import org.causalem.data.Metadata;
import org.causalem.data.PixelType;
import org.causalem.data.Pixels;
import org.causalem.data.Spectrum;
import org.causalem.data.SpectrumImage;
import org.causalem.numeric.Units;

/**
 * Thermo Fisher (FEI) Velox EMD: {@code /Data/Image/<id>/Data} (height, width, frames),
 * {@code /Data/SpectrumStream/<id>/Data} (EDS events), {@code /Data/Spectrum/<id>/Data}; each with a
 * {@code Metadata} array holding the acquisition's JSON as bytes, one column per frame.
 */
final class VeloxEmd {
  /** Dense spectrum images above this many values are not decoded from their event stream. */
  static final long MAX_DECODED_VALUES = 1L << 26;
  /** The value that ends a pixel in an EDS event stream; not an X-ray. */
  static final int PIXEL_END = 65535;

  private VeloxEmd() {}

  static boolean looksLike(HdfFile f) {
    Group data = Hdf5Tree.group(f, "Data");
    if (data == null) return false;
    Group app = Hdf5Tree.group(f, "Application");
    if (app != null && app.getChildren().containsKey("Velox")) return true;
    for (String k : List.of("Image", "SpectrumStream", "Spectrum", "SpectrumImage")) {
      Group g = Hdf5Tree.group(data, k);
      if (g == null) continue;
      for (Node n : g.getChildren().values()) {
        if (n instanceof Group c && c.getChildren().containsKey("Metadata") && c.getChildren().containsKey("Data")) return true;
      }
    }
    return false;
  }

  static List<org.causalem.data.Dataset> read(Path file, long fileSize, HdfFile f, Map<String, Object> notRead) {
    String fn = file.getFileName().toString();
    Group data = Hdf5Tree.group(f, "Data");
    List<org.causalem.data.Dataset> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Group images = Hdf5Tree.group(data, "Image");
    int[] imageShape = null;
    if (images != null) {
      Map<String, String> labels = displayLabels(f);
      for (Node n : images.getChildren().values()) {
        if (!(n instanceof Group g)) continue;
        org.causalem.data.Dataset d = image(fn, fileSize, g, labels.get(g.getName()), names, notRead);
        if (d != null) {
          out.add(d);
          if (imageShape == null) imageShape = new int[] {(int) d.shape()[d.shape().length - 2], (int) d.shape()[d.shape().length - 1]};
        }
      }
    }
    Group streams = Hdf5Tree.group(data, "SpectrumStream");
    if (streams != null) {
      for (Node n : streams.getChildren().values()) {
        if (n instanceof Group g) {
          SpectrumImage si = stream(fn, fileSize, g, imageShape, names, notRead);
          if (si != null) out.add(si);
        }
      }
    }
    Group spectra = Hdf5Tree.group(data, "Spectrum");
    if (spectra != null) {
      for (Node n : spectra.getChildren().values()) {
        if (n instanceof Group g) out.addAll(spectra(fn, fileSize, g, names, notRead));
      }
    }
    Group eels = Hdf5Tree.group(data, "EelsSpectrumImage");
    if (eels != null) {
      int order = 0;
      List<SpectrumImage> ranges = new ArrayList<>();
      for (Node n : eels.getChildren().values()) {
        if (n instanceof Group g) {
          SpectrumImage si = eels(fn, fileSize, g, order++, names, notRead);
          if (si != null) ranges.add(si);
        }
      }
      ranges.sort(java.util.Comparator.comparingInt(si -> ((Number) si.metadata().summary().get("energy_range")).intValue()));
      out.addAll(ranges);
    }
    for (String other : data.getChildren().keySet()) {
      if (List.of("Image", "SpectrumStream", "Spectrum", "EelsSpectrumImage", "Text").contains(other)) continue;
      Node n = data.getChildren().get(other);
      if (n instanceof Group g) {
        for (Node c : g.getChildren().values()) {
          String why = describe(c) + " (Velox " + other + " data: encoding not decoded)";
          notRead.put(stripSlash(c.getPath()), why);
          if (c instanceof Group cg) {
            org.causalem.data.NdArray raw = raw(fn, fileSize, cg, other, why, names);
            if (raw != null) out.add(raw);
          }
        }
      } else {
        notRead.put(stripSlash(n.getPath()), describe(n) + " (not decoded)");
      }
    }
    return out;
  }

  /**
   * The undecoded Data array of a group as raw values, so that listings show it; its metadata says
   * that it was not decoded. Null when it is not numeric or larger than 64 MiB.
   */
  private static org.causalem.data.NdArray raw(String fn, long fileSize, Group g, String kind, String why, Set<String> names) {
    Dataset d = Hdf5Tree.dataset(g, "Data");
    if (d == null || !Hdf5Arrays.numeric(d)) return null;
    long bytes = Hdf5Arrays.count(d, fn) * Hdf5Arrays.pixelType(d).bytes();
    if (bytes > 64L << 20) return null;
    Pixels p = Hdf5Arrays.read(d, fn, fileSize);
    List<Axis> axes = new ArrayList<>();
    long[] dims = d.getDimensionsAsLong();
    for (int i = 0; i < dims.length; i++) axes.add(Axis.pixels("dim" + i, (int) dims[i]));
    Map<String, Object> meta = metadata(fn, g, 0);
    Map<String, Object> summary = summary(meta);
    summary.put("not_decoded", why);
    String name = EmdBerkeley.unique(kind + " (raw)", kind + " (raw) " + g.getName(), names);
    return new org.causalem.data.NdArray(name, p, axes, new Metadata(summary, meta));
  }

  private static String stripSlash(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static String describe(Node n) {
    if (n instanceof Group g) {
      Dataset d = Hdf5Tree.dataset(g, "Data");
      return d == null ? "group" : describe(d);
    }
    if (n instanceof Dataset d) {
      StringBuilder sb = new StringBuilder();
      for (long v : d.getDimensionsAsLong()) sb.append(sb.length() == 0 ? "" : "×").append(v);
      PixelType t = Hdf5Arrays.pixelType(d);
      return sb + " " + (t == null ? d.getJavaType().getSimpleName() : t.numpyName());
    }
    return "node";
  }

  private static org.causalem.data.Dataset image(String fn, long fileSize, Group g, String label, Set<String> names,
                                                 Map<String, Object> notRead) {
    Dataset d = Hdf5Tree.dataset(g, "Data");
    if (d != null && d.getDimensions().length == 3 && d.getDimensions()[2] == 1 && complexFields(d) != null) {
      return complexImage(fn, g, d, label, names);
    }
    if (d == null || !Hdf5Arrays.numeric(d) || d.getDimensions().length != 3) {
      notRead.put(stripSlash(g.getPath()), (d == null ? "no Data array" : describe(d)) + " (expected Data of height×width×frames)");
      return null;
    }
    long bytes = Hdf5Arrays.count(d, fn) * Hdf5Arrays.pixelType(d).bytes();
    if (bytes > Hdf5Arrays.MAX_IN_MEMORY_BYTES) {
      notRead.put(stripSlash(g.getPath()), describe(d) + " (" + bytes + " bytes: too large to load)");
      return null;
    }
    Map<String, Object> meta = metadata(fn, g, 0);
    int[] dims = d.getDimensions();
    int h = dims[0];
    int w = dims[1];
    int frames = dims[2];
    Pixels raw = Hdf5Arrays.read(d, fn, fileSize);
    String xUnitRaw = str(meta, "BinaryResult.PixelUnitX");
    Units.Conversion u = Units.of(xUnitRaw == null ? "m" : xUnitRaw);
    Axis y = axis("y", h, meta, "height", "y", u);
    Axis x = axis("x", w, meta, "width", "x", u);
    Metadata md = new Metadata(summary(meta), meta);
    String detector = str(meta, "BinaryResult.Detector");
    String base = label != null ? label : detector == null ? g.getName() : detector;
    String name = EmdBerkeley.unique(base, base + "-" + g.getName(), names);
    if (label != null) md = md.withSummary(Metadata.TITLE, label);
    if (frames == 1) return new Image(name, raw, y, x, md);
    Pixels stacked = frameMajor(raw, h * w, frames);
    double frameTime = num(meta, "Scan.FrameTime");
    if (!(frameTime > 0)) {
      String index = str(meta, "BinaryResult.DetectorIndex");
      double exposure = index == null ? Double.NaN : num(meta, "Detectors.Detector-" + index.strip() + ".ExposureTime");
      if (exposure > 0) {
        frameTime = exposure;
        md = md.withNote("frame axis in seconds from the camera's exposure time (" + exposure + " s a frame); the time from one frame"
            + " to the next may be longer (read-out)");
      }
    }
    Axis frame = frameTime > 0 ? new Axis("frame", frames, 0, frameTime, "s") : Axis.pixels("frame", frames);
    return new ImageStack(name, stacked, frame, y, x, frameTimes(fn, g, frames), null, md);
  }

  /**
   * The label Velox shows for each image (iDPC, DF4-A, FFT#1(HAADF), ...), by the image group's name: from
   * {@code /Presentation/Displays/ImageDisplay/*} (JSON {@code dataPath}, {@code display.label}; Velox before
   * 11) or {@code /Displays/ImageDisplay/*} ({@code id}, and {@code data} naming a JSON dataset whose
   * {@code dataPath} is the image; Velox 11). Labels given to two images are left out; a display that cannot
   * be parsed is skipped (labels only name the datasets).
   */
  static Map<String, String> displayLabels(HdfFile f) {
    Map<String, String> out = new LinkedHashMap<>();
    Set<String> twice = new HashSet<>();
    for (String[] pair : displayPairs(f)) {
      String key = pair[0].substring(pair[0].lastIndexOf('/') + 1);
      String label = pair[1].contains("%") ? java.net.URLDecoder.decode(pair[1].replace("+", "%2B"), StandardCharsets.UTF_8) : pair[1];
      label = label.strip();
      if (key.isEmpty() || label.isEmpty()) continue;
      if (out.containsValue(label)) twice.add(label);
      out.put(key, label);
    }
    out.values().removeIf(twice::contains);
    return out;
  }

  /** (data path, label) of every image display the file holds. */
  private static List<String[]> displayPairs(HdfFile f) {
    List<String[]> out = new ArrayList<>();
    Group old = group(f, "Presentation", "Displays", "ImageDisplay");
    if (old != null) {
      for (Node n : Hdf5Tree.children(old).values()) {
        Map<String, Object> v = n instanceof Dataset d ? quietJson(d) : null;
        if (v != null && str(v, "dataPath") != null && str(v, "display.label") != null) {
          out.add(new String[] {str(v, "dataPath"), str(v, "display.label")});
        }
      }
    }
    Group v11 = group(f, "Displays", "ImageDisplay");
    if (v11 != null) {
      for (Node n : Hdf5Tree.children(v11).values()) {
        Map<String, Object> v = n instanceof Dataset d ? quietJson(d) : null;
        if (v == null || str(v, "data") == null || str(v, "id") == null) continue;
        Node ref = Hdf5Tree.node(f, str(v, "data"));
        Map<String, Object> r = ref instanceof Dataset d ? quietJson(d) : null;
        if (r != null && str(r, "dataPath") != null) out.add(new String[] {str(r, "dataPath"), str(v, "id")});
      }
    }
    return out;
  }

  private static Group group(Group root, String... path) {
    Group g = root;
    for (String p : path) g = g == null ? null : Hdf5Tree.group(g, p);
    return g;
  }

  /** The JSON object a one-string dataset holds, or null when it holds none. */
  private static Map<String, Object> quietJson(Dataset d) {
    try {
      Object v = d.getDataFlat();
      if (v != null && v.getClass().isArray() && Array.getLength(v) > 0) v = Array.get(v, 0);
      if (!(v instanceof String s) || s.isBlank()) return null;
      return Json.mapper().readValue(s, new TypeReference<LinkedHashMap<String, Object>>() { });
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The (real, imaginary) field names of a compound Data array of two float32 fields, or null. */
  private static String[] complexFields(Dataset d) {
    if (!(d.getDataType() instanceof io.jhdf.object.datatype.CompoundDataType c) || c.getMembers().size() != 2) return null;
    String re = c.getMembers().get(0).getName();
    String im = c.getMembers().get(1).getName();
    boolean floats = c.getMembers().stream().allMatch(m -> m.getDataType() instanceof io.jhdf.object.datatype.FloatingPoint
        && m.getDataType().getSize() == 4);
    return floats && re.startsWith("real") && im.startsWith("imag") ? new String[] {re, im} : null;
  }

  /**
   * A complex image (one frame; Velox's DPC) as complex64 with its calibration; a half-plane FFT (fields
   * {@code realFloatHalfEven/Odd}) as its stored rows × columns in pixel axes, with a note: the other half
   * (complex conjugates) is not made up.
   */
  private static org.causalem.data.Dataset complexImage(String fn, Group g, Dataset d, String label, Set<String> names) {
    String[] fields = complexFields(d);
    Map<?, ?> data = (Map<?, ?>) d.getData();
    float[][][] re = (float[][][]) data.get(fields[0]);
    float[][][] im = (float[][][]) data.get(fields[1]);
    int h = re.length;
    int w = re[0].length;
    Pixels p = complex64(re, im);
    Map<String, Object> meta = metadata(fn, g, 0);
    String detector = str(meta, "BinaryResult.Detector");
    boolean half = fields[0].contains("Half");
    String base = label != null ? label : half ? "FFT" + (detector == null ? "" : " " + detector) : detector == null ? g.getName() : detector;
    String name = EmdBerkeley.unique(base, base + "-" + g.getName(), names);
    Metadata md = new Metadata(summary(meta), meta);
    if (label != null) md = md.withSummary(Metadata.TITLE, label);
    if (half) {
      md = md.withNote("Velox half-plane complex FFT (" + fields[0] + "): its " + h + " × " + w + " stored values, read as stored,"
          + " not unpacked (the other half of the FFT is their complex conjugates)");
      return new org.causalem.data.NdArray(name, p, List.of(Axis.pixels("row", h), Axis.pixels("column", w)), md);
    }
    String xUnitRaw = str(meta, "BinaryResult.PixelUnitX");
    Units.Conversion u = Units.of(xUnitRaw == null ? "m" : xUnitRaw);
    return new Image(name, p, axis("y", h, meta, "height", "y", u), axis("x", w, meta, "width", "x", u), md);
  }

  /** The first frame of (height, width, frames) real and imaginary parts as interleaved complex64 values, row by row. */
  static Pixels complex64(float[][][] re, float[][][] im) {
    int h = re.length;
    int w = re[0].length;
    ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(h * w, 8)).order(ByteOrder.LITTLE_ENDIAN);
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) b.putFloat(re[r][c][0]).putFloat(im[r][c][0]);
    }
    b.flip();
    return Pixels.ofBytes(PixelType.COMPLEX64, b, (long) h * w);
  }

  /**
   * Seconds from the first frame by each frame's own AcquisitionStartDatetime (whole seconds in the
   * file), or null when a frame has none or there are too many frames to parse.
   */
  private static double[] frameTimes(String fn, Group g, int frames) {
    Dataset m = Hdf5Tree.dataset(g, "Metadata");
    if (m == null || frames > 4096 || m.getDimensions().length != 2 || m.getDimensions()[1] != frames) return null;
    double[] t = new double[frames];
    for (int k = 0; k < frames; k++) {
      double epoch = num(metadata(fn, g, k), "Acquisition.AcquisitionStartDatetime.DateTime");
      if (!(epoch > 0)) return null;
      t[k] = epoch;
    }
    for (int k = frames - 1; k >= 0; k--) t[k] -= t[0];
    return t;
  }

  /** Reorders (pixel, frame) C-order values to (frame, pixel). */
  static Pixels frameMajor(Pixels p, int pixels, int frames) {
    int bytes = p.type().bytes();
    ByteBuffer in = p.bytes();
    ByteBuffer out = ByteBuffer.allocate(Math.multiplyExact(pixels, frames * bytes)).order(in.order());
    for (int i = 0; i < pixels; i++) {
      for (int k = 0; k < frames; k++) {
        int src = (i * frames + k) * bytes;
        int dst = (k * pixels + i) * bytes;
        for (int b = 0; b < bytes; b++) out.put(dst + b, in.get(src + b));
      }
    }
    return Pixels.ofBytes(p.type(), out, (long) pixels * frames);
  }

  private static Axis axis(String name, int size, Map<String, Object> meta, String sizeKey, String offsetKey, Units.Conversion u) {
    double scale = num(meta, "BinaryResult.PixelSize." + sizeKey) * u.factor();
    double offset = num(meta, "BinaryResult.Offset." + offsetKey) * u.factor();
    if (!Double.isFinite(scale) || scale == 0) return Axis.pixels(name, size);
    return new Axis(name, size, Double.isFinite(offset) ? offset : 0, scale, u.unit());
  }

  /**
   * Decodes an EDS event stream: each value is the energy channel of one detected X-ray, 65535 ends
   * the current pixel; pixels run row by row over the scan and wrap to the next frame. Frames are
   * summed into a (y, x, energy) spectrum image of counts.
   */
  private static SpectrumImage stream(String fn, long fileSize, Group g, int[] imageShape, Set<String> names,
                                      Map<String, Object> notRead) {
    Dataset d = Hdf5Tree.dataset(g, "Data");
    if (d == null || !Hdf5Arrays.numeric(d)) {
      notRead.put(stripSlash(g.getPath()), "spectrum stream without a numeric Data array");
      return null;
    }
    Map<String, Object> meta = metadata(fn, g, 0);
    Map<String, Object> settings = jsonDataset(fn, g, "AcquisitionSettings");
    if (settings != null) meta.put("AcquisitionSettings", settings);
    int bins = (int) num(meta, "AcquisitionSettings.bincount");
    int[] shape = scanShape(meta, imageShape);
    if (bins <= 0 || shape == null) {
      notRead.put(stripSlash(g.getPath()), describe(d) + " (spectrum stream: bin count or scan shape missing from its metadata)");
      return null;
    }
    long values = (long) shape[0] * shape[1] * bins;
    if (values > MAX_DECODED_VALUES) {
      notRead.put(stripSlash(g.getPath()), describe(d) + " (spectrum stream of " + shape[0] + "×" + shape[1] + "×" + bins
          + " would exceed " + MAX_DECODED_VALUES + " values; not decoded)");
      return null;
    }
    Pixels events = Hdf5Arrays.read(d, fn, fileSize);
    int[] counts = new int[(int) values];
    int frameSize = shape[0] * shape[1];
    int pixel = 0;
    int frames = 0;
    long n = events.count();
    long xrays = 0;
    for (long i = 0; i < n; i++) {
      int v = (int) events.getDouble(i);
      if (v == PIXEL_END) {
        if (++pixel == frameSize) {
          pixel = 0;
          frames++;
        }
      } else if (v < 0 || v >= bins) {
        throw new BadInputException(fn + ": " + d.getPath() + " event " + i + " has channel " + v + "; expected 0.." + (bins - 1)
            + " or " + PIXEL_END + " (end of pixel)");
      } else {
        counts[pixel * bins + v]++;
        xrays++;
      }
    }
    ByteBuffer b = ByteBuffer.allocate(counts.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(counts);
    Pixels p = Pixels.ofBytes(PixelType.UINT32, b, counts.length);
    Units.Conversion u = Units.of(str(meta, "BinaryResult.PixelUnitX") == null ? "m" : str(meta, "BinaryResult.PixelUnitX"));
    Axis y = axis("y", shape[0], meta, "height", "y", u);
    Axis x = axis("x", shape[1], meta, "width", "x", u);
    double[] cal = energyCalibration(meta);
    Axis energy = cal[2] > 0 ? new Axis("energy", bins, cal[0], cal[1], "eV") : Axis.pixels("energy", bins); // no guessed eV
    Map<String, Object> summary = summary(meta);
    summary.put("frames", pixel == 0 ? frames : frames + 1);
    summary.put("events", xrays);
    summary.put("pixel_separators", n - xrays);
    summary.put(Metadata.SIGNAL, Metadata.SIGNAL_EDS);
    String detector = str(meta, "BinaryResult.Detector");
    String name = EmdBerkeley.unique(detector == null ? "EDS" : "EDS " + detector, "EDS " + g.getName(), names);
    return new SpectrumImage(name, p, y, x, energy, new Metadata(summary, meta));
  }

  /**
   * An EELS spectrum image of one energy range ({@code /Data/EelsSpectrumImage/<id>}): a plain array
   * whose JSON {@code Info} gives encoding, bincount, width and height, stored as (width, bincount,
   * height) in C order, so that the height (scan rows) runs fastest; the {@code AcquisitionMetadata}
   * array holds one JSON column per scan row with the range's {@code dispersion} and {@code offset}
   * (eV) and exposure time. The range's index is that of the matching
   * {@code CustomProperties."AnalyticalDetector[EELS].SpectrumOffsetEnergy[i]"}. The scan step is the
   * full field of view over the scan size, its origin the scan area's corner (as Velox places the EDS
   * maps of the same scan). Values are the stored detector values (with Velox's dark level; the
   * intensity scale and offset are in the summary), returned as (y, x, energy).
   */
  private static SpectrumImage eels(String fn, long fileSize, Group g, int order, Set<String> names, Map<String, Object> notRead) {
    String path = stripSlash(g.getPath());
    Dataset d = Hdf5Tree.dataset(g, "Data");
    Map<String, Object> info = jsonDataset(fn, g, "Info");
    if (d == null || !Hdf5Arrays.numeric(d) || info == null) {
      notRead.put(path, (d == null ? "no Data array" : describe(d)) + " (Velox EELS spectrum image without a numeric Data array and its Info)");
      return null;
    }
    int w = (int) num(info, "width");
    int h = (int) num(info, "height");
    int bins = (int) num(info, "bincount");
    int[] dims = d.getDimensions();
    if (dims.length != 3 || dims[0] != w || dims[1] != bins || dims[2] != h || w <= 0 || h <= 0 || bins <= 0) {
      notRead.put(path, describe(d) + " (Velox EELS spectrum image: Info says width " + w + ", bincount " + bins + ", height " + h
          + "; expected Data of width×bincount×height)");
      return null;
    }
    Map<String, Object> acq = acquisitionMetadata(fn, g);
    double dispersion = num(acq, "Data.dispersion");
    double offset = num(acq, "Data.offset");
    if (!(dispersion > 0) || !Double.isFinite(offset)) {
      notRead.put(path, describe(d) + " (Velox EELS spectrum image: no dispersion and offset in its AcquisitionMetadata)");
      return null;
    }
    Map<String, Object> meta = metadata(fn, g, 0);
    meta.put("Info", info);
    meta.put("AcquisitionMetadata", acq);
    Pixels raw = Hdf5Arrays.read(d, fn, fileSize);
    int bytes = raw.type().bytes();
    ByteBuffer in = raw.bytes();
    ByteBuffer outBuf = ByteBuffer.allocate(Math.multiplyExact(Math.multiplyExact(w * h, bins), bytes)).order(in.order());
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int e = 0; e < bins; e++) {
          int src = ((x * bins + e) * h + y) * bytes;
          for (int b = 0; b < bytes; b++) outBuf.put(in.get(src + b));
        }
      }
    }
    outBuf.flip();
    Pixels p = Pixels.ofBytes(raw.type(), outBuf, (long) w * h * bins);
    double fov = num(meta, "Optics.FullScanFieldOfView.x");
    double scanWidth = num(meta, "Scan.ScanSize.width");
    double fovY = num(meta, "Optics.FullScanFieldOfView.y");
    double scanHeight = num(meta, "Scan.ScanSize.height");
    Axis y = scanAxis("y", h, fovY, scanHeight, num(meta, "Scan.ScanArea.top"));
    Axis x = scanAxis("x", w, fov, scanWidth, num(meta, "Scan.ScanArea.left"));
    int index = rangeIndex(meta, offset, order);
    Axis energy = new Axis("energy", bins, offset, dispersion, "eV");
    Map<String, Object> summary = summary(meta);
    summary.put(Metadata.SIGNAL, Metadata.SIGNAL_EELS);
    summary.put(Metadata.DETECTOR, "EELS (" + str(meta, "BinaryResult.Detector") + ")");
    summary.put("energy_range", index);
    summary.put("energy_range_eV", new double[] {offset, offset + (bins - 1) * dispersion});
    double exposure = num(acq, "Data.exposureTime");
    if (exposure > 0) summary.put(Metadata.EXPOSURE_S, exposure);
    double scale = num(acq, "Data.intensityScale");
    double intensityOffset = num(acq, "Data.intensityOffset");
    List<String> notes = new ArrayList<>();
    if (Double.isFinite(scale) && Double.isFinite(intensityOffset)) {
      summary.put("intensity_scale", scale);
      summary.put("intensity_offset", intensityOffset);
      notes.add(String.format(java.util.Locale.ROOT, "values are the stored detector values; Velox's calibrated intensity is "
          + "value × %.6g %+.6g (a dark level of %.4g), not applied", scale, intensityOffset, -intensityOffset / scale));
    }
    if (!x.calibrated()) notes.add("scan step unknown: no full field of view and scan size in the metadata");
    summary.put(Metadata.NOTES, notes);
    String name = EmdBerkeley.unique("EELS-" + index, "EELS-" + index + " " + g.getName(), names);
    return new SpectrumImage(name, p, y, x, energy, new Metadata(summary, meta));
  }

  /** The first column of a group's AcquisitionMetadata array (JSON bytes, one column per scan row), as a tree. */
  private static Map<String, Object> acquisitionMetadata(String fn, Group g) {
    Dataset m = Hdf5Tree.dataset(g, "AcquisitionMetadata");
    if (m == null || !Hdf5Arrays.numeric(m)) return new LinkedHashMap<>();
    int[] dims = m.getDimensions();
    if (dims.length < 1 || dims.length > 2 || dims[0] > 1 << 20) return new LinkedHashMap<>();
    Object flat = dims.length == 1 ? m.getDataFlat() : m.getData(new long[] {0, 0}, new int[] {dims[0], 1});
    return json(fn, m.getPath(), zeroTerminated(flat, dims[0]));
  }

  /** Step = full field of view / scan size (m → nm); origin at the scan area's corner from the field's centre. */
  private static Axis scanAxis(String name, int size, double fovM, double scanSize, double areaStart) {
    if (!(fovM > 0) || !(scanSize > 0)) return Axis.pixels(name, size);
    double step = fovM / scanSize * 1e9;
    double origin = Double.isFinite(areaStart) ? (areaStart - 0.5) * fovM * 1e9 : 0;
    return new Axis(name, size, origin, step, "nm");
  }

  /** The index i of the CustomProperties energy range whose offset matches; {@code fallback} when none does. */
  private static int rangeIndex(Map<String, Object> meta, double offsetEv, int fallback) {
    if (!(meta.get("CustomProperties") instanceof Map<?, ?> cp)) return fallback;
    for (int i = 0; i < 16; i++) {
      if (!(cp.get("AnalyticalDetector[EELS].SpectrumOffsetEnergy[" + i + "]") instanceof Map<?, ?> m)) break;
      double v = Hdf5Arrays.toNumber(m.get("value"));
      if (Math.abs(v - offsetEv) <= 1e-6 * Math.max(1, Math.abs(offsetEv))) return i;
    }
    return fallback;
  }

  /** (height, width) of the scanned region: scan size × scan area, else the raster definition, else the images'. */
  private static int[] scanShape(Map<String, Object> meta, int[] imageShape) {
    double w = num(meta, "Scan.ScanSize.width");
    double h = num(meta, "Scan.ScanSize.height");
    double left = num(meta, "Scan.ScanArea.left");
    double right = num(meta, "Scan.ScanArea.right");
    double top = num(meta, "Scan.ScanArea.top");
    double bottom = num(meta, "Scan.ScanArea.bottom");
    if (w > 0 && h > 0 && right > left && bottom > top) {
      int sw = (int) Math.round(w * right - w * left);
      int sh = (int) Math.round(h * bottom - h * top);
      if (sw > 0 && sh > 0) return new int[] {sh, sw};
    }
    double rw = num(meta, "AcquisitionSettings.RasterScanDefinition.Width");
    double rh = num(meta, "AcquisitionSettings.RasterScanDefinition.Height");
    if (rw > 0 && rh > 0 && rw < 1 << 16 && rh < 1 << 16) return new int[] {(int) rh, (int) rw};
    return imageShape;
  }

  /**
   * {offset, dispersion, found} in eV of the X-ray detector named in BinaryResult.Detector (found = 1
   * when the Detectors list gave them; {0, 1, 0} otherwise).
   */
  private static double[] energyCalibration(Map<String, Object> meta) {
    String det = str(meta, "BinaryResult.Detector");
    if (meta.get("Detectors") instanceof Map<?, ?> dets) {
      for (Object o : dets.values()) {
        if (o instanceof Map<?, ?> m && m.get("DetectorName") instanceof String dn && det != null && dn.contains(det)) {
          double off = Hdf5Arrays.toNumber(m.get("OffsetEnergy"));
          double disp = Hdf5Arrays.toNumber(m.get("Dispersion"));
          if (Double.isFinite(disp) && disp > 0) return new double[] {Double.isFinite(off) ? off : 0, disp, 1};
        }
      }
    }
    return new double[] {0, 1, 0};
  }

  private static List<org.causalem.data.Dataset> spectra(String fn, long fileSize, Group g, Set<String> names, Map<String, Object> notRead) {
    Dataset d = Hdf5Tree.dataset(g, "Data");
    List<org.causalem.data.Dataset> out = new ArrayList<>();
    if (d == null || !Hdf5Arrays.numeric(d) || d.getDimensions().length > 2) {
      notRead.put(stripSlash(g.getPath()), "spectrum without a 1-D or 2-D numeric Data array");
      return out;
    }
    Map<String, Object> meta = metadata(fn, g, 0);
    int[] dims = d.getDimensions();
    int bins = dims[0];
    int cols = dims.length == 2 ? dims[1] : 1;
    Pixels p = Hdf5Arrays.read(d, fn, fileSize);
    double[] cal = energyCalibration(meta);
    Axis energy = cal[2] > 0 ? new Axis("energy", bins, cal[0], cal[1], "eV") : Axis.pixels("energy", bins); // no guessed eV
    Pixels byColumn = cols == 1 ? p : frameMajor(p, bins, cols);
    for (int c = 0; c < cols; c++) {
      String name = EmdBerkeley.unique("Spectrum", "Spectrum " + g.getName(), names);
      Map<String, Object> summary = summary(meta);
      if (cal[2] > 0) summary.put(Metadata.SIGNAL, Metadata.SIGNAL_EDS);
      out.add(new Spectrum(name, byColumn.slice((long) c * bins, bins), energy, new Metadata(summary, meta)));
    }
    return out;
  }

  /** The text of a zero-padded column of byte values (a flat array, or one of one-element rows), as UTF-8. */
  private static String zeroTerminated(Object flat, int n) {
    byte[] text = new byte[n];
    int len = 0;
    for (int i = 0; i < n; i++) {
      Object v = Array.get(flat, i);
      if (v != null && v.getClass().isArray()) v = Array.get(v, 0);
      int b = (int) ((Number) v).longValue();
      if (b == 0) break;
      text[len++] = (byte) b;
    }
    return new String(text, 0, len, StandardCharsets.UTF_8);
  }

  /** The JSON of frame {@code column} of the group's Metadata array (bytes, zero-padded), as a tree. */
  static Map<String, Object> metadata(String fn, Group g, int column) {
    Dataset m = Hdf5Tree.dataset(g, "Metadata");
    if (m == null || !Hdf5Arrays.numeric(m)) return new LinkedHashMap<>();
    int[] dims = m.getDimensions();
    if (dims.length < 1 || dims.length > 2 || dims[0] > 1 << 26) {
      throw new BadInputException(fn + ": " + m.getPath() + " has shape " + java.util.Arrays.toString(dims)
          + "; expected (bytes, frames) of JSON text");
    }
    int cols = dims.length == 1 ? 1 : dims[1];
    int col = Math.min(column, cols - 1);
    Object flat = dims.length == 1 ? m.getDataFlat() : m.getData(new long[] {0, col}, new int[] {dims[0], 1});
    return json(fn, m.getPath(), zeroTerminated(flat, dims[0]));
  }

  private static Map<String, Object> jsonDataset(String fn, Group g, String name) {
    Dataset d = Hdf5Tree.dataset(g, name);
    if (d == null) return null;
    Object v = d.getDataFlat();
    if (v != null && v.getClass().isArray() && Array.getLength(v) > 0) v = Array.get(v, 0);
    return v instanceof String s ? json(fn, d.getPath(), s) : null;
  }

  private static Map<String, Object> json(String fn, String path, String text) {
    if (text.isBlank()) return new LinkedHashMap<>();
    try {
      return Json.mapper().readValue(text, new TypeReference<LinkedHashMap<String, Object>>() { });
    } catch (IOException e) {
      throw new BadInputException(fn + ": " + path + " does not hold valid JSON metadata (" + e.getMessage() + ")", e);
    }
  }

  /** Voltage, detector, microscope, date, magnification and dwell time from Velox metadata. */
  static Map<String, Object> summary(Map<String, Object> meta) {
    Map<String, Object> s = new LinkedHashMap<>();
    double v = num(meta, "Optics.AccelerationVoltage");
    if (Double.isFinite(v) && v > 0) s.put(Metadata.VOLTAGE_KV, v / 1000);
    String det = str(meta, "BinaryResult.Detector");
    if (det != null && !det.isEmpty()) s.put(Metadata.DETECTOR, det);
    String model = str(meta, "Instrument.InstrumentModel");
    if (model == null || model.isEmpty()) model = str(meta, "Instrument.InstrumentClass");
    if (model != null && !model.isEmpty()) s.put(Metadata.MICROSCOPE, model);
    double mag = num(meta, "CustomProperties.StemMagnification.value");
    if (Double.isFinite(mag) && mag > 0) s.put(Metadata.MAGNIFICATION, mag);
    double camera = num(meta, "Optics.CameraLength");
    if (Double.isFinite(camera) && camera > 0) s.put(Metadata.CAMERA_LENGTH_MM, camera * 1000);
    double dwell = num(meta, "Scan.DwellTime");
    if (Double.isFinite(dwell) && dwell > 0) s.put(Metadata.DWELL_TIME_S, dwell);
    double epoch = num(meta, "Acquisition.AcquisitionStartDatetime.DateTime");
    if (Double.isFinite(epoch) && epoch > 0) {
      Instant t = Instant.ofEpochSecond((long) epoch);
      s.put(Metadata.DATE, DateTimeFormatter.ISO_LOCAL_DATE.format(t.atZone(ZoneOffset.UTC)));
      s.put(Metadata.TIME, DateTimeFormatter.ISO_LOCAL_TIME.format(t.atZone(ZoneOffset.UTC)) + "Z");
    }
    return s;
  }

  static Object find(Map<String, Object> meta, String path) {
    Object node = meta;
    for (String part : path.split("\\.")) {
      if (!(node instanceof Map<?, ?> m)) return null;
      node = m.get(part);
    }
    return node;
  }

  static String str(Map<String, Object> meta, String path) {
    Object v = find(meta, path);
    return v == null ? null : v.toString();
  }

  static double num(Map<String, Object> meta, String path) { return Hdf5Arrays.toNumber(find(meta, path)); }
}
