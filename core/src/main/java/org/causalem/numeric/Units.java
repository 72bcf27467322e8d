package org.causalem.numeric;

import java.util.Locale;
import java.util.Map;

/**
 * The one table of physical units: how files and users spell a unit, and the factor to the project's
 * units — lengths in nm, reciprocal lengths in 1/nm, energies in eV, times in s.
 *
 * <p>Spellings: surrounding and inner spaces, underscores and square brackets are ignored ({@code n_m},
 * {@code [Å]}); case is ignored ({@code NM}, {@code Angstrom}) except for the energy prefixes, where
 * {@code meV} (milli) and {@code MeV} (mega) differ and any other casing of them is unknown. Reciprocal
 * lengths are written {@code 1/X}, {@code X^-1} or {@code X-1} for a length X. The empty spelling and
 * {@code px}, {@code pixel(s)}, {@code <undefined>} mean pixels.
 *
 * <p>Unknown means one thing everywhere: a spelling not in this table has quantity {@link Quantity#UNKNOWN},
 * factor 1 and keeps its (normalised) spelling. A reader then keeps the file's unit unconverted; user input
 * in an unknown unit is refused by the caller; {@link #nmPer} is NaN for anything that is not a length.
 */
public final class Units {
  /** What a unit measures. */
  public enum Quantity { PIXEL, LENGTH, RECIPROCAL_LENGTH, ENERGY, TIME, UNKNOWN }

  /**
   * A resolved spelling: a value in the spelled unit times {@code factor} is in {@code unit}.
   *
   * @param unit the project's unit ({@code nm}, {@code 1/nm}, {@code eV}, {@code s}, {@code px}), or the
   *     normalised spelling when the quantity is UNKNOWN
   */
  public record Conversion(Quantity quantity, String unit, double factor) {}

  private static final Map<String, Double> NM_PER = Map.ofEntries(
      Map.entry("nm", 1.0), Map.entry("nanometer", 1.0), Map.entry("nanometers", 1.0), Map.entry("nanometre", 1.0),
      Map.entry("nanometres", 1.0),
      Map.entry("\u00B5m", 1e3), Map.entry("\u03BCm", 1e3), Map.entry("um", 1e3), Map.entry("micron", 1e3), Map.entry("microns", 1e3),
      Map.entry("micrometer", 1e3), Map.entry("micrometers", 1e3), Map.entry("micrometre", 1e3), Map.entry("micrometres", 1e3),
      Map.entry("mm", 1e6), Map.entry("millimeter", 1e6), Map.entry("millimeters", 1e6), Map.entry("millimetre", 1e6),
      Map.entry("millimetres", 1e6),
      Map.entry("cm", 1e7), Map.entry("centimeter", 1e7), Map.entry("centimeters", 1e7), Map.entry("centimetre", 1e7),
      Map.entry("centimetres", 1e7),
      Map.entry("m", 1e9), Map.entry("meter", 1e9), Map.entry("meters", 1e9), Map.entry("metre", 1e9), Map.entry("metres", 1e9),
      Map.entry("inch", 2.54e7), Map.entry("inches", 2.54e7), Map.entry("in", 2.54e7),
      Map.entry("a", 0.1), Map.entry("\u00E5", 0.1), Map.entry("ang", 0.1), Map.entry("angstrom", 0.1), Map.entry("angstroms", 0.1),
      Map.entry("pm", 1e-3), Map.entry("picometer", 1e-3), Map.entry("picometers", 1e-3), Map.entry("picometre", 1e-3),
      Map.entry("picometres", 1e-3));

  private static final Map<String, Double> SECONDS_PER = Map.ofEntries(
      Map.entry("s", 1.0), Map.entry("sec", 1.0), Map.entry("second", 1.0), Map.entry("seconds", 1.0),
      Map.entry("min", 60.0), Map.entry("minute", 60.0), Map.entry("minutes", 60.0),
      Map.entry("h", 3600.0), Map.entry("hr", 3600.0), Map.entry("hour", 3600.0), Map.entry("hours", 3600.0),
      Map.entry("ms", 1e-3), Map.entry("msec", 1e-3),
      Map.entry("\u00B5s", 1e-6), Map.entry("\u03BCs", 1e-6), Map.entry("us", 1e-6), Map.entry("usec", 1e-6),
      Map.entry("ns", 1e-9), Map.entry("nsec", 1e-9), Map.entry("ps", 1e-12), Map.entry("fs", 1e-15));

  private Units() {}

  /** Resolves a spelling (null counts as empty: pixels). Never fails: see the class comment for UNKNOWN. */
  public static Conversion of(String spelling) {
    String u = normalise(spelling);
    String l = u.toLowerCase(Locale.ROOT);
    switch (l) {
      case "": case "px": case "pixel": case "pixels": case "<undefined>": return new Conversion(Quantity.PIXEL, "px", 1);
      default: break;
    }
    Double nm = NM_PER.get(l);
    if (nm != null) return new Conversion(Quantity.LENGTH, "nm", nm);
    String base = reciprocalBase(l);
    if (base != null && NM_PER.containsKey(base)) return new Conversion(Quantity.RECIPROCAL_LENGTH, "1/nm", 1 / NM_PER.get(base));
    switch (l) {
      case "ev": return new Conversion(Quantity.ENERGY, "eV", 1);
      case "kev": return new Conversion(Quantity.ENERGY, "eV", 1e3);
      case "mev":
        if (u.equals("meV")) return new Conversion(Quantity.ENERGY, "eV", 1e-3);
        if (u.equals("MeV")) return new Conversion(Quantity.ENERGY, "eV", 1e6);
        return new Conversion(Quantity.UNKNOWN, u, 1);
      default: break;
    }
    Double s = SECONDS_PER.get(l);
    if (s != null) return new Conversion(Quantity.TIME, "s", s);
    return new Conversion(Quantity.UNKNOWN, u, 1);
  }

  /** Nanometres per unit of a length spelling; NaN when the spelling is not a length (or unknown). */
  public static double nmPer(String spelling) {
    Conversion c = of(spelling);
    return c.quantity() == Quantity.LENGTH ? c.factor() : Double.NaN;
  }

  /** The spelling without surrounding or inner spaces, underscores and square brackets. */
  static String normalise(String spelling) {
    if (spelling == null) return "";
    StringBuilder b = new StringBuilder(spelling.length());
    for (int i = 0; i < spelling.length(); i++) {
      char c = spelling.charAt(i);
      if (c == '_' || c == '[' || c == ']' || Character.isWhitespace(c)) continue;
      b.append(c);
    }
    return b.toString();
  }

  /** X for {@code 1/X}, {@code X^-1} or {@code X-1}; null otherwise. */
  private static String reciprocalBase(String l) {
    if (l.startsWith("1/")) return l.substring(2);
    if (l.endsWith("^-1")) return l.substring(0, l.length() - 3);
    if (l.endsWith("-1")) return l.substring(0, l.length() - 2);
    return null;
  }
}
