package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.causalem.SharedData;
import org.causalem.data.DataCube4D;
import org.causalem.data.DataFile;
import org.causalem.data.FrameReducer;
import org.causalem.data.Image;
import org.causalem.data.Kind;
import org.causalem.data.NdArray;
import org.causalem.data.PixelType;
import org.causalem.data.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generic HDF5 files and the 4-D cube access paths (mapped, in memory, sliced). */
class Hdf5ReaderTest {
  @TempDir Path tmp;

  @Test
  void abfHyperspyFileIsA400By380Float16ImageWithTheFileValues() throws Exception {
    Path p = SharedData.real("test_ABF_cropped.hdf5");
    float[] expected;
    try (HdfFile f = new HdfFile(p)) {
      expected = (float[]) f.getDatasetByPath("/Experiments/__unnamed__/data").getDataFlat();
    }
    try (DataFile df = Readers.open(p)) {
      assertThat(df.format()).isEqualTo("hdf5");
      assertThat(df.datasets()).hasSize(1);
      Image img = df.first(Image.class);
      assertThat(img.shape()).containsExactly(400, 380);
      assertThat(img.pixelType()).isEqualTo(PixelType.FLOAT16);
      assertThat(img.toFloat()).isEqualTo(expected);
      // HyperSpy axis groups give a scale but no units: no unit, no calibration.
      assertThat(img.x().unit()).isEqualTo("px");
    }
  }

  @Test
  void userBlockSignatureAtOffset512IsRecognised() {
    java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(1024);
    byte[] sig = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    head.position(512);
    head.put(sig);
    head.position(0);
    assertThat(new Hdf5Reader().accepts(Path.of("x"), head, 1024)).isTrue();
    assertThat(new Hdf5Reader().accepts(Path.of("x"), java.nio.ByteBuffer.allocate(1024), 1024)).isFalse();
  }

  @Test
  void contiguous4dIsMemoryMappedAndEqualsWrittenValues() throws Exception {
    float[][][][] cube = cube(5, 4, 6, 7, 1);
    Path p = tmp.resolve("cube.h5");
    try (WritableHdfFile w = HdfFile.write(p)) {
      w.putDataset("cube", cube);
      w.putDataset("small", new double[][] {{1, 2}, {3, 4}});
      w.putDataset("line", new int[] {1, 2, 3});
    }
    try (DataFile df = Readers.open(p)) {
      assertThat(df.format()).isEqualTo("hdf5");
      DataCube4D c = df.first(DataCube4D.class);
      assertThat(c.metadata().summary()).containsEntry("storage", "memory-mapped");
      assertEqual(c, cube);
      assertThat(df.dataset("small")).isInstanceOf(Image.class);
      assertThat(df.dataset("line")).isInstanceOf(NdArray.class);
      assertThat(df.dataset("line").kind()).isEqualTo(Kind.ARRAY);
      assertThat(sum(c)).isCloseTo(sum(cube), within(1e-3));
    }
  }

  @Test
  void cubeAboveTheInMemoryLimitThatCannotBeMappedIsReadSliceBySlice() throws Exception {
    float[][][][] cube = cube(3, 4, 5, 6, 2);
    Path p = tmp.resolve("chunked.h5");
    try (WritableHdfFile w = HdfFile.write(p)) {
      w.putDataset("cube", cube, io.jhdf.api.DatasetCreationOptions.builder().chunkDimensions(1, 1, 5, 6).deflate().build());
    }
    try (DataFile df = new Hdf5Reader(0, Hdf5Arrays.MAP_ABOVE_BYTES).read(p)) {
      DataCube4D c = df.first(DataCube4D.class);
      assertThat(c.metadata().summary()).containsEntry("storage", "hdf5-slices");
      assertEqual(c, cube);
      assertThat(sum(c)).isCloseTo(sum(cube), within(1e-3));
    }
    try (DataFile df = new Hdf5Reader(1 << 20, Hdf5Arrays.MAP_ABOVE_BYTES).read(p)) {
      DataCube4D c = df.first(DataCube4D.class);
      assertThat(c.metadata().summary()).containsEntry("storage", "in-memory");
      assertEqual(c, cube);
    }
  }

