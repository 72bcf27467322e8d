package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.causalem.data.BadInputException;
import org.causalem.data.DataCube4D;
import org.causalem.data.DataFile;
import org.causalem.data.Image;
import org.causalem.data.ImageStack;
import org.causalem.data.Kind;
import org.causalem.data.NdArray;
import org.causalem.data.PixelType;
import org.causalem.data.Spectrum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * NPY files built byte by byte here from the format description (magic, version, little-endian header
 * length, dict, padding, raw values), independently of {@link NpyWriter}.
 */
class NpyReaderTest {
  @TempDir Path dir;

  /** Encodes integer {@code v} as {@code size} bytes, big- or little-endian. */
  static byte[] intBytes(long v, int size, boolean big) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      byte x = (byte) (v >>> (8 * i));
      b[big ? size - 1 - i : i] = x;
    }
    return b;
  }

  /** A whole .npy file: preamble for the version, the dict padded with spaces to a multiple of 64, then data. */
  static byte[] npy(int major, String dict, byte[] data) {
    int pre = major == 1 ? 10 : 12;
    int len = dict.length() + 1;
    int total = (pre + len + 63) / 64 * 64;
    StringBuilder h = new StringBuilder(dict);
    while (pre + h.length() + 1 < total) h.append(' ');
    h.append('\n');
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x93);
    out.writeBytes("NUMPY".getBytes(StandardCharsets.US_ASCII));
    out.write(major);
    out.write(0);
    out.writeBytes(intBytes(h.length(), major == 1 ? 2 : 4, false));
    out.writeBytes(h.toString().getBytes(StandardCharsets.UTF_8));
    out.writeBytes(data);
    return out.toByteArray();
  }

  static String dict(String descr, boolean fortran, String shape) {
    return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + shape + ", }";
  }

  private Path file(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "i1,|", "u1,|", "i2,<", "i2,>", "u2,<", "u2,>", "i4,<", "i4,>", "u4,<", "u4,>", "i8,<", "i8,>", "u8,<", "u8,>"})
  void integersInEveryByteOrder(String code, String order) throws IOException {
    int size = Integer.parseInt(code.substring(1));
    boolean signed = code.charAt(0) == 'i';
    boolean big = order.equals(">");
    SplittableRandom rnd = new SplittableRandom(code.hashCode() * 31L + order.hashCode());
    int n = 12;
    long[] values = new long[n];
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (int i = 0; i < n; i++) {
      long bits = rnd.nextLong();
      if (size < 8) bits &= (1L << (8 * size)) - 1;
      // the value the bits mean
      long v = signed && size < 8 ? (bits << (64 - 8 * size)) >> (64 - 8 * size) : bits;
      if (i == 0) { // extremes of the range
        v = signed ? -(1L << (8 * size - 1)) : (size < 8 ? (1L << (8 * size)) - 1 : -1L);
        bits = v;
      }
      values[i] = v;
      data.writeBytes(intBytes(bits, size, big));
    }
    Path p = file("a.npy", npy(1, dict(order + code, false, "(3, 4)"), data.toByteArray()));
    try (DataFile df = Readers.open(p)) {
      assertThat(df.format()).isEqualTo("npy");
      Image img = (Image) df.datasets().get(0);
      assertThat(img.width()).isEqualTo(4);
      assertThat(img.height()).isEqualTo(3);
      assertThat(img.pixelType().numpyName()).isEqualTo((signed ? "int" : "uint") + 8 * size);
      for (int i = 0; i < n; i++) {
        double expected = !signed && size == 8 && values[i] < 0
            ? new java.math.BigInteger(Long.toUnsignedString(values[i])).doubleValue()
            : (double) values[i];
        assertThat(img.pixels().getDouble(i)).as("value %d", i).isEqualTo(expected);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"<", ">"})
  void floatsAndComplexInBothByteOrders(String order) throws IOException {
    boolean big = order.equals(">");
    double[] f64 = {0.0, -1.25, Math.PI, 1e300, -Double.MIN_NORMAL, Double.NaN};
    ByteArrayOutputStream d8 = new ByteArrayOutputStream();
    for (double v : f64) d8.writeBytes(intBytes(Double.doubleToRawLongBits(v), 8, big));
    try (DataFile df = Readers.open(file("f8.npy", npy(2, dict(order + "f8", false, "(6,)"), d8.toByteArray())))) {
      Spectrum s = (Spectrum) df.datasets().get(0);
      assertThat(s.pixelType()).isEqualTo(PixelType.FLOAT64);
      assertThat(s.energy().name()).isEqualTo("energy");
      assertThat(s.energy().unit()).isEqualTo("px");
      for (int i = 0; i < f64.length; i++) assertThat((Double) s.pixels().getDouble(i)).isEqualTo((Double) f64[i]);
    }
    float[] f32 = {1.5f, -3.0e-5f, 7e30f, Float.NEGATIVE_INFINITY};
    ByteArrayOutputStream d4 = new ByteArrayOutputStream();
    for (float v : f32) d4.writeBytes(intBytes(Float.floatToRawIntBits(v), 4, big));
    try (DataFile df = Readers.open(file("f4.npy", npy(3, dict(order + "f4", false, "(2, 2)"), d4.toByteArray())))) {
      Image img = (Image) df.datasets().get(0);
      float[] got = img.toFloat();
      assertThat(got).containsExactly(f32);
    }
    // half precision: bit patterns from IEEE 754 binary16 by hand
    int[] halfBits = {0x3E00, 0xC000, 0x0400, 0x7BFF, 0x0001};
    double[] halfValues = {1.5, -2.0, Math.pow(2, -14), 65504.0, Math.pow(2, -24)};
    ByteArrayOutputStream d2 = new ByteArrayOutputStream();
    for (int b : halfBits) d2.writeBytes(intBytes(b, 2, big));
    try (DataFile df = Readers.open(file("f2.npy", npy(1, dict(order + "f2", false, "(5,)"), d2.toByteArray())))) {
      Spectrum s = (Spectrum) df.datasets().get(0);
      assertThat(s.pixelType()).isEqualTo(PixelType.FLOAT16);
      for (int i = 0; i < halfValues.length; i++) assertThat(s.pixels().getDouble(i)).isEqualTo(halfValues[i]);
    }
    // complex: (re, im) pairs; a float view gives the modulus
    ByteArrayOutputStream c8 = new ByteArrayOutputStream();
    float[][] c = {{3, 4}, {-5, 12}, {0, -1}};
    for (float[] z : c) {
      c8.writeBytes(intBytes(Float.floatToRawIntBits(z[0]), 4, big));
      c8.writeBytes(intBytes(Float.floatToRawIntBits(z[1]), 4, big));
    }
    try (DataFile df = Readers.open(file("c8.npy", npy(1, dict(order + "c8", false, "(3,)"), c8.toByteArray())))) {
      Spectrum s = (Spectrum) df.datasets().get(0);
      assertThat(s.pixelType()).isEqualTo(PixelType.COMPLEX64);
      assertThat(s.toFloat()).containsExactly(5f, 13f, 1f);
    }
    ByteArrayOutputStream c16 = new ByteArrayOutputStream();
    for (float[] z : c) {
      c16.writeBytes(intBytes(Double.doubleToRawLongBits(z[0]), 8, big));
      c16.writeBytes(intBytes(Double.doubleToRawLongBits(z[1]), 8, big));
    }
    try (DataFile df = Readers.open(file("c16.npy", npy(1, dict(order + "c16", false, "(3,)"), c16.toByteArray())))) {
      Spectrum s = (Spectrum) df.datasets().get(0);
      assertThat(s.pixelType()).isEqualTo(PixelType.COMPLEX128);
      assertThat(s.toFloat()).containsExactly(5f, 13f, 1f);
    }
  }

  @Test
  void booleans() throws IOException {
    byte[] data = {1, 0, 0, 1, 1, 0};
    try (DataFile df = Readers.open(file("b.npy", npy(1, dict("|b1", false, "(2, 3)"), data)))) {
      Image img = (Image) df.datasets().get(0);
      assertThat(img.pixelType()).isEqualTo(PixelType.BOOL);
      assertThat(img.toFloat()).containsExactly(1, 0, 0, 1, 1, 0);
    }
  }

  @Test
  void fortranOrderIsReorderedToCOrder() throws IOException {
    // 3-D array a[i][j][k] = 100 i + 10 j + k, shape (2, 3, 4), stored first axis fastest
    int[] shape = {2, 3, 4};
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (int k = 0; k < 4; k++) {
      for (int j = 0; j < 3; j++) {
        for (int i = 0; i < 2; i++) data.writeBytes(intBytes(100 * i + 10 * j + k, 2, true));
      }
    }
    try (DataFile df = Readers.open(file("f.npy", npy(1, dict(">i2", true, "(2, 3, 4)"), data.toByteArray())))) {
      ImageStack st = (ImageStack) df.datasets().get(0);
      assertThat(st.shape()).containsExactly(2, 3, 4);
      int flat = 0;
      for (int i = 0; i < shape[0]; i++) {
        for (int j = 0; j < shape[1]; j++) {
          for (int k = 0; k < shape[2]; k++) assertThat(st.pixels().getDouble(flat++)).isEqualTo(100 * i + 10 * j + k);
        }
      }
    }
  }

  @Test
  void fourDimensionalCOrderIsAMappedCube() throws IOException {
    int ry = 3, rx = 2, qy = 4, qx = 5;
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (int a = 0; a < ry; a++)
      for (int b = 0; b < rx; b++)
        for (int c = 0; c < qy; c++)
          for (int d = 0; d < qx; d++) data.writeBytes(intBytes(Float.floatToRawIntBits(1000 * a + 100 * b + 10 * c + d), 4, false));
    assertCube(file("c.npy", npy(1, dict("<f4", false, "(3, 2, 4, 5)"), data.toByteArray())), ry, rx, qy, qx);
    // the same cube in Fortran order
    ByteArrayOutputStream fd = new ByteArrayOutputStream();
    for (int d = 0; d < qx; d++)
      for (int c = 0; c < qy; c++)
        for (int b = 0; b < rx; b++)
          for (int a = 0; a < ry; a++) fd.writeBytes(intBytes(1000 * a + 100 * b + 10 * c + d, 4, true));
    assertCube(file("cf.npy", npy(1, dict(">u4", true, "(3, 2, 4, 5)"), fd.toByteArray())), ry, rx, qy, qx);
  }

  @Test
  void fortranFrameSourceGathersStridedFrames() {
    int ry = 3, rx = 2, qy = 4, qx = 5;
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(ry * rx * qy * qx * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int d = 0; d < qx; d++)
      for (int c = 0; c < qy; c++)
        for (int bb = 0; bb < rx; bb++)
          for (int a = 0; a < ry; a++) b.putFloat(1000 * a + 100 * bb + 10 * c + d);
    b.flip();
    NpyFortranFrames frames = new NpyFortranFrames(org.causalem.data.Pixels.ofBytes(PixelType.FLOAT32, b, ry * rx * qy * qx), ry, rx, qy, qx);
    float[] f = new float[qy * qx];
    frames.readFrame(2 * rx + 1, f); // ry = 2, rx = 1
    for (int c = 0; c < qy; c++)
      for (int d = 0; d < qx; d++) assertThat(f[c * qx + d]).isEqualTo(2000 + 100 + 10 * c + d);
  }

  private static void assertCube(Path p, int ry, int rx, int qy, int qx) throws IOException {
    try (DataFile df = Readers.open(p)) {
      DataCube4D cube = (DataCube4D) df.datasets().get(0);
      assertThat(cube.kind()).isEqualTo(Kind.CUBE_4D);
      assertThat(cube.shape()).containsExactly(ry, rx, qy, qx);
      float[] f = new float[qy * qx];
      for (int a = 0; a < ry; a++) {
        for (int b = 0; b < rx; b++) {
          cube.readFrame(b, a, f);
          for (int c = 0; c < qy; c++)
            for (int d = 0; d < qx; d++) assertThat(f[c * qx + d]).isEqualTo(1000 * a + 100 * b + 10 * c + d);
        }
      }
    }
  }

  @Test
  void arraysOver64MiBAreMemoryMappedAndReadCorrectly() throws IOException {
    int side = 8200; // 67,240,000 bytes of uint8, above the 64 MiB heap limit
    assertThat((long) side * side).isGreaterThan(NpyReader.HEAP_LIMIT_BYTES);
    byte[] data = new byte[side * side];
    for (int i = 0; i < data.length; i += 4099) data[i] = (byte) (i % 251);
    data[data.length - 1] = 77;
    try (DataFile df = Readers.open(file("big.npy", npy(1, dict("|u1", false, "(8200, 8200)"), data)))) {
      Image img = (Image) df.datasets().get(0);
      assertThat(img.at(side - 1, side - 1)).isEqualTo(77);
      for (int i = 0; i < data.length; i += 4099 * 1000) assertThat(img.pixels().getDouble(i)).isEqualTo(i % 251);
    }
  }

  @Test
  void zeroAndFiveDimensionalArraysAreNdArrays() throws IOException {
    try (DataFile df = Readers.open(file("s.npy", npy(1, dict("<i4", false, "()"), intBytes(-7, 4, false))))) {
      NdArray a = (NdArray) df.datasets().get(0);
      assertThat(a.shape()).isEmpty();
      assertThat(a.pixels().getDouble(0)).isEqualTo(-7);
    }
    byte[] data = new byte[2 * 1 * 1 * 1 * 3];
    for (int i = 0; i < data.length; i++) data[i] = (byte) i;
    try (DataFile df = Readers.open(file("5.npy", npy(1, dict("|u1", false, "(2, 1, 1, 1, 3)"), data)))) {
      NdArray a = (NdArray) df.datasets().get(0);
      assertThat(a.shape()).containsExactly(2, 1, 1, 1, 3);
      assertThat(a.pixels().getDouble(5)).isEqualTo(5);
    }
  }

  @Test
  void headerClaimingMoreDataThanTheFileHoldsIsRejectedBeforeAllocation() throws IOException {
    Path p = file("lie.npy", npy(1, dict("<f8", false, "(100000, 100000)"), new byte[64]));
    assertThatThrownBy(() -> Readers.open(p)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("lie.npy").hasMessageContaining("80000000000 bytes");
    Path q = file("lie4.npy", npy(1, dict("<u2", false, "(1000, 1000, 256, 256)"), new byte[64]));
    assertThatThrownBy(() -> Readers.open(q)).isInstanceOf(BadInputException.class).hasMessageContaining("lie4.npy");
    Path o = file("overflow.npy", npy(1, dict("<u2", false, "(4294967296, 4294967296, 4294967296)"), new byte[8]));
    assertThatThrownBy(() -> Readers.open(o)).isInstanceOf(BadInputException.class).hasMessageContaining("overflow.npy");
  }

  @Test
  void malformedHeadersAreBadInput() throws IOException {
    String[][] cases = {
        {"struct.npy", "{'descr': [('a', '<f4'), ('b', '<i4')], 'fortran_order': False, 'shape': (2,), }"},
        {"nodescr.npy", "{'fortran_order': False, 'shape': (2,), }"},
        {"object.npy", "{'descr': '|O', 'fortran_order': False, 'shape': (2,), }"},
        {"garbage.npy", "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2,), }"},
        {"noorder.npy", "{'descr': 'f4', 'fortran_order': False, 'shape': (2,), }"},
        {"negative.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }"},
        {"open.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (2,"},
    };
    for (String[] c : cases) {
      Path p = file(c[0], npy(1, c[1], new byte[16]));
      assertThatThrownBy(() -> Readers.open(p)).as(c[0]).isInstanceOf(BadInputException.class).hasMessageContaining(c[0]);
    }
    byte[] v9 = npy(1, dict("<f4", false, "(2,)"), new byte[8]);
    v9[6] = 9;
    Path p = file("v9.npy", v9);
    assertThatThrownBy(() -> Readers.open(p)).isInstanceOf(BadInputException.class).hasMessageContaining("v9.npy").hasMessageContaining("version 9");
    byte[] longHeader = npy(2, dict("<f4", false, "(2,)"), new byte[8]);
    longHeader[8] = (byte) 0xFF;
    longHeader[9] = (byte) 0xFF;
    longHeader[10] = (byte) 0xFF;
    longHeader[11] = (byte) 0x7F;
    Path q = file("hl.npy", longHeader);
    assertThatThrownBy(() -> Readers.open(q)).isInstanceOf(BadInputException.class).hasMessageContaining("hl.npy").hasMessageContaining("header length");
  }
}
