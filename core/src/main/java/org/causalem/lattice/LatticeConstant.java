package org.causalem.lattice;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.causalem.numeric.Units;

/**
 * Lengths with units as a user writes them: {@code 3.905A}, {@code 3.905Å}, {@code 0.3905nm}, {@code 390.5pm}; any
 * length spelling of {@link Units}. A unit that is not a length, or unknown, is refused.
 */
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
    double f = Units.nmPer(m.group(2));
    if (Double.isNaN(f)) {
      throw new IllegalArgumentException("lattice constant: unknown unit '" + m.group(2) + "' in '" + text + "'; expected A (Å), nm, pm or um");
    }
    double nm = v * f;
    if (!(nm >= MIN_NM && nm <= MAX_NM)) {
      throw new IllegalArgumentException("lattice constant: '" + text + "' is out of range: expected a length from 0.5 Å to 10 nm (0.05 to 10 nm)");
    }
    return nm;
  }
}
