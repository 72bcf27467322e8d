package org.causalem.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.causalem.data.Axis;
import org.causalem.data.BadInputException;
import org.causalem.data.DataFile;
import org.causalem.data.Metadata;
import org.causalem.data.Pixels;
import org.causalem.data.Spectrum;
import org.causalem.numeric.Units;

/**
 * An EMSA/MSA spectrum ({@code .msa}, {@code .ems}; ISO 22029): one EELS, EDS or other spectrum as text, its
 * header of {@code #KEYWORD : value} lines first. Recognised by its first line, {@code #FORMAT}.
 *
 * <p>The energy axis is {@code OFFSET + i × XPERCHAN} in {@code XUNITS} (eV, keV; a unit in parentheses, as in
 * {@code Energy Loss (eV)}, counts), as the standard defines it; {@code DATATYPE XY} data contribute their y values
 * ({@code NCOLUMNS} pairs per line), their x column only when {@code XPERCHAN} is missing, and a note when it departs
 * from the axis. Every value in the data section is read; a count that differs from {@code NPOINTS} is a note.
 */
final class MsaReader implements FormatReader {
  private static final Pattern FIRST_LINE = Pattern.compile("(?i)^\\s*#\\s*FORMAT\\s*:.*");
  /** Spectra are small; a larger "MSA" file is refused rather than read into memory. */
  private static final long MAX_BYTES = 256L << 20;
  /** The x column may depart from the axis by half a channel plus the rounding of a value printed with 6 digits. */
  private static final double X_TOLERANCE_CHANNELS = 0.5;
  private static final double X_TOLERANCE_RELATIVE = 5e-6;

  @Override public String format() { return "msa"; }

  @Override public boolean accepts(Path file, ByteBuffer head, long size) {
    byte[] b = new byte[Math.min(head.limit(), 256)];
    head.get(0, b);
    String s = new String(b, StandardCharsets.ISO_8859_1);
    if (s.startsWith("\u00EF\u00BB\u00BF")) s = s.substring(3);
    int end = s.indexOf('\n');
    return FIRST_LINE.matcher((end < 0 ? s : s.substring(0, end)).strip()).matches();
  }

  @Override public DataFile read(Path file) throws IOException {
    String fn = file.getFileName().toString();
    long size = Files.size(file);
    if (size > MAX_BYTES) throw new BadInputException(fn + ": " + size + " bytes; an EMSA/MSA spectrum file is expected to be under " + MAX_BYTES);
    String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    if (text.startsWith("\u00EF\u00BB\u00BF")) text = text.substring(3);
    MsaText m = MsaText.parse(fn, text);
    List<String> notes = new ArrayList<>();
    MsaValues v = MsaValues.of(fn, m, notes);
    Axis energy = axis(fn, m, v, notes);
    Metadata md = metadata(fn, m, notes);
    String name = fn.replaceFirst("\\.[^.]*$", "");
    Spectrum s = new Spectrum(name, Pixels.ofDoubles(v.y()), energy, md);
    return new DataFile(file, format(), List.of(s), new Metadata(Map.of(), md.tree()));
  }

  /** {@code OFFSET + i × XPERCHAN} in {@code XUNITS} converted to eV (or nm); see the class comment. */
  static Axis axis(String fn, MsaText m, MsaValues v, List<String> notes) {
    int n = v.y().length;
    double offset = MsaValues.number(fn, m, "OFFSET", true);
    double scale = MsaValues.number(fn, m, "XPERCHAN", true);
    if (Double.isNaN(scale) && v.x() != null && n > 1) {
      scale = (v.x()[n - 1] - v.x()[0]) / (n - 1);
      if (Double.isNaN(offset)) offset = v.x()[0];
      notes.add("no XPERCHAN: the axis is the X column's, from " + fmt(offset) + " in steps of " + fmt(scale));
    }
    if (Double.isNaN(offset) && v.x() != null && n > 0) offset = v.x()[0];
    if (Double.isNaN(scale)) return Axis.pixels("energy", n);
    if (scale == 0 || !Double.isFinite(scale)) {
      throw new BadInputException(fn + ": " + (m.value("XPERCHAN") == null ? "the X column's step " + scale : "XPERCHAN '" + m.value("XPERCHAN") + "'")
          + ": expected a non-zero channel width");
    }
    if (Double.isNaN(offset)) {
      offset = 0;
      notes.add("no OFFSET: the first channel is taken to be at 0");
    }
    if (v.x() != null) xColumn(v.x(), offset, scale, unitText(m), notes);
    return calibrated(fn, m, n, offset, scale, notes);
  }

  private static Axis calibrated(String fn, MsaText m, int n, double offset, double scale, List<String> notes) {
    Units.Conversion u = Units.of(unitText(m));
    if (u.quantity() == Units.Quantity.PIXEL) {
      notes.add("XUNITS " + (m.value("XUNITS") == null ? "missing" : "empty") + ": OFFSET " + fmt(offset) + " and XPERCHAN "
          + fmt(scale) + " have no unit; the axis is in channels");
      return Axis.pixels("energy", n);
    }
    double o = offset * u.factor();
    double st = scale * u.factor();
    if (!Double.isFinite(o) || !Double.isFinite(st) || st == 0 || !Double.isFinite(o + st * n)) {
      throw new BadInputException(fn + ": OFFSET " + fmt(offset) + " and XPERCHAN " + fmt(scale) + " " + unitText(m)
          + " give no finite axis; expected a finite offset and a finite, non-zero channel width");
    }
    String name = u.quantity() == Units.Quantity.LENGTH ? Hdf5Shapes.SPECTRAL_WAVELENGTH : "energy";
    return new Axis(name, n, o, st, u.unit());
  }

