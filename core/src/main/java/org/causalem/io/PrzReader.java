package org.causalem.io;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.causalem.data.BadInputException;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;
import org.causalem.data.Metadata;

/**
 * CEOS Panta Rhei {@code .prz}: a NumPy ZIP of {@code data.npy} and the metadata, since Panta Rhei 24.03 as JSON text in
 * {@code meta_data_json.npy} (a one-element list holding a dict). Axes follow {@link PrzAxes}; voltage
 * ({@code electron_gun.voltage} + {@code filter.ht_offset} or {@code electron_gun.voltage_offset}, V), magnification
 * ({@code scan_driver.}/{@code projector.magnification}), camera length (m), acquisition date/time, detector and title go
 * to the summary, the whole dict to the tree. Older files keep their metadata only as a Python pickle
 * ({@code meta_data.npy}), which is never unpickled: their data is read uncalibrated with a note.
 */
final class PrzReader implements FormatReader {
  private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  @Override public String format() { return "prz"; }

  @Override public boolean accepts(Path file, ByteBuffer head, long size) { return NpzReader.isZip(head) && hasPrzExtension(file); }

  static boolean hasPrzExtension(Path file) { return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".prz"); }

  @Override public DataFile read(Path file) throws IOException {
    String name = file.getFileName().toString();
    try (ZipFile zip = NpzReader.open(file)) {
      ZipEntry data = zip.getEntry("data.npy");
      if (data == null) throw new BadInputException(name + ": Panta Rhei file without a 'data.npy' entry; expected data.npy and meta_data_json.npy");
      Map<String, Object> meta = metadata(zip, name);
      ByteBuffer bytes = NpzReader.entry(zip, data, name);
      NpyReader.Loaded raw = NpyReader.load(name + ": entry 'data.npy'", bytes);
      Map<String, Object> tree = new LinkedHashMap<>();
      if (meta != null) tree.put("meta_data", meta);
      tree.put("entries", entryNames(zip));
      Metadata md = new Metadata(meta == null ? Map.of() : summary(meta), tree);
      if (meta == null) {
        md = md.withNote("Panta Rhei metadata stored only as a Python pickle (files before Panta Rhei 24.03): not read, "
            + "since unpickling can run code; axes uncalibrated. Re-save the file with Panta Rhei 24.03 or later to keep the calibration");
      }
      Dataset d = PrzAxes.arrange(NpyReader.stem(name), raw, meta == null ? Map.of() : meta, md, name);
      return new DataFile(file, format(), List.of(d), new Metadata(Map.of(), tree));
    }
  }

  private static List<String> entryNames(ZipFile zip) {
    List<String> out = new ArrayList<>();
    zip.stream().forEach(e -> out.add(e.getName()));
    return out;
  }

  /** The metadata dict from {@code meta_data_json.npy}; null when the file has only the pickled one. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> metadata(ZipFile zip, String name) throws IOException {
    ZipEntry e = zip.getEntry("meta_data_json.npy");
    if (e == null) return null;
    String label = name + ": entry 'meta_data_json.npy'";
    String text = NpyHeader.text(label, NpzReader.entry(zip, e, name));
    Object v;
    try {
      v = JSON.readValue(text, Object.class);
    } catch (com.fasterxml.jackson.core.JacksonException ex) {
      throw new BadInputException(label + " is not valid JSON (" + ex.getOriginalMessage() + "); expected a list holding the metadata dict", ex);
    }
    if (v instanceof List<?> l && !l.isEmpty()) v = l.get(0);
    if (!(v instanceof Map<?, ?> m)) {
      throw new BadInputException(label + " holds " + (v == null ? "null" : v.getClass().getSimpleName()) + "; expected a list holding the metadata dict");
    }
    return (Map<String, Object>) m;
  }

  private static Map<String, Object> summary(Map<String, Object> m) {
    Map<String, Object> s = new LinkedHashMap<>();
    double volts = number(m.get("electron_gun.voltage"));
    if (volts > 0) {
      double shift = number(m.containsKey("filter.ht_offset") ? m.get("filter.ht_offset") : m.get("electron_gun.voltage_offset"));
      s.put(Metadata.VOLTAGE_KV, (volts + (Double.isNaN(shift) ? 0 : shift)) / 1000);
    }
    String source = String.valueOf(m.get("source.type"));
    String key = source.equals("scan_generator") ? "scan_driver" : source.equals("camera") ? "projector" : null;
    double mag = key == null ? Double.NaN : number(m.get(key + ".magnification"));
    if (mag > 0) s.put(Metadata.MAGNIFICATION, mag);
    double cl = number(m.get("projector.camera_length"));
    if (cl > 0) s.put(Metadata.CAMERA_LENGTH_MM, cl * 1e3);
    if (m.get("scan_generator.detector") instanceof String det && key != null && key.equals("scan_driver")) s.put(Metadata.DETECTOR, det);
    double dwell = number(m.get("scan_generator.dwell_time"));
    if (dwell > 0 && "scan_driver".equals(key)) s.put(Metadata.DWELL_TIME_S, dwell);
    Object time = m.containsKey("acquisition.time") ? m.get("acquisition.time") : m.get("camera.time");
    if (time instanceof String t && t.length() >= 10 && t.charAt(4) == '-') {
      s.put(Metadata.DATE, t.substring(0, 10));
      if (t.length() >= 19 && t.charAt(10) == 'T') s.put(Metadata.TIME, t.substring(11, 19));
    }
    if (m.get("repo_id") instanceof String id) s.put(Metadata.TITLE, id.split("\\.")[0]);
    return s;
  }

  static double number(Object o) { return o instanceof Number n ? n.doubleValue() : Double.NaN; }
}
