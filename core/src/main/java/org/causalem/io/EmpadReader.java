package org.causalem.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.causalem.data.Axis;
import org.causalem.data.BadInputException;
import org.causalem.data.DataCube4D;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;
import org.causalem.data.ImageStack;
import org.causalem.data.MappedFrames;
import org.causalem.data.Metadata;
import org.causalem.data.PixelType;
import org.causalem.data.Pixels;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * EMPAD (Electron Microscope Pixel Array Detector) acquisitions: an XML file ({@code <root>}) that names its data file
 * ({@code <raw_file filename="..."/>}) beside it. The {@code .raw} holds little-endian float32 frames of 128 × 130: 128
 * rows of pixels, then 2 rows of per-frame metadata that are not pixels and are skipped.
 *
 * <p>A series ({@code <scan_parameters><series_count>}) is an {@link ImageStack} (read onto the heap, without the
 * metadata rows); a scan is a memory-mapped {@link DataCube4D}, its shape from {@code <pix_x>}/{@code <pix_y>}, else from
 * a raw-file name {@code scan_x<W>_y<H>.raw} (EMPAD 1.2 writes no pix_x/pix_y). Scan step: the full field of view
 * ({@code optics.get_full_scan_field_of_view} in m over the scan's pixels, or, in EMPAD 1.2,
 * {@code full_scan_field_of_view/x} divided by its {@code scale_factor} over the larger scan side); detector:
 * {@code calibrated_pixelsize} × 1e9 in 1/nm when the XML has it, else px; detector axes centred (offset −64 pixels), as
 * RosettaSciIO reads them.
 */
final class EmpadReader implements FormatReader {
  static final int WIDTH = 128;
  static final int HEIGHT = 128;
  static final int RAW_HEIGHT = 130;
  static final long FRAME_BYTES = 4L * WIDTH * RAW_HEIGHT;
  private static final long MAX_XML_BYTES = 16L << 20;
  private static final long MAX_STACK_BYTES = 1L << 30;
  private static final Pattern SCAN_NAME = Pattern.compile("scan_x(\\d+)_y(\\d+)(?:\\..*)?");

  @Override public String format() { return "empad"; }

