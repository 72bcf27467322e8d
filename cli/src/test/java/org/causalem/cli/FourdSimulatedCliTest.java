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
 * {@code causalem fourd} end to end on a simulated cube written as a 4-D NPY file: the CoM maps must
 * match the known shift field. Skips with a notice while the NPY reader is not merged.
 */
class FourdSimulatedCliTest {
  @Test
  void comMapsOfASimulatedNpyCubeMatchTheKnownShifts(@TempDir Path dir) throws IOException {
    ComCubeNpy sim = ComCubeNpy.write(dir.resolve("cube.npy"), 12, 10, 48, 6, 23.4, 24.1);
    int sx = sim.sx();
    int sy = sim.sy();
    int det = sim.det();
    double[] ux = sim.ux();
    double[] uy = sim.uy();
    float[] all = sim.frames();
    Path npy = sim.file();
    // two masks: the left half of the detector (0/1), and weights equal to the detector column
    float[] left = new float[det * det];
    float[] column = new float[det * det];
    for (int i = 0; i < det * det; i++) {
      left[i] = i % det < det / 2 ? 1 : 0;
      column[i] = i % det;
    }
    NpyWriter.write(dir.resolve("left.npy"), left, det, det);
    NpyWriter.write(dir.resolve("col.npy"), column, det, det);
    Path out = dir.resolve("out");
    CliRun run = CliRun.of("fourd", npy.toString(), "--com", "--descan", "none", "--virtual", "bf,haadf", "--quiet",
        "--mask", dir.resolve("left.npy").toString(), "--mask", "xw=" + dir.resolve("col.npy"), "--out", out.toString());
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
    float[] leftMap = readNpy(out.resolve("virtual_left.npy"), sx * sy);
    float[] xwMap = readNpy(out.resolve("virtual_xw.npy"), sx * sy);
    for (int p = 0; p < sx * sy; p++) {
      double l = 0;
      double xw = 0;
      for (int i = 0; i < det * det; i++) {
        float v = all[p * det * det + i];
        if (i % det < det / 2) l += v;
        xw += (double) v * (i % det);
      }
      assertThat((double) leftMap[p]).isCloseTo(l, org.assertj.core.api.Assertions.within(1e-5 * l));
      assertThat((double) xwMap[p]).isCloseTo(xw, org.assertj.core.api.Assertions.within(1e-5 * xw));
    }
    assertThat(Files.readAllLines(out.resolve("pixels.csv"))).hasSize(sx * sy + 1);
  }

  @Test
  void badMasksAreRejectedNamingTheFile(@TempDir Path dir) throws IOException {
    int det = 16;
    float[] cube = new float[2 * 2 * det * det];
    java.util.Arrays.fill(cube, 1);
    Path npy = dir.resolve("cube.npy");
    NpyWriter.write(npy, cube, 2, 2, det, det);
    NpyWriter.write(dir.resolve("small.npy"), new float[8 * 8], 8, 8);
    NpyWriter.write(dir.resolve("empty.npy"), new float[det * det], det, det);
    CliRun shape = CliRun.of("fourd", npy.toString(), "--mask", dir.resolve("small.npy").toString(), "--quiet", "--out",
        dir.resolve("o1").toString());
    assertThat(shape.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(shape.err()).contains("small.npy").contains("8×8").contains("16×16");
    assertThat(dir.resolve("o1")).doesNotExist();
    CliRun empty = CliRun.of("fourd", npy.toString(), "--mask", dir.resolve("empty.npy").toString(), "--quiet", "--out",
        dir.resolve("o2").toString());
    assertThat(empty.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(empty.err()).contains("empty.npy").contains("every pixel is 0");
    CliRun twice = CliRun.of("fourd", npy.toString(), "--mask", "bf=" + dir.resolve("empty.npy"), "--quiet", "--out",
        dir.resolve("o3").toString());
    assertThat(twice.code()).isEqualTo(Main.USAGE);
    assertThat(twice.err()).contains("'bf'");
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
