package org.causalem.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.causalem.data.ArrayFrames;
import org.causalem.data.Axis;
import org.causalem.data.DataCube4D;
import org.causalem.data.Dataset;
import org.causalem.data.FrameSource;
import org.causalem.data.Image;
import org.causalem.data.ImageStack;
import org.causalem.data.Metadata;
import org.causalem.data.UInt16Frame;

/**
 * Direct Electron (DE-Server) MRC files and their sidecars. DE-Server names an acquisition's files
 * {@code PREFIX_movie.mrc} (one camera frame per scan point), {@code PREFIX_final.mrc} (the frames'
 * sum, detector pixels), {@code PREFIX_N_Virt N_sum.mrc} and {@code PREFIX_extN_Ext N.mrc} (virtual
 * and external detector images, scan pixels), and writes {@code PREFIX_info.txt} ({@code key = value}
 * lines) beside them; non-raster scans add {@code PREFIX_scan_coordinates.csv}: one {@code x,y} line
 * per movie frame, in frames' order, counted from the scanned region's corner.
 *
 * <p>A movie of a scan ({@code Scan - Enable = Enable}) is a 4-D cube only in scan order: frame k
 * belongs at the scan position the scan visited k-th. Raster scans visit the region (the ROI when
 * {@code Scan - ROI Enable}) row by row; other scan types ({@code Random}, {@code XY File}) need the
 * coordinates file. When every position of the region is visited exactly once the movie is returned
 * as a {@link DataCube4D} in scan order (nothing copied: frames are looked up through the order);
 * otherwise (repeats, positions left out, no coordinates file, frame count not the scan's) it stays a
 * plain stack in acquisition order with a note saying it is not in scan order.
 */
final class MrcDe {
  /** What follows the acquisition prefix and an underscore in a DE-Server file name: the file's role. */
  private static final Pattern ROLE = Pattern.compile("movie|\\d+_movie|final|Sum|ext\\d+_Ext #?\\d+|\\d+_Virt #?\\d+_.+");
  private static final long MAX_SIDECAR_BYTES = 8L << 20;

  /** What a DE file holds. */
  enum Role { MOVIE, FINAL, SCAN_IMAGE }

  /** A parsed {@code _info.txt} and the file it belongs to. */
  record Info(Path infoFile, Path coordinatesFile, Role role, Map<String, String> values) {
    String get(String key) { return values.get(key); }

    boolean enabled(String key) { return "Enable".equalsIgnoreCase(values.getOrDefault(key, "").trim()); }

    int integer(String key, int orElse) {
      try {
        return Integer.parseInt(values.getOrDefault(key, "").trim());
      } catch (NumberFormatException e) {
        return orElse;
      }
    }

    /** A positive number, else NaN (DE writes -1 for unknown). */
    double positive(String key) {
      try {
        double v = Double.parseDouble(values.getOrDefault(key, "").trim());
        return v > 0 && Double.isFinite(v) ? v : Double.NaN;
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }

    boolean roi() { return enabled("Scan - ROI Enable"); }

    /** The scanned region {x0, y0, width, height}: the ROI when enabled, else the whole scan. */
    int[] region() {
      if (roi()) {
        return new int[] {integer("Scan - ROI Offset X", 0), integer("Scan - ROI Offset Y", 0),
            integer("Scan - ROI Size X", -1), integer("Scan - ROI Size Y", -1)};
      }
      return new int[] {0, 0, integer("Scan - Size X", -1), integer("Scan - Size Y", -1)};
    }
  }

  private MrcDe() { }

  /** The DE sidecar of {@code mrc}, or null when its name is not a DE-Server name or no {@code _info.txt} is beside it. */
  static Info find(Path mrc) throws IOException {
    String stem = mrc.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    Path dir = mrc.toAbsolutePath().getParent();
    // the shortest prefix whose role matches and whose info file exists (20241021_00405 in 20241021_00405_movie, not 20241021)
    for (int at = stem.indexOf('_'); at > 0; at = stem.indexOf('_', at + 1)) {
      String role = stem.substring(at + 1);
      Path info = dir.resolve(stem.substring(0, at) + "_info.txt");
      if (ROLE.matcher(role).matches() && Files.isRegularFile(info) && Files.isReadable(info) && Files.size(info) <= MAX_SIDECAR_BYTES) {
        return read(info, dir.resolve(stem.substring(0, at) + "_scan_coordinates.csv"), role);
      }
    }
    return null;
  }

