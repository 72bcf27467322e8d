package org.causalem.numeric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Contract of the one Cholesky factorisation: known small matrices whose factors, solutions, inverses
 * and determinants are worked out by hand; singular and indefinite matrices; the documented failure.
 */
class CholeskyTest {
  // A = L Lᵀ with L = [[2,0,0],[6,1,0],[-8,5,3]] (integers, so every step below is exact)
  private static final double[] A = {4, 12, -16, 12, 37, -43, -16, -43, 98};

  @Test void factorOfAKnownMatrix() {
    double[] copy = A.clone();
    Cholesky c = Cholesky.of(A, 3);
    assertThat(A).isEqualTo(copy);
    assertThat(c.lower()).containsExactly(2, 0, 0, 6, 1, 0, -8, 5, 3);
    assertThat(c.lowerAt(0, 2)).isZero();
    assertThat(c.rank()).isEqualTo(3);
    // det A = (2·1·3)² = 36
    assertThat(c.logDeterminant()).isCloseTo(Math.log(36), within(1e-14));
  }

  @Test void solveOfAKnownSystem() {
    // A·(1, 2, 3) = (−20, −43, 192)
    double[] b = {-20, -43, 192};
    assertThat(Cholesky.of(A, 3).solve(b)).containsExactly(new double[] {1, 2, 3}, within(1e-12));
    assertThat(b).containsExactly(-20, -43, 192);
    // L z = b: z = Lᵀ·(1, 2, 3) = (−10, 17, 9)
    double[] z = b.clone();
    Cholesky.of(A, 3).forwardInPlace(z);
    assertThat(z).containsExactly(new double[] {-10, 17, 9}, within(1e-12));
  }

  @Test void inverseOfAKnownMatrix() {
    // L⁻¹ = [[1/2,0,0],[−3,1,0],[19/3,−5/3,1/3]], A⁻¹ = L⁻ᵀ L⁻¹
    double[] expected = {1777 / 36.0, -122 / 9.0, 19 / 9.0, -122 / 9.0, 34 / 9.0, -5 / 9.0, 19 / 9.0, -5 / 9.0, 1 / 9.0};
    assertThat(Cholesky.of(A, 3).inverse()).containsExactly(expected, within(1e-12));
  }

  @Test void rowsAndFlatGiveTheSameFactor() {
    double[][] rows = {{4, 12, -16}, {12, 37, -43}, {-16, -43, 98}};
    assertThat(Cholesky.of(rows).lower()).isEqualTo(Cholesky.of(A, 3).lower());
  }

  @Test void onlyTheLowerTriangleIsRead() {
    double[] a = A.clone();
    a[1] = 999;
    a[2] = Double.NaN;
    a[5] = -7;
    assertThat(Cholesky.of(a, 3).lower()).containsExactly(2, 0, 0, 6, 1, 0, -8, 5, 3);
  }

  @Test void inPlaceKernelMatchesTheFactorBitForBit() {
    double[] a = spd(7, 3);
    double[] m = a.clone();
    Cholesky.factorInPlace(m, 7);
    Cholesky c = Cholesky.of(a, 7);
    for (int i = 0; i < 7; i++) {
      for (int j = 0; j <= i; j++) assertThat(m[i * 7 + j]).isEqualTo(c.lowerAt(i, j));
      for (int j = i + 1; j < 7; j++) assertThat(m[i * 7 + j]).isEqualTo(a[i * 7 + j]); // upper left alone
    }
    double[] b = {1, -2, 3, 0.5, 0, 7, -1};
    double[] x = b.clone();
    Cholesky.solveInPlace(m, 7, x);
    assertThat(x).isEqualTo(c.solve(b));
  }

  @Test void singularMatrixIsRefusedAtItsPivot() {
    // [[1,1],[1,1]]: the second pivot is 1 − 1·1 = 0
    SingularMatrixException e = catchThrowableOfType(() -> Cholesky.of(new double[] {1, 1, 1, 1}, 2), SingularMatrixException.class);
    assertThat(e).hasMessageContaining("not positive definite");
    assertThat(e.pivot()).isEqualTo(1);
    assertThat(e.pivotValue()).isZero();
  }

