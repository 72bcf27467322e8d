package org.causalem.io;

/**
 * Numbers as text the way {@code String.format(Locale.ROOT, ...)} writes them with {@code %.Nf}, {@code %.Ne} and
 * {@code %.Ng}, character for character, without {@link java.util.Formatter}: a formatter's first use in a process
 * costs tens of milliseconds (its parser, the locale's number symbols), more than writing a small command's outputs.
 *
 * <p>Like the formatter, the value is rounded half up on the decimal digits {@link Double#toString} gives it (so
 * 0.125 → "0.13" and 1.005 → "1.01"), a negative value keeps its sign even when it rounds to zero ("-0.00"), NaN
 * and the infinities are "NaN", "Infinity" and "-Infinity".
 */
public final class Decimals {
  private Decimals() {}

  /** {@code String.format(Locale.ROOT, "%.<decimals>f", v)}. */
  public static String fixed(double v, int decimals) {
    if (decimals < 0) throw new IllegalArgumentException("decimals must be >= 0, got " + decimals);
    StringBuilder sb = new StringBuilder(24);
    if (special(sb, v)) return sb.toString();
    Digits g = new Digits(Math.abs(v));
    g.round(g.exp + decimals);
    appendFixed(sb, g, decimals);
    return sb.toString();
  }

  /** {@code String.format(Locale.ROOT, "%.<decimals>e", v)}: one digit, the decimals, "e", a sign and at least two exponent digits. */
  public static String scientific(double v, int decimals) {
    if (decimals < 0) throw new IllegalArgumentException("decimals must be >= 0, got " + decimals);
    StringBuilder sb = new StringBuilder(24);
    if (special(sb, v)) return sb.toString();
    Digits g = new Digits(Math.abs(v));
    g.round(decimals + 1);
    appendScientific(sb, g, decimals);
    return sb.toString();
  }

  /**
   * {@code String.format(Locale.ROOT, "%.<significant>g", v)}: rounded to that many significant digits, then in fixed
   * notation when the rounded value's decimal exponent lies in [-4, significant), else in scientific notation;
   * trailing zeros are kept ({@code %.4g} of 2 is "2.000").
   */
  public static String general(double v, int significant) {
    if (significant < 0) throw new IllegalArgumentException("significant digits must be >= 0, got " + significant);
    int p = Math.max(1, significant);
    StringBuilder sb = new StringBuilder(24);
    if (special(sb, v)) return sb.toString();
    Digits g = new Digits(Math.abs(v));
    g.round(p);
    int x = g.n == 0 ? 0 : g.exp - 1;
    if (g.n > 0 && (x < -4 || x >= p)) appendScientific(sb, g, p - 1);
    else appendFixed(sb, g, p - 1 - x);
    return sb.toString();
  }

  /** Appends the sign, or the whole text of NaN and the infinities (then returns true). */
  private static boolean special(StringBuilder sb, double v) {
    if (Double.isNaN(v)) {
      sb.append("NaN");
      return true;
    }
    if (Double.compare(v, 0.0) < 0) sb.append('-');   // -0.0 too, as the formatter does
    if (Double.isInfinite(v)) {
      sb.append("Infinity");
      return true;
    }
    return false;
  }

  private static void appendFixed(StringBuilder sb, Digits g, int decimals) {
    if (g.n == 0 || g.exp <= 0) {
      sb.append('0');
    } else {
      for (int i = 0; i < g.exp; i++) sb.append(g.digit(i));
    }
    if (decimals == 0) return;
    sb.append('.');
    for (int i = 0; i < decimals; i++) sb.append(g.n == 0 ? '0' : g.digit(g.exp + i));
  }

  private static void appendScientific(StringBuilder sb, Digits g, int decimals) {
    sb.append(g.digit(0));
    if (decimals > 0) {
      sb.append('.');
      for (int i = 1; i <= decimals; i++) sb.append(g.digit(i));
    }
    int x = g.n == 0 ? 0 : g.exp - 1;
    sb.append('e').append(x < 0 ? '-' : '+');
    int a = Math.abs(x);
    if (a < 10) sb.append('0');
    sb.append(a);
  }

  /** The significant decimal digits of a finite value ≥ 0: value = 0.d₀d₁d₂… × 10^exp, no leading or trailing zeros. */
  private static final class Digits {
    final char[] d = new char[32];
    /** How many digits; 0 for zero. */
    int n;
    int exp;

    Digits(double v) {
      String s = Double.toString(v);   // "123.45", "0.00123", "1.2345E-5", "1.0E10"
      int e = s.indexOf('E');
      int end = e < 0 ? s.length() : e;
      int before = 0;
      boolean point = false;
      for (int i = 0; i < end; i++) {
        char c = s.charAt(i);
        if (c == '.') {
          point = true;
        } else if (n == 0 && c == '0') {
          if (point) exp--;   // a leading zero after the point
        } else {
          d[n++] = c;
          if (!point) before++;
        }
      }
      exp += before + (e < 0 ? 0 : Integer.parseInt(s, e + 1, s.length(), 10));
      trim();
    }

    /** Digit {@code i}, '0' past the last. */
    char digit(int i) { return i >= 0 && i < n ? d[i] : '0'; }

    /** Keeps {@code k} significant digits, rounding half up on the next one; k ≤ 0 keeps none (or a carried 1). */
    void round(int k) {
      if (k >= n) return;
      if (k < 0) {
        n = 0;
        return;
      }
      boolean up = d[k] >= '5';
      n = k;
      if (up) {
        int i = k - 1;
        while (i >= 0 && d[i] == '9') i--;
        if (i < 0) {
          d[0] = '1';
          n = 1;
          exp++;
        } else {
          d[i]++;
          n = i + 1;
        }
      }
      trim();
    }

    private void trim() {
      while (n > 0 && d[n - 1] == '0') n--;
      if (n == 0) exp = 0;
    }
  }
}
