package org.causalem.fourd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.causalem.data.Axis;
import org.causalem.data.DataCube4D;
import org.causalem.data.MappedFrames;
import org.causalem.data.Metadata;
import org.causalem.data.PixelType;
import org.causalem.simulate.FourdSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CubeScanTest {
  static final int SX = 20;
  static final int SY = 16;
  static final int DET = 64;

  static double[][] shifts() {
    double[] sx = new double[SX * SY];
    double[] sy = new double[SX * SY];
    for (int r = 0; r < SY; r++) {
      for (int q = 0; q < SX; q++) {
        sx[r * SX + q] = 1.5 * Math.sin(2 * Math.PI * q / SX) * Math.cos(Math.PI * r / SY);
        sy[r * SX + q] = -0.8 * Math.cos(2 * Math.PI * r / SY) + 0.3 * Math.sin(2 * Math.PI * q / SX);
      }
    }
    return new double[][] {sx, sy};
  }

  @Test
  void virtualImagesEqualBruteForceSums() {
    double[][] s = shifts();
    DataCube4D cube = FourdSimulator.comCube(SX, SY, DET, 8, 31.2, 32.7, s[0], s[1], null, 2e4, 3);
    VirtualDetector bf = VirtualDetector.disk("bf", DET, DET, 31.2, 32.7, 8);
    VirtualDetector adf = VirtualDetector.annulus("adf", DET, DET, 31.2, 32.7, 12, 30);
    boolean[] half = new boolean[DET * DET];
    for (int i = 0; i < half.length; i++) half[i] = (i % DET) < DET / 2;
    VirtualDetector left = VirtualDetector.mask("left", DET, DET, half);
    CubeMaps maps = new CubeScan(new CubeScan.Options(List.of(bf, adf, left), null)).scan(cube, 2, (d, t) -> { });
    float[] frame = new float[DET * DET];
    double[] mean = new double[DET * DET];
    for (int r = 0; r < SY; r++) {
      for (int q = 0; q < SX; q++) {
        cube.readFrame(q, r, frame);
        double b = 0;
        double a = 0;
        double l = 0;
        for (int y = 0; y < DET; y++) {
          for (int x = 0; x < DET; x++) {
            double v = frame[y * DET + x];
            double rr = Math.hypot(x - 31.2, y - 32.7);
            if (rr <= 8) b += v;
            if (rr > 12 && rr <= 30) a += v;
            if (x < DET / 2) l += v;
            mean[y * DET + x] += v / (SX * SY);
          }
        }
        int p = r * SX + q;
        assertThat((double) maps.virtual().get("bf")[p]).isCloseTo(b, within(1e-6 * b + 1e-3));
        assertThat((double) maps.virtual().get("adf")[p]).isCloseTo(a, within(1e-6 * a + 1e-3));
        assertThat((double) maps.virtual().get("left")[p]).isCloseTo(l, within(1e-6 * l + 1e-3));
      }
    }
    for (int i = 0; i < mean.length; i++) assertThat(maps.meanPattern()[i]).isCloseTo(mean[i], within(1e-6 * mean[i] + 1e-6));
  }

  @Test
  void centreOfMassFollowsTheKnownShiftField() {
    double[][] s = shifts();
    DataCube4D cube = FourdSimulator.comCube(SX, SY, DET, 8, 31.2, 32.7, s[0], s[1], null, 1e6, 5);
    CubeMaps maps = new CubeScan(new CubeScan.Options(List.of(), null)).scan(cube, 2, (d, t) -> { });
    ShiftField f = ShiftField.fromCom(maps, Descan.NONE);
    assertThat(rms(f, s[0], s[1], true)).isLessThan(0.02);
  }

  @Test
  void planeDescanCorrectionRemovesALinearDrift() {
    double[][] s = shifts();
    double[] descan = {0.05, -0.03, 0.02, 0.04};
    DataCube4D cube = FourdSimulator.comCube(SX, SY, DET, 8, 31.2, 32.7, s[0], s[1], descan, 1e6, 6);
    CubeMaps maps = new CubeScan(new CubeScan.Options(List.of(), null)).scan(cube, 2, (d, t) -> { });
    ShiftField corrected = ShiftField.fromCom(maps, Descan.PLANE);
    // expected: the true field minus its own least-squares plane (what no descan model can tell apart)
    float[] tx = new float[SX * SY];
    float[] ty = new float[SX * SY];
    for (int i = 0; i < tx.length; i++) {
      tx[i] = (float) s[0][i];
      ty[i] = (float) s[1][i];
    }
    double[] px = ShiftField.fitPlane(tx, SX, SY, true);
    double[] py = ShiftField.fitPlane(ty, SX, SY, true);
    double[] ex = new double[tx.length];
    double[] ey = new double[tx.length];
    for (int r = 0; r < SY; r++) {
      for (int q = 0; q < SX; q++) {
        int p = r * SX + q;
        ex[p] = s[0][p] - (px[0] + px[1] * q + px[2] * r);
        ey[p] = s[1][p] - (py[0] + py[1] * q + py[2] * r);
      }
    }
    assertThat(rms(corrected, ex, ey, false)).isLessThan(0.02);
    assertThat(rms(ShiftField.fromCom(maps, Descan.NONE), s[0], s[1], true)).isGreaterThan(0.1);
  }

  @Test
  void streamsAMemoryMappedCubeInParallelWithProgress(@TempDir Path dir) throws IOException {
    double[][] s = shifts();
    DataCube4D mem = FourdSimulator.comCube(SX, SY, DET, 8, 31.2, 32.7, s[0], s[1], null, 1e5, 8);
    Path file = dir.resolve("cube.raw");
    int header = 384;
    int stride = header + DET * DET * 2;
    float[] frame = new float[DET * DET];
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(stride).order(ByteOrder.BIG_ENDIAN);
      for (int r = 0; r < SY; r++) {
        for (int q = 0; q < SX; q++) {
          mem.readFrame(q, r, frame);
          b.clear();
          for (int i = 0; i < header; i++) b.put((byte) 0x55);
          for (float v : frame) b.putShort((short) Math.round(v));
          b.flip();
          while (b.hasRemaining()) ch.write(b);
        }
      }
    }
    DataCube4D mapped = new DataCube4D("mapped", Axis.pixels("ry", SY), Axis.pixels("rx", SX), Axis.pixels("qy", DET),
        Axis.pixels("qx", DET), PixelType.UINT16, Metadata.EMPTY,
        new MappedFrames(file, header, stride, (long) SX * SY, DET * DET, PixelType.UINT16, ByteOrder.BIG_ENDIAN));
    AtomicLong seen = new AtomicLong();
    CubeScan scan = new CubeScan(new CubeScan.Options(List.of(VirtualDetector.disk("bf", DET, DET, 31.2, 32.7, 8)), null));
    CubeMaps a = scan.scan(mapped, 2, (d, t) -> seen.accumulateAndGet(d, Math::max));
    CubeMaps b = scan.scan(mem, 1, (d, t) -> { });
    mapped.close();
    assertThat(seen.get()).isEqualTo((long) SX * SY);
    for (int p = 0; p < SX * SY; p++) {
      // the file holds rounded counts; the simulated counts are integers already
      assertThat(a.comX()[p]).isCloseTo(b.comX()[p], within(1e-4f));
      assertThat(a.virtual().get("bf")[p]).isCloseTo(b.virtual().get("bf")[p], within(1e-3f * b.virtual().get("bf")[p]));
    }
  }

  @Test
  void detectorOfTheWrongShapeIsRejected() {
    double[][] s = shifts();
    DataCube4D cube = FourdSimulator.comCube(SX, SY, DET, 8, 31.2, 32.7, s[0], s[1], null, 0, 1);
    VirtualDetector wrong = VirtualDetector.disk("bf", 32, 32, 16, 16, 4);
    assertThatThrownBy(() -> new CubeScan(new CubeScan.Options(List.of(wrong), null)).scan(cube, 1, (d, t) -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32×32").hasMessageContaining("64×64");
    assertThatThrownBy(() -> VirtualDetector.annulus("x", 16, 16, 8, 8, 5, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VirtualDetector.disk("x", 16, 16, 100, 100, 3)).hasMessageContaining("covers no pixel");
  }

  static double rms(ShiftField f, double[] ex, double[] ey, boolean removeMean) {
    double mx = 0;
    double my = 0;
    if (removeMean) {
      for (int i = 0; i < ex.length; i++) {
        mx += ex[i];
        my += ey[i];
      }
      mx /= ex.length;
      my /= ex.length;
    }
    double ss = 0;
    for (int i = 0; i < ex.length; i++) {
      double dx = f.x()[i] - (ex[i] - mx);
      double dy = f.y()[i] - (ey[i] - my);
      ss += dx * dx + dy * dy;
    }
    return Math.sqrt(ss / ex.length);
  }

  static SplittableRandom rng() { return new SplittableRandom(1); }
}
