package org.causalem.fourd;

/**
 * Strain from Bragg-disk lattices, relative to a reference lattice; every map row-major (scanY ×
 * scanX), NaN where no lattice was fitted. Strains are dimensionless (0.01 = 1 %), in the detector
 * frame (x right, y down); the rotation is in degrees, positive from +x towards +y.
 *
 * @param indexed number of disks indexed at each position
 * @param reference the reference lattice (mean over the reference region)
 */
public record StrainMaps(int width, int height, float[] exx, float[] eyy, float[] exy, float[] rotationDeg,
                         float[] g1x, float[] g1y, float[] g2x, float[] g2y, float[] indexed, Lattice reference) {}