  @Test void indefiniteMatrixIsRefusedAtItsPivot() {
    // [[1,2],[2,1]] has eigenvalues 3 and −1; the second pivot is 1 − 2·2 = −3
    SingularMatrixException e = catchThrowableOfType(() -> Cholesky.of(new double[] {1, 2, 2, 1}, 2), SingularMatrixException.class);
    assertThat(e.pivot()).isEqualTo(1);
    assertThat(e.pivotValue()).isEqualTo(-3);
    // a negative first diagonal fails at pivot 0, NaN fails too (never clamped, never skipped)
    assertThat(catchThrowableOfType(() -> Cholesky.of(new double[] {-1}, 1), SingularMatrixException.class).pivot()).isZero();
    assertThatThrownBy(() -> Cholesky.of(new double[] {1, 0, 0, Double.NaN}, 2)).isInstanceOf(SingularMatrixException.class);
    assertThatThrownBy(() -> Cholesky.factorInPlace(new double[] {1, 2, 2, 1}, 2)).isInstanceOf(SingularMatrixException.class);
  }

  @Test void minimumPivotIsOneMinusRSquared() {
    // correlation 0.99: the second pivot is 1 − 0.99² = 0.0199
    double[][] r = {{1, 0.99}, {0.99, 1}};
    assertThat(Cholesky.of(r, 0.01).lowerAt(1, 1)).isCloseTo(Math.sqrt(0.0199), within(1e-15));
    SingularMatrixException e = catchThrowableOfType(() -> Cholesky.of(r, 0.05), SingularMatrixException.class);
    assertThat(e.pivot()).isEqualTo(1);
    assertThat(e.pivotValue()).isCloseTo(0.0199, within(1e-15));
  }

