package org.causalem.numeric;

/**
 * The one way a factorisation or solve in {@code numeric} fails: the matrix has no usable pivot where one
 * was needed. For {@link Cholesky} that is a pivot not greater than the minimum (0 unless the caller asks
 * for more): the matrix is singular, indefinite or holds NaN. For {@link SmallSolve} it is a determinant
 * whose magnitude is not above the caller's tolerance.
 *
 * <p>Nothing in {@code numeric} clamps a pivot or drops one silently instead of throwing this; callers that
 * expect it (a likelihood that is −∞ for a non-positive-definite covariance, a fit that stops) catch it
 * explicitly. Unchecked, because for most callers it means a bug in how the matrix was built.
 */
public final class SingularMatrixException extends ArithmeticException {
  private static final long serialVersionUID = 1L;
  private final int pivot;
  private final double pivotValue;

  /**
   * @param message what failed, for a person
   * @param pivot the index of the failing pivot, or -1 when the factorisation does not report it
   * @param pivotValue the failing pivot's value (NaN when unknown)
   */
  public SingularMatrixException(String message, int pivot, double pivotValue) {
    super(message);
    this.pivot = pivot;
    this.pivotValue = pivotValue;
  }

  /** Index of the failing pivot (row and column), or -1 when not known. */
  public int pivot() { return pivot; }

  /** Value of the failing pivot before its square root (Cholesky) or the determinant (3×3); NaN when unknown. */
  public double pivotValue() { return pivotValue; }
}
