package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.causalem.data.DataFile;
import org.causalem.data.ImageStack;
import org.causalem.data.Metadata;
import org.causalem.data.Spectrum;
import org.causalem.data.SpectrumImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Velox-structured file written with jhdf, with known images, event stream and spectrum. */
class EmdVeloxSyntheticTest {
  @TempDir Path tmp;

  private static final String META = "{\"Optics\":{\"AccelerationVoltage\":\"80000\"},"
      + "\"Instrument\":{\"InstrumentModel\":\"Spectra 300\"},"
      + "\"Acquisition\":{\"AcquisitionStartDatetime\":{\"DateTime\":\"%d\"}},"
      + "\"Scan\":{\"ScanSize\":{\"width\":\"%d\",\"height\":\"%d\"},"
      + "\"ScanArea\":{\"left\":\"0\",\"top\":\"0\",\"right\":\"1\",\"bottom\":\"1\"}},"
      + "\"BinaryResult\":{\"Detector\":\"%s\",\"PixelSize\":{\"width\":\"2e-10\",\"height\":\"3e-10\"},"
      + "\"PixelUnitX\":\"m\",\"PixelUnitY\":\"m\",\"Offset\":{\"x\":\"0\",\"y\":\"0\"}},"
      + "\"Detectors\":{\"Detector-0\":{\"DetectorName\":\"SuperXG21\",\"Dispersion\":\"5\",\"OffsetEnergy\":\"-500\"}}}";

  @Test
  void nonSquareStackEventStreamAndSpectrumDecodeToTheirKnownValues() throws Exception {
    int h = 3;
    int w = 4;
    int frames = 2;
    int bins = 64;
    int[][][] image = new int[h][w][frames];
    for (int r = 0; r < h; r++) for (int c = 0; c < w; c++) for (int k = 0; k < frames; k++) image[r][c][k] = 1000 * k + 10 * r + c;
    // random counts per frame and pixel, encoded as Velox events: channel per X-ray, 65535 after each pixel
    SplittableRandom rnd = new SplittableRandom(11);
    int[][][] truth = new int[h][w][bins];
    List<Integer> events = new ArrayList<>();
    for (int k = 0; k < frames; k++) {
      for (int p = 0; p < h * w; p++) {
        int n = rnd.nextInt(0, 6);
        for (int e = 0; e < n; e++) {
          int ch = rnd.nextInt(bins);
          events.add(ch);
          truth[p / w][p % w][ch]++;
        }
        if (!(k == frames - 1 && p == h * w - 1)) events.add(65535);
      }
    }
    int[] stream = events.stream().mapToInt(Integer::intValue).toArray();
    int[][] spectrum = new int[bins][1];
    for (int b = 0; b < bins; b++) spectrum[b][0] = b * b;

    Path p = tmp.resolve("synthetic.emd");
    try (WritableHdfFile f = HdfFile.write(p)) {
      f.putGroup("Application").putGroup("Velox").putDataset("Version", new int[] {1});
      WritableGroup data = f.putGroup("Data");
      WritableGroup img = data.putGroup("Image").putGroup("a1");
      img.putDataset("Data", image);
      img.putDataset("Metadata", metadata(frames, w, h, "HAADF", 1_600_000_000L, 5));
      WritableGroup st = data.putGroup("SpectrumStream").putGroup("b2");
      st.putDataset("Data", column(stream));
      st.putDataset("Metadata", metadata(1, w, h, "SuperXG2", 1_600_000_000L, 0));
      st.putDataset("AcquisitionSettings", new String[] {"{\"bincount\":\"" + bins + "\",\"RasterScanDefinition\":{\"Width\":\"999\",\"Height\":\"999\"}}"});
      WritableGroup sp = data.putGroup("Spectrum").putGroup("c3");
      sp.putDataset("Data", spectrum);
      sp.putDataset("Metadata", metadata(1, w, h, "SuperXG2", 1_600_000_000L, 0));
    }
    try (DataFile df = Readers.open(p)) {
      assertThat(df.format()).isEqualTo("emd-velox");
      ImageStack s = df.first(ImageStack.class);
      assertThat(s.shape()).containsExactly(frames, h, w);
      for (int k = 0; k < frames; k++) for (int r = 0; r < h; r++) for (int c = 0; c < w; c++) {
        assertThat(s.frame(k).at(c, r)).isEqualTo(image[r][c][k]);
      }
      assertThat(s.x().scale()).isCloseTo(0.2, within(1e-12));
      assertThat(s.y().scale()).isCloseTo(0.3, within(1e-12));
      assertThat(s.frameTimesS()).containsExactly(0, 5);
      assertThat(s.metadata().summary()).containsEntry(Metadata.VOLTAGE_KV, 80.0).containsEntry(Metadata.MICROSCOPE, "Spectra 300");

      SpectrumImage si = df.first(SpectrumImage.class);
      assertThat(si.shape()).containsExactly(h, w, bins); // scan area, not the raster definition
      float[] got = new float[bins];
      for (int r = 0; r < h; r++) for (int c = 0; c < w; c++) {
        si.spectrum(r, c, got);
        for (int b = 0; b < bins; b++) assertThat(got[b]).isEqualTo(truth[r][c][b]);
      }
      assertThat(si.energy().offset()).isEqualTo(-500.0);
      assertThat(si.energy().scale()).isEqualTo(5.0);
      assertThat(si.metadata().summary()).containsEntry("frames", frames);

      Spectrum spec = df.first(Spectrum.class);
      assertThat(spec.channels()).isEqualTo(bins);
      assertThat(spec.toFloat()[7]).isEqualTo(49);
      assertThat(spec.energy().value(100)).isEqualTo(0.0);
    }
  }

