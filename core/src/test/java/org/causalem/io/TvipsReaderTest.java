package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.causalem.data.ImageStack;
import org.causalem.data.Metadata;
import org.causalem.data.PixelType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TvipsReaderTest {
  @TempDir Path dir;

  private static final int W = 4;
  private static final int H = 3;
  /** Frame headers of 64 bytes: the 60 known ones and 4 of padding, which must be skipped. */
  private static final int FRAME_HEADER = 64;
  private static final long T0 = 1_600_000_000L; // 2020-09-13 12:26:40 UTC

  private static int pixel(int k, int i) { return 1000 * k + 7 * i + 1; }

  /** The 256-byte header: size, version 2, 4 × 3 uint16, pixel size 2 (1/nm in diffraction), 200 kV, frame headers of 64. */
  private static ByteBuffer header() {
    ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(256).putInt(2).putInt(W).putInt(H).putInt(16).putInt(0).putInt(0).putInt(1).putInt(1).putInt(2).putInt(200)
        .putInt(80).putInt(FRAME_HEADER);
    b.put("TVIPS TVIPS".getBytes(StandardCharsets.US_ASCII));
    return b;
  }

  /** Records of frames {@code from..to-1}: frame header (time stamps 50 ms apart, mode 2, rotator index k+1) and pixels. */
  private static byte[] records(int from, int to) {
    ByteBuffer b = ByteBuffer.allocate((to - from) * (FRAME_HEADER + 2 * W * H)).order(ByteOrder.LITTLE_ENDIAN);
    for (int k = from; k < to; k++) {
      int start = b.position();
      long ms = 50L * k;
      b.putInt(k).putInt((int) (T0 + ms / 1000)).putInt((int) (ms % 1000)).putInt(0).putFloat(0).putInt(0).putInt(2);
      b.position(start + 48);
      b.putInt(k + 1);
      b.position(start + FRAME_HEADER);
      for (int i = 0; i < W * H; i++) b.putShort((short) pixel(k, i));
    }
    return b.array();
  }

  /** A recording of 5 frames in two parts: 2 frames after the header in part 000, 3 in part 001. */
  private Path recording(String base) throws IOException {
    Path first = dir.resolve(base + "_000.tvips");
    ByteBuffer h = header();
    byte[] p0 = records(0, 2);
    byte[] all = Arrays.copyOf(h.array(), 256 + p0.length);
    System.arraycopy(p0, 0, all, 256, p0.length);
    Files.write(first, all);
    Files.write(dir.resolve(base + "_001.tvips"), records(2, 5));
    return first;
  }

  @Test
  void partsAreOneStackInRecordedOrderWithTheRotatorNote() throws IOException {
    Path f = recording("movie");
    try (DataFile df = Readers.open(f)) {
      assertThat(df.format()).isEqualTo("tvips");
      ImageStack s = (ImageStack) df.datasets().get(0);
      assertThat(s.name()).isEqualTo("movie");
      assertThat(s.shape()).containsExactly(5, H, W);
      assertThat(s.pixelType()).isEqualTo(PixelType.UINT16);
      for (int k = 0; k < 5; k++) {
        for (int i = 0; i < W * H; i++) assertThat(s.pixels().getFloat((long) k * W * H + i)).isEqualTo(pixel(k, i));
      }
      assertThat(s.x()).isEqualTo(new Axis("x", W, 0, 2, "1/nm"));
      assertThat(s.frameTimesS()).containsExactly(0, 0.05, 0.1, 0.15, 0.2);
      Metadata md = s.metadata();
      assertThat(md.summary()).containsEntry(Metadata.VOLTAGE_KV, 200.0).containsEntry(Metadata.DATE, "2020-09-13")
          .containsEntry(Metadata.TIME, "12:26:40").containsEntry("parts", 2).containsEntry("frames", 5);
      assertThat(md.notes()).anyMatch(n -> n.contains("do not record a scan shape")
          && n.contains("frames 0 to 4 carry rotator indices 1 to 5"));
    }
  }

  @Test
  void aGivenScanShapeMakesAMemoryMappedCubeAcrossParts() throws IOException {
    Path f = recording("scan");
    try (DataFile df = Readers.openTvipsScan(f, 2, 2, 1)) {
      DataCube4D cube = (DataCube4D) df.datasets().get(0);
      assertThat(cube.shape()).containsExactly(2, 2, H, W);
      float[] frame = new float[W * H];
      for (int ry = 0; ry < 2; ry++) {
        for (int rx = 0; rx < 2; rx++) {
          cube.readFrame(rx, ry, frame);
          int k = 1 + ry * 2 + rx; // frame 1 is position (0, 0); part 001 starts at frame 2
          for (int i = 0; i < W * H; i++) assertThat(frame[i]).isEqualTo(pixel(k, i));
        }
      }
    }
    assertThatThrownBy(() -> Readers.openTvipsScan(f, 2, 3, 0)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("scan_000.tvips").hasMessageContaining("needs frames up to 5").hasMessageContaining("has 5");
  }

  @Test
  void aRecordingTooLargeForAStackIsAMappedLineOfFramesWithANote() throws IOException {
    Path f = recording("long");
    try (DataFile df = new TvipsReader(null, 5L * W * H * 2 - 1).read(f)) {
      DataCube4D cube = (DataCube4D) df.datasets().get(0);
      assertThat(cube.shape()).containsExactly(1, 5, H, W);
      float[] frame = new float[W * H];
      cube.readFrame(3, 0, frame);
      for (int i = 0; i < W * H; i++) assertThat(frame[i]).isEqualTo(pixel(3, i));
      assertThat(cube.metadata().notes()).anyMatch(n -> n.contains("one line of frames (1 × 5, memory-mapped) in recorded order"));
    }
  }

  @Test
  void aMissingMiddlePartIsRefusedNamingIt() throws IOException {
    Path f = recording("gap");
    Files.move(dir.resolve("gap_001.tvips"), dir.resolve("gap_002.tvips"));
    assertThatThrownBy(() -> Readers.open(f)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("gap_000.tvips").hasMessageContaining("gap_001.tvips").hasMessageContaining("missing");
  }

  @Test
  void aTruncatedPartIsRefusedNamingItAndTheRecordSize() throws IOException {
    Path f = recording("cut");
    Path second = dir.resolve("cut_001.tvips");
    byte[] b = Files.readAllBytes(second);
    Files.write(second, Arrays.copyOf(b, b.length - 3));
    assertThatThrownBy(() -> Readers.open(f)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("cut_001.tvips").hasMessageContaining("truncated").hasMessageContaining("records of 88 bytes")
        .hasMessageContaining("2 complete frames");
  }

  @Test
  void aLaterPartOpenedAloneSendsTheUserToPart000() throws IOException {
    recording("late");
    assertThatThrownBy(() -> Readers.open(dir.resolve("late_001.tvips"))).isInstanceOf(BadInputException.class)
        .hasMessageContaining("late_001.tvips").hasMessageContaining("open late_000.tvips");
  }

  @Test
  void rotatorIndicesWithGapsAreNotTakenForAScan() {
    assertThat(TvipsHeader.rotatorSays(new long[] {0, 0, 1, 2, 3, 4, 0})).contains("frames 2 to 5 carry rotator indices 1 to 4")
        .contains("2 × 2");
    assertThat(TvipsHeader.rotatorSays(new long[] {1, 3, 3, 4})).contains("cannot be assigned without guessing");
    assertThat(TvipsHeader.rotatorSays(new long[] {0, 0})).contains("all 0");
  }
}
