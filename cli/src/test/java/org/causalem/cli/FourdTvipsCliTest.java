package org.causalem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.causalem.io.NpyWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fourd --scan-shape} on a TVIPS recording (which records no scan shape): the frames from the first one given
 * are placed in raster order, so a whole-pattern virtual detector maps each frame's sum to its scan position.
 */
class FourdTvipsCliTest {
  private static final int DET = 24;
  private static final int FRAMES = 14;

  /** A bright disk of radius 5 at the centre, its level depending on the frame, over a background of 1. */
  private static int pixel(int k, int row, int col) {
    double r = Math.hypot(row - 11.5, col - 11.5);
    return r < 5 ? 100 + 10 * k : 1;
  }

  /** NAME_000.tvips: the 256-byte header and {@link #FRAMES} records (60-byte frame header, DET × DET uint16). */
  private static Path recording(Path dir) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(256 + FRAMES * (60 + 2 * DET * DET)).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(256).putInt(2).putInt(DET).putInt(DET).putInt(16).putInt(0).putInt(0).putInt(1).putInt(1).putInt(1).putInt(300)
        .putInt(100).putInt(60);
    b.position(256);
    for (int k = 0; k < FRAMES; k++) {
      int start = b.position();
      b.putInt(k).putInt(1_700_000_000).putInt(10 * k);
      b.position(start + 24);
      b.putInt(2);
      b.position(start + 60);
      for (int row = 0; row < DET; row++) for (int col = 0; col < DET; col++) b.putShort((short) pixel(k, row, col));
    }
    Path f = dir.resolve("rec_000.tvips");
    Files.write(f, b.array());
    return f;
  }

  @Test
  void aGivenScanShapePlacesTheFramesInRasterOrder(@TempDir Path dir) throws IOException {
    Path f = recording(dir);
    float[] ones = new float[DET * DET];
    java.util.Arrays.fill(ones, 1);
    NpyWriter.write(dir.resolve("all.npy"), ones, DET, DET);
    Path out = dir.resolve("out");
    CliRun run = CliRun.of("fourd", f.toString(), "--scan-shape", "3x4+2", "--virtual", "bf", "--quiet",
        "--mask", "all=" + dir.resolve("all.npy"), "--out", out.toString());
    assertThat(run.code()).as(run.err()).isEqualTo(Main.OK);
    float[] map = readNpy(out.resolve("virtual_all.npy"), 12);
    for (int ry = 0; ry < 3; ry++) {
      for (int rx = 0; rx < 4; rx++) {
        int k = 2 + ry * 4 + rx;
        double sum = 0;
        for (int row = 0; row < DET; row++) for (int col = 0; col < DET; col++) sum += pixel(k, row, col);
        assertThat((double) map[ry * 4 + rx]).as("scan (%d, %d) = frame %d", ry, rx, k).isEqualTo(sum);
      }
    }
  }

  @Test
  void withoutAScanShapeItIsAStackAndAShapeTooLargeIsRefused(@TempDir Path dir) throws IOException {
    Path f = recording(dir);
    CliRun info = CliRun.of("info", f.toString(), "--json");
    assertThat(info.code()).as(info.err()).isEqualTo(Main.OK);
    assertThat(info.out()).containsPattern("\"kind\"\\s*:\\s*\"stack\"").containsPattern("\"shape\"\\s*:\\s*\\[\\s*14\\s*,\\s*24\\s*,\\s*24\\s*]")
        .contains("do not record a scan shape");
    CliRun big = CliRun.of("fourd", f.toString(), "--scan-shape", "4x4", "--out", dir.resolve("o").toString());
    assertThat(big.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(big.err()).contains("rec_000.tvips").contains("needs frames up to 15").contains("has 14");
    CliRun bad = CliRun.of("fourd", f.toString(), "--scan-shape", "4by4", "--out", dir.resolve("o").toString());
    assertThat(bad.code()).isEqualTo(Main.USAGE);
    assertThat(bad.err()).contains("--scan-shape").contains("RYxRX");
  }

  private static float[] readNpy(Path file, int n) throws IOException {
    byte[] b = Files.readAllBytes(file);
    int hlen = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
    String header = new String(b, 10, hlen, StandardCharsets.US_ASCII);
    assertThat(header).contains("<f4");
    ByteBuffer data = ByteBuffer.wrap(b, 10 + hlen, b.length - 10 - hlen).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[n];
    data.asFloatBuffer().get(out);
    return out;
  }
}
