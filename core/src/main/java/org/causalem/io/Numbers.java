package org.causalem.io;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one number grammar of every table CausalEM reads (discover, bayes, gp, laws), and of numbers in
 * its other text inputs.
 *
 * <ul>
 *   <li>A number is a decimal with optional sign, fraction and exponent: {@code 3}, {@code -0.5},
 *       {@code .5}, {@code 2.}, {@code 1.5e-3}, {@code +6E23}. ASCII digits only.
 *   <li>Missing (read as NaN and counted as missing): the empty field, {@code NA}, {@code N/A},
 *       {@code #N/A}, {@code NaN} with or without a sign, {@code null}, {@code None} and {@code ?}, in any
 *       letter case.
 *   <li>Refused: infinities ({@code inf}, {@code Infinity}, any sign) and numbers too large for a double
 *       (beyond ±1.8e308); Java or C syntax ({@code 3f}, {@code 2.5D}, {@code 0x1p3}, {@code 1_000});
 *       thousands separators and decimal commas; anything else. Numbers smaller than 4.9e-324 in
 *       magnitude read as 0.
 * </ul>
 */
public final class Numbers {
  private Numbers() {}

  private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
  private static final Pattern INFINITE = Pattern.compile("[+-]?(?:inf|infinity)", Pattern.CASE_INSENSITIVE);
  private static final Set<String> MISSING = Set.of("", "na", "n/a", "#n/a", "nan", "+nan", "-nan", "null", "none", "?");

  /** Thrown by {@link #parse} with the reason the text is not a number (the caller adds where it is). */
  public static final class NotANumber extends Exception {
    private static final long serialVersionUID = 1L;

    NotANumber(String reason) { super(reason, null, false, false); }
  }

  /** True when {@code field} (already trimmed) spells a missing value. */
  public static boolean isMissing(String field) {
    return field.length() <= 5 && MISSING.contains(field.toLowerCase(Locale.ROOT));
  }

  /** True when {@code field} (already trimmed) spells an infinity ({@code inf}, {@code -Infinity}, ...). */
  public static boolean isInfinity(String field) {
    return INFINITE.matcher(field).matches();
  }

  /** True when {@code field} (already trimmed) is a number of the grammar (not missing, finite). */
  public static boolean isNumber(String field) {
    if (!DECIMAL.matcher(field).matches()) return false;
    return Double.isFinite(Double.parseDouble(field));
  }

  /**
   * The value of {@code field} (already trimmed): NaN when it spells a missing value.
   *
   * @throws NotANumber saying why the text is refused
   */
  public static double parse(String field) throws NotANumber {
    if (isMissing(field)) return Double.NaN;
    if (!DECIMAL.matcher(field).matches()) {
      if (INFINITE.matcher(field).matches()) throw new NotANumber("is infinite (only finite numbers are accepted; write a missing value as NaN, NA or an empty field)");
      throw new NotANumber("is not a number (expected a decimal such as -1.5e-3; missing: empty, NA, N/A, NaN)");
    }
    double v = Double.parseDouble(field);
    if (!Double.isFinite(v)) throw new NotANumber("is too large for a double (magnitude above 1.8e308)");
    return v;
  }

  /** The value of {@code text} (trimmed) by this grammar; NaN when it is null, missing or not a number (optional metadata). */
  public static double orNaN(String text) {
    if (text == null) return Double.NaN;
    try {
      return parse(text.trim());
    } catch (NotANumber e) {
      return Double.NaN;
    }
  }
}
