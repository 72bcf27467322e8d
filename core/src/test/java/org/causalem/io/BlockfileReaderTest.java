package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.causalem.data.Axis;
import org.causalem.data.BadInputException;
import org.causalem.data.DataCube4D;
import org.causalem.data.DataFile;
import org.causalem.data.Image;
import org.causalem.data.Metadata;
import org.causalem.data.PixelType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockfileReaderTest {
  @TempDir Path dir;

  private static final int NX = 3;
  private static final int NY = 2;
  private static final int DP = 4;
  private static final int OFFSET1 = 0x1000;
  /** 4096 + NX·NY, rounded up as ASTAR and RosettaSciIO do (4102 + 4102 mod 16). */
  private static final int OFFSET2 = 4108;

  /** Pixel i of pattern k (k = ry·NX + rx): a value the test knows without the reader. */
  private static int pixel(int k, int i) { return (k * 37 + i * 11) % 256; }

  /** A blockfile written field by field: 240-byte header, note, virtual image, then AA 55 + id + pixels per pattern. */
  private static byte[] blockfile() {
    ByteBuffer b = ByteBuffer.allocate(OFFSET2 + NX * NY * (6 + DP * DP)).order(ByteOrder.LITTLE_ENDIAN);
    b.put("IMGBLO".getBytes(StandardCharsets.US_ASCII));
    b.putShort((short) 0x0102);
    b.putInt(OFFSET1).putInt(OFFSET2).putInt(131141);
    b.putShort((short) DP).putShort((short) 0).putShort((short) NX).putShort((short) NY).putShort((short) 2500);
    b.putDouble(2.5).putDouble(3.0);          // SX, SY: scan steps in nm
    b.putInt(200_000);                        // beam energy, V
    b.putShort((short) 5000);                 // SDP: 50 pixels per cm
    b.putInt(1500);                           // camera length, 0.1 mm
    b.putDouble(45000.75);                    // 2023-03-15 18:00 (days since 1899-12-30)
    assertThat(b.position()).isEqualTo(64);
    b.position(240);
    b.put("Precession angle : 1.0".getBytes(StandardCharsets.US_ASCII));
    b.position(OFFSET1);
    for (int i = 0; i < NX * NY; i++) b.put((byte) (100 + i));
    b.position(OFFSET2);
    for (int k = 0; k < NX * NY; k++) {
      b.put((byte) 0xAA).put((byte) 0x55).putInt(k);
      for (int i = 0; i < DP * DP; i++) b.put((byte) pixel(k, i));
    }
    return b.array();
  }

  @Test
  void patternsVirtualImageAndCalibrationsAreWhatTheBytesSay() throws IOException {
    Path f = dir.resolve("scan.blo");
    Files.write(f, blockfile());
    try (DataFile df = Readers.open(f)) {
      assertThat(df.format()).isEqualTo("blockfile");
      DataCube4D cube = (DataCube4D) df.datasets().get(0);
      assertThat(cube.shape()).containsExactly(NY, NX, DP, DP);
      assertThat(cube.pixelType()).isEqualTo(PixelType.UINT8);
      assertThat(cube.ry()).isEqualTo(new Axis("ry", NY, 0, 3.0, "nm"));
      assertThat(cube.rx()).isEqualTo(new Axis("rx", NX, 0, 2.5, "nm"));
      assertThat(cube.qx().scale()).isCloseTo(0.02, within(1e-15));
      assertThat(cube.qx().unit()).isEqualTo("cm");
      float[] frame = new float[DP * DP];
      for (int ry = 0; ry < NY; ry++) {
        for (int rx = 0; rx < NX; rx++) {
          cube.readFrame(rx, ry, frame);
          for (int i = 0; i < DP * DP; i++) assertThat(frame[i]).isEqualTo(pixel(ry * NX + rx, i));
        }
      }
      Metadata md = cube.metadata();
      assertThat(md.summary()).containsEntry(Metadata.VOLTAGE_KV, 200.0).containsEntry(Metadata.CAMERA_LENGTH_MM, 150.0)
          .containsEntry("scan_rotation_deg", 25.0).containsEntry(Metadata.DATE, "2023-03-15").containsEntry(Metadata.TIME, "18:00:00")
          .containsEntry("blockfile_note", "Precession angle : 1.0");
      Image vbf = (Image) df.dataset("vbf");
      assertThat(vbf.width()).isEqualTo(NX);
      assertThat(vbf.height()).isEqualTo(NY);
      assertThat(vbf.pixels().getFloat(0)).isEqualTo(100);
      assertThat(vbf.pixels().getFloat(NX)).isEqualTo(103); // row 1, column 0: row-major
      assertThat(vbf.x().scale()).isEqualTo(2.5);
    }
  }

  @Test
  void aTruncatedFileIsRefusedNamingItAndTheSizeItNeeds() throws IOException {
    byte[] all = blockfile();
    Path f = dir.resolve("cut.blo");
    Files.write(f, Arrays.copyOf(all, all.length - 5));
    assertThatThrownBy(() -> Readers.open(f)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("cut.blo").hasMessageContaining("truncated")
        .hasMessageContaining(all.length + " bytes in all").hasMessageContaining("5 complete patterns");
    Path h = dir.resolve("header.blo");
    Files.write(h, Arrays.copyOf(all, 100));
    assertThatThrownBy(() -> Readers.open(h)).isInstanceOf(BadInputException.class).hasMessageContaining("header.blo")
        .hasMessageContaining("240");
  }

  @Test
  void aPatternSideWhoseSquareOverflowsAnIntIsRefusedFromTheHeader() throws IOException {
    byte[] all = blockfile();
    ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).putShort(20, (short) 46_341); // DP_SZ: 46341² > 2^31 - 1
    Path f = dir.resolve("wide.blo");
    Files.write(f, all);
    assertThatThrownBy(() -> Readers.open(f)).isInstanceOf(BadInputException.class)
        .hasMessage("wide.blo: blockfile header gives patterns of 46341 × 46341 pixels (DP_SZ at offset 20); expected at most 46340"
            + " (a pattern is read as one array of at most 2^31-1 pixels)");
  }

  @Test
  void aPatternRecordWithoutItsMarkerIsRefused() throws IOException {
    byte[] all = blockfile();
    all[OFFSET2 + 5 * (6 + DP * DP)] = 0; // the last record's AA
    Path f = dir.resolve("shifted.blo");
    Files.write(f, all);
    assertThatThrownBy(() -> Readers.open(f)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("shifted.blo").hasMessageContaining("pattern 6").hasMessageContaining("expected aa 55");
  }

  @Test
  void serialDatesAreDaysSince1899December30() {
    assertThat(BlockfileReader.dateTime(1.5)).containsExactly("1899-12-31", "12:00:00");
    assertThat(BlockfileReader.dateTime(45000.75)).containsExactly("2023-03-15", "18:00:00");
    assertThat(BlockfileReader.dateTime(0)).isNull();
  }
}