  private static Info read(Path info, Path csv, String r) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : new String(Files.readAllBytes(info), StandardCharsets.ISO_8859_1).split("\r?\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
    }
    if (!values.containsKey("Scan - Enable") && !values.containsKey("Dataset Name")) return null;
    Role role = r.endsWith("movie") ? Role.MOVIE : r.equals("final") ? Role.FINAL : Role.SCAN_IMAGE;
    return new Info(info, Files.isRegularFile(csv) ? csv : null, role, values);
  }

  /** {@code plain} (the MRC read as an image or stack) as the DE acquisition presents it. */
  static Dataset present(Info info, Dataset plain) throws IOException {
    String mismatch = frameMismatch(info, plain);
    if (mismatch != null) {
      Metadata md = plain.metadata().withNote(mismatch);
      if (plain instanceof ImageStack s) return new ImageStack(s.name(), s.pixels(), s.frame(), s.y(), s.x(), s.frameTimesS(), s.frameDose(), md);
      if (plain instanceof Image img) return new Image(img.name(), img.pixels(), img.y(), img.x(), md);
      return plain;
    }
    if (plain instanceof ImageStack s && info.role() == Role.MOVIE) return movie(info, s);
    if (plain instanceof Image img) return image(info, img);
    return plain;
  }

  /**
   * Why the info file does not describe these frames (a movie or final image whose size is not the
   * info's {@code Image Size X/Y}), or null when it does or cannot tell.
   */
  private static String frameMismatch(Info info, Dataset plain) {
    if (info.role() == Role.SCAN_IMAGE) return null;
    int w = info.integer("Image Size X (pixels)", -1);
    int h = info.integer("Image Size Y (pixels)", -1);
    List<org.causalem.data.Axis> axes = plain.axes();
    int x = axes.get(axes.size() - 1).size();
    int y = axes.get(axes.size() - 2).size();
    if (w <= 0 || h <= 0 || (w == x && h == y)) return null;
    return "the DE info file " + info.infoFile().getFileName() + " describes " + w + " × " + h + " frames but this file's are "
        + x + " × " + y + ": the info file was not applied (scan order and calibration unknown)";
  }

  private static Map<String, Object> summary(Info info, Metadata md) {
    Map<String, Object> summary = new LinkedHashMap<>(md.summary());
    String camera = info.get("Camera Model");
    summary.put(Metadata.DETECTOR, "Direct Electron" + (camera == null || camera.isEmpty() ? "" : " " + camera));
    double volts = info.positive("Instrument Accelerating Voltage (V)");
    if (Double.isFinite(volts)) summary.put(Metadata.VOLTAGE_KV, volts / 1000);
    summary.put("de_info_file", info.infoFile().getFileName().toString());
    double dx = info.positive("Diffraction Pixel Size X");
    double dy = info.positive("Diffraction Pixel Size Y");
    if (Double.isFinite(dx) && Double.isFinite(dy)) {
      summary.put("de_diffraction_pixel_size", dx + " × " + dy + " (x × y; DE states no unit: detector axes left in px)");
    }
    return summary;
  }

  private static Metadata metadata(Info info, Metadata md, Map<String, Object> summary, List<String> notes) {
    Map<String, Object> tree = new LinkedHashMap<>(md.tree());
    tree.put("de_info", new LinkedHashMap<>(info.values()));
    Metadata out = new Metadata(summary, tree);
    for (String n : notes) out = out.withNote(n);
    return out;
  }