  @Test
  void contiguousStackAboveTheMappingThresholdIsMemoryMapped() throws Exception {
    float[][][] movie = cube(1, 4, 6, 5, 3)[0];
    Path p = tmp.resolve("movie.h5");
    try (WritableHdfFile w = HdfFile.write(p)) {
      w.putDataset("movie", movie);
    }
    try (DataFile df = new Hdf5Reader(1 << 20, 0).read(p)) {
      org.causalem.data.ImageStack s = df.first(org.causalem.data.ImageStack.class);
      assertThat(s.pixels().bytes().isDirect()).isTrue();
      float[] v = s.pixels().toFloatArray();
      for (int k = 0; k < 4; k++) for (int r = 0; r < 6; r++) for (int c = 0; c < 5; c++) assertThat(v[(k * 6 + r) * 5 + c]).isEqualTo(movie[k][r][c]);
    }
    try (DataFile df = Readers.open(p)) {
      assertThat(df.first(org.causalem.data.ImageStack.class).pixels().bytes().isDirect()).isFalse();
    }
  }

  /**
   * A rank-2 array with one side of at most 4 and the other at least 8 and twice as long (Atomap's N × 2 atom
   * positions) is a list of points, not an image: an array with a note saying so, which atoms refuses; a 6 × 5
   * array stays an image.
   */
  @Test
  void aShortWideArrayIsAListOfPointsNotAnImage() throws Exception {
    double[][] positions = new double[10][2];
    double[][] rows = new double[3][12];
    for (int i = 0; i < 10; i++) positions[i] = new double[] {i * 3.5, 100 - i};
    Path p = tmp.resolve("atoms.h5");
    try (WritableHdfFile w = HdfFile.write(p)) {
      w.putDataset("positions", positions);
      w.putDataset("xyz", rows);
      w.putDataset("image", new float[6][5]);
    }
    try (DataFile df = Readers.open(p)) {
      NdArray a = (NdArray) df.dataset("positions");
      assertThat(a.kind()).isEqualTo(Kind.ARRAY);
      assertThat(a.shape()).containsExactly(10, 2);
      assertThat(a.axes().get(0).name()).isEqualTo("point");
      assertThat(a.axes().get(1).name()).isEqualTo("coordinate");
      assertThat(a.pixels().getDouble(2 * 4 + 1)).isEqualTo(96);
      assertThat(a.metadata().notes()).containsExactly(
          "10 × 2 values: a list of 10 points with 2 coordinates rather than an image; read as an array, not analysed as an image");
      assertThat(df.dataset("xyz").metadata().notes()).containsExactly("3 × 12 values: a list of 12 points with 3 coordinates"
          + " (one row per coordinate) rather than an image; read as an array, not analysed as an image");
      assertThat(df.dataset("image")).isInstanceOf(Image.class);
    }
    Path only = tmp.resolve("positions.h5");
    try (WritableHdfFile w = HdfFile.write(only)) {
      w.putDataset("positions", positions);
    }
    assertThatThrownBy(() -> org.causalem.workflow.AtomsAnalysis.read(only, java.util.Optional.empty()))
        .isInstanceOf(org.causalem.data.BadInputException.class).hasMessageContaining("holds no Image; it has positions (array)")
        .hasMessageContaining("a list of 10 points with 2 coordinates");
    assertThat(Hdf5Shapes.isPointList(8, 4)).isTrue();
    assertThat(Hdf5Shapes.isPointList(7, 2)).isFalse();
    assertThat(Hdf5Shapes.isPointList(8, 5)).isFalse();
    assertThat(Hdf5Shapes.isPointList(6, 4)).isFalse();
  }

