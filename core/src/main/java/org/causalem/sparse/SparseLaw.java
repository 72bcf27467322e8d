package org.causalem.sparse;

import java.util.ArrayList;
import java.util.List;

/**
 * A found law {@code dx_j/dt = Σ_f c_{jf} θ_f(x)}: one equation per state variable over a feature library.
 *
 * @param library the candidate terms
 * @param coefficients {@code [equation][feature]}, zero where a term is absent
 */
public record SparseLaw(FeatureLibrary library, double[][] coefficients) {
  public SparseLaw {
    if (coefficients.length != library.variables().size()) {
      throw new IllegalArgumentException(coefficients.length + " equations for " + library.variables().size() + " state variables");
    }
    double[][] copy = new double[coefficients.length][];
    for (int j = 0; j < copy.length; j++) {
      if (coefficients[j].length != library.size()) throw new IllegalArgumentException("equation " + j + " has " + coefficients[j].length + " coefficients, library has " + library.size());
      copy[j] = coefficients[j].clone();
    }
    coefficients = copy;
  }

  /** The right-hand side at {@code state}, written into {@code out}. */
  public void derivative(double[] state, double[] out) {
    List<FeatureLibrary.Feature> fs = library.features();
    java.util.Arrays.fill(out, 0);
    for (int f = 0; f < fs.size(); f++) {
      double v = Double.NaN;
      for (int j = 0; j < coefficients.length; j++) {
        double c = coefficients[j][f];
        if (c == 0) continue;
        if (Double.isNaN(v)) v = fs.get(f).value(state);
        out[j] += c * v;
      }
    }
  }

  /** Equations as text, e.g. {@code dx/dt = -10 x + 10 y}. */
  public List<String> describe(String timeName) {
    List<String> out = new ArrayList<>();
    List<String> names = library.names();
    for (int j = 0; j < coefficients.length; j++) {
      StringBuilder sb = new StringBuilder("d" + library.variables().get(j) + "/d" + timeName + " =");
      boolean any = false;
      for (int f = 0; f < names.size(); f++) {
        double c = coefficients[j][f];
        if (c == 0) continue;
        sb.append(any ? (c < 0 ? " - " : " + ") : (c < 0 ? " -" : " ")).append(org.causalem.io.Decimals.general(Math.abs(c), 6));   // %.6g without a Formatter (its first use costs more than writing the outputs)
        if (!names.get(f).equals("1")) sb.append(' ').append(names.get(f));
        any = true;
      }
      if (!any) sb.append(" 0");
      out.add(sb.toString());
    }
    return out;
  }

  /**
   * Integrates the law with classical fourth-order Runge–Kutta from {@code x0} at {@code times[0]},
   * returning {@code [variable][sample]} at every time; each interval is split into steps no longer
   * than {@code maxStep}. After a blow-up (non-finite state) the remaining values are NaN.
   */
  public double[][] simulate(double[] x0, double[] times, double maxStep) {
    int d = x0.length;
    if (d != coefficients.length) throw new IllegalArgumentException("x0 has " + d + " values, law has " + coefficients.length + " states");
    if (!(maxStep > 0)) throw new IllegalArgumentException("maxStep must be > 0, got " + maxStep);
    double[][] out = new double[d][times.length];
    double[] x = x0.clone();
    double[] k1 = new double[d];
    double[] k2 = new double[d];
    double[] k3 = new double[d];
    double[] k4 = new double[d];
    double[] tmp = new double[d];
    boolean blown = false;
    for (int i = 0; i < times.length; i++) {
      if (i > 0 && !blown) {
        double span = times[i] - times[i - 1];
        int steps = Math.max(1, (int) Math.ceil(Math.abs(span) / maxStep));
        double h = span / steps;
        for (int s = 0; s < steps; s++) {
          derivative(x, k1);
          for (int v = 0; v < d; v++) tmp[v] = x[v] + 0.5 * h * k1[v];
          derivative(tmp, k2);
          for (int v = 0; v < d; v++) tmp[v] = x[v] + 0.5 * h * k2[v];
          derivative(tmp, k3);
          for (int v = 0; v < d; v++) tmp[v] = x[v] + h * k3[v];
          derivative(tmp, k4);
          for (int v = 0; v < d; v++) x[v] += h / 6 * (k1[v] + 2 * k2[v] + 2 * k3[v] + k4[v]);
        }
        for (double v : x) if (!Double.isFinite(v) || Math.abs(v) > 1e100) blown = true;
      }
      for (int v = 0; v < d; v++) out[v][i] = blown ? Double.NaN : x[v];
    }
    return out;
  }
}