  @Override public boolean accepts(Path file, ByteBuffer head, long size) {
    String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!n.endsWith(".xml")) return false;
    String text = MrcReader.ascii(head, 0, head.limit());
    return text.contains("<root") && (text.contains("<raw_file") || text.toLowerCase(Locale.ROOT).contains("empad"));
  }

  /** What the XML says about the acquisition's layout. */
  record Layout(String rawName, long frames, int scanY, int scanX, boolean series, String source) {}

  @Override public DataFile read(Path file) throws IOException {
    String name = file.getFileName().toString();
    Element root = parse(file, name);
    Layout layout = layout(root, name);
    Path raw = file.toAbsolutePath().getParent().resolve(Path.of(layout.rawName()).getFileName().toString());
    long expected = layout.frames() * FRAME_BYTES;
    String what = (layout.series() ? layout.frames() + " frames" : layout.scanY() + " × " + layout.scanX() + " frames") + " of "
        + WIDTH + " × " + RAW_HEIGHT + " float32 (" + HEIGHT + " rows of pixels + 2 of metadata) = " + expected + " bytes";
    if (!Files.isRegularFile(raw)) {
      throw new BadInputException(name + ": names its data file " + layout.rawName() + ", which is not beside it (expected " + raw
          + ": " + what + ")");
    }
    long size = Files.size(raw);
    if (size < expected) {
      throw new BadInputException(raw.getFileName() + " (data of " + name + "): truncated: " + size + " bytes; the XML describes "
          + what + " (" + size / FRAME_BYTES + " complete frames)");
    }
    Metadata md = metadata(root, layout, raw, size - expected);
    String stem = NpyReader.stem(name);
    Dataset d;
    if (layout.series()) {
      d = stack(raw, layout, stem, md);
    } else {
      Axis[] scan = scanAxes(root, layout);
      MappedFrames frames = new MappedFrames(raw, 0, FRAME_BYTES, layout.frames(), WIDTH * HEIGHT, PixelType.FLOAT32,
          ByteOrder.LITTLE_ENDIAN);
      d = new DataCube4D(stem, scan[0], scan[1], detectorAxis(root, "qy", HEIGHT), detectorAxis(root, "qx", WIDTH),
          PixelType.FLOAT32, md, frames);
    }
    return new DataFile(file, format(), List.of(d), new Metadata(Map.of(), md.tree()));
  }

  /** The XML's root element; DTDs and external entities are refused. */
  static Element parse(Path file, String name) throws IOException {
    if (Files.size(file) > MAX_XML_BYTES) {
      throw new BadInputException(name + ": " + Files.size(file) + " bytes is too large for an EMPAD XML file (at most " + MAX_XML_BYTES + ")");
    }
    try (InputStream in = Files.newInputStream(file)) {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      Element root = b.parse(in).getDocumentElement();
      if (!"root".equals(root.getTagName())) {
        throw new BadInputException(name + ": XML root element is <" + root.getTagName() + ">; an EMPAD file has <root>");
      }
      return root;
    } catch (SAXException e) {
      throw new BadInputException(name + ": not well-formed XML (" + e.getMessage() + ")", e);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("XML parser cannot be configured securely", e);
    }
  }

  /** The raw file's name and the frames' shape, from the XML (see the class comment for the order). */
  static Layout layout(Element root, String name) {
    Element rawFile = child(root, "raw_file");
    String raw = rawFile == null ? "" : rawFile.getAttribute("filename").trim();
    if (raw.isEmpty()) throw new BadInputException(name + ": no <raw_file filename=\"...\"/> element naming the EMPAD data file");
    String series = text(root, "scan_parameters", "series_count");
    if (series != null) {
      int n = positive(series, name, "scan_parameters/series_count");
      return new Layout(raw, n, 1, n, true, "series_count");
    }
    String px = text(root, "pix_x");
    String py = text(root, "pix_y");
    if (px != null && py != null) {
      return scan(raw, positive(px, name, "pix_x"), positive(py, name, "pix_y"), "pix_x/pix_y", name);
    }
    Matcher m = SCAN_NAME.matcher(Path.of(raw).getFileName().toString());
    if (m.matches()) {
      return scan(raw, positive(m.group(1), name, "the raw file name's x"), positive(m.group(2), name, "the raw file name's y"),
          "raw file name", name);
    }
    throw new BadInputException(name + ": the scan size is not stated: no <scan_parameters><series_count>, no <pix_x>/<pix_y>, and the"
        + " raw file name '" + raw + "' is not scan_x<W>_y<H>.raw");
  }

  /** A scan of y × x frames (counted in a long: the product of two ints); one no file can hold is refused naming both. */
  private static Layout scan(String raw, int x, int y, String source, String name) {
    long frames = (long) x * y;
    if (frames > Long.MAX_VALUE / FRAME_BYTES) {
      throw new BadInputException(name + ": a scan of " + y + " × " + x + " frames (from the " + source + "); expected at most "
          + Long.MAX_VALUE / FRAME_BYTES + " frames of " + FRAME_BYTES + " bytes");
    }
    return new Layout(raw, frames, y, x, false, source);
  }

  private static int positive(String s, String name, String what) {
    try {
      int v = Integer.parseInt(s.trim());
      if (v > 0) return v;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadInputException(name + ": " + what + " is '" + s + "'; expected a positive integer");
  }

  /** The series as (frame, y, x) float32 without the two metadata rows of each frame. */
  private static ImageStack stack(Path raw, Layout layout, String stem, Metadata md) throws IOException {
    long pixelBytes = 4L * WIDTH * HEIGHT;
    long total = layout.frames() * pixelBytes;
    if (total > MAX_STACK_BYTES) {
      throw new BadInputException(raw.getFileName() + ": a series of " + layout.frames() + " EMPAD frames (" + total
          + " bytes of pixels) is larger than the " + MAX_STACK_BYTES + " bytes a stack is read into memory for");
    }
    ByteBuffer all = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel ch = FileChannel.open(raw, StandardOpenOption.READ)) {
      for (long k = 0; k < layout.frames(); k++) {
        ByteBuffer frame = all.duplicate().position((int) (k * pixelBytes)).limit((int) ((k + 1) * pixelBytes)).slice();
        NpyHeader.readFully(ch, frame, k * FRAME_BYTES, raw.getFileName().toString());
      }
    }
    Pixels p = Pixels.ofBytes(PixelType.FLOAT32, all, layout.frames() * WIDTH * HEIGHT);
    return new ImageStack(stem, p, Axis.pixels("frame", Math.toIntExact(layout.frames())), new Axis("y", HEIGHT, -HEIGHT / 2.0, 1, "px"),
        new Axis("x", WIDTH, -WIDTH / 2.0, 1, "px"), null, null, md);
  }

  /** {ry, rx}: the scan step in nm from the field of view, else pixels. */
  static Axis[] scanAxes(Element root, Layout l) {
    Element iom = child(root, "iom_measurements");
    double[] stepM = {Double.NaN, Double.NaN};
    String fov = text(iom, "optics.get_full_scan_field_of_view");
    Element full = child(iom, "full_scan_field_of_view");
    if (fov != null) {
      double[] v = numbers(fov);
      if (v.length == 2) {
        stepM[0] = v[0] / l.scanY();
        stepM[1] = v[1] / l.scanX();
      }
    } else if (full != null) {
      double x = number(text(full, "x"));
      double factor = number(text(full, "scale_factor"));
      stepM[0] = x / factor / Math.max(l.scanY(), l.scanX());
      stepM[1] = stepM[0];
    }
    return new Axis[] {scanAxis("ry", l.scanY(), stepM[0]), scanAxis("rx", l.scanX(), stepM[1])};
  }

  private static Axis scanAxis(String axis, int n, double stepM) {
    return stepM > 0 && Double.isFinite(stepM) ? new Axis(axis, n, 0, stepM * 1e9, "nm") : Axis.pixels(axis, n);
  }

  /** A detector axis centred on the pattern: calibrated_pixelsize × 1e9 in 1/nm when the XML has it, else px. */
  private static Axis detectorAxis(Element root, String axis, int n) {
    double s = number(text(child(root, "iom_measurements"), "calibrated_pixelsize")) * 1e9;
    return s > 0 && Double.isFinite(s) ? new Axis(axis, n, -n / 2.0 * s, s, "1/nm") : new Axis(axis, n, -n / 2.0, 1, "px");
  }

  private static Metadata metadata(Element root, Layout l, Path raw, long extraBytes) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put(Metadata.DETECTOR, "EMPAD");
    Element ts = child(root, "timestamp");
    String iso = ts == null ? "" : ts.getAttribute("isoformat");
    int t = iso.indexOf('T');
    if (t > 0) {
      s.put(Metadata.DATE, iso.substring(0, t));
      s.put(Metadata.TIME, iso.substring(t + 1));
    }
    Element iom = child(root, "iom_measurements");
    double volts = number(first(text(iom, "source.get_voltage"), text(iom, "high_voltage")));
    if (volts > 0) s.put(Metadata.VOLTAGE_KV, volts / 1000);
    double cameraM = number(first(text(iom, "optics.get_cameralength"), text(iom, "nominal_camera_length")));
    if (cameraM > 0) s.put(Metadata.CAMERA_LENGTH_MM, cameraM * 1000);
    String version = text(root, "software_version");
    if (version != null) s.put("software_version", version.trim());
    s.put("raw_file", raw.getFileName().toString());
    s.put(l.series() ? "series_count_from" : "scan_shape_from", l.source());
    String exposure = text(root, "exposure_time");
    if (exposure != null) s.put("exposure_time", exposure.trim() + " (unit not stated in the XML)");
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("root", tree(root));
    Metadata md = new Metadata(s, tree);
    if (extraBytes > 0) {
      md = md.withNote(raw.getFileName() + " has " + extraBytes + " bytes after the frames the XML describes (" + extraBytes / FRAME_BYTES
          + " whole frames); they are not read");
    }
    return md;
  }

  private static String first(String a, String b) { return a != null ? a : b; }

  private static double number(String s) { return Numbers.orNaN(s); }

  /** The numbers of a Python-style list "[a, b]". */
  private static double[] numbers(String s) {
    String[] parts = s.replace("[", "").replace("]", "").split(",");
    double[] out = new double[parts.length];
    for (int i = 0; i < parts.length; i++) out[i] = number(parts[i]);
    return out;
  }

  /** The first child element called {@code tag}, or null. */
  static Element child(Element parent, String tag) {
    if (parent == null) return null;
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(tag)) return e;
    }
    return null;
  }

  /** The text of the element at {@code path} below {@code parent} (the first match at each step), or null. */
  static String text(Element parent, String... path) {
    Element e = parent;
    for (String p : path) e = child(e, p);
    return e == null ? null : e.getTextContent();
  }

  /** An element as a map: attributes as {@code @name}, text as {@code #text}, children by tag (repeated tags as a list). */
  static Object tree(Element e) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < e.getAttributes().getLength(); i++) {
      Node a = e.getAttributes().item(i);
      m.put("@" + a.getNodeName(), a.getNodeValue());
    }
    Map<String, List<Object>> repeated = new LinkedHashMap<>();
    boolean children = false;
    NodeList list = e.getChildNodes();
    for (int i = 0; i < list.getLength(); i++) {
      if (!(list.item(i) instanceof Element c)) continue;
      children = true;
      String tag = c.getTagName();
      Object v = tree(c);
      if (repeated.containsKey(tag)) {
        repeated.get(tag).add(v);
      } else if (m.containsKey(tag)) {
        List<Object> l = new ArrayList<>(List.of(m.get(tag), v));
        repeated.put(tag, l);
        m.put(tag, l);
      } else {
        m.put(tag, v);
      }
    }
    String text = e.getTextContent().trim();
    if (!children && m.isEmpty()) return text;
    if (!children && !text.isEmpty()) m.put("#text", text);
    return m;
  }
}
