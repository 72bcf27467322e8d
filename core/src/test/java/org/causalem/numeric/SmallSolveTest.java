package org.causalem.numeric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Contract of the small dense solves: hand-worked systems, singular ones, the documented failure. */
class SmallSolveTest {
  // non-symmetric, det = 2·(3·0 − 2·0) − 1·(1·0 − 2·1) + 1·(1·0 − 3·1) = −1; A·(1, 2, −1) = (3, 5, 1)
  private static final double[][] A = {{2, 1, 1}, {1, 3, 2}, {1, 0, 0}};
  private static final double[] B = {3, 5, 1};

  @Test void determinantByHand() {
    assertThat(SmallSolve.determinant3(A)).isEqualTo(-1);
    assertThat(SmallSolve.determinant3(new double[][] {{2, 0, 0}, {0, 3, 0}, {0, 0, 4}})).isEqualTo(24);
  }

  @Test void cramerSolvesAKnownSystem() {
    assertThat(SmallSolve.solve3(A, B, 1e-12)).containsExactly(1, 2, -1);
    assertThat(A[2]).containsExactly(1, 0, 0); // not modified
    assertThat(B).containsExactly(3, 5, 1);
  }

  @Test void cramerRefusesASingularOrTooSmallDeterminant() {
    SingularMatrixException e = catchThrowableOfType(
        () -> SmallSolve.solve3(new double[][] {{1, 2, 3}, {2, 4, 6}, {1, 1, 1}}, B, 1e-12), SingularMatrixException.class);
    assertThat(e.pivotValue()).isZero();
    assertThat(e).hasMessageContaining("singular");
    // |det| = 1 is not above 1, but above 0.5
    assertThatThrownBy(() -> SmallSolve.solve3(A, B, 1)).isInstanceOf(SingularMatrixException.class);
    assertThat(SmallSolve.solve3(A, B, 0.5)).containsExactly(1, 2, -1);
    assertThatThrownBy(() -> SmallSolve.solve3(new double[][] {{1, 2}, {3, 4}}, B, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test void gaussJordanSolvesAKnownSystemWithPivoting() {
    assertThat(SmallSolve.solve(A, B, 1e-9)).containsExactly(new double[] {1, 2, -1}, within(1e-15));
    // a zero in the first pivot position needs a row swap: [[0,1],[1,0]]·(4, 3) = (3, 4)
    assertThat(SmallSolve.solve(new double[][] {{0, 1}, {1, 0}}, new double[] {3, 4}, 1e-9)).containsExactly(4, 3);
  }

  @Test void gaussJordanRefusesASingularSystemAtItsPivot() {
    // [[1,2],[2,4]]: after eliminating with row (2, 4) the second pivot is 2 − 0.5·4 = 0
    SingularMatrixException e = catchThrowableOfType(
        () -> SmallSolve.solve(new double[][] {{1, 2}, {2, 4}}, new double[] {1, 2}, 1e-9), SingularMatrixException.class);
    assertThat(e.pivot()).isEqualTo(1);
    assertThat(e.pivotValue()).isZero();
    // relative to the largest diagonal element: 1e-12 against 1 is singular at 1e-9, not at 1e-13
    double[][] m = {{1e-12, 0}, {0, 1}};
    assertThat(catchThrowableOfType(() -> SmallSolve.solve(m, new double[] {1, 1}, 1e-9), SingularMatrixException.class).pivot()).isZero();
    assertThat(SmallSolve.solve(m, new double[] {1e-12, 1}, 1e-13)).containsExactly(1, 1);
  }
}
