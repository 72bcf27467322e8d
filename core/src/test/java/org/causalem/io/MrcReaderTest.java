package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.causalem.SharedData;
import org.causalem.data.BadInputException;
import org.causalem.data.DataFile;
import org.causalem.data.Float16;
import org.causalem.data.Image;
import org.causalem.data.ImageStack;
import org.causalem.data.Metadata;
import org.causalem.data.PixelType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MrcReaderTest {
  @TempDir Path tmp;

  @Test
  void haadfScanIs16By16Uint16At5Point68NmPerPixel() throws Exception {
    Path p = SharedData.real("mrc_HAADFscan.mrc");
    byte[] raw = Files.readAllBytes(p);
    int dataAt = 1024 + 909_312;
    assertThat(raw.length).isEqualTo(dataAt + 16 * 16 * 2);
    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    try (DataFile df = Readers.open(p)) {
      assertThat(df.format()).isEqualTo("mrc");
      Image img = df.first(Image.class);
      assertThat(img.shape()).containsExactly(16, 16);
      assertThat(img.pixelType()).isEqualTo(PixelType.UINT16);
      assertThat(img.x().scale()).isCloseTo(5.68, within(0.005));
      assertThat(img.y().scale()).isCloseTo(5.68, within(0.005));
      assertThat(img.x().unit()).isEqualTo("nm");
      assertThat(img.metadata().tree()).containsEntry("nsymbt", 909_312L).containsEntry("exttyp", "FEI2");
      // FEI2 block 0: HT 300000 V at byte 84 of the extended header
      assertThat(img.metadata().summary()).containsEntry(Metadata.VOLTAGE_KV, 300.0);
      for (int i = 0; i < 256; i++) assertThat(img.pixels().getDouble(i)).isEqualTo(b.getShort(dataAt + 2 * i) & 0xFFFF);
    }
  }

  @Test
  void textSidecarIsNotMrc() {
    java.nio.file.Path sidecar = SharedData.real("mrc_info.txt");
    assertThatThrownBy(() -> Readers.open(sidecar))
        .isInstanceOf(BadInputException.class).hasMessageContaining("unknown format").hasMessageContaining("mrc_info.txt");
  }

  @Test
  void bigEndianFloatStackWithFei1HeaderGivesFrameTimesAndDoses() throws Exception {
    int nx = 5;
    int ny = 3;
    int nz = 4;
    int block = 768;
    ByteBuffer ext = ByteBuffer.allocate(block * nz).order(ByteOrder.BIG_ENDIAN);
    for (int k = 0; k < nz; k++) {
      int at = k * block;
      ext.putInt(at, block);
      ext.putDouble(at + 12, 45000.0 + k * 2.0 / 86400); // 2 s apart
      ascii(ext, at + 20, "Krios");
      ext.putDouble(at + 84, 300000);
      ext.putDouble(at + 92, 1.5 + k);
      ext.putDouble(at + 156, 1.2e-10);
      ext.putDouble(at + 164, 1.2e-10);
    }
    float[] values = new float[nx * ny * nz];
    for (int i = 0; i < values.length; i++) values[i] = i * 0.5f - 3;
    ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.BIG_ENDIAN);
    for (float v : values) data.putFloat(v);
    Path p = write("stack.mrc", header(nx, ny, nz, 2, 0, 0, ext.capacity(), "FEI1", ByteOrder.BIG_ENDIAN, true), ext.array(), data.array());
    try (DataFile df = Readers.open(p)) {
      ImageStack s = df.first(ImageStack.class);
      assertThat(s.shape()).containsExactly(4, 3, 5);
      assertThat(s.pixels().toFloatArray()).isEqualTo(values);
      assertThat(s.x().scale()).isCloseTo(0.12, within(1e-12)); // no cell: FEI pixel size 1.2 Å
      assertThat(s.frameTimesS()).containsExactly(new double[] {0, 2, 4, 6}, within(1e-3));
      assertThat(s.frameDose()).containsExactly(1.5, 2.5, 3.5, 4.5);
      assertThat(s.metadata().summary()).containsEntry(Metadata.VOLTAGE_KV, 300.0).containsEntry(Metadata.MICROSCOPE, "Krios")
          .containsEntry(Metadata.DATE, "2023-03-15");
    }
    try (DataFile df = new MrcReader(0).read(p)) { // memory-mapped instead of read
      assertThat(df.first(ImageStack.class).pixels().toFloatArray()).isEqualTo(values);
    }
  }

  @Test
  void oldFileWithoutMapWordIsRecognisedOnlyWhenItsSizeMatches() throws Exception {
    short[] halves = {Float16Bits.of(1.5f), Float16Bits.of(-2f), Float16Bits.of(0.25f), Float16Bits.of(100f)};
    ByteBuffer data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    for (short h : halves) data.putShort(h);
    byte[] head = header(2, 2, 1, 12, 2, 20f, 0, "    ", ByteOrder.LITTLE_ENDIAN, false);
    Path ok = write("old.mrc", head, new byte[0], data.array());
    try (DataFile df = Readers.open(ok)) {
      Image img = df.first(Image.class);
      assertThat(img.pixelType()).isEqualTo(PixelType.FLOAT16);
      assertThat(img.toFloat()).containsExactly(1.5f, -2f, 0.25f, 100f);
      assertThat(img.x().scale()).isCloseTo(1.0, within(1e-12)); // 20 Å over 2 steps
    }
    Path longer = write("old-long.mrc", head, new byte[0], data.array(), new byte[3]);
    assertThatThrownBy(() -> Readers.open(longer)).isInstanceOf(BadInputException.class).hasMessageContaining("unknown format");
  }

  @Test
  void modeZeroBytesAreSignedUnlessImodSaysOtherwise() throws Exception {
    byte[] data = {(byte) 200, 5, (byte) 255, 0};
    Path signed = write("signed.mrc", header(2, 2, 1, 0, 0, 0, 0, "    ", ByteOrder.LITTLE_ENDIAN, true), data);
    try (DataFile df = Readers.open(signed)) {
      assertThat(df.first(Image.class).pixelType()).isEqualTo(PixelType.INT8);
      assertThat(df.first(Image.class).toFloat()).containsExactly(-56, 5, -1, 0);
    }
    byte[] imod = header(2, 2, 1, 0, 0, 0, 0, "    ", ByteOrder.LITTLE_ENDIAN, true);
    ByteBuffer.wrap(imod).order(ByteOrder.LITTLE_ENDIAN).put(152, (byte) 'I').put(153, (byte) 'M').put(154, (byte) 'O')
        .put(155, (byte) 'D').putInt(156, 0);
    Path unsigned = write("imod.mrc", imod, data);
    try (DataFile df = Readers.open(unsigned)) {
      assertThat(df.first(Image.class).pixelType()).isEqualTo(PixelType.UINT8);
      assertThat(df.first(Image.class).toFloat()).containsExactly(200, 5, 255, 0);
    }
  }

  @Test
  void headerClaimingMoreDataThanTheFileHoldsIsRefusedBeforeAllocating() throws Exception {
    Path p = write("lie.mrc", header(65536, 65536, 1000, 2, 0, 0, 0, "    ", ByteOrder.LITTLE_ENDIAN, true), new byte[16]);
    assertThatThrownBy(() -> Readers.open(p)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("lie.mrc").hasMessageContaining("file has 1040");
    Path cut = write("cut.mrc", java.util.Arrays.copyOf(header(4, 4, 1, 2, 0, 0, 0, "    ", ByteOrder.LITTLE_ENDIAN, true), 500));
    assertThatThrownBy(() -> Readers.open(cut)).isInstanceOf(BadInputException.class).hasMessageContaining("cut.mrc")
        .hasMessageContaining("500 bytes");
    Path mode = write("mode.mrc", header(2, 2, 1, 3, 0, 0, 0, "    ", ByteOrder.LITTLE_ENDIAN, true), new byte[16]);
    assertThatThrownBy(() -> Readers.open(mode)).isInstanceOf(BadInputException.class).hasMessageContaining("mode 3");
  }

  private Path write(String name, byte[]... parts) throws Exception {
    Path p = tmp.resolve(name);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] b : parts) out.write(b);
    Files.write(p, out.toByteArray());
    return p;
  }

  /** A 1024-byte MRC header written field by field from the MRC2014 table. */
  static byte[] header(int nx, int ny, int nz, int mode, int mxy, float cellA, int nsymbt, String exttyp, ByteOrder order,
                       boolean mapWord) {
    ByteBuffer h = ByteBuffer.allocate(1024).order(order);
    h.putInt(0, nx).putInt(4, ny).putInt(8, nz).putInt(12, mode);
    h.putInt(28, mxy).putInt(32, mxy).putInt(36, 1);
    h.putFloat(40, cellA).putFloat(44, cellA).putFloat(48, cellA);
    h.putInt(64, 1).putInt(68, 2).putInt(72, 3);
    h.putInt(92, nsymbt);
    ascii(h, 104, exttyp);
    if (mapWord) {
      ascii(h, 208, "MAP ");
      h.put(212, (byte) (order == ByteOrder.LITTLE_ENDIAN ? 0x44 : 0x11));
      h.put(213, (byte) (order == ByteOrder.LITTLE_ENDIAN ? 0x44 : 0x11));
    }
    return h.array();
  }

  private static void ascii(ByteBuffer b, int at, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < bytes.length; i++) b.put(at + i, bytes[i]);
  }

  /** Half-precision bits of exactly representable values, built from sign, exponent and mantissa. */
  static final class Float16Bits {
    static short of(float v) {
      short bits = Hdf5Arrays.halfBits(v);
      if (Float16.toFloat(bits) != v) throw new AssertionError(v + " is not a half");
      return bits;
    }
  }
}
