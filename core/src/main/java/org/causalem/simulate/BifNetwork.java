package org.causalem.simulate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.causalem.causal.Graph;
import org.causalem.data.BadInputException;
import org.causalem.table.DescriptorTable;

/**
 * A discrete Bayesian network read from a BIF file (the bnlearn repository format): variables with
 * named states and one conditional probability table per variable; forward-sampled with a seed.
 * Supports {@code table} entries for variables without parents and per-configuration rows
 * {@code (s1, s2) p...;} (plus {@code default}) for variables with parents.
 */
public final class BifNetwork {
  private final String name;
  private final List<String> variables;
  private final List<List<String>> states;
  private final int[][] parents;
  /** cpt[v][config * k + s]: P(v = s | parents in configuration config), first parent most significant. */
  private final double[][] cpt;
  private final int[] order;

  private BifNetwork(String name, List<String> variables, List<List<String>> states, int[][] parents, double[][] cpt, int[] order) {
    this.name = name;
    this.variables = variables;
    this.states = states;
    this.parents = parents;
    this.cpt = cpt;
    this.order = order;
  }

  public static BifNetwork read(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString());
  }

  /** Parses BIF text; {@code source} names it in error messages. */
  public static BifNetwork parse(String text, String source) {
    return new Parser(text, source).parse();
  }

  public String source() { return name; }

  public List<String> variables() { return variables; }

  /** State names of variable v; a sample codes them 0..k−1 in this order. */
  public List<String> states(int v) { return states.get(v); }

  /** Parents of v in the order of its probability table. */
  public int[] parents(int v) { return parents[v].clone(); }

  /**
   * P(v = state | parents of v in the given states), {@code parentStates} in the order of
   * {@link #parents(int)}.
   */
  public double probability(int v, int[] parentStates, int state) {
    return cpt[v][configuration(v, parentStates) * states.get(v).size() + state];
  }

  private int configuration(int v, int[] parentStates) {
    int[] pa = parents[v];
    if (parentStates.length != pa.length) throw new IllegalArgumentException(variables.get(v) + " has " + pa.length + " parents, got " + parentStates.length + " states");
    int c = 0;
    for (int k = 0; k < pa.length; k++) c = c * states.get(pa[k]).size() + parentStates[k];
    return c;
  }

  /** The network's DAG. */
  public Graph dag() {
    Graph g = new Graph(variables);
    for (int v = 0; v < variables.size(); v++) for (int p : parents[v]) g.addDirected(p, v);
    return g;
  }

  /** n rows forward-sampled with {@code rng}; column v holds state codes 0..k−1 of variable v. */
  public DescriptorTable sample(int n, SplittableRandom rng) {
    if (n < 1) throw new IllegalArgumentException("n must be ≥ 1, got " + n);
    int p = variables.size();
    double[][] cols = new double[p][n];
    int[] row = new int[p];
    for (int r = 0; r < n; r++) {
      for (int v : order) {
        int k = states.get(v).size();
        int c = 0;
        for (int pa : parents[v]) c = c * states.get(pa).size() + row[pa];
        double u = rng.nextDouble();
        int base = c * k;
        int s = 0;
        double acc = cpt[v][base];
        while (u >= acc && s < k - 1) acc += cpt[v][base + ++s];
        row[v] = s;
        cols[v][r] = s;
      }
    }
    return DescriptorTable.of(variables, cols);
  }

  private static final class Parser {
    private final String source;
    private final List<String> tokens = new ArrayList<>();
    private final List<Integer> lines = new ArrayList<>();
    private int pos;

    Parser(String text, String source) {
      this.source = source;
      tokenize(text);
    }

    private void tokenize(String text) {
      int line = 1;
      int i = 0;
      int n = text.length();
      while (i < n) {
        char c = text.charAt(i);
        if (c == '\n') {
          line++;
          i++;
        } else if (Character.isWhitespace(c)) {
          i++;
        } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
          while (i < n && text.charAt(i) != '\n') i++;
        } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
          int end = text.indexOf("*/", i + 2);
          int stop = end < 0 ? n : end + 2;
          for (int k = i; k < stop; k++) if (text.charAt(k) == '\n') line++;
          i = stop;
        } else if ("{}()[],;|".indexOf(c) >= 0) {
          tokens.add(String.valueOf(c));
          lines.add(line);
          i++;
        } else {
          int start = i;
          while (i < n && !Character.isWhitespace(text.charAt(i)) && "{}()[],;|".indexOf(text.charAt(i)) < 0) i++;
          tokens.add(text.substring(start, i));
          lines.add(line);
        }
      }
    }

    private BadInputException error(String what) {
      int line = pos < lines.size() ? lines.get(pos) : (lines.isEmpty() ? 1 : lines.get(lines.size() - 1));
      String found = pos < tokens.size() ? "'" + tokens.get(pos) + "'" : "end of file";
      return new BadInputException(source + ": line " + line + ": expected " + what + ", found " + found);
    }

    private String next(String what) {
      if (pos >= tokens.size()) throw error(what);
      return tokens.get(pos++);
    }

    private void expect(String t) {
      if (pos >= tokens.size() || !tokens.get(pos).equals(t)) throw error("'" + t + "'");
      pos++;
    }

    private boolean at(String t) { return pos < tokens.size() && tokens.get(pos).equals(t); }

    private void skipBlock() {
      expect("{");
      int depth = 1;
      while (depth > 0) {
        String t = next("'}'");
        if (t.equals("{")) depth++;
        else if (t.equals("}")) depth--;
      }
    }

    private double number() {
      int at = pos;
      String t = next("a probability");
      try {
        double v = Double.parseDouble(t);
        if (!(v >= 0 && v <= 1.000001)) throw new NumberFormatException();
        return v;
      } catch (NumberFormatException e) {
        pos = at;
        throw error("a probability in [0, 1]");
      }
    }

    private double[] numbers() {
      List<Double> out = new ArrayList<>();
      out.add(number());
      while (at(",")) {
        pos++;
        out.add(number());
      }
      expect(";");
      return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    BifNetwork parse() {
      String netName = source;
      List<String> vars = new ArrayList<>();
      List<List<String>> states = new ArrayList<>();
      Map<String, Integer> index = new HashMap<>();
      Map<Integer, int[]> parentMap = new HashMap<>();
      Map<Integer, double[]> cptMap = new HashMap<>();
      while (pos < tokens.size()) {
        String kw = next("a block");
        switch (kw) {
          case "network":
            next("a network name");
            skipBlock();
            break;
          case "variable": {
            String v = next("a variable name");
            if (index.containsKey(v)) {
              pos--;
              throw error("a new variable name (duplicate)");
            }
            expect("{");
            List<String> st = null;
            while (!at("}")) {
              String t = next("'type' or a property");
              if (t.equals("type")) {
                String kind = next("'discrete'");
                if (!kind.equals("discrete")) {
                  pos--;
                  throw error("'discrete'");
                }
                expect("[");
                int k;
                try {
                  k = Integer.parseInt(next("the number of states"));
                } catch (NumberFormatException e) {
                  pos--;
                  throw error("the number of states");
                }
                expect("]");
                expect("{");
                st = new ArrayList<>();
                st.add(next("a state name"));
                while (at(",")) {
                  pos++;
                  st.add(next("a state name"));
                }
                expect("}");
                expect(";");
                if (st.size() != k || k < 1) throw new BadInputException(source + ": variable " + v + " declares " + k + " states but lists " + st.size());
              } else {
                while (!at(";")) next("';'");
                pos++;
              }
            }
            expect("}");
            if (st == null) throw new BadInputException(source + ": variable " + v + " has no 'type discrete' declaration");
            index.put(v, vars.size());
            vars.add(v);
            states.add(List.copyOf(st));
            break;
          }
          case "probability":
            parseProbability(vars, states, index, parentMap, cptMap);
            break;
          default:
            pos--;
            throw error("'network', 'variable' or 'probability'");
        }
      }
      int p = vars.size();
      if (p == 0) throw new BadInputException(source + ": no variables");
      int[][] parents = new int[p][];
      double[][] cpt = new double[p][];
      for (int v = 0; v < p; v++) {
        if (!cptMap.containsKey(v)) throw new BadInputException(source + ": variable " + vars.get(v) + " has no probability block");
        parents[v] = parentMap.get(v);
        cpt[v] = cptMap.get(v);
      }
      Graph g = new Graph(vars);
      for (int v = 0; v < p; v++) for (int pa : parents[v]) g.addDirected(pa, v);
      int[] order = g.topologicalOrder();
      if (order == null) throw new BadInputException(source + ": the network has a directed cycle");
      return new BifNetwork(netName, List.copyOf(vars), List.copyOf(states), parents, cpt, order);
    }

    private int variable(Map<String, Integer> index) {
      String t = next("a variable name");
      Integer v = index.get(t);
      if (v == null) {
        pos--;
        throw error("a declared variable");
      }
      return v;
    }

    private void parseProbability(List<String> vars, List<List<String>> states, Map<String, Integer> index,
        Map<Integer, int[]> parentMap, Map<Integer, double[]> cptMap) {
      int startLine = lines.get(pos - 1);
      expect("(");
      int child = variable(index);
      List<Integer> pa = new ArrayList<>();
      if (at("|")) {
        pos++;
        pa.add(variable(index));
        while (at(",")) {
          pos++;
          pa.add(variable(index));
        }
      }
      expect(")");
      if (cptMap.containsKey(child)) throw new BadInputException(source + ": line " + startLine + ": second probability block for " + vars.get(child));
      int k = states.get(child).size();
      int configs = 1;
      for (int v : pa) configs *= states.get(v).size();
      double[] table = new double[configs * k];
      boolean[] seen = new boolean[configs];
      double[] dflt = null;
      expect("{");
      while (!at("}")) {
        int entryLine = pos < lines.size() ? lines.get(pos) : startLine;
        if (at("table")) {
          pos++;
          double[] t = numbers();
          if (!pa.isEmpty()) throw new BadInputException(source + ": line " + entryLine + ": 'table' for " + vars.get(child) + " with parents is not supported; list one row per parent configuration");
          if (t.length != k) throw new BadInputException(source + ": line " + entryLine + ": " + vars.get(child) + " has " + k + " states, table has " + t.length + " values");
          System.arraycopy(t, 0, table, 0, k);
          seen[0] = true;
        } else if (at("default")) {
          pos++;
          dflt = numbers();
          if (dflt.length != k) throw new BadInputException(source + ": line " + entryLine + ": default row has " + dflt.length + " values, expected " + k);
        } else {
          expect("(");
          int c = 0;
          for (int m = 0; m < pa.size(); m++) {
            if (m > 0) expect(",");
            String s = next("a state name");
            int code = states.get(pa.get(m)).indexOf(s);
            if (code < 0) {
              pos--;
              throw error("a state of " + vars.get(pa.get(m)) + " " + states.get(pa.get(m)));
            }
            c = c * states.get(pa.get(m)).size() + code;
          }
          expect(")");
          double[] row = numbers();
          if (row.length != k) throw new BadInputException(source + ": line " + entryLine + ": row has " + row.length + " probabilities, " + vars.get(child) + " has " + k + " states");
          System.arraycopy(row, 0, table, c * k, k);
          seen[c] = true;
        }
      }
      expect("}");
      for (int c = 0; c < configs; c++) {
        if (!seen[c]) {
          if (dflt == null) throw new BadInputException(source + ": probability block of " + vars.get(child) + " (line " + startLine + ") misses parent configuration " + (c + 1) + " of " + configs);
          System.arraycopy(dflt, 0, table, c * k, k);
        }
        double sum = 0;
        for (int s = 0; s < k; s++) sum += table[c * k + s];
        if (Math.abs(sum - 1) > 1e-3) {
          throw new BadInputException(source + ": probability block of " + vars.get(child) + " (line " + startLine + "): a row sums to " + sum + ", expected 1; row " + Arrays.toString(Arrays.copyOfRange(table, c * k, c * k + k)));
        }
        for (int s = 0; s < k; s++) table[c * k + s] /= sum;
      }
      parentMap.put(child, pa.stream().mapToInt(Integer::intValue).toArray());
      cptMap.put(child, table);
    }
  }
}
