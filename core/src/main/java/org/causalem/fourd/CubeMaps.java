package org.causalem.fourd;

import java.util.Map;

/**
 * What one streaming pass over a cube produced; every map is row-major (scanY × scanX).
 *
 * @param virtual virtual-detector images by detector name
 * @param comX centre of mass of each pattern, detector x (px), NaN where the pattern is empty
 * @param comY centre of mass of each pattern, detector y (px)
 * @param total summed intensity of each pattern (inside the CoM mask when there is one)
 * @param meanPattern mean diffraction pattern (detY × detX); null when not asked for
 */
public record CubeMaps(int scanX, int scanY, int detX, int detY, Map<String, float[]> virtual, float[] comX,
                       float[] comY, float[] total, double[] meanPattern) {
  public CubeMaps {
    virtual = Map.copyOf(virtual);
  }
}
