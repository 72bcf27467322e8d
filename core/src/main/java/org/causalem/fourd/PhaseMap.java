package org.causalem.fourd;

/**
 * Diffraction patterns clustered into phases; maps row-major (scanY × scanX).
 *
 * @param labels cluster of each position, 0..k−1, numbered in order of first appearance in scan order
 * @param scores principal-component scores of each position, {@code [component][position]}
 * @param explainedVariance variance of each principal component
 * @param inertia summed squared distance of the scores to their cluster centres
 */
public record PhaseMap(int width, int height, int clusters, int[] labels, float[][] scores, double[] explainedVariance,
                       double inertia) {}
