package org.causalem.bayes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CholeskyTest {
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
    for (int n : new int[] {7, Cholesky.BLOCKED_FROM + 13}) {
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

  @Test void notPositiveDefiniteIsRefused() {
    assertThatThrownBy(() -> Cholesky.of(new double[] {1, 2, 2, 1}, 2)).hasMessageContaining("not positive definite");
    int n = Cholesky.BLOCKED_FROM;
    double[] a = new double[n * n];
    for (int i = 0; i < n; i++) a[i * n + i] = i == n / 2 ? -1 : 1;
    assertThatThrownBy(() -> Cholesky.of(a, n)).hasMessageContaining("not positive definite");
  }
}