  /**
   * A virtual/external detector image is in scan pixels: calibrated from the specimen pixel size
   * when its shape is the scanned region's; the final image (the frames' sum) is in detector pixels.
   */
  private static Image image(Info info, Image img) {
    Map<String, Object> summary = summary(info, img.metadata());
    List<String> notes = new ArrayList<>();
    Axis y = img.y();
    Axis x = img.x();
    if (info.role() == Role.FINAL) {
      summary.put("de_image", "final: sum of the movie's frames (detector pixels)");
    } else {
      int[] r = info.region();
      summary.put("de_image", "scan image (one value per scan position)");
      if (x.size() == r[2] && y.size() == r[3]) {
        Axis[] axes = scanAxes(info, r, "y", "x");
        if ("px".equals(x.unit()) && "px".equals(y.unit())) {
          y = axes[0];
          x = axes[1];
        }
      } else {
        notes.add("the DE info file " + info.infoFile().getFileName() + " gives a " + r[2] + " × " + r[3]
            + " scan region but this image is " + x.size() + " × " + y.size() + ": its scan calibration was not applied");
      }
    }
    return new Image(img.name(), img.pixels(), y, x, metadata(info, img.metadata(), summary, notes));
  }

  /** {y, x} scan axes over the region: the specimen pixel size (nm) and the region's offset, else pixels. */
  private static Axis[] scanAxes(Info info, int[] region, String yName, String xName) {
    double sx = info.positive("Specimen Pixel Size X (nanometers)");
    double sy = info.positive("Specimen Pixel Size Y (nanometers)");
    if (Double.isFinite(sx) && Double.isFinite(sy)) {
      return new Axis[] {new Axis(yName, region[3], region[1] * sy, sy, "nm"), new Axis(xName, region[2], region[0] * sx, sx, "nm")};
    }
    return new Axis[] {new Axis(yName, region[3], region[1], 1, "px"), new Axis(xName, region[2], region[0], 1, "px")};
  }

  private static Dataset movie(Info info, ImageStack s) throws IOException {
    Map<String, Object> summary = summary(info, s.metadata());
    if (!info.enabled("Scan - Enable")) {
      summary.put("de_movie", "not a scan (Scan - Enable is not Enable): frames in acquisition order");
      return new ImageStack(s.name(), s.pixels(), s.frame(), s.y(), s.x(), s.frameTimesS(), s.frameDose(),
          metadata(info, s.metadata(), summary, List.of()));
    }
    int[] r = info.region();
    String[] how = new String[1];
    int[] frameOf;
    try {
      frameOf = scanOrder(info, r, s.frames(), how);
    } catch (NotAScan e) {
      String note = "Direct Electron scan movie shown as a plain stack in acquisition order, NOT in scan order: " + e.getMessage()
          + "; a frame's index is not its scan position (" + info.infoFile().getFileName() + ")";
      summary.put("de_movie", "scan, not placed in scan order");
      return new ImageStack(s.name(), s.pixels(), s.frame(), s.y(), s.x(), s.frameTimesS(), s.frameDose(),
          metadata(info, s.metadata(), summary, List.of(note)));
    }
    summary.put("scan_order_from", how[0]);
    if (info.roi()) {
      summary.put("de_scan_roi", "x " + r[0] + ".." + (r[0] + r[2] - 1) + ", y " + r[1] + ".." + (r[1] + r[3] - 1) + " of "
          + info.integer("Scan - Size X", -1) + " × " + info.integer("Scan - Size Y", -1));
    }
    Axis[] scan = scanAxes(info, r, "ry", "rx");
    FrameSource frames = new ScanOrderFrames(new ArrayFrames(s.pixels(), s.width() * s.height()), frameOf);
    return new DataCube4D(s.name(), scan[0], scan[1], s.y().withName("qy"), s.x().withName("qx"), s.pixelType(),
        metadata(info, s.metadata(), summary, List.of()), frames);
  }

  /** Why a movie cannot be placed in scan order. */
  static final class NotAScan extends Exception {
    NotAScan(String why) { super(why, null, false, false); }
  }

