package org.causalem.data;

/** IEEE 754 half-precision conversion (JDK 17 has none). */
public final class Float16 {
  private Float16() {}

  /** Converts the 16 bits of a half-precision value to a float. */
  public static float toFloat(short bits) {
    int h = bits & 0xFFFF;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1F;
    int mant = h & 0x3FF;
    if (exp == 0) {
      if (mant == 0) return Float.intBitsToFloat(sign);
      float v = mant / 1024f / 16384f; // subnormal: mant × 2^-24
      return sign != 0 ? -v : v;
    }
    if (exp == 31) return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
    return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
  }
}
