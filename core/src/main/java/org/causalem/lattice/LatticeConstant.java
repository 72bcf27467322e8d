package org.causalem.lattice;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Lengths with units as a user writes them: {@code 3.905A}, {@code 3.905Å}, {@code 0.3905nm}, {@code 390.5pm}. */
public final class LatticeConstant {
  private static final Pattern LENGTH = Pattern.compile("\\s*([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*([a-zA-ZÅµ]+)\\s*");

  /** Shortest lattice constant accepted (nm): half an ångström, below any crystal's. */
  public static final double MIN_NM = 0.05;
  /** Longest lattice constant accepted (nm): a superstructure of ten nanometres. */
  public static final double MAX_NM = 10;

  private LatticeConstant() {}

  /**
   * The length in nm.
   *
   * @throws IllegalArgumentException naming the value and the accepted forms
   */
  public static double parseNm(String text) {
    Matcher m = LENGTH.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new IllegalArgumentException("lattice constant: cannot read '" + text + "'; expected a positive number with a unit, e.g. 3.905A, 0.3905nm or 390.5pm");
    }
    double v = Double.parseDouble(m.group(1));
    double f = unitToNm(m.group(2));
    if (Double.isNaN(f)) {
      throw new IllegalArgumentException("lattice constant: unknown unit '" + m.group(2) + "' in '" + text + "'; expected A (Å), nm, pm or um");
    }
    double nm = v * f;
    if (!(nm >= MIN_NM && nm <= MAX_NM)) {
      throw new IllegalArgumentException("lattice constant: '" + text + "' is out of range: expected a length from 0.5 Å to 10 nm (0.05 to 10 nm)");
    }
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
