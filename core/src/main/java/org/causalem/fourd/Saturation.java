package org.causalem.fourd;

import java.util.Locale;
import org.causalem.data.DataCube4D;
import org.causalem.data.PixelType;

/**
 * Pixels at the counter's largest value in the frames sampled for the probe: there the count is clipped
 * and every intensity built on it (virtual bright field, centre of mass) is too low.
 *
 * @param counterMax the largest count the detector can record (NaN when not known: float data)
 * @param source where {@code counterMax} comes from
 * @param framesSampled frames looked at
 * @param framesSaturated frames with at least one pixel at {@code counterMax}
 * @param maxPixelsPerFrame the most pixels at {@code counterMax} in one frame
 * @param pixelsEverSaturated detector pixels at {@code counterMax} in at least one sampled frame
 */
public record Saturation(double counterMax, String source, int framesSampled, int framesSaturated, int maxPixelsPerFrame,
                         int pixelsEverSaturated) {
  /** Whether any sampled pixel reached the counter's maximum. */
  public boolean any() { return framesSaturated > 0; }

  /**
   * The counter's largest value: {@code 2^bits − 1} from the file's {@code counter_depth_bits} (MIB), else the
   * largest value of an 8- or 16-bit unsigned pixel type; NaN otherwise.
   */
  public static double counterMax(DataCube4D cube, String[] source) {
    Object bits = cube.metadata().summary().get("counter_depth_bits");
    if (bits instanceof Number b && b.intValue() > 0 && b.intValue() < 63) {
      source[0] = b.intValue() + "-bit counter (file header)";
      return Math.pow(2, b.intValue()) - 1;
    }
    if (cube.pixelType() == PixelType.UINT8) {
      source[0] = "uint8 pixels";
      return 255;
    }
    if (cube.pixelType() == PixelType.UINT16) {
      source[0] = "uint16 pixels";
      return 65535;
    }
    source[0] = "unknown (" + cube.pixelType() + " pixels)";
    return Double.NaN;
  }

  /** The note a user needs, or null when nothing saturated. */
  public String note() {
    if (!any()) return null;
    return String.format(Locale.ROOT, "counter saturation: %d of %d sampled frames have pixels at the %s maximum %.0f "
        + "(up to %d per frame, %d detector pixels in all): counts there are clipped, so the bright-field intensity and "
        + "the centre of mass are biased", framesSaturated, framesSampled, source, counterMax, maxPixelsPerFrame,
        pixelsEverSaturated);
  }
}
