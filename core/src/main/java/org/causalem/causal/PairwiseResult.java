package org.causalem.causal;

/**
 * The causal direction between two variables found by a pairwise method.
 *
 * @param x name of the first variable
 * @param y name of the second variable
 * @param method "igci", "anm", "reci" or "mdl"
 * @param direction the decision
 * @param score method-specific: IGCI {@code Ĉ(X→Y) − Ĉ(Y→X)} (negative: X → Y); ANM
 *     {@code ln p(X→Y) − ln p(Y→X)} (positive: X → Y), computed from log-p-values so it is finite; RECI
 *     {@code ln MSE(X|Y) − ln MSE(Y|X)} and MDL {@code L(Y→X) − L(X→Y)} (positive: X → Y)
 * @param pValueXtoY ANM: HSIC p-value of X against the residual of Y regressed on X (NaN for IGCI); RECI: MSE of Y
 *     regressed on X; MDL: code length per row of X → Y
 * @param pValueYtoX ANM: HSIC p-value of Y against the residual of X regressed on Y (NaN for IGCI); RECI: MSE of X
 *     regressed on Y; MDL: code length per row of Y → X
 * @param reason why the direction is undecided (empty when decided)
 */
public record PairwiseResult(String x, String y, String method, Direction direction, double score, double pValueXtoY, double pValueYtoX,
                             String reason) {
  public PairwiseResult {
    reason = reason == null ? "" : reason;
  }

  /** A result with no stated reason. */
  public PairwiseResult(String x, String y, String method, Direction direction, double score, double pValueXtoY, double pValueYtoX) {
    this(x, y, method, direction, score, pValueXtoY, pValueYtoX, "");
  }

  /**
   * The forced decision of a method whose {@code score} is positive for X → Y: the sign decides, and a tie is forced to
   * X → Y with {@code tie} ("forced: " + tie + "; the first column is taken as the cause") as the reason.
   */
  public static PairwiseResult forced(String x, String y, String method, double score, double xToY, double yToX, String tie) {
    if (score > 0) return new PairwiseResult(x, y, method, Direction.X_CAUSES_Y, score, xToY, yToX, "");
    if (score < 0) return new PairwiseResult(x, y, method, Direction.Y_CAUSES_X, score, xToY, yToX, "");
    return new PairwiseResult(x, y, method, Direction.X_CAUSES_Y, score, xToY, yToX,
        "forced: " + tie + "; the first column is taken as the cause");
  }

  /** Which way the arrow points. */
  public enum Direction { X_CAUSES_Y, Y_CAUSES_X, UNDECIDED }
}
