package org.causalem.bayes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A named linear model written {@code name: y ~ x1 + x2^2 + x1*x2}, with an intercept unless the
 * formula says {@code - 1}. Each term is a product of variables raised to positive integer powers.
 *
 * @param name model name
 * @param target response variable
 * @param terms regressors, in the order written (the intercept is not among them)
 * @param intercept whether a constant column comes first
 */
public record RegressionFormula(String name, String target, List<Term> terms, boolean intercept) {
  public RegressionFormula {
    terms = List.copyOf(terms);
    if (terms.isEmpty() && !intercept) throw new IllegalArgumentException("model " + name + " has no terms");
  }

  /** A product of variables with positive integer powers, e.g. {@code x1*x2^2}. */
  public record Term(Map<String, Integer> powers) {
    public Term {
      powers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(powers));
    }

    /** Written as in the formula: {@code x}, {@code x^2}, {@code x*y}. */
    public String label() {
      StringBuilder sb = new StringBuilder();
      powers.forEach((v, k) -> {
        if (sb.length() > 0) sb.append('*');
        sb.append(v);
        if (k != 1) sb.append('^').append(k);
      });
      return sb.toString();
    }

    double value(Map<String, double[]> cols, int row) {
      double s = 1;
      for (Map.Entry<String, Integer> e : powers.entrySet()) {
        double x = cols.get(e.getKey())[row];
        for (int k = 0; k < e.getValue(); k++) s *= x;
      }
      return s;
    }
  }

  /** Names of the design columns: {@code "1"} for the intercept, then each term's label. */
  public List<String> columnLabels() {
    List<String> out = new ArrayList<>();
    if (intercept) out.add("1");
    for (Term t : terms) out.add(t.label());
    return out;
  }

  /** Every variable the regressors use, in order of first appearance. */
  public List<String> variables() {
    List<String> out = new ArrayList<>();
    for (Term t : terms) for (String v : t.powers().keySet()) if (!out.contains(v)) out.add(v);
    return out;
  }

  /**
   * The design matrix (rows) for the given columns.
   *
   * @param column the data column of a variable (must throw for an unknown name)
   */
  public double[][] design(Function<String, double[]> column, int rows) {
    Map<String, double[]> cols = new LinkedHashMap<>();
    for (String v : variables()) cols.put(v, column.apply(v));
    int p = terms.size() + (intercept ? 1 : 0);
    double[][] x = new double[rows][p];
    for (int r = 0; r < rows; r++) {
      int j = 0;
      if (intercept) x[r][j++] = 1;
      for (Term t : terms) x[r][j++] = t.value(cols, r);
    }
    return x;
  }

  /**
   * Parses one model line.
   *
   * @throws IllegalArgumentException naming the offending token and its column (1-based)
   */
  public static RegressionFormula parse(String line) {
    return new Parser(line).parse();
  }

  private static final class Parser {
    private final String s;
    private int pos;

    Parser(String s) { this.s = s; }

    RegressionFormula parse() {
      skip();
      String name = ident("model name");
      skip();
      expect(':');
      skip();
      String target = ident("response variable");
      skip();
      expect('~');
      List<Term> terms = new ArrayList<>();
      boolean intercept = true;
      boolean first = true;
      while (true) {
        skip();
        if (pos >= s.length()) {
          if (first) throw error("expected a term after '~'");
          break;
        }
        char sign = '+';
        if (!first) {
          char c = s.charAt(pos);
          if (c != '+' && c != '-') throw error("expected '+' or '-'");
          sign = c;
          pos++;
          skip();
        } else if (s.charAt(pos) == '-') {
          sign = '-';
          pos++;
          skip();
        }
        first = false;
        if (pos < s.length() && Character.isDigit(s.charAt(pos))) {
          int start = pos;
          String num = number();
          if (num.equals("1") && sign == '-') intercept = false;
          else if (num.equals("1") && sign == '+') intercept = true;
          else if (num.equals("0") && sign == '+') intercept = false;
          else {
            pos = start;
            throw error("only '1', '- 1' or '+ 0' may be a number");
          }
          continue;
        }
        if (sign == '-') throw error("only '- 1' may be subtracted");
        Term t = term();
        if (terms.stream().anyMatch(u -> u.label().equals(t.label()))) throw error("term '" + t.label() + "' appears twice");
        terms.add(t);
      }
      return new RegressionFormula(name, target, terms, intercept);
    }

    private Term term() {
      Map<String, Integer> powers = new LinkedHashMap<>();
      while (true) {
        skip();
        String v = ident("variable");
        skip();
        int k = 1;
        if (pos < s.length() && s.charAt(pos) == '^') {
          pos++;
          skip();
          int at = pos;
          String num = number();
          k = Integer.parseInt(num);
          if (k < 1 || k > 10) {
            pos = at;
            throw error("power must be 1..10");
          }
          skip();
        }
        powers.merge(v, k, Integer::sum);
        if (pos < s.length() && s.charAt(pos) == '*') {
          pos++;
          continue;
        }
        return new Term(powers);
      }
    }

    private String ident(String what) {
      int start = pos;
      if (pos < s.length() && (Character.isLetter(s.charAt(pos)) || s.charAt(pos) == '_')) {
        pos++;
        while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_' || s.charAt(pos) == '.')) pos++;
        return s.substring(start, pos);
      }
      throw error("expected " + what);
    }

    private String number() {
      int start = pos;
      while (pos < s.length() && Character.isDigit(s.charAt(pos))) pos++;
      if (start == pos) throw error("expected an integer");
      return s.substring(start, pos);
    }

    private void expect(char c) {
      if (pos >= s.length() || s.charAt(pos) != c) throw error("expected '" + c + "'");
      pos++;
    }

    private void skip() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
    }

    private IllegalArgumentException error(String what) {
      String token;
      if (pos >= s.length()) token = "end of line";
      else {
        int end = pos + 1;
        while (end < s.length() && !Character.isWhitespace(s.charAt(end)) && Character.isLetterOrDigit(s.charAt(end))
            && Character.isLetterOrDigit(s.charAt(pos))) end++;
        token = "'" + s.substring(pos, end) + "'";
      }
      return new IllegalArgumentException("column " + (pos + 1) + ": " + what + ", found " + token);
    }
  }
}
