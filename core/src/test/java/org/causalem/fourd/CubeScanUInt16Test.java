package org.causalem.fourd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.causalem.data.Axis;
import org.causalem.data.DataCube4D;
import org.causalem.data.FrameSource;
import org.causalem.data.MappedFrames;
import org.causalem.data.Metadata;
import org.causalem.data.PixelType;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The integer path over raw uint16 counts against brute-force sums and the generic float path. */
class CubeScanUInt16Test {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({
      // scanX, scanY, detX, detY, header bytes per frame, little endian
      "5, 3, 12, 7, 0, true",     // odd sizes, packed copy straight from the mapping
      "3, 4, 16, 9, 8, true",     // per-frame header, stride still a multiple of 8
      "4, 3, 12, 5, 2, true",     // stride not a multiple of 8: frames at every offset modulo 8
      "3, 5, 8, 11, 0, false",    // big-endian file: lanes reversed
      "4, 3, 20, 6, 3, false",    // big-endian with odd-sized headers (like a MIB file)
      "2, 2, 1024, 3, 0, true",   // the widest rows the integer path takes
      "4, 2, 10, 6, 0, true",     // detector width not a multiple of 4: float path
  })
  void integerPathMatchesBruteForceAndFloatPath(int sx, int sy, int dx, int dy, int header, boolean little)
      throws IOException {
    int n = sx * sy;
    int fv = dx * dy;
    int[][] counts = new int[n][fv];
    SplittableRandom rnd = new SplittableRandom(42 + dx);
    for (int[] f : counts) {
      for (int k = 0; k < fv; k++) f[k] = rnd.nextInt(8) == 0 ? 65535 - rnd.nextInt(3) : rnd.nextInt(3000);
    }
    counts[1] = new int[fv];   // an empty pattern: CoM undefined
    long stride = 2L * fv + header;
    Path file = write("cube.u16", counts, header, little);

    float[] weights = new float[fv];
    for (int k = 0; k < fv; k++) weights[k] = (k % 3) * 0.25f;
    List<VirtualDetector> dets = List.of(
        VirtualDetector.disk("bf", dx, dy, dx / 2.0, dy / 2.0, Math.min(dx, dy) / 3.0),
        VirtualDetector.annulus("adf", dx, dy, dx / 2.0 - 0.3, dy / 2.0, 1.5, dx / 2.0),
        VirtualDetector.ofWeights("w", dx, dy, weights));
    CubeScan scan = new CubeScan(new CubeScan.Options(dets, null));
    try (MappedFrames frames = new MappedFrames(file, header, stride, n, fv, PixelType.UINT16,
        little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN)) {
      assertThat(frames.hasUInt16Frames()).isTrue();
      CubeMaps fast = scan.scan(cube(sx, sy, dx, dy, frames), 2, (d, t) -> { });
      FrameSource floatsOnly = new FrameSource() {
        @Override public int frameValues() { return fv; }

        @Override public void readFrame(long index, float[] into) { frames.readFrame(index, into); }
      };
      CubeMaps generic = scan.scan(cube(sx, sy, dx, dy, floatsOnly), 1, (d, t) -> { });
      CubeMaps lean = new CubeScan(new CubeScan.Options(dets, null, false)).scan(cube(sx, sy, dx, dy, frames), 2, (d, t) -> { });
      assertThat(lean.meanPattern()).isNull();
      assertThat(lean.comX()).containsExactly(fast.comX());
      assertThat(lean.comY()).containsExactly(fast.comY());
      for (VirtualDetector d : dets) assertThat(lean.virtual().get(d.name())).containsExactly(fast.virtual().get(d.name()));

      for (int p = 0; p < n; p++) {
        double s = 0;
        double mx = 0;
        double my = 0;
        for (int k = 0; k < fv; k++) {
          s += counts[p][k];
          mx += (double) counts[p][k] * (k % dx);
          my += (double) counts[p][k] * (k / dx);
        }
        assertThat((double) fast.total()[p]).isCloseTo(s, within(1e-6 * s + 1e-3));
        assertThat((double) generic.total()[p]).isCloseTo(s, within(1e-5 * s + 1e-3));
        if (s == 0) {
          assertThat(fast.comX()[p]).isNaN();
          assertThat(fast.comY()[p]).isNaN();
        } else {
          // float maps: within a few ulps of the exact centre
          assertThat((double) fast.comX()[p]).isCloseTo(mx / s, within(1e-5 + 1e-7 * mx / s));
          assertThat((double) fast.comY()[p]).isCloseTo(my / s, within(1e-5 + 1e-7 * my / s));
          assertThat(fast.comX()[p]).isCloseTo(generic.comX()[p], within(1e-4f));
          assertThat(fast.comY()[p]).isCloseTo(generic.comY()[p], within(1e-4f));
        }
        for (VirtualDetector d : dets) {
          double expected = 0;
          for (int i = 0; i < d.indices().length; i++) {
            expected += counts[p][d.indices()[i]] * d.weights()[i];
          }
          float got = fast.virtual().get(d.name())[p];
          assertThat((double) got).as(d.name()).isCloseTo(expected, within(1e-6 * expected + 1e-3));
          assertThat(got).as(d.name()).isCloseTo(generic.virtual().get(d.name())[p], within(1e-5f * (float) expected + 1e-3f));
        }
      }
      for (int k = 0; k < fv; k++) {
        double m = 0;
        for (int[] f : counts) m += f[k];
        m /= n;
        assertThat(fast.meanPattern()[k]).isCloseTo(m, within(1e-9 * m + 1e-9));
        assertThat(generic.meanPattern()[k]).isCloseTo(m, within(1e-5 * m + 1e-6));
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"true, 0", "false, 5", "true, 6"})
  void maskedCentreOfMassOnTheIntegerPath(boolean little, int header) throws IOException {
    int sx = 3;
    int sy = 2;
    int dx = 16;
    int dy = 12;
    int n = sx * sy;
    int fv = dx * dy;
    int[][] counts = new int[n][fv];
    SplittableRandom rnd = new SplittableRandom(7);
    for (int[] f : counts) for (int k = 0; k < fv; k++) f[k] = rnd.nextInt(4) == 0 ? 65535 : rnd.nextInt(500);
    long stride = 2L * fv + header;
    Path file = write("masked.u16", counts, header, little);
    VirtualDetector mask = VirtualDetector.disk("com", dx, dy, 6.5, 5.0, 4.2);
    CubeScan scan = new CubeScan(new CubeScan.Options(List.of(), mask));
    try (MappedFrames frames = new MappedFrames(file, header, stride, n, fv, PixelType.UINT16,
        little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN)) {
      CubeMaps maps = scan.scan(cube(sx, sy, dx, dy, frames), 2, (d, t) -> { });
      for (int p = 0; p < n; p++) {
        double s = 0;
        double mx = 0;
        double my = 0;
        for (int i : mask.indices()) {
          s += counts[p][i];
          mx += (double) counts[p][i] * (i % dx);
          my += (double) counts[p][i] * (i / dx);
        }
        assertThat((double) maps.total()[p]).isCloseTo(s, within(1e-6 * s));
        assertThat((double) maps.comX()[p]).isCloseTo(mx / s, within(1e-5));
        assertThat((double) maps.comY()[p]).isCloseTo(my / s, within(1e-5));
      }
    }
  }

  /** More saturated frames than a 32-bit lane of the mean pattern holds: the lanes must be flushed in time. */
  @org.junit.jupiter.api.Test
  void meanPatternOfManySaturatedFramesIsExact() throws IOException {
    int sx = 70_001;
    int dx = 8;
    ByteBuffer buf = ByteBuffer.allocate(sx * dx * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int f = 0; f < sx; f++) for (int k = 0; k < dx; k++) buf.putShort((short) (k == 5 && f % 2 == 1 ? 7 : 65535));
    Path file = dir.resolve("saturated.u16");
    Files.write(file, buf.array());
    try (MappedFrames frames = new MappedFrames(file, 0, 2L * dx, sx, dx, PixelType.UINT16, ByteOrder.LITTLE_ENDIAN)) {
      CubeMaps maps = new CubeScan(new CubeScan.Options(List.of(), null)).scan(cube(sx, 1, dx, 1, frames), 2, (d, t) -> { });
      for (int k = 0; k < dx; k++) {
        double expected = k == 5 ? (65535.0 * 35_001 + 7.0 * 35_000) / sx : 65535;
        assertThat(maps.meanPattern()[k]).as("pixel " + k).isCloseTo(expected, within(1e-9 * expected));
      }
      assertThat((double) maps.total()[1]).isEqualTo(7 * 65535.0 + 7);
    }
  }

  @ParameterizedTest
  @CsvSource({"true", "false"})
  void locatorReadsEveryCountInPlace(boolean little) throws IOException {
    int fv = 12;
    int frames = 3;
    int header = 5;
    ByteBuffer buf = ByteBuffer.allocate(frames * (2 * fv + header)).order(little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    for (int f = 0; f < frames; f++) {
      buf.position(f * (2 * fv + header) + header);
      for (int k = 0; k < fv; k++) buf.putShort((short) (1000 * f + 60000 - k));
    }
    Path file = dir.resolve("locate.u16");
    Files.write(file, buf.array());
    try (MappedFrames source = new MappedFrames(file, header, 2 * fv + header, frames, fv, PixelType.UINT16,
        little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN)) {
      org.causalem.data.UInt16Frame frame = new org.causalem.data.UInt16Frame();
      for (int f = frames - 1; f >= 0; f--) {
        source.locateUInt16(f, frame);
        assertThat(frame.reversed()).isEqualTo(!little);
        for (int k = 0; k < fv; k++) assertThat(frame.count(k)).isEqualTo((1000 * f + 60000 - k) & 0xFFFF);
      }
    }
  }

  /** The frames as uint16 counts, each after {@code header} bytes, in the given byte order. */
  private Path write(String name, int[][] counts, int header, boolean little) throws IOException {
    long stride = 2L * counts[0].length + header;
    ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(counts.length * stride))
        .order(little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    for (int f = 0; f < counts.length; f++) {
      buf.position(Math.toIntExact(f * stride + header));
      for (int v : counts[f]) buf.putShort((short) v);
    }
    Path file = dir.resolve(name);
    Files.write(file, buf.array());
    return file;
  }

  private static DataCube4D cube(int sx, int sy, int dx, int dy, FrameSource source) {
    return new DataCube4D("c", Axis.pixels("ry", sy), Axis.pixels("rx", sx), Axis.pixels("qy", dy), Axis.pixels("qx", dx),
        PixelType.UINT16, Metadata.EMPTY, source);
  }
}
