package org.causalem.bayes;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds a design column that is (numerically) a linear combination of the columns before it, which makes
 * regression coefficients non-identifiable. Modified Gram-Schmidt on the columns, each scaled to unit
 * length: a column whose residual after projection on the earlier independent columns has a norm below
 * {@code 1e-9} is dependent.
 */
public final class Collinearity {
  private Collinearity() {}

  /** Relative residual norm below which a column counts as a combination of the earlier ones. */
  static final double TOLERANCE = 1e-9;

  /**
   * A dependent column and the earlier columns it is a combination of.
   *
   * @param column index of the dependent column
   * @param combination indices of the earlier columns with a non-negligible weight in it
   */
  public record Dependence(int column, int[] combination) {}

  /**
   * The first dependent column of {@code design} ({@code [row][column]}), or null when the columns are
   * linearly independent. An all-zero column is dependent on nothing (empty combination).
   */
  public static Dependence find(double[][] design) {
    int n = design.length;
    int p = n == 0 ? 0 : design[0].length;
    List<double[]> basis = new ArrayList<>();
    List<Integer> basisCol = new ArrayList<>();
    // r[k][m]: coefficient of original column basisCol[m] in orthonormal vector k (to express a dependent column)
    List<double[]> toOriginal = new ArrayList<>();
    for (int j = 0; j < p; j++) {
      double[] v = new double[n];
      double norm = 0;
      for (int i = 0; i < n; i++) {
        v[i] = design[i][j];
        norm += v[i] * v[i];
      }
      norm = Math.sqrt(norm);
      if (!(norm > 0) || !Double.isFinite(norm)) return new Dependence(j, new int[0]);
      for (int i = 0; i < n; i++) v[i] /= norm;
      double[] coefOnBasis = new double[basis.size()];
      for (int k = 0; k < basis.size(); k++) {
        double[] q = basis.get(k);
        double d = 0;
        for (int i = 0; i < n; i++) d += q[i] * v[i];
        coefOnBasis[k] = d;
        for (int i = 0; i < n; i++) v[i] -= d * q[i];
      }
      double res = 0;
      for (int i = 0; i < n; i++) res += v[i] * v[i];
      res = Math.sqrt(res);
      if (res < TOLERANCE) {
        // express in the earlier original columns: sum_k c_k q_k, with q_k = sum_m T[k][m] col_m
        double[] w = new double[basis.size()];
        for (int k = 0; k < basis.size(); k++) {
          double[] t = toOriginal.get(k);
          for (int m = 0; m < t.length; m++) w[m] += coefOnBasis[k] * t[m];
        }
        List<Integer> used = new ArrayList<>();
        double max = 0;
        for (double x : w) max = Math.max(max, Math.abs(x));
        for (int m = 0; m < w.length; m++) if (Math.abs(w[m]) > 1e-6 * max) used.add(basisCol.get(m));
        return new Dependence(j, used.stream().mapToInt(Integer::intValue).toArray());
      }
      for (int i = 0; i < n; i++) v[i] /= res;
      // q_new = (col_j/norm - sum_k coef_k q_k) / res, expressed in unit-scaled original columns
      int m = basis.size();
      double[] t = new double[m + 1];
      for (int k = 0; k < m; k++) {
        double[] tk = toOriginal.get(k);
        for (int a = 0; a < tk.length; a++) t[a] -= coefOnBasis[k] * tk[a] / res;
      }
      t[m] = 1 / res;
      basis.add(v);
      basisCol.add(j);
      toOriginal.add(t);
    }
    return null;
  }
}
