package org.causalem.io;

import org.causalem.data.PixelType;

/**
 * What an {@code ImageData.DataType} code stores per pixel: a scalar pixel type, or colour components
 * (RGB/RGBA of one component type), or DM's packed complex FFT layout (float32 values).
 *
 * @param pixelType the scalar type, or the type of one colour component
 * @param colour whether each pixel holds several components
 * @param packedComplex whether the values are a half-plane packed complex FFT
 */
record DmDataType(int code, PixelType pixelType, boolean colour, boolean packedComplex) {
  /** The type for {@code code}, or null when the code is not one DM defines. */
  static DmDataType of(long code) {
    switch ((int) Math.max(-1, Math.min(code, 1000))) {
      case 1: return scalar(code, PixelType.INT16);
      case 2: return scalar(code, PixelType.FLOAT32);
      case 3: return scalar(code, PixelType.COMPLEX64);
      case 5: return new DmDataType((int) code, PixelType.FLOAT32, false, true);
      case 6: return scalar(code, PixelType.UINT8);
      case 7: return scalar(code, PixelType.INT32);
      case 9: return scalar(code, PixelType.INT8);
      case 10: return scalar(code, PixelType.UINT16);
      case 11: return scalar(code, PixelType.UINT32);
      case 12: return scalar(code, PixelType.FLOAT64);
      case 13: return scalar(code, PixelType.COMPLEX128);
      case 27: return scalar(code, PixelType.COMPLEX64);   // half-plane packed complex FFT, see halfPlane()
      case 28: return scalar(code, PixelType.COMPLEX128);
      case 14: return scalar(code, PixelType.BOOL);
      case 39: return scalar(code, PixelType.INT64);
      case 40: return scalar(code, PixelType.UINT64);
      case 8: case 20: case 21: case 23: return colour(code, PixelType.UINT8);
      case 16: case 19: return colour(code, PixelType.UINT16);
      case 15: return colour(code, PixelType.FLOAT32);
      case 17: case 18: return colour(code, PixelType.FLOAT64);
      default: return null;
    }
  }

  /** The scalar type matching a data tag's element type, for codes DM does not document. */
  static DmDataType fromElement(String elementLabel) {
    switch (elementLabel) {
      case "int16": return scalar(-1, PixelType.INT16);
      case "int32": return scalar(-1, PixelType.INT32);
      case "uint16": return scalar(-1, PixelType.UINT16);
      case "uint32": return scalar(-1, PixelType.UINT32);
      case "float32": return scalar(-1, PixelType.FLOAT32);
      case "float64": return scalar(-1, PixelType.FLOAT64);
      case "bool": return scalar(-1, PixelType.BOOL);
      case "char": return scalar(-1, PixelType.INT8);
      case "octet": return scalar(-1, PixelType.UINT8);
      case "int64": return scalar(-1, PixelType.INT64);
      case "uint64": return scalar(-1, PixelType.UINT64);
      default: return null;
    }
  }

  /**
   * Whether the values are the half-plane of a complex FFT of a real image (codes 27, 28): of the width W
   * only W/2 + 1 columns are stored, the others being their complex conjugates.
   */
  boolean halfPlane() { return code == 27 || code == 28; }

  /** The columns stored of an image {@code width} wide: all, or W/2 + 1 of a {@link #halfPlane} FFT. */
  int storedWidth(int width) { return halfPlane() ? width / 2 + 1 : width; }

  private static DmDataType scalar(long code, PixelType t) { return new DmDataType((int) code, t, false, false); }

  private static DmDataType colour(long code, PixelType t) { return new DmDataType((int) code, t, true, false); }
}
