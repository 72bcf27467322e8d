package org.causalem.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a file said about a dataset.
 *
 * <p>{@code summary} holds the key facts under standard names ({@link #VOLTAGE_KV}, {@link #MAGNIFICATION},
 * {@link #DETECTOR}, {@link #DATE}, ...), converted to the project's units. {@code tree} is the file's
 * own metadata, unchanged: nested {@code Map<String,Object>} (insertion-ordered), {@code List<Object>},
 * {@code String}, {@code Number}, {@code Boolean}.
 */
public record Metadata(Map<String, Object> summary, Map<String, Object> tree) {
  public static final String VOLTAGE_KV = "voltage_kV";
  public static final String MAGNIFICATION = "magnification";
  public static final String CAMERA_LENGTH_MM = "camera_length_mm";
  public static final String DETECTOR = "detector";
  public static final String MICROSCOPE = "microscope";
  public static final String DATE = "date";
  public static final String TIME = "time";
  public static final String EXPOSURE_S = "exposure_s";
  public static final String DWELL_TIME_S = "dwell_time_s";
  public static final String SIGNAL = "signal";
  public static final String TITLE = "title";
  /**
   * What a user must know about a dataset (an uncalibrated or implausible pixel size, a guessed
   * unit, a dropped calibration): a {@code List<String>} in the summary, copied by commands into their
   * JSON outputs and printed by {@code info}.
   */
  public static final String NOTES = "notes";
  /** The kind of signal: {@code EELS}, {@code EDS}, {@code diffraction}, ... when the file says. */
  public static final String SIGNAL_EELS = "EELS";
  public static final String SIGNAL_EDS = "EDS";

  public static final Metadata EMPTY = new Metadata(Map.of(), Map.of());

  public Metadata {
    summary = Collections.unmodifiableMap(new LinkedHashMap<>(summary));
    tree = Collections.unmodifiableMap(new LinkedHashMap<>(tree));
  }

  /**
   * Looks up a value by a dot-separated path in the tree ({@code "ImageList.1.ImageData.Calibrations"});
   * list elements are addressed by their index. Returns null when absent.
   */
  public Object find(String path) {
    Object node = tree;
    for (String part : path.split("\\.")) {
      if (node instanceof Map<?, ?> m) {
        node = m.get(part);
      } else if (node instanceof List<?> l) {
        int i;
        try {
          i = Integer.parseInt(part);
        } catch (NumberFormatException e) {
          return null;
        }
        node = i >= 0 && i < l.size() ? l.get(i) : null;
      } else {
        return null;
      }
      if (node == null) return null;
    }
    return node;
  }

  /** The notes about this dataset (empty when there are none). */
  public List<String> notes() {
    Object n = summary.get(NOTES);
    if (!(n instanceof List<?> l)) return List.of();
    List<String> out = new ArrayList<>();
    for (Object o : l) out.add(String.valueOf(o));
    return List.copyOf(out);
  }

  /** A copy with {@code note} appended to the notes (ignored when null or already present). */
  public Metadata withNote(String note) {
    if (note == null) return this;
    List<String> n = new ArrayList<>(notes());
    if (n.contains(note)) return this;
    n.add(note);
    Map<String, Object> s = new LinkedHashMap<>(summary);
    s.put(NOTES, List.copyOf(n));
    return new Metadata(s, tree);
  }

  /** The signal type the file states ({@link #SIGNAL}), or null. */
  public String signal() { return summary.get(SIGNAL) instanceof String s ? s : null; }

  /** A copy with one more summary entry (ignored when {@code value} is null). */
  public Metadata withSummary(String key, Object value) {
    if (value == null) return this;
    Map<String, Object> s = new LinkedHashMap<>(summary);
    s.put(key, value);
    return new Metadata(s, tree);
  }
}
