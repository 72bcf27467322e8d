package org.causalem.numeric;

import java.util.stream.IntStream;
import org.ejml.data.DMatrixRBlock;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.block.MatrixOps_DDRB;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The Cholesky factor {@code A = L Lᵀ} of a symmetric matrix stored row-major in a flat array: the only
 * Cholesky/SPD factorisation in CausalEM. Only the lower triangle of {@code A} is read; inputs are never
 * modified (except by the in-place kernels, which say so).
 *
 * <p>Two factorisations, one failure behaviour (and a third, low-rank one, {@link #lowRank}, for kernel
 * matrices too large to form):
 * <ul>
 *   <li>{@link #of(double[], int)} — positive definite. A pivot that is not greater than 0 (or than the
 *       caller's {@code minPivot}) throws {@link SingularMatrixException} naming the pivot; nothing is
 *       clamped or skipped.</li>
 *   <li>{@link #ofSemiDefinite(double[], int, double)} — positive semi-definite, for regressions whose
 *       regressors may be linearly dependent. A pivot not above {@code relativeTolerance} times its
 *       diagonal element (or 1e-300 when that is 0) marks a dependent row: its column of L is 0, its
 *       unknown is 0 in every solve, and {@link #isDropped(int)} / {@link #rank()} report it, so the caller
 *       decides what a dropped regressor means. This factorisation never throws.</li>
 * </ul>
 *
 * <p>Below {@value #BLOCKED_FROM} rows the factor is computed by a row-oriented Cholesky–Crout loop (the
 * inner loops are contiguous dot products, summed in increasing index order); from {@value #BLOCKED_FROM}
 * rows a positive-definite factor comes from EJML's cache-blocked solver, several times faster there. The
 * allocation-free kernels {@link #factorInPlace} and {@link #solveInPlace} serve hot loops that factor
 * many small matrices (the Gaussian column fits).
 */
public final class Cholesky {
  /** Size from which EJML's cache-blocked factorisation is used (several times faster for large n). */
  static final int BLOCKED_FROM = 200;
  /** Floor of the diagonal in the semi-definite drop test, so an all-zero row is dropped. */
  private static final double TINY_DIAGONAL = 1e-300;

  private final int n;
  private final double[] l;
  /** Dependent rows of a semi-definite factor; null for a positive-definite one. */
  private final boolean[] dropped;
  /** EJML's blocked solver holding the same factor (large matrices only), for a fast inverse. */
  private final LinearSolverDense<DMatrixRMaj> solver;

  private Cholesky(int n, double[] l, boolean[] dropped, LinearSolverDense<DMatrixRMaj> solver) {
    this.n = n;
    this.l = l;
    this.dropped = dropped;
    this.solver = solver;
  }

  /**
   * Factors a positive-definite {@code a} (n×n, row-major; not modified).
   *
   * @throws SingularMatrixException if a pivot is not greater than 0
   */
  public static Cholesky of(double[] a, int n) {
    checkSize(a, n);
    if (n >= BLOCKED_FROM) return blocked(a, n);
    double[] l = new double[n * n];
    factor(a, l, n, 0, Double.NaN, null);
    return new Cholesky(n, l, null, null);
  }

  /** Factors a positive-definite p×p matrix given as rows (not modified). */
  public static Cholesky of(double[][] a) { return of(flatten(a), a.length); }

  /**
   * Factors {@code a} requiring every pivot to exceed {@code minPivot} (for a correlation matrix the pivot
   * of row j is {@code 1 − R²} of variable j on the variables before it). Always the Crout loop.
   *
   * @throws SingularMatrixException at the first pivot not greater than {@code minPivot}
   */
  public static Cholesky of(double[][] a, double minPivot) {
    if (!(minPivot >= 0)) throw new IllegalArgumentException("minPivot must be >= 0, got " + minPivot);
    int p = a.length;
    double[] l = new double[p * p];
    factor(flatten(a), l, p, minPivot, Double.NaN, null);
    return new Cholesky(p, l, null, null);
  }

  /**
   * Factors a positive semi-definite {@code a} (n×n, row-major; not modified), dropping dependent rows (see
   * the class comment). Never throws for a square input.
   */
  public static Cholesky ofSemiDefinite(double[] a, int n, double relativeTolerance) {
    checkSize(a, n);
    if (!(relativeTolerance >= 0)) throw new IllegalArgumentException("relativeTolerance must be >= 0, got " + relativeTolerance);
    double[] l = new double[n * n];
    boolean[] dropped = new boolean[n];
    factor(a, l, n, 0, relativeTolerance, dropped);
    return new Cholesky(n, l, dropped, null);
  }

  /** {@link #ofSemiDefinite(double[], int, double)} for a matrix given as rows. */
  public static Cholesky ofSemiDefinite(double[][] a, double relativeTolerance) {
    return ofSemiDefinite(flatten(a), a.length, relativeTolerance);
  }

  /**
   * Factors the positive-definite {@code m} (n×n, row-major) in place: on return its lower triangle holds L
   * (its strict upper triangle is left as it was). No allocation.
   *
   * @throws SingularMatrixException if a pivot is not greater than 0 ({@code m} is then partly overwritten)
   */
  public static void factorInPlace(double[] m, int n) {
    checkSize(m, n);
    factor(m, m, n, 0, Double.NaN, null);
  }

  /** Solves {@code L Lᵀ x = b} in place with a factor from {@link #factorInPlace}. No allocation. */
  public static void solveInPlace(double[] l, int n, double[] b) {
    forward(l, n, b, null);
    backward(l, n, b, null);
  }

  /**
   * The one Cholesky–Crout loop. {@code l} may be {@code a} (in place). With {@code dropped} null a pivot not
   * above {@code minPivot} throws; otherwise a pivot not above {@code tol·max(a_ii, 1e-300)} is dropped.
   */
  private static void factor(double[] a, double[] l, int n, double minPivot, double tol, boolean[] dropped) {
    for (int i = 0; i < n; i++) {
      int ri = i * n;
      for (int j = 0; j <= i; j++) {
        int rj = j * n;
        if (j < i && dropped != null && dropped[j]) {
          l[ri + j] = 0;
          continue;
        }
        double s = a[ri + j];
        for (int k = 0; k < j; k++) s -= l[ri + k] * l[rj + k];
        if (i == j) {
          if (dropped != null) {
            if (s <= tol * Math.max(a[ri + i], TINY_DIAGONAL)) {
              dropped[i] = true;
              l[ri + i] = 0;
              continue;
            }
          } else if (!(s > minPivot)) {
            throw new SingularMatrixException("matrix is not positive definite (pivot " + i + " = " + s
                + (minPivot > 0 ? ", needs > " + minPivot : "") + ")", i, s);
          }
          l[ri + i] = Math.sqrt(s);
        } else {
          l[ri + j] = s / l[rj + j];
        }
      }
    }
  }

  /** Solves {@code L z = b} in place; the unknowns of dropped rows are 0. */
  private static void forward(double[] l, int n, double[] b, boolean[] dropped) {
    for (int i = 0; i < n; i++) {
      if (dropped != null && dropped[i]) {
        b[i] = 0;
        continue;
      }
      int ri = i * n;
      double s = b[i];
      for (int k = 0; k < i; k++) s -= l[ri + k] * b[k];
      b[i] = s / l[ri + i];
    }
  }

  /** Solves {@code Lᵀ x = z} in place; the unknowns of dropped rows are 0. */
  private static void backward(double[] l, int n, double[] z, boolean[] dropped) {
    for (int i = n - 1; i >= 0; i--) {
      if (dropped != null && dropped[i]) {
        z[i] = 0;
        continue;
      }
      double s = z[i];
      for (int k = i + 1; k < n; k++) s -= l[k * n + i] * z[k];
      z[i] = s / l[i * n + i];
    }
  }

  /** Entry (i, j) of a symmetric positive semi-definite matrix, computed on demand. */
  @FunctionalInterface
  public interface Entries {
    double at(int i, int j);
  }

  /**
   * Pivoted incomplete Cholesky of an n×n positive semi-definite matrix given by its entries: a low-rank
   * {@code A ≈ G Gᵀ} with {@code result[k]} column k of G (length n), computed from at most
   * {@code maxRank} columns of A and never forming A. Each step takes the row with the largest remaining
   * diagonal (the first on ties) and stops when that is below {@code tolerance}. O(n·rank²). Never throws
   * for a semi-definite matrix: stopping early is its documented outcome.
   */
  public static double[][] lowRank(Entries a, int n, double tolerance, int maxRank) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) d[i] = a.at(i, i);
    double[][] cols = new double[Math.min(maxRank, n)][];
    int rank = 0;
    while (rank < cols.length) {
      int j = 0;
      for (int i = 1; i < n; i++) if (d[i] > d[j]) j = i;
      if (d[j] < tolerance) break;
      double s = Math.sqrt(d[j]);
      double[] g = new double[n];
      for (int i = 0; i < n; i++) {
        double v = a.at(i, j);
        for (int l = 0; l < rank; l++) v -= cols[l][i] * cols[l][j];
        g[i] = v / s;
      }
      g[j] = s;
      for (int i = 0; i < n; i++) d[i] = Math.max(d[i] - g[i] * g[i], 0);
      d[j] = 0;
      cols[rank++] = g;
    }
    return java.util.Arrays.copyOf(cols, rank);
  }

  private static Cholesky blocked(double[] a, int n) {
    DMatrixRMaj m = new DMatrixRMaj(n, n);
    // EJML reads the lower triangle; copy it so the input stays untouched
    System.arraycopy(a, 0, m.data, 0, n * n);
    LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(n);
    if (!solver.setA(m)) throw new SingularMatrixException("matrix is not positive definite (blocked factorisation)", -1, Double.NaN);
    double[] l = lowerOf(solver.getDecomposition(), n);
    for (int i = 0; i < n; i++) {
      double d = l[i * n + i];
      if (!(d > 0) || !Double.isFinite(d)) throw new SingularMatrixException("matrix is not positive definite (pivot " + i + ")", i, d * d);
      for (int j = i + 1; j < n; j++) l[i * n + j] = 0;
    }
    return new Cholesky(n, l, null, solver);
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static double[] lowerOf(Object decomposition, int n) {
    Object t = ((CholeskyDecomposition) decomposition).getT(null);
    if (t instanceof DMatrixRMaj r) return r.data;
    if (t instanceof DMatrixRBlock b) return MatrixOps_DDRB.convert(b, new DMatrixRMaj(n, n)).data;
    throw new IllegalStateException("unexpected factor type " + t.getClass().getName());
  }

  private static void checkSize(double[] a, int n) {
    if (n < 0 || a.length != (long) n * n) throw new IllegalArgumentException("matrix has " + a.length + " values, expected " + n + "×" + n);
  }

  private static double[] flatten(double[][] a) {
    int n = a.length;
    double[] flat = new double[n * n];
    for (int i = 0; i < n; i++) {
      if (a[i].length != n) throw new IllegalArgumentException("row " + i + " has " + a[i].length + " values, expected " + n);
      System.arraycopy(a[i], 0, flat, i * n, n);
    }
    return flat;
  }

  public int size() { return n; }

  /** Number of rows kept: n for a positive-definite factor, n minus the dropped rows for a semi-definite one. */
  public int rank() {
    if (dropped == null) return n;
    int r = 0;
    for (boolean d : dropped) if (!d) r++;
    return r;
  }

  /** Whether row i was dropped as dependent (always false for a positive-definite factor). */
  public boolean isDropped(int i) { return dropped != null && dropped[i]; }

  /** The lower factor (row-major; a copy). */
  public double[] lower() { return l.clone(); }

  /** Element (i, j) of L. */
  public double lowerAt(int i, int j) { return j > i ? 0 : l[i * n + j]; }

  /** log det A (−∞ when a row was dropped). */
  public double logDeterminant() {
    double s = 0;
    for (int i = 0; i < n; i++) s += Math.log(l[i * n + i]);
    return 2 * s;
  }

  /** Solves {@code L z = b} in place (unknowns of dropped rows are 0). */
  public void forwardInPlace(double[] b) {
    checkLength(b.length, n);
    forward(l, n, b, dropped);
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
      if (dropped != null && dropped[i]) {
        java.util.Arrays.fill(b, bi, bi + m, 0);
        continue;
      }
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

  /** Solves {@code Lᵀ x = z} in place (unknowns of dropped rows are 0). */
  public void backwardInPlace(double[] z) {
    checkLength(z.length, n);
    backward(l, n, z, dropped);
  }

  /** Solves {@code A x = b}; returns x (b not modified). The unknowns of dropped rows are 0. */
  public double[] solve(double[] b) {
    double[] x = b.clone();
    forwardInPlace(x);
    backwardInPlace(x);
    return x;
  }

  private static void checkLength(int got, int n) {
    if (got != n) throw new IllegalArgumentException("right-hand side has " + got + " values, expected " + n);
  }

  /**
   * {@code A⁻¹} (row-major, n×n), computed in parallel over rows from {@link #PARALLEL_INVERSE} rows on (below, in
   * this thread: starting the common pool's threads costs more than inverting a small matrix; each element is the same
   * sum either way).
   *
   * @throws IllegalStateException for a semi-definite factor that dropped a row (no inverse exists)
   */
  public double[] inverse() {
    if (rank() < n) throw new IllegalStateException("matrix is singular: " + (n - rank()) + " of " + n + " rows were dropped as dependent");
    if (solver != null) {
      DMatrixRMaj inv = new DMatrixRMaj(n, n);
      solver.invert(inv);
      return inv.data;
    }
    // U = L^{-T} stored row-major: row i of U is column i of L^{-1}
    double[] u = new double[n * n];
    double[] inv = new double[n * n];
    if (n < PARALLEL_INVERSE) {
      for (int c = 0; c < n; c++) inverseColumn(c, u);
      for (int i = 0; i < n; i++) productRow(i, u, inv);
    } else {
      IntStream.range(0, n).parallel().forEach(c -> inverseColumn(c, u));
      IntStream.range(0, n).parallel().forEach(i -> productRow(i, u, inv));
    }
    return inv;
  }

  /** Rows from which {@link #inverse} works in parallel. */
  static final int PARALLEL_INVERSE = 64;

  /** Column {@code c} of L⁻¹ into row {@code c} of {@code u}: solves L v = e_c (v[k] = 0 for k &lt; c). */
  private void inverseColumn(int c, double[] u) {
    int rc = c * n;
    u[rc + c] = 1.0 / l[c * n + c];
    for (int i = c + 1; i < n; i++) {
      int ri = i * n;
      double s = 0;
      for (int k = c; k < i; k++) s -= l[ri + k] * u[rc + k];
      u[rc + i] = s / l[ri + i];
    }
  }

  /** Row {@code i} of A⁻¹ = UᵀU up to the diagonal, mirrored into column {@code i}. */
  private void productRow(int i, double[] u, double[] inv) {
    int ri = i * n;
    for (int j = 0; j <= i; j++) {
      int rj = j * n;
      double s = 0;
      for (int k = i; k < n; k++) s += u[ri + k] * u[rj + k];
      inv[ri + j] = s;
      inv[rj + i] = s;
    }
  }
}