  /**
   * A camera stack as in fei_example_tem_stack.emd (BM-Ceta, 8.17 pm pixels, offset -16.7 nm, no Scan.FrameTime):
   * the frame axis is in seconds from the detector's ExposureTime, with a note; a scan stack takes Scan.FrameTime.
   * The offset is converted like the scale (-1.6738e-8 m is -16.738 nm).
   */
  @Test
  void stackFrameAxisIsInSecondsFromFrameTimeOrExposure() throws Exception {
    String camera = "{\"BinaryResult\":{\"Detector\":\"BM-Ceta\",\"DetectorIndex\":\"0\",\"PixelUnitX\":\"m\","
        + "\"PixelSize\":{\"width\":\"8.1728831922978511e-12\",\"height\":\"8.1728831922978511e-12\"},"
        + "\"Offset\":{\"x\":\"-1.6738064777825999e-08\",\"y\":\"-1.6738064777825999e-08\"}},"
        + "\"Scan\":{\"ScanSize\":{\"width\":\"0\",\"height\":\"0\"}},"
        + "\"Detectors\":{\"Detector-0\":{\"DetectorName\":\"BM-Ceta\",\"ExposureTime\":\"0.80000000000000004\"}}}";
    String scan = camera.replace("\"ScanSize\"", "\"FrameTime\":\"2.5\",\"ScanSize\"");
    for (String json : List.of(camera, scan)) {
      Path p = tmp.resolve("stack" + json.length() + ".emd");
      try (WritableHdfFile f = HdfFile.write(p)) {
        f.putGroup("Application").putGroup("Velox").putDataset("Version", new int[] {1});
        WritableGroup img = f.putGroup("Data").putGroup("Image").putGroup("a1");
        img.putDataset("Data", new int[3][3][2]);
        byte[] b = json.getBytes(StandardCharsets.US_ASCII);
        byte[][] m = new byte[b.length + 16][2];
        for (int i = 0; i < b.length; i++) m[i][0] = m[i][1] = b[i];
        img.putDataset("Metadata", m);
      }
      try (DataFile df = Readers.open(p)) {
        ImageStack s = df.first(ImageStack.class);
        assertThat(s.frame().unit()).isEqualTo("s");
        assertThat(s.frame().scale()).isCloseTo(json == camera ? 0.8 : 2.5, within(1e-12));
        assertThat(s.metadata().notes().stream().anyMatch(n -> n.contains("exposure time"))).isEqualTo(json == camera);
        assertThat(s.x().scale()).isCloseTo(0.0081728831922978511, within(1e-15));
        assertThat(s.x().offset()).isCloseTo(-16.738064777825999, within(1e-9));
        assertThat(s.x().unit()).isEqualTo("nm");
      }
    }
  }

