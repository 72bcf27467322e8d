package org.causalem.image;

/**
 * Candidate atom columns: integer-pixel local maxima of the filtered image.
 *
 * @param x column x (px), strongest first
 * @param y column y (px)
 * @param response filter response at the maximum
 * @param smoothingSigmaPx the filter scale used
 * @param minSeparationPx the minimum separation used
 * @param threshold the response threshold used
 * @param periodPx the image's dominant period (NaN when the scales were given)
 * @param noiseSigma estimated noise standard deviation of the raw image
 */
public record Detection(int[] x, int[] y, double[] response, double smoothingSigmaPx, double minSeparationPx,
                        double threshold, double periodPx, double noiseSigma) {
  public int size() { return x.length; }
}