  @Test
  void hyperspyStyleAxesWithUnitsAreConverted() throws Exception {
    Path p = tmp.resolve("hs.h5");
    try (WritableHdfFile w = HdfFile.write(p)) {
      WritableGroup g = w.putGroup("Experiments").putGroup("si");
      g.putDataset("data", new float[3][4][5]);
      WritableGroup a0 = g.putGroup("axis-0");
      a0.putAttribute("scale", 2.0);
      a0.putAttribute("offset", 1.0);
      a0.putAttribute("units", "A");
      a0.putDataset("note", 0.0); // jhdf 0.13 writes childless groups that it cannot read back
      WritableGroup a2 = g.putGroup("axis-2");
      a2.putAttribute("scale", 0.01);
      a2.putAttribute("offset", 0.5);
      a2.putAttribute("units", "keV");
      a2.putDataset("note", 0.0);
    }
    try (DataFile df = Readers.open(p)) {
      var si = df.first(org.causalem.data.SpectrumImage.class);
      assertThat(si.y().scale()).isCloseTo(0.2, within(1e-12));
      assertThat(si.y().offset()).isCloseTo(0.1, within(1e-12));
      assertThat(si.y().unit()).isEqualTo("nm");
      assertThat(si.x().unit()).isEqualTo("px");
      assertThat(si.energy().scale()).isCloseTo(10.0, within(1e-9));
      assertThat(si.energy().offset()).isCloseTo(500.0, within(1e-9));
      assertThat(si.name()).isEqualTo("si");
    }
  }

  /**
   * HyperSpy's own layout (as in RosettaSciIO's with_lists_etc.hdf5, whose metadata group carries a pickled
   * opaque attribute jhdf cannot decode): only {@code /Experiments/<name>/data} are signals, their axis-i
   * groups give names, units and which axes navigate (a CL spectrum image: y, x navigate, the wavelength
   * in nm is the signal axis), the title and signal type come from metadata; what holds an undecodable
   * attribute is skipped with a note instead of losing the file.
   */
  @Test
  void hyperSpyLayoutGivesSignalsWithTheirAxesAndSkipsAnUndecodableAttribute() throws Exception {
    Path p = tmp.resolve("cl.hspy");
    float[][][] values = new float[2][3][4];
    for (int y = 0; y < 2; y++) for (int x = 0; x < 3; x++) for (int w = 0; w < 4; w++) values[y][x][w] = 100 * y + 10 * x + w;
    try (WritableHdfFile w = HdfFile.write(p)) {
      w.putAttribute("file_format", "HyperSpy");
      WritableGroup g = w.putGroup("Experiments").putGroup("__unnamed__");
      g.putDataset("data", values);
      Object[][] axes = {{"y", 0.015, 0.0, "\u00b5m", true}, {"x", 0.015, 0.03, "\u00b5m", true}, {"Wavelength", 0.5, 300.0, "nm", false}};
      for (int i = 0; i < axes.length; i++) {
        WritableGroup a = g.putGroup("axis-" + i);
        a.putAttribute("name", (String) axes[i][0]);
        a.putAttribute("scale", (double) axes[i][1]);
        a.putAttribute("offset", (double) axes[i][2]);
        a.putAttribute("units", (String) axes[i][3]);
        a.putAttribute("navigate", (boolean) axes[i][4]);
        a.putAttribute("size", values.length);
        a.putDataset("note", 0.0); // jhdf 0.13 writes childless groups that it cannot read back
      }
      WritableGroup md = g.putGroup("metadata");
      WritableGroup general = md.putGroup("General");
      general.putAttribute("title", "Monarc SI");
      general.putDataset("note", 0.0);
      WritableGroup signal = md.putGroup("Signal");
      signal.putAttribute("signal_type", "CL");
      signal.putDataset("note", 0.0);
      WritableGroup test = md.putGroup("test");
      test.putDataset("_tuple_tuple", new int[] {1, 2});
      WritableGroup pickled = test.putGroup("pickled");
      pickled.putAttribute("zzpickled", "abcdef");
      pickled.putDataset("note", 0.0);
    }
    makeAttributeUndecodable(p, "zzpickled");
    try (DataFile df = Readers.open(p)) {
      assertThat(df.datasets()).hasSize(1);
      var si = df.first(org.causalem.data.SpectrumImage.class);
      assertThat(si.name()).isEqualTo("Monarc SI");
      assertThat(si.shape()).containsExactly(2, 3, 4);
      assertThat(si.energy().name()).isEqualTo("wavelength");
      assertThat(si.energy().unit()).isEqualTo("nm");
      assertThat(si.energy().value(2)).isCloseTo(301.0, within(1e-12));
      assertThat(si.x().scale()).isCloseTo(15.0, within(1e-9));
      assertThat(si.x().offset()).isCloseTo(30.0, within(1e-9));
      assertThat(si.metadata().signal()).isEqualTo("CL");
      float[] s = new float[4];
      si.spectrum(1, 2, s);
      assertThat(s).containsExactly(120f, 121f, 122f, 123f);
      @SuppressWarnings("unchecked")
      java.util.Map<String, Object> notRead = (java.util.Map<String, Object>) df.metadata().summary().get("not_read");
      // jhdf decodes a version-2 member's header when listing its group: the group's members are skipped
      assertThat(String.valueOf(notRead.get("/Experiments/__unnamed__/metadata/test"))).startsWith("members not decoded");
      assertThat(String.valueOf(notRead.get("/Experiments/__unnamed__/axis-0/note"))).contains("not a signal");
    }
  }

