package org.causalem.causal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Background knowledge over a fixed list of variables: tiers (a variable in a later tier cannot cause
 * one in an earlier tier), required edges, forbidden edges, and exogenous variables (nothing causes
 * them, and no edge joins two of them: the instrument's nuisance descriptors, which may affect any
 * measured descriptor). Immutable.
 *
 * <p>Text form (one statement per line, {@code #} starts a comment):
 * <pre>
 * tier 1: composition
 * tier 2: strain tetragonality
 * require strain -> polarization
 * forbid polarization -> composition
 * exogenous scan_line_offset_px sampling_x
 * </pre>
 */
public final class Knowledge {
  private final List<String> variables;
  private final int n;
  private final int[] tier;          // -1 = no tier
  private final boolean[] required;  // [i*n+j]: i -> j required
  private final boolean[] forbidden; // [i*n+j]: i -> j explicitly forbidden
  private final boolean[] exogenous; // [i]: nothing causes i

  private Knowledge(List<String> variables, int[] tier, boolean[] required, boolean[] forbidden, boolean[] exogenous) {
    this.variables = List.copyOf(variables);
    this.n = variables.size();
    this.tier = tier;
    this.required = required;
    this.forbidden = forbidden;
    this.exogenous = exogenous;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (required[i * n + j] && isForbidden(i, j)) {
          throw new IllegalArgumentException("knowledge requires and forbids " + variables.get(i) + " -> " + variables.get(j)
              + (forbidden[i * n + j] ? "" : exogenous[j] ? " (" + variables.get(j) + " is exogenous)"
                  : " (tier " + tier[i] + " cannot cause tier " + tier[j] + ")"));
        }
        if (required[i * n + j] && required[j * n + i]) {
          throw new IllegalArgumentException("knowledge requires both " + variables.get(i) + " -> " + variables.get(j) + " and the reverse");
        }
      }
    }
  }

  /** No knowledge at all. */
  public static Knowledge none(List<String> variables) {
    int n = variables.size();
    int[] t = new int[n];
    Arrays.fill(t, -1);
    return new Knowledge(variables, t, new boolean[n * n], new boolean[n * n], new boolean[n]);
  }

  /** A builder over {@code variables}. */
  public static Builder builder(List<String> variables) { return new Builder(variables); }

  /**
   * Parses the text form.
   *
   * @param source named in error messages (e.g. the file name)
   * @throws IllegalArgumentException naming the source, line and offending text
   */
  public static Knowledge parse(String text, List<String> variables, String source) {
    Builder b = builder(variables);
    String[] lines = text.split("\r?\n", -1);
    for (int ln = 0; ln < lines.length; ln++) {
      String line = lines[ln];
      int hash = line.indexOf('#');
      if (hash >= 0) line = line.substring(0, hash);
      line = line.strip();
      if (line.isEmpty()) continue;
      String where = source + " line " + (ln + 1) + " '" + lines[ln].strip() + "': ";
      try {
        String lower = line.toLowerCase(Locale.ROOT);
        if (lower.startsWith("tier")) {
          int colon = line.indexOf(':');
          if (colon < 0) throw new IllegalArgumentException("expected 'tier K: a b ...'");
          String num = line.substring(4, colon).strip();
          int k;
          try {
            if (!num.matches("[+-]?[0-9]{1,9}")) throw new NumberFormatException(num);
            k = Integer.parseInt(num);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("tier number '" + num + "' is not an integer");
          }
          String rest = line.substring(colon + 1).strip();
          if (rest.isEmpty()) throw new IllegalArgumentException("tier " + k + " lists no variables");
          for (String v : rest.split("[\\s,]+")) b.tier(v, k);
        } else if (lower.startsWith("require ") || lower.startsWith("forbid ")) {
          boolean req = lower.startsWith("require ");
          String rest = line.substring(req ? 8 : 7).strip();
          String[] parts = rest.split("\\s*-{1,2}>\\s*");
          if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank() || parts[0].contains(" ") || parts[1].contains(" ")) {
            throw new IllegalArgumentException("expected '" + (req ? "require" : "forbid") + " a -> b'");
          }
          if (req) b.require(parts[0], parts[1]);
          else b.forbid(parts[0], parts[1]);
        } else if (lower.startsWith("exogenous ")) {
          for (String v : line.substring(10).strip().split("[\\s,]+")) b.exogenous(v);
        } else {
          throw new IllegalArgumentException("expected 'tier K: a b', 'require a -> b', 'forbid a -> b' or 'exogenous a b'");
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + e.getMessage(), e);
      }
    }
    return b.build();
  }

  /**
   * Checks the syntax of prior-knowledge text without knowing the variables (any name is accepted), so
   * that a malformed file is refused before a long analysis.
   *
   * @throws IllegalArgumentException naming the source, line and offending text
   */
  public static void checkSyntax(String text, String source) {
    java.util.LinkedHashSet<String> words = new java.util.LinkedHashSet<>();
    for (String w : text.split("[\\s,:]+|-{1,2}>")) if (!w.isBlank()) words.add(w.strip());
    parse(text, new java.util.ArrayList<>(words), source);
  }

  public List<String> variables() { return variables; }

  /** The tier of variable i, or -1 when it has none. */
  public int tier(int i) { return tier[i]; }

  /** True when i → j is forbidden: explicitly, because i is in a later tier than j, or because j is exogenous. */
  public boolean isForbidden(int i, int j) {
    return forbidden[i * n + j] || exogenous[j] || (tier[i] >= 0 && tier[j] >= 0 && tier[i] > tier[j]);
  }

  /**
   * This knowledge over its variables followed by {@code extra}, which are declared exogenous (nuisance
   * nodes: nothing causes them, no edge joins two of them, they may cause anything).
   */
  public Knowledge withExogenous(List<String> extra) {
    List<String> all = new ArrayList<>(variables);
    for (String e : extra) {
      if (all.contains(e)) throw new IllegalArgumentException("exogenous variable '" + e + "' is already among " + variables);
      all.add(e);
    }
    int m = all.size();
    int[] t = Arrays.copyOf(tier, m);
    for (int i = n; i < m; i++) t[i] = -1;
    boolean[] req = new boolean[m * m];
    boolean[] forb = new boolean[m * m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        req[i * m + j] = required[i * n + j];
        forb[i * m + j] = forbidden[i * n + j];
      }
    }
    boolean[] exo = Arrays.copyOf(exogenous, m);
    for (int i = n; i < m; i++) exo[i] = true;
    return new Knowledge(all, t, req, forb, exo);
  }

  /** True when variable i is exogenous: nothing causes it (a nuisance descriptor of the instrument). */
  public boolean isExogenous(int i) { return exogenous[i]; }

  /** True when i → j is required. */
  public boolean isRequired(int i, int j) { return required[i * n + j]; }

  /** True when there is an edge between i and j that knowledge requires (either direction). */
  public boolean isRequiredAdjacent(int i, int j) { return required[i * n + j] || required[j * n + i]; }

  /** True when no edge may join i and j at all (both directions forbidden). */
  public boolean isForbiddenAdjacent(int i, int j) { return isForbidden(i, j) && isForbidden(j, i); }

  /** True when orienting i → j keeps to the knowledge. */
  public boolean allows(int i, int j) { return !isForbidden(i, j) && !required[j * n + i]; }

  /** True when there is no knowledge at all. */
  public boolean isEmpty() {
    for (int t : tier) if (t >= 0) return false;
    for (boolean e : exogenous) if (e) return false;
    for (int k = 0; k < n * n; k++) if (required[k] || forbidden[k]) return false;
    return true;
  }

  /** The knowledge in its text form. */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    int max = Arrays.stream(tier).max().orElse(-1);
    for (int t = 0; t <= max; t++) {
      List<String> in = new ArrayList<>();
      for (int i = 0; i < n; i++) if (tier[i] == t) in.add(variables.get(i));
      if (!in.isEmpty()) sb.append("tier ").append(t).append(": ").append(String.join(" ", in)).append('\n');
    }
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) {
      if (required[i * n + j]) sb.append("require ").append(variables.get(i)).append(" -> ").append(variables.get(j)).append('\n');
    }
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) {
      if (forbidden[i * n + j]) sb.append("forbid ").append(variables.get(i)).append(" -> ").append(variables.get(j)).append('\n');
    }
    List<String> exo = new ArrayList<>();
    for (int i = 0; i < n; i++) if (exogenous[i]) exo.add(variables.get(i));
    if (!exo.isEmpty()) sb.append("exogenous ").append(String.join(" ", exo)).append('\n');
    return sb.toString();
  }

  /** Collects knowledge statements; names are checked against the variables. */
  public static final class Builder {
    private final List<String> variables;
    private final int n;
    private final int[] tier;
    private final boolean[] required;
    private final boolean[] forbidden;
    private final boolean[] exogenous;

    private Builder(List<String> variables) {
      this.variables = List.copyOf(variables);
      this.n = variables.size();
      this.tier = new int[n];
      Arrays.fill(tier, -1);
      this.required = new boolean[n * n];
      this.forbidden = new boolean[n * n];
      this.exogenous = new boolean[n];
    }

    private int index(String name) {
      int i = variables.indexOf(name);
      if (i < 0) throw new IllegalArgumentException("unknown variable '" + name + "'; variables are " + variables);
      return i;
    }

    /** Puts {@code name} in tier {@code k} (k ≥ 0; later tiers cannot cause earlier ones). */
    public Builder tier(String name, int k) {
      if (k < 0) throw new IllegalArgumentException("tier must be >= 0, got " + k);
      int i = index(name);
      if (tier[i] >= 0 && tier[i] != k) throw new IllegalArgumentException(name + " is already in tier " + tier[i]);
      if (exogenous[i]) throw new IllegalArgumentException(name + " is exogenous and cannot also be in a tier");
      tier[i] = k;
      return this;
    }

    public Builder require(String from, String to) {
      int i = index(from);
      int j = index(to);
      if (i == j) throw new IllegalArgumentException("self edge " + from + " -> " + to);
      required[i * n + j] = true;
      return this;
    }

    public Builder forbid(String from, String to) {
      int i = index(from);
      int j = index(to);
      if (i == j) throw new IllegalArgumentException("self edge " + from + " -> " + to);
      forbidden[i * n + j] = true;
      return this;
    }

    /**
     * Declares {@code name} exogenous: no variable may cause it and no edge joins two exogenous variables;
     * it may cause any other variable (an instrument nuisance node). An exogenous variable takes no tier.
     */
    public Builder exogenous(String name) {
      int i = index(name);
      if (tier[i] >= 0) throw new IllegalArgumentException(name + " is in tier " + tier[i] + " and cannot also be exogenous");
      exogenous[i] = true;
      return this;
    }

    public Knowledge build() { return new Knowledge(variables, tier.clone(), required.clone(), forbidden.clone(), exogenous.clone()); }
  }
}
