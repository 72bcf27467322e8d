package org.causalem.lattice;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Lengths with units as a user writes them: {@code 3.905A}, {@code 3.905Å}, {@code 0.3905nm}, {@code 390.5pm}. */
public final class LatticeConstant {
  private static final Pattern LENGTH = Pattern.compile("\\s*([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*([a-zA-ZÅµ]+)\\s*");

  private LatticeConstant() {}

  /**
   * The length in nm.
   *
   * @throws IllegalArgumentException naming the value and the accepted forms
   */
  public static double parseNm(String text) {
    Matcher m = LENGTH.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new IllegalArgumentException("--lattice-constant: cannot read '" + text + "'; expected a positive number with a unit, e.g. 3.905A, 0.3905nm or 390.5pm");
    }
    double v = Double.parseDouble(m.group(1));
    double f = unitToNm(m.group(2));
    if (Double.isNaN(f)) {
      throw new IllegalArgumentException("--lattice-constant: unknown unit '" + m.group(2) + "' in '" + text + "'; expected A (Å), nm, pm or um");
    }
    double nm = v * f;
    if (!(nm > 0) || !Double.isFinite(nm)) throw new IllegalArgumentException("--lattice-constant must be > 0, got '" + text + "'");
    return nm;
  }

  /** nm per unit for a length unit, NaN when not a length unit. */
  public static double unitToNm(String unit) {
    switch (unit.trim().toLowerCase(Locale.ROOT)) {
      case "a": case "å": case "angstrom": case "ang": return 0.1;
      case "nm": return 1;
      case "pm": return 1e-3;
      case "um": case "µm": case "micron": return 1e3;
      case "mm": return 1e6;
      case "m": return 1e9;
      default: return Double.NaN;
    }
  }
}
