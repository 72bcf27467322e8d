package org.causalem.io;

import java.util.Map;
import org.causalem.data.BadInputException;

/**
 * The checked facts of one {@code ImageData} group: the data array left in the file, what each pixel
 * holds, the dimensions (fastest first) and the calibrations. Construction validates that the
 * dimensions, the data type and the bytes of the data array agree.
 *
 * @param count pixels stored (product of the dimensions; of a half-plane FFT, W/2 + 1 columns of its width W)
 * @param channels colour components per pixel (1 for scalar data)
 */
record DmImageData(DmArray raw, DmDataType type, int[] dims, long count, int channels) {
  /** Reads and checks {@code data}; {@code where} names the file and entry for messages. */
  static DmImageData of(String where, Map<?, ?> data) {
    if (!(data.get("Data") instanceof DmArray raw)) {
      throw new BadInputException(where + ".ImageData has no Data array (found "
          + DmDatasets.describe(data.get("Data")) + ")");
    }
    int[] dims = dimensions(where, data.get("Dimensions"));
    DmDataType type = data.get("DataType") instanceof Number n ? DmDataType.of(n.longValue()) : null;
    if (type == null) type = DmDataType.fromElement(raw.typeLabel());
    if (type == null) {
      throw new BadInputException(where + ": unknown ImageData.DataType " + DmDatasets.describe(data.get("DataType"))
          + " with a Data array of " + raw.typeLabel() + "; expected a DM image data type");
    }
    long count = 1;
    int[] stored = dims.clone();
    stored[0] = type.storedWidth(dims[0]);
    for (int d : stored) {
      if (count > raw.byteLength() / d) {
        throw new BadInputException(where + ": Dimensions " + text(dims) + " give more pixels than the "
            + raw.byteLength() + " bytes of the Data tag at offset 0x" + Long.toHexString(raw.offset()) + " can hold");
      }
      count *= d;
    }
    int component = type.pixelType().bytes();
    long bytesPerPixel = component;
    int channels = 1;
    if (type.colour()) {
      bytesPerPixel = raw.byteLength() / count;
      if (raw.byteLength() % count != 0 || bytesPerPixel % component != 0 || bytesPerPixel < component
          || bytesPerPixel > 4L * component) {
        throw new BadInputException(where + ": colour image of " + text(dims) + " pixels has " + raw.byteLength()
            + " data bytes; expected 1 to 4 " + type.pixelType().numpyName() + " components per pixel");
      }
      channels = (int) (bytesPerPixel / component);
    }
    long expected = count > Long.MAX_VALUE / bytesPerPixel ? -1 : count * bytesPerPixel;
    if (raw.byteLength() != expected) {
      throw new BadInputException(where + ": Dimensions " + text(dims) + " of " + type.pixelType().numpyName()
          + (type.halfPlane() ? " (a packed half-plane FFT of " + text(stored) + " values)" : "") + " need " + expected + " bytes; the Data tag at offset 0x" + Long.toHexString(raw.offset()) + " holds "
          + raw.byteLength() + " bytes");
    }
    return new DmImageData(raw, type, dims, count, channels);
  }

  /** The calibration of each dimension (uncalibrated where the file gives none). */
  static DmCalibration[] calibrations(Map<?, ?> data, int n) {
    DmCalibration[] out = new DmCalibration[n];
    Object dim = data.get("Calibrations") instanceof Map<?, ?> cal ? cal.get("Dimension") : null;
    Object[] groups = dim instanceof Map<?, ?> m ? m.values().toArray() : new Object[0];
    for (int k = 0; k < n; k++) out[k] = k < groups.length ? DmCalibration.of(groups[k]) : DmCalibration.NONE;
    return out;
  }

  private static int[] dimensions(String where, Object dims) {
    if (!(dims instanceof Map<?, ?> m) || m.isEmpty()) {
      throw new BadInputException(where + ".ImageData.Dimensions is " + DmDatasets.describe(dims)
          + "; expected a group of sizes");
    }
    int[] out = new int[m.size()];
    int k = 0;
    for (Object v : m.values()) {
      if (!(v instanceof Number num) || num.doubleValue() < 1 || num.doubleValue() > Integer.MAX_VALUE
          || num.doubleValue() != Math.rint(num.doubleValue())) {
        throw new BadInputException(where + ".ImageData.Dimensions." + k + " is " + DmDatasets.describe(v)
            + "; expected a positive size");
      }
      out[k++] = num.intValue();
    }
    return out;
  }

  static String text(int[] dims) {
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < dims.length; k++) sb.append(k == 0 ? "" : "×").append(dims[k]);
    return sb.toString();
  }
}
