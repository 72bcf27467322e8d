package org.causalem.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.causalem.data.BadInputException;

/**
 * The lines of an EMSA/MSA file (ISO 22029): its keywords in file order, then the numbers of its data section
 * (between {@code #SPECTRUM} and {@code #ENDOFDATA}), line by line.
 *
 * <p>A keyword line is {@code #NAME-unit : value}: the optional unit follows a hyphen ({@code #BEAMKV -kV: 120}); a
 * user-defined keyword starts with {@code ##} and has no unit. Repeated {@code TITLE} lines continue the title,
 * repeated {@code COMMENT} lines add to the comment; another repeated keyword keeps its last value. Data values are
 * separated by commas and/or blanks and follow {@link Numbers}' grammar.
 */
final class MsaText {
  /** One keyword: its name (upper case, without {@code #}), the unit after its hyphen (or empty) and its value. */
  record Keyword(String name, String unit, String value, boolean userDefined) {
    /** The name as the file spells it, with its unit: {@code BEAMKV-kV}. */
    String spelled() { return unit.isEmpty() ? name : name + "-" + unit; }
  }

  /** One data line: its line number (1-based) and its numbers. */
  record Row(int line, double[] values) {}

  final Map<String, Keyword> keywords;
  final List<Row> rows;

  private MsaText(Map<String, Keyword> keywords, List<Row> rows) {
    this.keywords = keywords;
    this.rows = rows;
  }

  /** The value of {@code name}, or null when the file does not have it. */
  String value(String name) {
    Keyword k = keywords.get(name);
    return k == null ? null : k.value();
  }

  /**
   * The keywords and data of {@code text}.
   *
   * @param fn the file name, for messages
   * @throws BadInputException when there is no {@code #SPECTRUM} line or a data value is not a number
   */
  static MsaText parse(String fn, String text) {
    Map<String, Keyword> keywords = new LinkedHashMap<>();
    List<Row> rows = new ArrayList<>();
    String[] lines = text.split("\r\n|\r|\n", -1);
    boolean data = false;
    for (int i = 0; i < lines.length; i++) {
      String t = lines[i].strip();
      if (t.isEmpty()) continue;
      if (t.startsWith("#")) {
        Keyword k = keyword(t);
        if (k.name().equals("ENDOFDATA")) break;
        if (k.name().equals("SPECTRUM")) data = true;
        else if (!data) add(keywords, k);
      } else if (data) {
        rows.add(new Row(i + 1, numbers(fn, t, i + 1)));
      }
    }
    if (!data) {
      throw new BadInputException(fn + ": no #SPECTRUM line; an EMSA/MSA file lists its data after '#SPECTRUM : ...'");
    }
    return new MsaText(keywords, rows);
  }

  /** The keyword of a line starting with {@code #}. */
  private static Keyword keyword(String line) {
    boolean user = line.startsWith("##");
    String body = line.substring(user ? 2 : 1);
    int colon = body.indexOf(':');
    String key = (colon < 0 ? body : body.substring(0, colon)).strip();
    String value = colon < 0 ? "" : body.substring(colon + 1);
    if (value.startsWith(" ")) value = value.substring(1);
    value = value.stripTrailing();
    String unit = "";
    int dash = user ? -1 : key.indexOf('-');
    if (dash > 0) {
      unit = key.substring(dash + 1).strip();
      key = key.substring(0, dash).strip();
    }
    return new Keyword(key.toUpperCase(Locale.ROOT), unit, value, user);
  }

  private static void add(Map<String, Keyword> keywords, Keyword k) {
    Keyword before = keywords.get(k.name());
    boolean continued = before != null && (k.name().equals("TITLE") || k.name().equals("COMMENT"));
    if (!continued) {
      keywords.put(k.name(), new Keyword(k.name(), k.unit(), k.value().strip(), k.userDefined()));
      return;
    }
    String joined = k.name().equals("TITLE") ? before.value() + k.value() : before.value() + "\n" + k.value().strip();
    keywords.put(k.name(), new Keyword(k.name(), before.unit(), joined.strip(), k.userDefined()));
  }

  private static double[] numbers(String fn, String line, int lineNumber) {
    String[] tokens = line.split("[,\\s]+");
    double[] out = new double[tokens.length];
    int n = 0;
    for (String tok : tokens) {
      if (tok.isEmpty()) continue;
      try {
        out[n++] = Numbers.parse(tok);
      } catch (Numbers.NotANumber e) {
        throw new BadInputException(fn + ": line " + lineNumber + ": data value '" + tok + "' " + e.getMessage());
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }
}
