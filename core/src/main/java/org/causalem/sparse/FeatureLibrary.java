package org.causalem.sparse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Candidate terms of a sparse law: a function of the state vector each, named as the law is written
 * ({@code 1}, {@code x}, {@code x*y}, {@code x^2}). Immutable; {@link #with} returns a new library.
 */
public final class FeatureLibrary {
  /** One candidate term. */
  public sealed interface Feature permits Monomial, Custom {
    String name();

    /** The term's value at one state (not modified). */
    double value(double[] state);
  }

  /**
   * A monomial {@code ∏ x_i^{e_i}} of the state variables.
   *
   * @param exponents one non-negative exponent per state variable
   */
  public record Monomial(String name, int[] exponents) implements Feature {
    public Monomial {
      exponents = exponents.clone();
    }

    @Override public double value(double[] state) {
      double s = 1;
      for (int i = 0; i < exponents.length; i++) {
        for (int k = 0; k < exponents[i]; k++) s *= state[i];
      }
      return s;
    }

    /** Total degree. */
    public int degree() { return Arrays.stream(exponents).sum(); }
  }

  /** A user-supplied function of the state, e.g. {@code sin(x)}. */
  public record Custom(String name, ToDoubleFunction<double[]> function) implements Feature {
    @Override public double value(double[] state) { return function.applyAsDouble(state); }
  }

  private final List<String> variables;
  private final List<Feature> features;

  private FeatureLibrary(List<String> variables, List<Feature> features) {
    this.variables = List.copyOf(variables);
    this.features = List.copyOf(features);
    if (this.features.stream().map(Feature::name).distinct().count() != this.features.size()) {
      throw new IllegalArgumentException("duplicate feature names in " + names());
    }
  }

  /**
   * All monomials of the variables up to {@code degree}, the constant {@code 1} first, then by degree;
   * within a degree in lexicographic order of the variables as given ({@code x^2, x*y, x*z, y^2, ...}).
   */
  public static FeatureLibrary polynomial(List<String> variables, int degree) {
    if (degree < 0 || degree > 8) throw new IllegalArgumentException("degree must be 0..8, got " + degree);
    if (variables.isEmpty()) throw new IllegalArgumentException("no state variables");
    int d = variables.size();
    List<Feature> out = new ArrayList<>();
    for (int deg = 0; deg <= degree; deg++) {
      List<int[]> exps = new ArrayList<>();
      compositions(new int[d], 0, deg, exps);
      for (int[] e : exps) out.add(new Monomial(monomialName(variables, e), e));
    }
    return new FeatureLibrary(variables, out);
  }

  /** A library with only the given user functions (no constant). */
  public static FeatureLibrary empty(List<String> variables) { return new FeatureLibrary(variables, List.of()); }

  /** This library plus a user function. */
  public FeatureLibrary with(String name, ToDoubleFunction<double[]> function) {
    List<Feature> f = new ArrayList<>(features);
    f.add(new Custom(name, function));
    return new FeatureLibrary(variables, f);
  }

  /** This library plus all pairwise products of its non-constant features with each other (degree-free "products"). */
  public FeatureLibrary withProductsOf(FeatureLibrary other) {
    List<Feature> f = new ArrayList<>(features);
    for (Feature a : features) {
      for (Feature b : other.features) {
        if (a.name().equals("1") || b.name().equals("1")) continue;
        String n = a.name() + "*" + b.name();
        if (f.stream().noneMatch(g -> g.name().equals(n))) f.add(new Custom(n, s -> a.value(s) * b.value(s)));
      }
    }
    return new FeatureLibrary(variables, f);
  }

  public List<String> variables() { return variables; }

  public List<Feature> features() { return features; }

  public int size() { return features.size(); }

  public List<String> names() {
    List<String> out = new java.util.ArrayList<>(features.size());
    for (Feature f : features) out.add(f.name());
    return java.util.Collections.unmodifiableList(out);
  }

  /**
   * Evaluates every feature on every state.
   *
   * @param states {@code states[v][t]}: variable v at sample t (column-major; not modified)
   * @return {@code theta[f][t]}: feature f at sample t
   */
  public double[][] evaluate(double[][] states) {
    if (states.length != variables.size()) throw new IllegalArgumentException("states has " + states.length + " variables, library has " + variables.size());
    int n = states[0].length;
    double[][] theta = new double[features.size()][n];
    double[] s = new double[states.length];
    for (int t = 0; t < n; t++) {
      for (int v = 0; v < s.length; v++) s[v] = states[v][t];
      for (int f = 0; f < theta.length; f++) theta[f][t] = features.get(f).value(s);
    }
    return theta;
  }

  private static void compositions(int[] e, int i, int left, List<int[]> out) {
    if (i == e.length - 1) {
      e[i] = left;
      out.add(e.clone());
      return;
    }
    for (int k = left; k >= 0; k--) {
      e[i] = k;
      compositions(e, i + 1, left - k, out);
    }
  }

  private static String monomialName(List<String> vars, int[] e) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < e.length; i++) {
      if (e[i] == 0) continue;
      if (sb.length() > 0) sb.append('*');
      sb.append(vars.get(i));
      if (e[i] > 1) sb.append('^').append(e[i]);
    }
    return sb.length() == 0 ? "1" : sb.toString();
  }
}
