package org.causalem.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.causalem.data.BadInputException;

/**
 * The counts of an EMSA/MSA file, and its x column when it has one ({@code DATATYPE XY}).
 *
 * @param x the x values, or null for {@code DATATYPE Y}
 */
record MsaValues(double[] y, double[] x) {
  /**
   * The values of {@code m}'s data section as its {@code DATATYPE} says: Y (every number a count) or XY (x, y pairs,
   * {@code NCOLUMNS} of them per line). Y data whose every line holds exactly two numbers, one line per point, the first
   * following {@code OFFSET + i × XPERCHAN}, are x, y pairs mislabelled (as written by some versions of HyperSpy):
   * read as XY, with a note.
   *
   * @throws BadInputException for an unknown DATATYPE, an odd count on an XY line, or no data at all
   */
  static MsaValues of(String fn, MsaText m, List<String> notes) {
    String type = m.value("DATATYPE") == null ? "Y" : m.value("DATATYPE").strip().toUpperCase(Locale.ROOT);
    if (!type.equals("Y") && !type.equals("XY")) {
      throw new BadInputException(fn + ": DATATYPE '" + m.value("DATATYPE") + "': expected Y or XY");
    }
    if (m.rows.isEmpty()) throw new BadInputException(fn + ": no data values between #SPECTRUM and #ENDOFDATA");
    MsaValues v = type.equals("XY") ? pairs(fn, m) : mislabelledPairs(fn, m, notes);
    if (v.y().length == 0) throw new BadInputException(fn + ": no data values between #SPECTRUM and #ENDOFDATA");
    double npoints = number(fn, m, "NPOINTS", false);
    if (!Double.isNaN(npoints) && npoints != v.y().length) {
      notes.add("NPOINTS says " + MsaReader.fmt(npoints) + "; the data hold " + v.y().length + " values: all "
          + v.y().length + " read" + (v.y().length < npoints ? " (is the file truncated?)" : ""));
    }
    return v;
  }

  private static MsaValues pairs(String fn, MsaText m) {
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (MsaText.Row r : m.rows) {
      if (r.values().length % 2 != 0) {
        throw new BadInputException(fn + ": line " + r.line() + " holds " + r.values().length
            + " values; DATATYPE XY expects x, y pairs (an even number per line)");
      }
      for (int i = 0; i < r.values().length; i += 2) {
        x.add(r.values()[i]);
        y.add(r.values()[i + 1]);
      }
    }
    return new MsaValues(array(y), array(x));
  }

  private static MsaValues mislabelledPairs(String fn, MsaText m, List<String> notes) {
    List<Double> all = new ArrayList<>();
    for (MsaText.Row r : m.rows) for (double d : r.values()) all.add(d);
    MsaValues asY = new MsaValues(array(all), null);
    double npoints = number(fn, m, "NPOINTS", false);
    double offset = number(fn, m, "OFFSET", false);
    double scale = number(fn, m, "XPERCHAN", false);
    if (npoints != m.rows.size() || Double.isNaN(offset) || !(scale != 0)) return asY;
    for (int i = 0; i < m.rows.size(); i++) {
      double[] r = m.rows.get(i).values();
      if (r.length != 2 || Math.abs(r[0] - (offset + i * scale)) > 0.5 * Math.abs(scale)) return asY;
    }
    int n = m.rows.size();
    notes.add("DATATYPE says Y, but each data line holds an x, y pair whose x follows OFFSET + i × XPERCHAN: read as XY (" + n
        + (n == 1 ? " point)" : " points)"));
    return pairs(fn, m);
  }

  /**
   * The number {@code key} holds, or NaN when it is absent or empty. {@code 2.0 E-06} (a blank before the exponent)
   * and {@code 3.1 eV} (a unit after the number) are read as 2.0e-6 and 3.1.
   *
   * @param required whether a value that is not a number is an error (else NaN)
   * @throws BadInputException for a required key whose value is not a number, naming the key, the value and what was expected
   */
  static double number(String fn, MsaText m, String key, boolean required) {
    String v = m.value(key);
    if (v == null || v.isBlank()) return Double.NaN;
    String t = v.strip().replaceAll("\\s+(?=[eE][-+]?\\d)", "");
    try {
      return finite(Numbers.parse(t));
    } catch (Numbers.NotANumber e) {
      try {
        return finite(Numbers.parse(t.split("\\s+")[0]));
      } catch (Numbers.NotANumber e2) {
        if (!required) return Double.NaN;
        throw new BadInputException(fn + ": #" + key + " '" + v + "' " + e.getMessage());
      }
    }
  }

  private static double finite(double v) throws Numbers.NotANumber {
    if (Double.isNaN(v)) throw new Numbers.NotANumber("is missing (NaN); expected a number");
    return v;
  }

  /** Puts {@code key}'s number divided by {@code divisor} into {@code summary}; a value that is not a number is a note. */
  static void optional(String fn, MsaText m, String key, double divisor, Map<String, Object> summary, String as, List<String> notes) {
    String v = m.value(key);
    if (v == null || v.isBlank()) return;
    double d = number(fn, m, key, false);
    if (Double.isNaN(d)) notes.add("#" + key + " '" + v.strip() + "' is not a number; not used");
    else summary.put(as, d / divisor);
  }

  private static double[] array(List<Double> l) {
    double[] out = new double[l.size()];
    for (int i = 0; i < out.length; i++) out[i] = l.get(i);
    return out;
  }
}
