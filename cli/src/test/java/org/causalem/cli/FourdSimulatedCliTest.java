package org.causalem.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.causalem.data.DataCube4D;
import org.causalem.io.NpyWriter;
import org.causalem.simulate.FourdSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code causalem fourd} end to end on a simulated cube written as a 4-D NPY file: the CoM maps must
 * match the known shift field. Skips with a notice while the NPY reader is not merged.
 */
class FourdSimulatedCliTest {
  @Test
  void comMapsOfASimulatedNpyCubeMatchTheKnownShifts(@TempDir Path dir) throws IOException {
    int sx = 12;
    int sy = 10;
    int det = 48;
    double[] ux = new double[sx * sy];
    double[] uy = new double[sx * sy];
    for (int r = 0; r < sy; r++) {
      for (int q = 0; q < sx; q++) {
        ux[r * sx + q] = 1.2 * Math.sin(2 * Math.PI * q / sx);
        uy[r * sx + q] = -0.7 * Math.cos(2 * Math.PI * r / sy);
      }
    }
    DataCube4D cube = FourdSimulator.comCube(sx, sy, det, 6, 23.4, 24.1, ux, uy, null, 1e6, 3);
    float[] all = new float[sx * sy * det * det];
    float[] frame = new float[det * det];
    for (int r = 0; r < sy; r++) {
      for (int q = 0; q < sx; q++) {
        cube.readFrame(q, r, frame);
        System.arraycopy(frame, 0, all, (r * sx + q) * det * det, det * det);
      }
    }
    Path npy = dir.resolve("cube.npy");
    NpyWriter.write(npy, all, sy, sx, det, det);
    Path out = dir.resolve("out");
    CliRun run = CliRun.of("fourd", npy.toString(), "--com", "--descan", "none", "--virtual", "bf,haadf", "--quiet",
        "--out", out.toString());
    assumeTrue(!(run.code() == Main.BAD_INPUT && run.err().contains("unknown format")), "skipped: no NPY reader yet");
    assertThat(run.code()).as(run.err()).isEqualTo(Main.OK);
    float[] comX = readNpy(out.resolve("com_x.npy"), sx * sy);
    float[] comY = readNpy(out.resolve("com_y.npy"), sx * sy);
    double mx = 0;
    double my = 0;
    for (int i = 0; i < ux.length; i++) {
      mx += ux[i] / ux.length;
      my += uy[i] / uy.length;
    }
    double ss = 0;
    for (int i = 0; i < ux.length; i++) ss += Math.pow(comX[i] - (ux[i] - mx), 2) + Math.pow(comY[i] - (uy[i] - my), 2);
    assertThat(Math.sqrt(ss / ux.length)).isLessThan(0.02);
    assertThat(out.resolve("virtual_haadf.npy")).exists();
    assertThat(Files.readAllLines(out.resolve("pixels.csv"))).hasSize(sx * sy + 1);
  }

  /** Reads a float32 NPY written by anyone (parses the header, not our writer's layout). */
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
