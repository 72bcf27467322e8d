package org.causalem.bayes;

import java.util.stream.IntStream;

/**
 * Cholesky factor {@code A = L Lᵀ} of a symmetric positive-definite matrix stored row-major in a flat
 * array. Row-oriented (Cholesky–Crout) so the inner loops are contiguous dot products.
 */
public final class Cholesky {
  private final int n;
  private final double[] l;
  /** EJML's blocked solver holding the same factor (large matrices only), for a fast inverse. */
  private final org.ejml.interfaces.linsol.LinearSolverDense<org.ejml.data.DMatrixRMaj> solver;

  private Cholesky(int n, double[] l) {
    this(n, l, null);
  }

  private Cholesky(int n, double[] l, org.ejml.interfaces.linsol.LinearSolverDense<org.ejml.data.DMatrixRMaj> solver) {
    this.n = n;
    this.l = l;
    this.solver = solver;
  }

  /**
   * Factors {@code a} (n×n, row-major; only the lower triangle is read; not modified).
   *
   * @throws IllegalArgumentException if the matrix is not positive definite
   */
  public static Cholesky of(double[] a, int n) {
    if (a.length != (long) n * n) throw new IllegalArgumentException("matrix has " + a.length + " values, expected " + n + "×" + n);
    if (n >= BLOCKED_FROM) return blocked(a, n);
    double[] l = new double[n * n];
    for (int i = 0; i < n; i++) {
      int ri = i * n;
      for (int j = 0; j <= i; j++) {
        int rj = j * n;
        double s = a[ri + j];
        for (int k = 0; k < j; k++) s -= l[ri + k] * l[rj + k];
        if (i == j) {
          if (!(s > 0)) throw new IllegalArgumentException("matrix is not positive definite (pivot " + i + " = " + s + ")");
          l[ri + i] = Math.sqrt(s);
        } else {
          l[ri + j] = s / l[rj + j];
        }
      }
    }
    return new Cholesky(n, l);
  }

  /** Size from which EJML's cache-blocked factorisation is used (several times faster for large n). */
  static final int BLOCKED_FROM = 200;

  private static Cholesky blocked(double[] a, int n) {
    org.ejml.data.DMatrixRMaj m = new org.ejml.data.DMatrixRMaj(n, n);
    // EJML reads the lower triangle; copy it so the input stays untouched
    System.arraycopy(a, 0, m.data, 0, n * n);
    org.ejml.interfaces.linsol.LinearSolverDense<org.ejml.data.DMatrixRMaj> solver =
        org.ejml.dense.row.factory.LinearSolverFactory_DDRM.symmPosDef(n);
    if (!solver.setA(m)) throw new IllegalArgumentException("matrix is not positive definite");
    double[] l = lowerOf(solver.getDecomposition(), n);
    for (int i = 0; i < n; i++) {
      if (!(l[i * n + i] > 0) || !Double.isFinite(l[i * n + i])) throw new IllegalArgumentException("matrix is not positive definite (pivot " + i + ")");
      for (int j = i + 1; j < n; j++) l[i * n + j] = 0;
    }
    return new Cholesky(n, l, solver);
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static double[] lowerOf(Object decomposition, int n) {
    Object t = ((org.ejml.interfaces.decomposition.CholeskyDecomposition) decomposition).getT(null);
    if (t instanceof org.ejml.data.DMatrixRMaj r) return r.data;
    if (t instanceof org.ejml.data.DMatrixRBlock b) return org.ejml.dense.block.MatrixOps_DDRB.convert(b, new org.ejml.data.DMatrixRMaj(n, n)).data;
    throw new IllegalStateException("unexpected factor type " + t.getClass().getName());
  }

  /**
   * Solves {@code L Z = B} in place for many right-hand sides at once; {@code b} is n×m row-major
   * (column q is one right-hand side). L is streamed once per call, not once per right-hand side.
   */
  public void forwardInPlace(double[] b, int m) {
    if (b.length != (long) n * m) throw new IllegalArgumentException("right-hand sides have " + b.length + " values, expected " + n + "×" + m);
    for (int i = 0; i < n; i++) {
      int ri = i * n;
      int bi = i * m;
      for (int k = 0; k < i; k++) {
        double lik = l[ri + k];
        if (lik == 0) continue;
        int bk = k * m;
        for (int q = 0; q < m; q++) b[bi + q] -= lik * b[bk + q];
      }
      double inv = 1 / l[ri + i];
      for (int q = 0; q < m; q++) b[bi + q] *= inv;
    }
  }

  /** Factors a p×p matrix given as rows. */
  public static Cholesky of(double[][] a) {
    int n = a.length;
    double[] flat = new double[n * n];
    for (int i = 0; i < n; i++) System.arraycopy(a[i], 0, flat, i * n, n);
    return of(flat, n);
  }

  public int size() { return n; }

  /** The lower factor (row-major; a copy). */
  public double[] lower() { return l.clone(); }

  /** Element (i, j) of L. */
  public double lowerAt(int i, int j) { return j > i ? 0 : l[i * n + j]; }

  /** log det A. */
  public double logDeterminant() {
    double s = 0;
    for (int i = 0; i < n; i++) s += Math.log(l[i * n + i]);
    return 2 * s;
  }

  /** Solves {@code L z = b} in place. */
  public void forwardInPlace(double[] b) {
    for (int i = 0; i < n; i++) {
      int ri = i * n;
      double s = b[i];
      for (int k = 0; k < i; k++) s -= l[ri + k] * b[k];
      b[i] = s / l[ri + i];
    }
  }

  /** Solves {@code Lᵀ x = z} in place. */
  public void backwardInPlace(double[] z) {
    for (int i = n - 1; i >= 0; i--) {
      double s = z[i];
      for (int k = i + 1; k < n; k++) s -= l[k * n + i] * z[k];
      z[i] = s / l[i * n + i];
    }
  }

  /** Solves {@code A x = b}; returns x (b not modified). */
  public double[] solve(double[] b) {
    double[] x = b.clone();
    forwardInPlace(x);
    backwardInPlace(x);
    return x;
  }

  /** {@code A⁻¹} (row-major, n×n), computed in parallel over rows. */
  public double[] inverse() {
    if (solver != null) {
      org.ejml.data.DMatrixRMaj inv = new org.ejml.data.DMatrixRMaj(n, n);
      solver.invert(inv);
      return inv.data;
    }
    // U = L^{-T} stored row-major: row i of U is column i of L^{-1}
    double[] u = new double[n * n];
    IntStream.range(0, n).parallel().forEach(c -> {
      // column c of L^{-1}: solve L v = e_c; v[k] = 0 for k < c
      int rc = c * n;
      u[rc + c] = 1.0 / l[c * n + c];
      for (int i = c + 1; i < n; i++) {
        int ri = i * n;
        double s = 0;
        for (int k = c; k < i; k++) s -= l[ri + k] * u[rc + k];
        u[rc + i] = s / l[ri + i];
      }
    });
    double[] inv = new double[n * n];
    IntStream.range(0, n).parallel().forEach(i -> {
      int ri = i * n;
      for (int j = 0; j <= i; j++) {
        int rj = j * n;
        double s = 0;
        for (int k = i; k < n; k++) s += u[ri + k] * u[rj + k];
        inv[ri + j] = s;
        inv[rj + i] = s;
      }
    });
    return inv;
  }
}
