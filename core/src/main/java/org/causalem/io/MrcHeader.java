package org.causalem.io;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.causalem.data.PixelType;

/** The fields of a 1024-byte MRC header that the reader uses. */
record MrcHeader(int nx, int ny, int nz, int mode, int mx, int my, int mz, double xlenA, double ylenA, double zlenA,
                 long nsymbt, String extType, int nversion, String label, boolean unsignedBytes) {
  /** "IMOD" read as a 32-bit integer at offset 152: IMOD then says at 156 whether mode-0 bytes are signed. */
  static final int IMOD_STAMP = 1146047817;

  static MrcHeader parse(ByteBuffer h) {
    int nlabl = h.getInt(220);
    String label = nlabl > 0 && nlabl <= 10 ? MrcReader.ascii(h, 224, 80).trim() : "";
    label = label.replaceAll("[^\\x20-\\x7E]", "");
    return new MrcHeader(h.getInt(0), h.getInt(4), h.getInt(8), h.getInt(12), h.getInt(28), h.getInt(32), h.getInt(36),
        h.getFloat(40), h.getFloat(44), h.getFloat(48), h.getInt(92), MrcReader.ascii(h, 104, 4), h.getInt(108), label,
        h.getInt(152) == IMOD_STAMP && (h.getInt(156) & 1) == 0);
  }

  /** The pixel type of the mode, or null when not supported (3: complex int16, 101: 4-bit). */
  PixelType type() {
    switch (mode) {
      case 0: return unsignedBytes ? PixelType.UINT8 : PixelType.INT8; // MRC2014: signed; IMOD flag bit 0 clear: unsigned
      case 1: return PixelType.INT16;
      case 2: return PixelType.FLOAT32;
      case 4: return PixelType.COMPLEX64;
      case 6: return PixelType.UINT16;
      case 12: return PixelType.FLOAT16;
      default: return null;
    }
  }

  long dataOffset() { return MrcReader.HEADER_BYTES + nsymbt; }

  /** Bytes of data the sizes claim (−1 when they overflow or are invalid). */
  long dataBytes() {
    PixelType t = type();
    if (t == null || nx <= 0 || ny <= 0 || nz <= 0) return -1;
    try {
      return Math.multiplyExact(Math.multiplyExact(Math.multiplyExact((long) nx, ny), nz), (long) t.bytes());
    } catch (ArithmeticException e) {
      return -1;
    }
  }

  Map<String, Object> tree() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("nx", nx);
    m.put("ny", ny);
    m.put("nz", nz);
    m.put("mode", mode);
    m.put("mx", mx);
    m.put("my", my);
    m.put("mz", mz);
    m.put("cella_A", java.util.List.of(xlenA, ylenA, zlenA));
    m.put("nsymbt", nsymbt);
    m.put("exttyp", extType.replaceAll("[^\\x20-\\x7E]", "?"));
    m.put("nversion", nversion);
    if (!label.isEmpty()) m.put("label", label);
    return m;
  }
}