  @Test void semiDefiniteDropsTheDependentRowAndSaysSo() {
    // row 1 repeats row 0: dropped; its unknown is 0; the others solve exactly
    double[] a = {1, 1, 0, 1, 1, 0, 0, 0, 4};
    Cholesky c = Cholesky.ofSemiDefinite(a, 3, 1e-10);
    assertThat(c.rank()).isEqualTo(2);
    assertThat(c.isDropped(1)).isTrue();
    assertThat(c.isDropped(0) || c.isDropped(2)).isFalse();
    assertThat(c.solve(new double[] {2, 2, 8})).containsExactly(2, 0, 2);
    assertThat(c.logDeterminant()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThatThrownBy(c::inverse).isInstanceOf(IllegalStateException.class).hasMessageContaining("1 of 3 rows");
    // an all-zero row is dropped too; a positive-definite matrix gives the same factor as of()
    assertThat(Cholesky.ofSemiDefinite(new double[] {0, 0, 0, 1}, 2, 1e-10).isDropped(0)).isTrue();
    assertThat(Cholesky.ofSemiDefinite(A, 3, 1e-10).lower()).isEqualTo(Cholesky.of(A, 3).lower());
  }

  @Test void semiDefiniteToleranceIsRelativeToTheDiagonal() {
    // pivot of row 1 is 1e6·(1 − 0.999999²) ≈ 2.0e0, i.e. 2e-6 of its diagonal: kept at 1e-10, dropped at 1e-5
    double s = 1e3;
    double[] a = {s * s, s * s * 0.999999, s * s * 0.999999, s * s};
    assertThat(Cholesky.ofSemiDefinite(a, 2, 1e-10).rank()).isEqualTo(2);
    assertThat(Cholesky.ofSemiDefinite(a, 2, 1e-5).rank()).isEqualTo(1);
  }

  @Test void badShapesAreRefused() {
    assertThatThrownBy(() -> Cholesky.of(new double[5], 2)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 2×2");
    assertThatThrownBy(() -> Cholesky.of(new double[][] {{1, 0}, {0}})).hasMessageContaining("row 1 has 1 values");
    assertThatThrownBy(() -> Cholesky.of(A, 3).solve(new double[2])).hasMessageContaining("expected 3");
  }

  @Test void lowRankByHand() {
    // [[4,2],[2,2]]: pivot 0 gives column (2, 1), the remainder [[0,0],[0,1]] gives (0, 1)
    double[][] m = {{4, 2}, {2, 2}};
    double[][] g = Cholesky.lowRank((i, j) -> m[i][j], 2, 1e-12, 5);
    assertThat(g).isDeepEqualTo(new double[][] {{2, 1}, {0, 1}});
    // the largest remaining diagonal goes first: [[1,0],[0,9]] → (0, 3), then (1, 0)
    double[][] d = {{1, 0}, {0, 9}};
    assertThat(Cholesky.lowRank((i, j) -> d[i][j], 2, 1e-12, 5)).isDeepEqualTo(new double[][] {{0, 3}, {1, 0}});
    // stops below the tolerance or at the rank cap
    assertThat(Cholesky.lowRank((i, j) -> d[i][j], 2, 2, 5)).hasNumberOfRows(1);
    assertThat(Cholesky.lowRank((i, j) -> d[i][j], 2, 1e-12, 1)).hasNumberOfRows(1);
    // a rank-1 matrix gives one column and stops (no failure: semi-definite is expected here)
    assertThat(Cholesky.lowRank((i, j) -> 1, 3, 1e-12, 3)).isDeepEqualTo(new double[][] {{1, 1, 1}});
  }

  private static double[] spd(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] b = new double[n * n];
    for (int i = 0; i < b.length; i++) b[i] = rnd.nextDouble(-1, 1);
    double[] a = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int k = 0; k < n; k++) s += b[i * n + k] * b[j * n + k];
        a[i * n + j] = s + (i == j ? n : 0);
      }
    }
    return a;
  }

  @Test void factorSolveAndInverseOnBothPaths() {
    for (int n : new int[] {7, Cholesky.PARALLEL_INVERSE + 5, Cholesky.BLOCKED_FROM + 13}) {   // own inverse in this thread, in parallel; EJML
      double[] a = spd(n, n);
      double[] copy = a.clone();
      Cholesky c = Cholesky.of(a, n);
      assertThat(a).isEqualTo(copy);
      // L Lᵀ = A
      for (int i = 0; i < n; i += 5) {
        for (int j = 0; j <= i; j += 3) {
          double s = 0;
          for (int k = 0; k <= j; k++) s += c.lowerAt(i, k) * c.lowerAt(j, k);
          assertThat(s).isCloseTo(a[i * n + j], within(1e-9 * n));
        }
      }
      double[] x = new double[n];
      for (int i = 0; i < n; i++) x[i] = Math.sin(i);
      double[] b = new double[n];
      for (int i = 0; i < n; i++) for (int k = 0; k < n; k++) b[i] += a[i * n + k] * x[k];
      double[] sol = c.solve(b);
      for (int i = 0; i < n; i++) assertThat(sol[i]).isCloseTo(x[i], within(1e-9));
      double[] inv = c.inverse();
      for (int i = 0; i < n; i += 7) {
        double s = 0;
        for (int k = 0; k < n; k++) s += inv[i * n + k] * a[k * n + i];
        assertThat(s).isCloseTo(1, within(1e-9));
      }
      // many right-hand sides at once equal one at a time
      int m = 3;
      double[] many = new double[n * m];
      for (int i = 0; i < n; i++) for (int q = 0; q < m; q++) many[i * m + q] = b[i] * (q + 1);
      c.forwardInPlace(many, m);
      double[] one = b.clone();
      c.forwardInPlace(one);
      for (int i = 0; i < n; i++) for (int q = 0; q < m; q++) assertThat(many[i * m + q]).isCloseTo(one[i] * (q + 1), within(1e-9));
    }
  }

  @Test void blockedPathRefusesAnIndefiniteMatrix() {
    int n = Cholesky.BLOCKED_FROM;
    double[] a = new double[n * n];
    for (int i = 0; i < n; i++) a[i * n + i] = i == n / 2 ? -1 : 1;
    assertThatThrownBy(() -> Cholesky.of(a, n)).isInstanceOf(SingularMatrixException.class).hasMessageContaining("not positive definite");
  }
}
