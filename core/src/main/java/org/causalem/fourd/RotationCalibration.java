package org.causalem.fourd;

/**
 * The rotation between detector and scan axes, found as the one that makes the centre-of-mass field
 * curl-free (a phase object deflects the beam along a gradient). Rotating a field by θ gives
 * {@code curl(θ) = cosθ·curl + sinθ·div}, so the summed squared curl is a quadratic form in
 * (cosθ, sinθ) whose smallest eigenvector is the answer, in closed form. θ is determined modulo
 * 180°: it is reported in (−90°, 90°]. Both the plain and the transposed detector are tried.
 *
 * @param angleDeg rotation to apply with {@link ShiftField#rotate}
 * @param flip whether the detector axes are transposed
 * @param curlFraction remaining RMS curl over RMS divergence after the correction (small for a good fit)
 */
public record RotationCalibration(double angleDeg, boolean flip, double curlFraction) {
  public static RotationCalibration find(ShiftField field) {
    RotationCalibration plain = solve(field, false);
    RotationCalibration flipped = solve(field, true);
    return flipped.curlFraction < plain.curlFraction ? flipped : plain;
  }

  private static RotationCalibration solve(ShiftField f, boolean flip) {
    ShiftField g = flip ? f.rotate(0, true) : f;
    float[] curl = g.curl();
    float[] div = g.divergence();
    double a = 0;
    double b = 0;
    double c = 0;
    for (int i = 0; i < curl.length; i++) {
      if (Float.isNaN(curl[i]) || Float.isNaN(div[i])) continue;
      a += (double) curl[i] * curl[i];
      b += (double) curl[i] * div[i];
      c += (double) div[i] * div[i];
    }
    // minimise [cos sin] [[a b][b c]] [cos sin]ᵀ
    double theta = 0.5 * Math.atan2(2 * b, a - c) + Math.PI / 2;
    double cos = Math.cos(theta);
    double sin = Math.sin(theta);
    double minCurl = a * cos * cos + 2 * b * sin * cos + c * sin * sin;
    double maxDiv = a * sin * sin - 2 * b * sin * cos + c * cos * cos;
    double deg = Math.toDegrees(theta);
    while (deg > 90) deg -= 180;
    while (deg <= -90) deg += 180;
    double frac = maxDiv > 0 ? Math.sqrt(Math.max(0, minCurl) / maxDiv) : Double.POSITIVE_INFINITY;
    return new RotationCalibration(deg, flip, frac);
  }
}
