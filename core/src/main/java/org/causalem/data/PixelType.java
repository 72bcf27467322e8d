package org.causalem.data;

/** The pixel type a file stores, kept until a float view is asked for. Names follow NumPy. */
public enum PixelType {
  BOOL("bool", 1, false, false),
  INT8("int8", 1, true, false),
  UINT8("uint8", 1, false, false),
  INT16("int16", 2, true, false),
  UINT16("uint16", 2, false, false),
  INT32("int32", 4, true, false),
  UINT32("uint32", 4, false, false),
  INT64("int64", 8, true, false),
  UINT64("uint64", 8, false, false),
  FLOAT16("float16", 2, true, true),
  FLOAT32("float32", 4, true, true),
  FLOAT64("float64", 8, true, true),
  /** Complex 64-bit (two float32); a float view gives the modulus. */
  COMPLEX64("complex64", 8, true, true),
  /** Complex 128-bit (two float64); a float view gives the modulus. */
  COMPLEX128("complex128", 16, true, true);

  private final String numpyName;
  private final int bytes;
  private final boolean signed;
  private final boolean floating;

  PixelType(String numpyName, int bytes, boolean signed, boolean floating) {
    this.numpyName = numpyName;
    this.bytes = bytes;
    this.signed = signed;
    this.floating = floating;
  }

  /** The NumPy dtype name, e.g. {@code uint16}; used in JSON output. */
  public String numpyName() { return numpyName; }

  /** Bytes per value. */
  public int bytes() { return bytes; }

  public boolean signed() { return signed; }

  public boolean floating() { return floating; }

  public boolean complex() { return this == COMPLEX64 || this == COMPLEX128; }

  /** @throws IllegalArgumentException naming the unknown name */
  public static PixelType fromNumpyName(String name) {
    for (PixelType t : values()) if (t.numpyName.equals(name)) return t;
    throw new IllegalArgumentException("unknown pixel type '" + name + "'");
  }
}