  /** XUNITS, or the unit in its parentheses ({@code Energy Loss (eV)} → {@code eV}). */
  static String unitText(MsaText m) {
    String u = m.value("XUNITS");
    if (u == null) return "";
    int open = u.lastIndexOf('(');
    int close = u.lastIndexOf(')');
    return open >= 0 && close > open ? u.substring(open + 1, close).strip() : u.strip();
  }

  /** A note when the X column departs from {@code offset + i × scale} by more than the tolerance. */
  private static void xColumn(double[] x, double offset, double scale, String unit, List<String> notes) {
    int worst = -1;
    double worstDev = 0;
    for (int i = 0; i < x.length; i++) {
      double dev = Math.abs(x[i] - (offset + i * scale));
      double tol = X_TOLERANCE_CHANNELS * Math.abs(scale) + X_TOLERANCE_RELATIVE * Math.abs(x[i]);
      if (dev > tol && dev > worstDev) {
        worst = i;
        worstDev = dev;
      }
    }
    if (worst < 0) return;
    notes.add("the X column departs from OFFSET + i × XPERCHAN by up to " + fmt(worstDev) + (unit.isEmpty() ? "" : " " + unit)
        + " (" + Decimals.fixed(worstDev / Math.abs(scale), 2) + " channel, at channel " + worst + ": " + fmt(x[worst]) + " against "
        + fmt(offset + worst * scale) + "); the axis follows OFFSET and XPERCHAN, as the standard defines it");
  }

  /** The summary (title, signal, voltage, date, times, detector, angles) and every keyword as the file spells it. */
  private static Metadata metadata(String fn, MsaText m, List<String> notes) {
    Map<String, Object> tree = new LinkedHashMap<>();
    for (MsaText.Keyword k : m.keywords.values()) tree.put(k.spelled(), k.value());
    Map<String, Object> s = new LinkedHashMap<>();
    put(s, Metadata.TITLE, m.value("TITLE"));
    put(s, Metadata.SIGNAL, signal(m.value("SIGNALTYPE")));
    MsaValues.optional(fn, m, "BEAMKV", 1, s, Metadata.VOLTAGE_KV, notes);
    put(s, Metadata.DATE, date(m.value("DATE")));
    put(s, Metadata.TIME, m.value("TIME"));
    put(s, Metadata.DETECTOR, m.value("ELSDET") != null ? m.value("ELSDET") : m.value("EDSDET"));
    MsaValues.optional(fn, m, "INTEGTIME", 1000, s, Metadata.EXPOSURE_S, notes);
    MsaValues.optional(fn, m, "LIVETIME", 1, s, "live_time_s", notes);
    MsaValues.optional(fn, m, "REALTIME", 1, s, "real_time_s", notes);
    MsaValues.optional(fn, m, "CONVANGLE", 1, s, "convergence_angle_mrad", notes);
    MsaValues.optional(fn, m, "COLLANGLE", 1, s, "collection_angle_mrad", notes);
    Metadata md = new Metadata(s, tree);
    for (String n : notes) md = md.withNote(n);
    return md;
  }

  private static void put(Map<String, Object> s, String key, String value) {
    if (value != null && !value.isBlank()) s.put(key, value.strip());
  }

  /** {@code ELS} → EELS, {@code EDS} → EDS, {@code CLS} → CL; any other type as the file says (WDS, AES, XRF, ...). */
  static String signal(String type) {
    if (type == null || type.isBlank()) return null;
    switch (type.strip().toUpperCase(Locale.ROOT)) {
      case "ELS": case "EELS": return Metadata.SIGNAL_EELS;
      case "EDS": case "EDX": return Metadata.SIGNAL_EDS;
      case "CLS": return "CL";
      default: return type.strip();
    }
  }

  private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

  /** The standard's {@code DD-MMM-YYYY} as an ISO date ({@code 01-OCT-1991} → {@code 1991-10-01}); any other text as it is. */
  static String date(String d) {
    if (d == null || d.isBlank()) return null;
    String[] p = d.strip().split("-");
    if (p.length == 3 && p[0].matches("\\d{1,2}") && p[2].matches("\\d{4}")) {
      for (int i = 0; i < MONTHS.length; i++) {
        if (!MONTHS[i].equalsIgnoreCase(p[1])) continue;
        try {
          return java.time.LocalDate.of(Integer.parseInt(p[2]), i + 1, Integer.parseInt(p[0])).toString();
        } catch (java.time.DateTimeException e) {
          return d.strip();
        }
      }
    }
    return d.strip();
  }

  static String fmt(double v) { return v == 0 ? "0" : Plausibility.fmt(v); }
}