  /**
   * Velox stores a complex image (DPC, FFT) as a compound of realFloat/imagFloat fields, (height, width, 1);
   * the reader interleaves them into complex64 row by row (jhdf cannot write compounds: the real
   * fei_example_dpc_titles.emd and the FFT files were checked against HyperSpy instead).
   */
  @Test
  void complexPartsAreInterleavedRowByRow() {
    float[][][] re = {{{3}, {0}}, {{1}, {-6}}};
    float[][][] im = {{{4}, {2}}, {{0}, {8}}};
    org.causalem.data.Pixels p = VeloxEmd.complex64(re, im);
    assertThat(p.type()).isEqualTo(org.causalem.data.PixelType.COMPLEX64);
    assertThat(p.count()).isEqualTo(4);
    assertThat(new double[] {p.getDouble(0), p.getDouble(1), p.getDouble(2), p.getDouble(3)}).containsExactly(5, 2, 1, 10);
    java.nio.ByteBuffer b = p.bytes();
    assertThat(b.getFloat(24)).isEqualTo(-6f);
    assertThat(b.getFloat(28)).isEqualTo(8f);
  }

  /**
   * As in fei_example_dpc_titles.emd: several images from one detector (DF4) are told apart by the labels
   * Velox displays them under (Presentation/Displays/ImageDisplay: dataPath → display.label, URL-encoded);
   * an image without a display keeps the detector's name.
   */
  @Test
  void imagesAreNamedByTheirDisplayLabels() throws Exception {
    Path p = tmp.resolve("dpc.emd");
    try (WritableHdfFile f = HdfFile.write(p)) {
      f.putGroup("Application").putGroup("Velox").putDataset("Version", new int[] {1});
      WritableGroup images = f.putGroup("Data").putGroup("Image");
      for (String id : List.of("a1", "b2", "c3")) {
        WritableGroup img = images.putGroup(id);
        img.putDataset("Data", new int[2][2][1]);
        img.putDataset("Metadata", metadata(1, 2, 2, "DF4", 1_600_000_000L, 0));
      }
      WritableGroup displays = f.putGroup("Presentation").putGroup("Displays").putGroup("ImageDisplay");
      displays.putDataset("d1", new String[] {"{\"dataPath\": \"/Data/Image/b2\", \"display\": {\"label\": \"iDPC\"}}"});
      displays.putDataset("d2", new String[] {"{\"dataPath\": \"/Data/Image/c3\", \"display\": {\"label\": \"FFT%231%28DF4%29\"}}"});
    }
    try (DataFile df = Readers.open(p)) {
      assertThat(df.names()).containsExactly("DF4", "iDPC", "FFT#1(DF4)");
      assertThat(df.dataset("iDPC").metadata().summary()).containsEntry(Metadata.TITLE, "iDPC").containsEntry(Metadata.DETECTOR, "DF4");
    }
  }

  /** Velox Metadata: JSON bytes, zero-padded, one column per frame (start times {@code dt} s apart). */
  private static byte[][] metadata(int frames, int w, int h, String detector, long start, int dt) {
    byte[][] m = new byte[4096][frames];
    for (int k = 0; k < frames; k++) {
      byte[] json = String.format(META, start + (long) k * dt, w, h, detector).getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < json.length; i++) m[i][k] = json[i];
    }
    return m;
  }

  private static int[][] column(int[] v) {
    int[][] c = new int[v.length][1];
    for (int i = 0; i < v.length; i++) c[i][0] = v[i];
    return c;
  }
}
