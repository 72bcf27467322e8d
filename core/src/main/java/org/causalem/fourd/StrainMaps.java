package org.causalem.fourd;

/**
 * Strain from Bragg-disk lattices, relative to a reference lattice; every map row-major (scanY ×
 * scanX), NaN where no lattice was fitted. Strains are dimensionless (0.01 = 1 %) in {@link #frame()}:
 * the detector's axes (x right, y down) as measured, or the scan's after {@link #toScanFrame}; the
 * rotation is in degrees, positive from +x towards +y of that frame. The lattice vectors g1, g2 stay
 * in detector pixels.
 *
 * @param indexed number of disks indexed at each position
 * @param reference the reference lattice (mean over the reference region)
 * @param frame {@code "detector"} or {@code "scan"}
 */
public record StrainMaps(int width, int height, float[] exx, float[] eyy, float[] exy, float[] rotationDeg,
                         float[] g1x, float[] g1y, float[] g2x, float[] g2y, float[] indexed, Lattice reference,
                         String frame) {
  /**
   * The same strain in the scan's frame, given the detector's rotation as {@link ShiftField#rotate}
   * takes it: a detector vector v becomes {@code R(angle)·P·v}, P swapping x and y when {@code flip}.
   * The tensor transforms as {@code M·ε·Mᵀ} with {@code M = R·P}; the local rotation keeps its value
   * under a rotation and changes sign under the flip (a reflection). An angle known only modulo 180°
   * is enough: a half turn leaves a tensor unchanged.
   */
  public StrainMaps toScanFrame(double angleDeg, boolean flip) {
    double c = Math.cos(Math.toRadians(angleDeg));
    double s = Math.sin(Math.toRadians(angleDeg));
    // M = R·P: with the flip, P's columns are swapped
    double m00 = flip ? -s : c;
    double m01 = flip ? c : -s;
    double m10 = flip ? c : s;
    double m11 = flip ? s : c;
    int n = exx.length;
    float[] xx = new float[n];
    float[] yy = new float[n];
    float[] xy = new float[n];
    float[] rot = new float[n];
    for (int p = 0; p < n; p++) {
      double a = exx[p];
      double b = exy[p];
      double d = eyy[p];
      // (M ε Mᵀ)_ij = Σ_kl M_ik ε_kl M_jl
      xx[p] = (float) (m00 * m00 * a + 2 * m00 * m01 * b + m01 * m01 * d);
      yy[p] = (float) (m10 * m10 * a + 2 * m10 * m11 * b + m11 * m11 * d);
      xy[p] = (float) (m00 * m10 * a + (m00 * m11 + m01 * m10) * b + m01 * m11 * d);
      rot[p] = flip ? -rotationDeg[p] : rotationDeg[p];
    }
    return new StrainMaps(width, height, xx, yy, xy, rot, g1x, g1y, g2x, g2y, indexed, reference, "scan");
  }
}