  /**
   * For each scan position (row-major over the region), the movie frame recorded there.
   *
   * @param how set to where the order came from
   * @throws NotAScan when the frames do not visit every position of the region exactly once
   */
  static int[] scanOrder(Info info, int[] region, int frames, String[] how) throws IOException, NotAScan {
    int w = region[2];
    int h = region[3];
    if (w <= 0 || h <= 0) throw new NotAScan("the info file gives no scan size (" + w + " × " + h + ")");
    int perFrame = info.integer("Scan - Points Per Camera Frame", 1);
    if (perFrame != 1) throw new NotAScan(perFrame + " scan points per camera frame (expected 1)");
    String type = info.values().getOrDefault("Scan - Type", "Raster").trim();
    String where = info.roi() ? "the " + w + " × " + h + " ROI" : "the " + w + " × " + h + " scan";
    int[] x;
    int[] y;
    if (type.equalsIgnoreCase("Raster")) {
      int repeats = info.integer("Scan - Repeats", 1);
      if (repeats != 1) throw new NotAScan("a raster scan repeated " + repeats + " times");
      if (frames != w * h) throw new NotAScan(frames + " frames for " + where + " (" + (long) w * h + " positions)");
      how[0] = "DE info: raster over " + where;
      int[] order = new int[frames];
      for (int i = 0; i < frames; i++) order[i] = i;
      return order;
    }
    if (info.coordinatesFile() == null) {
      throw new NotAScan("scan type '" + type + "' needs the coordinates file " + info.infoFile().getFileName().toString()
          .replaceFirst("_info\\.txt$", "_scan_coordinates.csv") + ", which is not beside it");
    }
    List<int[]> xy = coordinates(info.coordinatesFile());
    String csv = info.coordinatesFile().getFileName().toString();
    if (xy.size() != frames) throw new NotAScan(csv + " lists " + xy.size() + " positions for " + frames + " frames");
    int[] frameOf = new int[w * h];
    Arrays.fill(frameOf, -1);
    int repeated = 0;
    for (int k = 0; k < frames; k++) {
      int[] p = xy.get(k);
      if (p[0] < 0 || p[0] >= w || p[1] < 0 || p[1] >= h) {
        throw new NotAScan(csv + " line " + (k + 1) + " is position (" + p[0] + ", " + p[1] + "), outside " + where);
      }
      int at = p[1] * w + p[0];
      if (frameOf[at] >= 0) repeated++;
      else frameOf[at] = k;
    }
    int missing = 0;
    for (int f : frameOf) if (f < 0) missing++;
    if (repeated > 0 || missing > 0) {
      throw new NotAScan("scan type '" + type + "': " + csv + " visits " + (w * h - missing) + " of the " + w * h
          + " positions of " + where + (repeated > 0 ? ", " + repeated + " frames at a position already visited (repeats)" : ""));
    }
    how[0] = "DE scan coordinates " + csv + " (scan type '" + type + "') over " + where;
    return frameOf;
  }

  private static List<int[]> coordinates(Path csv) throws IOException, NotAScan {
    if (Files.size(csv) > MAX_SIDECAR_BYTES * 16) throw new NotAScan(csv.getFileName() + " is too large for a coordinates file");
    List<int[]> out = new ArrayList<>();
    int n = 0;
    for (String line : Files.readAllLines(csv, StandardCharsets.ISO_8859_1)) {
      n++;
      String t = line.trim();
      if (t.isEmpty()) continue;
      String[] f = t.split("[,;\\s]+");
      try {
        if (f.length != 2) throw new NumberFormatException();
        out.add(new int[] {Integer.parseInt(f[0]), Integer.parseInt(f[1])});
      } catch (NumberFormatException e) {
        throw new NotAScan(csv.getFileName() + " line " + n + " is '" + t + "'; expected two integers x,y");
      }
    }
    return out;
  }

  /** The movie's frames looked up in scan order. */
  private static final class ScanOrderFrames implements FrameSource {
    private final FrameSource movie;
    private final int[] frameOf;

    ScanOrderFrames(FrameSource movie, int[] frameOf) {
      this.movie = movie;
      this.frameOf = frameOf;
    }

    @Override public int frameValues() { return movie.frameValues(); }

    @Override public void readFrame(long index, float[] into) { movie.readFrame(frameOf[Math.toIntExact(index)], into); }

    @Override public boolean hasUInt16Frames() { return movie.hasUInt16Frames(); }

    @Override public void locateUInt16(long index, UInt16Frame into) { movie.locateUInt16(frameOf[Math.toIntExact(index)], into); }

    @Override public void close() { movie.close(); }
  }
}
