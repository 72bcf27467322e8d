package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.causalem.SharedData;
import org.causalem.data.BadInputException;
import org.causalem.data.DataCube4D;
import org.causalem.data.DataFile;
import org.causalem.data.Metadata;
import org.causalem.data.PixelType;
import org.causalem.data.UInt16Frame;
import org.causalem.fourd.CubeMaps;
import org.causalem.fourd.CubeScan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MibReaderTest {
  @TempDir Path dir;

  @Test
  void realMerlinFileHoldsEightFramesWithTheBrightDiskWhereTheManifestSaysIt() throws IOException {
    Path p = SharedData.real("merlin_navigation4x2_ROI/001_4x2_6bit.mib");
    try (DataFile df = Readers.open(p)) {
      assertThat(df.format()).isEqualTo("mib");
      DataCube4D cube = (DataCube4D) df.datasets().get(0);
      assertThat(cube.shape()).containsExactly(2, 4, 256, 256); // 4 (x) × 2 (y) scan, 256×256 detector
      assertThat(cube.pixelType()).isEqualTo(PixelType.UINT8);
      assertThat(cube.metadata().summary()).containsEntry("counter_depth_bits", 6)
          .containsEntry(Metadata.DATE, "2021-05-07").containsEntry(Metadata.EXPOSURE_S, 0.1);
      assertThat((String) cube.metadata().summary().get(Metadata.DETECTOR)).contains("Medipix 3RX");
      double[] sum = new double[256 * 256];
      float[] f = new float[256 * 256];
      float frameMax = 0;
      for (int ry = 0; ry < 2; ry++) {
        for (int rx = 0; rx < 4; rx++) {
          cube.readFrame(rx, ry, f);
          for (int i = 0; i < f.length; i++) {
            sum[i] += f[i];
            frameMax = Math.max(frameMax, f[i]);
          }
        }
      }
      assertThat(frameMax).isLessThanOrEqualTo(63); // 6-bit counter
      double max = 0;
      for (double v : sum) max = Math.max(max, v);
      assertThat(max).isEqualTo(504);
      // centroid of the half-maximum region of the 8-frame sum
      double sy = 0, sx = 0;
      int n = 0;
      for (int i = 0; i < sum.length; i++) {
        if (sum[i] >= max / 2) {
          sy += i / 256;
          sx += i % 256;
          n++;
        }
      }
      assertThat(sy / n).isCloseTo(127.9, within(0.5));
      assertThat(sx / n).isCloseTo(28.0, within(0.5));
    }
  }

  @Test
  void realRoiFileHas128Rows() throws IOException {
    Path p = SharedData.real("merlin_navigation4x2_ROI/002_4x2_6bit_roi128.mib");
    try (DataFile df = Readers.open(p)) {
      DataCube4D cube = (DataCube4D) df.datasets().get(0);
      assertThat(cube.shape()).containsExactly(2, 4, 128, 256);
      float[] f = new float[128 * 256];
      double max = 0;
      double[] sum = new double[f.length];
      for (int k = 0; k < 8; k++) {
        cube.readFrame(k % 4, k / 4, f);
        for (int i = 0; i < f.length; i++) sum[i] += f[i];
      }
      for (double v : sum) max = Math.max(max, v);
      assertThat(max).isBetween(1.0, 8 * 63.0);
    }
  }

  /** A frame header as the Merlin writes it: fields, then NUL padding to its size. */
  static byte[] header(int seq, int headerBytes, int chips, int w, int h, String depth, String layout, int counterDepth) {
    String s = String.format("MQ1,%06d,%05d,%02d,%04d,%04d,%s,%6s,01,2021-05-07 18:51:10.905800,0.100000,0,0,0,"
        + "4.000000E+1,5.110000E+2,0.000000E+0,0.000000E+0,0.000000E+0,0.000000E+0,0.000000E+0,0.000000E+0,3RX,"
        + "068,511,000,MQ1A,2021-05-07T16:51:10.905800928Z,100000000ns,%d,", seq, headerBytes, chips, w, h, depth, layout, counterDepth);
    byte[] b = new byte[headerBytes];
    byte[] t = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(t, 0, b, 0, t.length);
    return b;
  }

  /** Frame k's true pixel values: a seeded pattern below 2^bits. */
  static int[] truth(int k, int n, int bits) {
    SplittableRandom r = new SplittableRandom(1000 + k);
    int[] v = new int[n];
    for (int i = 0; i < n; i++) v[i] = (int) (r.nextLong() & ((1L << bits) - 1));
    return v;
  }

  /** Big-endian U08/U16/U32 pixels. */
  static byte[] unsigned(int[] v, int bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int x : v) for (int j = bytes - 1; j >= 0; j--) out.write(x >>> (8 * j));
    return out.toByteArray();
  }

  /**
   * Raw readout: 64-bit words whose contents are in reverse order — byte j of an 8-byte group holds
   * pixel 7 − j (6 bit); 16-bit word j of a group of 4 holds pixel 3 − j (12 bit); for 1 bit, bit k of
   * the big-endian 64-bit word is pixel k.
   */
  static byte[] raw(int[] v, int bits) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (bits == 1) {
      for (int g = 0; g < v.length; g += 64) {
        long word = 0;
        for (int k = 0; k < 64; k++) word |= (long) (v[g + k] & 1) << k;
        for (int j = 7; j >= 0; j--) out.write((int) (word >>> (8 * j)));
      }
    } else if (bits == 6) {
      for (int g = 0; g < v.length; g += 8) for (int j = 0; j < 8; j++) out.write(v[g + 7 - j]);
    } else if (bits == 12) {
      for (int g = 0; g < v.length; g += 4) {
        for (int j = 0; j < 4; j++) {
          out.write(v[g + 3 - j] >>> 8);
          out.write(v[g + 3 - j]);
        }
      }
    } else { // 24: high 12 bits readout, then low 12 bits readout
      int[] hi = new int[v.length];
      int[] lo = new int[v.length];
      for (int i = 0; i < v.length; i++) {
        hi[i] = v[i] >>> 12;
        lo[i] = v[i] & 0xFFF;
      }
      out.writeBytes(raw(hi, 12));
      out.writeBytes(raw(lo, 12));
    }
    return out.toByteArray();
  }

  private Path write(String name, byte[]... parts) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) out.writeBytes(p);
    Path p = dir.resolve(name);
    Files.write(p, out.toByteArray());
    return p;
  }

  private static void assertFrames(Path p, int frames, int w, int h, int bits) throws IOException {
    try (DataFile df = Readers.open(p)) {
      DataCube4D cube = (DataCube4D) df.datasets().get(0);
      assertThat(cube.frameCount()).isEqualTo(frames);
      assertThat(cube.detX()).isEqualTo(w);
      assertThat(cube.detY()).isEqualTo(h);
      float[] f = new float[w * h];
      for (int k = 0; k < frames; k++) {
        cube.readFrame(k % cube.scanX(), k / cube.scanX(), f);
        int[] t = truth(k, w * h, bits);
        for (int i = 0; i < t.length; i++) {
          if (f[i] != (float) t[i]) throw new AssertionError("frame " + k + " pixel " + i + ": " + f[i] + " != " + t[i]);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0} {1}-bit")
  @CsvSource({"U08,6,1", "U08,1,1", "U16,12,2", "U32,24,4"})
  void processedSingleChipFrames(String depth, int bits, int bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int k = 0; k < 6; k++) {
      out.writeBytes(header(k + 1, 384, 1, 256, 256, depth, "1x1", bits));
      out.writeBytes(unsigned(truth(k, 256 * 256, bits), bytes));
    }
    Path p = write("scan_3x2.mib", out.toByteArray());
    assertFrames(p, 6, 256, 256, bits);
    try (DataFile df = Readers.open(p)) {
      assertThat(df.datasets().get(0).shape()).containsExactly(2, 3, 256, 256);
      assertThat(df.datasets().get(0).metadata().summary()).containsEntry("scan_shape_from", "file name");
    }
  }

  @Test
  void u16FramesTakeTheIntegerPathInPlaceAfterEachHeader() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int frames = 6;
    for (int k = 0; k < frames; k++) {
      out.writeBytes(header(k + 1, 384, 1, 64, 32, "U16", "1x1", 16));
      out.writeBytes(unsigned(truth(k, 64 * 32, 16), 2));
    }
    Path file = write("u16_3x2.mib", out.toByteArray());
    try (MibFrames source = new MibFrames(file, MibHeader.parse("u16_3x2.mib", header(1, 384, 1, 64, 32, "U16", "1x1", 16)), frames)) {
      assertThat(source.hasUInt16Frames()).isTrue();
      UInt16Frame frame = new UInt16Frame();
      source.locateUInt16(4, frame);
      int[] t = truth(4, 64 * 32, 16);
      for (int i = 0; i < t.length; i++) assertThat(frame.count(i)).isEqualTo(t[i]);
    }
    try (DataFile df = Readers.open(file)) {
      DataCube4D cube = (DataCube4D) df.datasets().get(0);
      CubeMaps maps = new CubeScan(new CubeScan.Options(List.of(), null)).scan(cube, 2, (d, t) -> { });
      double[] mean = new double[64 * 32];
      for (int k = 0; k < frames; k++) {
        int[] t = truth(k, 64 * 32, 16);
        double s = 0;
        double mx = 0;
        for (int i = 0; i < t.length; i++) {
          s += t[i];
          mx += (double) t[i] * (i % 64);
          mean[i] += t[i] / (double) frames;
        }
        assertThat((double) maps.total()[k]).isCloseTo(s, within(1e-6 * s));
        assertThat((double) maps.comX()[k]).isCloseTo(mx / s, within(1e-5));
      }
      for (int i = 0; i < mean.length; i++) {
        assertThat(maps.meanPattern()[i]).isCloseTo(mean[i], within(1e-9 * mean[i]));
      }
    }
  }

  @ParameterizedTest(name = "raw {0}-bit")
  @CsvSource({"1", "6", "12", "24"})
  void rawSingleChipFrames(int bits) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int k = 0; k < 3; k++) {
      out.writeBytes(header(k + 1, 384, 1, bits == 24 ? 512 : 256, 256, "R64", "1x1", bits));
      out.writeBytes(raw(truth(k, 256 * 256, bits), bits));
    }
    Path p = write("raw.mib", out.toByteArray());
    assertFrames(p, 3, 256, 256, bits);
    try (DataFile df = Readers.open(p)) {
      assertThat(df.datasets().get(0).metadata().notes().stream().anyMatch(n -> n.contains("only 1-bit raw has been checked")))
          .isEqualTo(bits != 1);
    }
  }

  @ParameterizedTest(name = "raw quad {0}-bit")
  @CsvSource({"1", "6", "12"})
  void rawQuadFramesAreReassembled(int bits) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int side = 256;
    for (int k = 0; k < 2; k++) {
      int[] t = truth(k, 4 * side * side, bits); // the 512×512 image
      // readout rows: for each chip row y, bottom-right, bottom-left (both rotated 180°), top-right, top-left
      int[] readout = new int[t.length];
      int o = 0;
      for (int y = 0; y < side; y++) {
        int by = 2 * side - 1 - y;
        for (int x = 0; x < side; x++) readout[o++] = t[by * 2 * side + (2 * side - 1 - x)];
        for (int x = 0; x < side; x++) readout[o++] = t[by * 2 * side + (side - 1 - x)];
        for (int x = 0; x < side; x++) readout[o++] = t[y * 2 * side + side + x];
        for (int x = 0; x < side; x++) readout[o++] = t[y * 2 * side + x];
      }
      out.writeBytes(header(k + 1, 768, 4, 4 * side, side, "R64", "   2x2", bits));
      out.writeBytes(raw(readout, bits));
    }
    assertFrames(write("quad.mib", out.toByteArray()), 2, 512, 512, bits);
  }

  @Test
  void processedQuadWith768ByteHeaders() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int k = 0; k < 2; k++) {
      out.writeBytes(header(k + 1, 768, 4, 512, 512, "U16", "   2x2", 12));
      out.writeBytes(unsigned(truth(k, 512 * 512, 12), 2));
    }
    assertFrames(write("q.mib", out.toByteArray()), 2, 512, 512, 12);
  }

  @Test
  void hdrSidecarGivesTheScanLineLength() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int k = 0; k < 9; k++) {
      out.writeBytes(header(k + 1, 384, 1, 32, 16, "U08", "1x1", 6));
      out.writeBytes(unsigned(truth(k, 32 * 16, 6), 1));
    }
    Path p = write("line.mib", out.toByteArray());
    Files.writeString(dir.resolve("line.hdr"), "HDR,\t\nFrames in Acquisition (Number):\t9\nFrames per Trigger (Number):\t3\nEnd\t\n");
    try (DataFile df = Readers.open(p)) {
      DataCube4D cube = (DataCube4D) df.datasets().get(0);
      assertThat(cube.shape()).containsExactly(3, 3, 16, 32);
      float[] f = new float[32 * 16];
      cube.readFrame(2, 1, f);
      int[] t = truth(5, f.length, 6);
      for (int i = 0; i < f.length; i++) assertThat(f[i]).isEqualTo(t[i]);
    }
  }

  @Test
  void aFileHoldingFewerFramesThanItsHdrSaysIsRefused() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int k = 0; k < 7; k++) {
      out.writeBytes(header(k + 1, 384, 1, 32, 16, "U08", "1x1", 6));
      out.writeBytes(unsigned(truth(k, 32 * 16, 6), 1));
    }
    out.write(new byte[100], 0, 100); // part of the eighth frame
    Path p = write("line.mib", out.toByteArray());
    Files.writeString(dir.resolve("line.hdr"), "HDR,\t\nFrames in Acquisition (Number):\t9\nFrames per Trigger (Number):\t3\nEnd\t\n");
    assertThatThrownBy(() -> Readers.open(p)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("line.mib").hasMessageContaining("9 frames").hasMessageContaining("8064 bytes").hasMessageContaining("6372 bytes");
  }

  @Test
  void unknownScanShapeIsOneLineOfFrames() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int k = 0; k < 5; k++) {
      out.writeBytes(header(k + 1, 384, 1, 8, 8, "U08", "1x1", 6));
      out.writeBytes(unsigned(truth(k, 64, 6), 1));
    }
    try (DataFile df = Readers.open(write("movie.mib", out.toByteArray()))) {
      assertThat(df.datasets().get(0).shape()).containsExactly(1, 5, 8, 8);
      assertThat(df.datasets().get(0).metadata().notes()).anyMatch(n -> n.startsWith("scan shape not stated"));
    }
  }

  /**
   * Like RosettaSciIO's {@code 003_merlin_test_roi_sig256x64_nav4x2_hot_pixel_52x_39y}: a 64-row ROI of a
   * single chip, U16 (12-bit), 8 frames, the .hdr giving ScanX 4, ScanY 2 and 4 frames per trigger; one hot
   * pixel at x 52, y 39 counted from the first stored row (where that file has it; RosettaSciIO, flipping
   * the rows, finds it 40 rows above the bottom).
   */
  @Test
  void roiFramesKeepTheStoredRowOrderAndTheHdrScan() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int w = 256;
    int h = 64;
    for (int k = 0; k < 8; k++) {
      out.writeBytes(header(k + 1, 384, 1, w, h, "U16", "   1x1", 12));
      int[] v = new int[w * h];
      v[7 * k] = 1; // a little signal elsewhere
      v[39 * w + 52] = 10 + k;
      out.writeBytes(unsigned(v, 2));
    }
    Path p = write("roi_sig256x64.mib", out.toByteArray());
    Files.writeString(dir.resolve("roi_sig256x64.hdr"), "HDR,\t\nFrames in Acquisition (Number):\t8\n"
        + "Frames per Trigger (Number):\t4\nScanX:\t4\nScanY:\t2\nEnd\t\n");
    try (DataFile df = Readers.open(p)) {
      DataCube4D cube = (DataCube4D) df.datasets().get(0);
      assertThat(cube.shape()).containsExactly(2, 4, 64, 256);
      assertThat(cube.metadata().summary()).containsEntry("scan_shape_from", "hdr ScanX/ScanY");
      float[] f = new float[w * h];
      for (int k = 0; k < 8; k++) {
        cube.readFrame(k % 4, k / 4, f);
        int at = 0;
        for (int i = 1; i < f.length; i++) if (f[i] > f[at]) at = i;
        assertThat(at % w).isEqualTo(52);
        assertThat(at / w).isEqualTo(39);
        assertThat(f[at]).isEqualTo(10f + k);
      }
    }
  }

  @Test
  void badFilesAreRejectedWithTheFileName() throws IOException {
    Path tiny = write("tiny.mib", header(1, 384, 1, 256, 256, "U08", "1x1", 6));
    assertThatThrownBy(() -> Readers.open(tiny)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("tiny.mib").hasMessageContaining("no complete frame");
    Path depth = write("depth.mib", header(1, 384, 1, 4, 4, "U64", "1x1", 6), new byte[16]);
    assertThatThrownBy(() -> Readers.open(depth)).isInstanceOf(BadInputException.class).hasMessageContaining("depth.mib").hasMessageContaining("U64");
    Path huge = write("huge.mib", header(1, 384, 1, 9999, 9999, "U32", "1x1", 24), new byte[16]);
    assertThatThrownBy(() -> Readers.open(huge)).isInstanceOf(BadInputException.class).hasMessageContaining("huge.mib");
    Path mixed = write("mixed.mib", header(1, 384, 1, 4, 4, "U08", "1x1", 6), new byte[16],
        header(2, 384, 1, 4, 4, "U16", "1x1", 12), new byte[16]);
    assertThatThrownBy(() -> Readers.open(mixed)).isInstanceOf(BadInputException.class).hasMessageContaining("mixed.mib").hasMessageContaining("frame 2");
    byte[] hs = header(1, 384, 1, 4, 4, "U08", "1x1", 6);
    hs[11] = 'x';
    Path badSize = write("size.mib", hs, new byte[16]);
    assertThatThrownBy(() -> Readers.open(badSize)).isInstanceOf(BadInputException.class).hasMessageContaining("size.mib");
  }
}
