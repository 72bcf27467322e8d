package org.causalem.causal;

/**
 * The causal direction between two variables found by a pairwise method.
 *
 * @param x name of the first variable
 * @param y name of the second variable
 * @param method "igci" or "anm"
 * @param direction the decision
 * @param score method-specific: IGCI {@code Ĉ(X→Y) − Ĉ(Y→X)} (negative: X → Y); ANM
 *     {@code ln p(X→Y) − ln p(Y→X)} (positive: X → Y), computed from log-p-values so it is finite
 * @param pValueXtoY ANM: HSIC p-value of X against the residual of Y regressed on X (NaN for IGCI)
 * @param pValueYtoX ANM: HSIC p-value of Y against the residual of X regressed on Y (NaN for IGCI)
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

  /** Which way the arrow points. */
  public enum Direction { X_CAUSES_Y, Y_CAUSES_X, UNDECIDED }
}
