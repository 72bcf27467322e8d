package org.causalem.io;

/** The simple value types of DM tags, by their code in a tag's type description. */
enum DmType {
  INT16(2, 2, "int16"),
  INT32(3, 4, "int32"),
  UINT16(4, 2, "uint16"),
  UINT32(5, 4, "uint32"),
  FLOAT32(6, 4, "float32"),
  FLOAT64(7, 8, "float64"),
  BOOL(8, 1, "bool"),
  CHAR(9, 1, "char"),
  OCTET(10, 1, "octet"),
  INT64(11, 8, "int64"),
  UINT64(12, 8, "uint64");

  /** Type code of a struct: followed by its name length, field count and (name length, type) per field. */
  static final int STRUCT = 15;
  /** Type code of a string: followed by its length. */
  static final int STRING = 18;
  /** Type code of an array: followed by the element type (simple or struct) and the count. */
  static final int ARRAY = 20;

  private static final DmType[] BY_CODE = new DmType[13];

  static {
    for (DmType t : values()) BY_CODE[t.code] = t;
  }

  final int code;
  final int bytes;
  final String label;

  DmType(int code, int bytes, String label) {
    this.code = code;
    this.bytes = bytes;
    this.label = label;
  }

  /** The simple type with this code, or null when the code names none. */
  static DmType of(long code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
  }
}