  /**
   * Gives the attribute {@code name} an HDF5 datatype class no reader knows (15), as an opaque pickled value
   * is to jhdf, and fixes the checksum of its version 2 object header.
   */
  static void makeAttributeUndecodable(Path p, String name) throws java.io.IOException {
    byte[] b = java.nio.file.Files.readAllBytes(p);
    byte[] key = (name + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    int at = indexOf(b, key, 0);
    int type = at + key.length;
    assertThat(b[type] & 0x0F).as("datatype class of " + name).isEqualTo(3);
    b[type] = (byte) ((b[type] & 0xF0) | 0x0F);
    int header = -1;
    for (int i = indexOf(b, "OHDR".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0); i >= 0 && i < at;
         i = indexOf(b, "OHDR".getBytes(java.nio.charset.StandardCharsets.US_ASCII), i + 1)) {
      header = i;
    }
    int flags = b[header + 5] & 0xFF;
    int pos = header + 6 + ((flags & 0x20) != 0 ? 16 : 0) + ((flags & 0x10) != 0 ? 4 : 0);
    int width = 1 << (flags & 3);
    long size = 0;
    for (int k = 0; k < width; k++) size |= (long) (b[pos + k] & 0xFF) << (8 * k);
    int end = (int) (pos + width + size);
    int sum = Hdf5Builder.lookup3(b, header, end - header);
    java.nio.ByteBuffer.wrap(b, end, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(sum);
    java.nio.file.Files.write(p, b);
  }

  private static int indexOf(byte[] b, byte[] key, int from) {
    outer:
    for (int i = from; i + key.length <= b.length; i++) {
      for (int k = 0; k < key.length; k++) if (b[i + k] != key[k]) continue outer;
      return i;
    }
    return -1;
  }

  static float[][][][] cube(int a, int b, int c, int d, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[][][][] v = new float[a][b][c][d];
    for (float[][][] x : v) for (float[][] y : x) for (float[] z : y) for (int i = 0; i < d; i++) z[i] = (float) r.nextDouble(-5, 100);
    return v;
  }

  static void assertEqual(DataCube4D c, float[][][][] cube) {
    assertThat(c.shape()).containsExactly(cube.length, cube[0].length, cube[0][0].length, cube[0][0][0].length);
    float[] frame = new float[c.detY() * c.detX()];
    for (int ry = 0; ry < c.scanY(); ry++) {
      for (int rx = 0; rx < c.scanX(); rx++) {
        c.readFrame(rx, ry, frame);
        for (int qy = 0; qy < c.detY(); qy++) {
          for (int qx = 0; qx < c.detX(); qx++) assertThat(frame[qy * c.detX() + qx]).isEqualTo(cube[ry][rx][qy][qx]);
        }
      }
    }
  }

  static double sum(float[][][][] cube) {
    double s = 0;
    for (float[][][] x : cube) for (float[][] y : x) for (float[] z : y) for (float v : z) s += v;
    return s;
  }

  static double sum(DataCube4D c) {
    return c.reduce(new FrameReducer<double[]>() {
      @Override public double[] create() { return new double[1]; }

      @Override public void accept(double[] acc, int ry, int rx, float[] frame) { for (float v : frame) acc[0] += v; }

      @Override public double[] combine(double[] a, double[] b) {
        a[0] += b[0];
        return a;
      }
    }, 2, Progress.NONE)[0];
  }
}
