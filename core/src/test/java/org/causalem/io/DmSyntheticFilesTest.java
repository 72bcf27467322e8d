package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.causalem.io.DmFileWriterTest.ARRAY;
import static org.causalem.io.DmFileWriterTest.BOOL;
import static org.causalem.io.DmFileWriterTest.CHAR;
import static org.causalem.io.DmFileWriterTest.FLOAT32;
import static org.causalem.io.DmFileWriterTest.FLOAT64;
import static org.causalem.io.DmFileWriterTest.INT16;
import static org.causalem.io.DmFileWriterTest.INT32;
import static org.causalem.io.DmFileWriterTest.OCTET;
import static org.causalem.io.DmFileWriterTest.UINT16;
import static org.causalem.io.DmFileWriterTest.UINT32;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.causalem.data.Axis;
import org.causalem.data.DataCube4D;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;
import org.causalem.data.Image;
import org.causalem.data.ImageStack;
import org.causalem.data.Kind;
import org.causalem.data.Metadata;
import org.causalem.data.NdArray;
import org.causalem.data.PixelType;
import org.causalem.data.Spectrum;
import org.causalem.data.SpectrumImage;
import org.causalem.io.DmFileWriterTest.Group;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** DM files written in the test from the layout, read back: every tag type, both versions and byte orders. */
class DmSyntheticFilesTest {
  @TempDir Path dir;

  static Stream<Arguments> variants() {
    return Stream.of(
        Arguments.of(3, ByteOrder.LITTLE_ENDIAN),
        Arguments.of(3, ByteOrder.BIG_ENDIAN),
        Arguments.of(4, ByteOrder.LITTLE_ENDIAN),
        Arguments.of(4, ByteOrder.BIG_ENDIAN));
  }

  private DataFile read(int version, ByteOrder order, Group root) throws IOException {
    Path f = dir.resolve("file-" + version + "-" + order + ".bin");
    Files.write(f, DmFileWriterTest.write(version, order, root));
    return Readers.open(f);
  }

  private static byte[] bytes(ByteOrder order, int type, int count, java.util.function.IntToDoubleFunction f) {
    ByteBuffer b = ByteBuffer.allocate(count * DmFileWriterTest.size(type)).order(order);
    for (int k = 0; k < count; k++) DmFileWriterTest.put(b, type, f.applyAsDouble(k));
    return b.array();
  }

  @ParameterizedTest(name = "DM{0} {1}")
  @MethodSource("variants")
  void everyTagTypeBecomesItsValue(int version, ByteOrder order) throws IOException {
    Group root = new Group();
    Group t = root.group("Types");
    t.put("int16", DmFileWriterTest.scalar(INT16, -12345));
    t.put("int32", DmFileWriterTest.scalar(INT32, -2_000_000_000));
    t.put("uint16", DmFileWriterTest.scalar(UINT16, 65535));
    t.put("uint32", DmFileWriterTest.scalar(UINT32, 4_000_000_000L));
    t.put("float32", DmFileWriterTest.scalar(FLOAT32, 1.5));
    t.put("float64", DmFileWriterTest.scalar(FLOAT64, Math.PI));
    t.put("bool", DmFileWriterTest.scalar(BOOL, 1));
    t.put("char", DmFileWriterTest.scalar(CHAR, 'Q'));
    t.put("octet", DmFileWriterTest.scalar(OCTET, 200));
    t.put("int64", DmFileWriterTest.int64(-(1L << 40)));
    t.put("uint64", DmFileWriterTest.uint64(0x8000_0000_0000_0005L));
    t.put("string", DmFileWriterTest.string("Gatan"));
    t.put("struct", DmFileWriterTest.struct(new int[] {INT16, FLOAT64}, new double[] {-3, 2.25}));
    t.put("floats", DmFileWriterTest.array(FLOAT32, 1, 2, 3.5));
    t.put("text", DmFileWriterTest.text("\u00b5m \u00c5 1/nm"));
    t.put("empty text", DmFileWriterTest.text(""));
    t.put("shorts", DmFileWriterTest.array(UINT16, 1, 2, 3));
    t.put("chars", new DmFileWriterTest.Data(new long[] {ARRAY, CHAR, 3}, b -> b.put(new byte[] {'a', 'b', 'c'})));
    t.put("signed bytes", new DmFileWriterTest.Data(new long[] {ARRAY, CHAR, 2}, b -> b.put(new byte[] {-1, 2})));
    t.put("pairs", DmFileWriterTest.structArray(new int[] {FLOAT32, INT32}, new double[][] {{0.5, 1}, {1.5, -2}}));
    t.put("long", DmFileWriterTest.array(FLOAT64, 1000, k -> k));
    t.put("long pairs", DmFileWriterTest.structArray(new int[] {UINT16, UINT16, UINT16}, new double[100][3]));
    Group unnamed = t.group("list");
    unnamed.add(DmFileWriterTest.scalar(INT32, 10));
    unnamed.add(new Group().put("inner", DmFileWriterTest.scalar(INT32, 11)));
    t.put("twice", DmFileWriterTest.scalar(INT32, 1));
    t.put("twice", DmFileWriterTest.scalar(INT32, 2));

    try (DataFile df = read(version, order, root)) {
      assertThat(df.format()).isEqualTo(version == 4 ? "dm4" : "dm3");
      assertThat(df.datasets()).isEmpty();
      Metadata md = df.metadata();
      assertThat(md.find("Types.int16")).isEqualTo((short) -12345);
      assertThat(md.find("Types.int32")).isEqualTo(-2_000_000_000);
      assertThat(md.find("Types.uint16")).isEqualTo(65535);
      assertThat(md.find("Types.uint32")).isEqualTo(4_000_000_000L);
      assertThat(md.find("Types.float32")).isEqualTo(1.5f);
      assertThat(md.find("Types.float64")).isEqualTo(Math.PI);
      assertThat(md.find("Types.bool")).isEqualTo(true);
      assertThat(md.find("Types.char")).isEqualTo((byte) 'Q');
      assertThat(md.find("Types.octet")).isEqualTo(200);
      assertThat(md.find("Types.int64")).isEqualTo(-(1L << 40));
      assertThat(md.find("Types.uint64")).isEqualTo(BigInteger.ONE.shiftLeft(63).add(BigInteger.valueOf(5)));
      assertThat(md.find("Types.string")).isEqualTo("Gatan");
      assertThat(md.find("Types.struct")).isEqualTo(List.of((short) -3, 2.25));
      assertThat(md.find("Types.floats")).isEqualTo(List.of(1f, 2f, 3.5f));
      assertThat(md.find("Types.text")).isEqualTo("\u00b5m \u00c5 1/nm");
      assertThat(md.find("Types.empty text")).isEqualTo("");
      assertThat(md.find("Types.shorts")).as("uint16 values that are not text").isEqualTo(List.of(1, 2, 3));
      assertThat(md.find("Types.chars")).isEqualTo("abc");
      assertThat(md.find("Types.signed bytes")).isEqualTo(List.of((byte) -1, (byte) 2));
      assertThat(md.find("Types.pairs")).isEqualTo(List.of(List.of(0.5f, 1), List.of(1.5f, -2)));
      assertThat(md.find("Types.long")).isEqualTo("<array 1000 of float64>");
      assertThat(md.find("Types.long pairs")).isEqualTo("<array 100 of struct(uint16,uint16,uint16)>");
      assertThat(md.find("Types.list.0")).isEqualTo(10);
      assertThat(md.find("Types.list.1.inner")).isEqualTo(11);
      assertThat(md.find("Types.twice")).isEqualTo(1);
      assertThat(md.find("Types.twice (2)")).isEqualTo(2);
    }
  }

  private static Group withThumbnail(Group... entries) {
    Group root = new Group();
    Group list = root.group("ImageList");
    list.add(DmFileWriterTest.image("thumb", 23, new int[] {4, 4}, INT32, new byte[64], null));
    for (Group e : entries) list.add(e);
    root.group("Thumbnails").add(new Group().put("ImageIndex", DmFileWriterTest.scalar(UINT32, 0)));
    return root;
  }

  @ParameterizedTest(name = "DM{0} {1}")
  @MethodSource("variants")
  void imageKeepsPixelTypeValuesAndCalibrationInNm(int version, ByteOrder order) throws IOException {
    int w = 5;
    int h = 3;
    byte[] data = bytes(order, UINT16, w * h, k -> (k % w) + 100 * (k / w));
    Group entry = DmFileWriterTest.image("survey", 10, new int[] {w, h}, UINT16, data,
        new Object[][] {{-2, 1.5, "\u00c5"}, {4, 0.002, "\u00b5m"}});
    Group imageTags = (Group) entry.values.get(entry.labels.indexOf("ImageTags"));
    imageTags.group("Microscope Info").put("Voltage", DmFileWriterTest.scalar(FLOAT64, 300000))
        .put("Indicated Magnification", DmFileWriterTest.scalar(FLOAT64, 5e6));
    imageTags.group("DataBar").put("Acquisition Date", DmFileWriterTest.text("3/7/2021"))
        .put("Acquisition Time", DmFileWriterTest.text("12:05:09 AM"))
        .put("Exposure Time (s)", DmFileWriterTest.scalar(FLOAT64, 0.5))
        .put("Device Name", DmFileWriterTest.text("HAADF"));
    try (DataFile df = read(version, order, withThumbnail(entry))) {
      assertThat(df.datasets()).hasSize(1);
      Image im = df.first(Image.class);
      assertThat(im.name()).isEqualTo("survey");
      assertThat(im.pixelType()).isEqualTo(PixelType.UINT16);
      assertThat(im.shape()).containsExactly(h, w);
      for (int r = 0; r < h; r++) for (int c = 0; c < w; c++) assertThat(im.at(c, r)).isEqualTo(c + 100f * r);
      // x: value(i) = (i - (-2)) * 1.5 Å = 0.15 (i + 2) nm; y: (i - 4) * 0.002 µm = 2 (i - 4) nm
      assertThat(im.x().unit()).isEqualTo("nm");
      assertThat(im.x().value(0)).isCloseTo(0.3, within(1e-9));
      assertThat(im.x().scale()).isCloseTo(0.15, within(1e-9));
      assertThat(im.y().value(0)).isCloseTo(-8, within(1e-9));
      assertThat(im.y().scale()).isCloseTo(2, within(1e-9));
      assertThat(im.metadata().summary()).containsEntry(Metadata.VOLTAGE_KV, 300.0)
          .containsEntry(Metadata.MAGNIFICATION, 5e6)
          .containsEntry(Metadata.DATE, "2021-03-07")
          .containsEntry(Metadata.TIME, "00:05:09")
          .containsEntry(Metadata.EXPOSURE_S, 0.5)
          .containsEntry(Metadata.DETECTOR, "HAADF")
          .containsEntry(Metadata.TITLE, "survey");
    }
  }

  @ParameterizedTest(name = "DM{0} {1}")
  @MethodSource("variants")
  void spectrumImageIsReorderedToYXEnergyWithEnergyInEv(int version, ByteOrder order) throws IOException {
    int nx = 3;
    int ny = 2;
    int ne = 5;
    // DM stores the first dimension fastest: file index = x + nx * (y + ny * e)
    byte[] data = bytes(order, FLOAT32, nx * ny * ne, k -> {
      int x = k % nx;
      int y = (k / nx) % ny;
      int e = k / (nx * ny);
      return 1000 * e + 10 * y + x;
    });
    Group entry = DmFileWriterTest.image("si", 2, new int[] {nx, ny, ne}, FLOAT32, data,
        new Object[][] {{0, 2, "nm"}, {0, 2, "nm"}, {-400, 0.001, "keV"}});
    try (DataFile df = read(version, order, withThumbnail(entry))) {
      SpectrumImage si = df.first(SpectrumImage.class);
      assertThat(si.shape()).containsExactly(ny, nx, ne);
      float[] s = new float[ne];
      for (int y = 0; y < ny; y++) {
        for (int x = 0; x < nx; x++) {
          si.spectrum(y, x, s);
          for (int e = 0; e < ne; e++) assertThat(s[e]).isEqualTo(1000f * e + 10 * y + x);
        }
      }
      assertThat(si.energy().unit()).isEqualTo("eV");
      assertThat(si.energy().offset()).isCloseTo(400, within(1e-9));
      assertThat(si.energy().scale()).isCloseTo(1, within(1e-9));
    }
  }

  @ParameterizedTest(name = "DM{0} {1}")
  @MethodSource("variants")
  void spectrumStoredAsOneRowIsASpectrum(int version, ByteOrder order) throws IOException {
    byte[] data = bytes(order, FLOAT64, 7, k -> k * k);
    Group entry = DmFileWriterTest.image("eels", 12, new int[] {7, 1}, FLOAT64, data,
        new Object[][] {{-10, 0.5, "eV"}, {0, 1, ""}});
    try (DataFile df = read(version, order, withThumbnail(entry))) {
      Spectrum s = df.first(Spectrum.class);
      assertThat(s.pixelType()).isEqualTo(PixelType.FLOAT64);
      assertThat(s.energy().offset()).isEqualTo(5.0);
      assertThat(s.energy().scale()).isEqualTo(0.5);
      for (int k = 0; k < 7; k++) assertThat(s.pixels().getDouble(k)).isEqualTo(k * k);
    }
  }

  @ParameterizedTest(name = "DM{0} {1}")
  @MethodSource("variants")
  void threeDimensionsWithoutEnergyAreAStack(int version, ByteOrder order) throws IOException {
    byte[] data = bytes(order, INT16, 4 * 3 * 2, k -> -k);
    Group entry = DmFileWriterTest.image("movie", 1, new int[] {4, 3, 2}, INT16, data, null);
    try (DataFile df = read(version, order, withThumbnail(entry))) {
      ImageStack st = df.first(ImageStack.class);
      assertThat(st.shape()).containsExactly(2, 3, 4);
      assertThat(st.frame().name()).isEqualTo("frame");
      assertThat(st.pixelType()).isEqualTo(PixelType.INT16);
      assertThat(st.frame(1).at(2, 1)).isEqualTo(-(12 + 4 + 2f));
      for (Axis a : st.axes()) assertThat(a.unit()).isEqualTo("px");
      assertThat(st.frameTimesS()).isNull();
    }
    Group timed = DmFileWriterTest.image("timed", 1, new int[] {4, 3, 2}, INT16, data,
        new Object[][] {{0, 1, ""}, {0, 1, ""}, {0, 0.25, "s"}});
    try (DataFile df = read(version, order, withThumbnail(timed))) {
      assertThat(df.first(ImageStack.class).frameTimesS()).containsExactly(0, 0.25);
    }
  }

  @ParameterizedTest(name = "DM{0} {1}")
  @MethodSource("variants")
  void fourDimensionsAreA4dCube(int version, ByteOrder order) throws IOException {
    int qx = 3;
    int qy = 2;
    int rx = 2;
    int ry = 2;
    byte[] data = bytes(order, UINT32, qx * qy * rx * ry, k -> k);
    Group entry = DmFileWriterTest.image("4d", 11, new int[] {qx, qy, rx, ry}, UINT32, data,
        new Object[][] {{0, 0.1, "1/nm"}, {0, 0.1, "1/nm"}, {0, 1, "nm"}, {0, 1, "nm"}});
    try (DataFile df = read(version, order, withThumbnail(entry))) {
      DataCube4D cube = df.first(DataCube4D.class);
      assertThat(cube.shape()).containsExactly(ry, rx, qy, qx);
      assertThat(cube.qx().unit()).isEqualTo("1/nm");
      float[] frame = new float[qy * qx];
      cube.readFrame(1, 1, frame);
      // frame (ry=1, rx=1) starts at flat index (1 * rx + 1) * qy * qx
      for (int k = 0; k < frame.length; k++) assertThat(frame[k]).isEqualTo(3 * 6f + k);
    }
  }

  @ParameterizedTest(name = "DM{0} {1}")
  @MethodSource("variants")
  void fourDimensionsWithTheScanFastestAreReordered(int version, ByteOrder order) throws IOException {
    int rx = 2;
    int ry = 3;
    int qx = 4;
    int qy = 2;
    // stored scan fastest: file index = x + rx * (y + ry * (kx + qx * ky))
    byte[] data = bytes(order, FLOAT32, rx * ry * qx * qy, k -> k);
    Group entry = DmFileWriterTest.image("4d", 2, new int[] {rx, ry, qx, qy}, FLOAT32, data,
        new Object[][] {{0, 1, "nm"}, {0, 1, "nm"}, {0, 0.5, "1/\u00c5"}, {0, 0.5, "1/\u00c5"}});
    try (DataFile df = read(version, order, withThumbnail(entry))) {
      DataCube4D cube = df.first(DataCube4D.class);
      assertThat(cube.shape()).containsExactly(ry, rx, qy, qx);
      assertThat(cube.qx().unit()).isEqualTo("1/nm");
      assertThat(cube.qx().scale()).isCloseTo(5, within(1e-9));
      float[] frame = new float[qy * qx];
      for (int y = 0; y < ry; y++) {
        for (int x = 0; x < rx; x++) {
          cube.readFrame(x, y, frame);
          for (int ky = 0; ky < qy; ky++) {
            for (int kx = 0; kx < qx; kx++) {
              assertThat(frame[ky * qx + kx]).isEqualTo(x + rx * (y + ry * (kx + qx * ky)));
            }
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "DM{0} {1}")
  @MethodSource("variants")
  void colourAndComplexImagesKeepTheirValues(int version, ByteOrder order) throws IOException {
    byte[] rgba = new byte[2 * 3 * 4];
    for (int i = 0; i < rgba.length; i++) rgba[i] = (byte) i;
    Group colour = DmFileWriterTest.image("colour", 23, new int[] {3, 2}, INT32, rgba, null);
    colour.values.set(colour.labels.indexOf("ImageTags"), new Group().put("x", DmFileWriterTest.scalar(INT32, 1)));
    byte[] complex = bytes(order, FLOAT32, 2 * 2 * 2, k -> k % 2 == 0 ? 3 : 4);
    Group cplx = DmFileWriterTest.image("fft", 3, new int[] {2, 2}, FLOAT32, complex, null);
    try (DataFile df = read(version, order, withThumbnail(colour, cplx))) {
      assertThat(df.names()).containsExactly("colour", "fft");
      NdArray c = (NdArray) df.dataset("colour");
      assertThat(c.shape()).containsExactly(2, 3, 4);
      assertThat(c.axes().get(2).name()).isEqualTo("channel");
      assertThat(c.pixelType()).isEqualTo(PixelType.UINT8);
      for (int i = 0; i < rgba.length; i++) assertThat(c.pixels().getDouble(i)).isEqualTo(i);
      Image f = (Image) df.dataset("fft");
      assertThat(f.pixelType()).isEqualTo(PixelType.COMPLEX64);
      assertThat(f.at(1, 1)).isEqualTo(5f);
    }
  }

  @ParameterizedTest(name = "DM{0} {1}")
  @MethodSource("variants")
  void everyDatasetIsExposedAndOnlyTheThumbnailSkipped(int version, ByteOrder order) throws IOException {
    Group a = DmFileWriterTest.image("same", 6, new int[] {2, 2}, OCTET, new byte[] {1, 2, 3, 4}, null);
    Group b = DmFileWriterTest.image("same", 9, new int[] {4}, CHAR, new byte[] {-1, -2, -3, -4}, null);
    Group c = DmFileWriterTest.image("", 14, new int[] {2, 1}, OCTET, new byte[] {0, 1}, null);
    try (DataFile df = read(version, order, withThumbnail(a, b, c))) {
      List<Dataset> ds = df.datasets();
      assertThat(df.names()).containsExactly("same", "same (2)", "image 3");
      assertThat(ds.get(0).kind()).isEqualTo(Kind.IMAGE);
      assertThat(ds.get(1).kind()).isEqualTo(Kind.ARRAY);
      assertThat(ds.get(1).pixelType()).isEqualTo(PixelType.INT8);
      assertThat(((NdArray) ds.get(1)).pixels().getDouble(3)).isEqualTo(-4);
      assertThat(ds.get(2).pixelType()).isEqualTo(PixelType.BOOL);
    }
    // without a Thumbnails group, a leading untagged colour image is taken as the thumbnail
    Group root = new Group();
    Group list = root.group("ImageList");
    list.add(DmFileWriterTest.image("thumb", 23, new int[] {2, 2}, INT32, new byte[16], null));
    list.add(DmFileWriterTest.image("data", 6, new int[] {2, 2}, OCTET, new byte[4], null));
    try (DataFile df = read(version, order, root)) {
      assertThat(df.names()).containsExactly("data");
    }
  }

  /**
   * A CL spectrum image as Gatan's Monarc writes it: x, y in µm and the wavelength in nm stored slowest,
   * tagged {@code "Meta Data".Format = "Spectrum image"}, {@code Signal = CL}. It is a 3 × 2 spectrum image
   * of 4-channel spectra over a wavelength axis (not a stack of 4 frames with a nm frame axis), and eels
   * refuses it as light spectra; a 1-D CL spectrum is a spectrum over a wavelength, not a 1-D array in nm.
   */
  @ParameterizedTest(name = "DM{0} {1}")
  @MethodSource("variants")
  void clSpectrumImageHasAWavelengthAxisNotAFrameAxis(int version, ByteOrder order) throws IOException {
    int nx = 3;
    int ny = 2;
    int nw = 4;
    byte[] data = bytes(order, FLOAT32, nx * ny * nw, k -> 1000 * (k / (nx * ny)) + 10 * ((k / nx) % ny) + k % nx);
    Group si = DmFileWriterTest.image("Monarc_SI", 2, new int[] {nx, ny, nw}, FLOAT32, data,
        new Object[][] {{0, 0.015, "\u00b5m"}, {0, 0.015, "\u00b5m"}, {-2000, 0.25, "nm"}});
    Group spectrum = DmFileWriterTest.image("CL_ccd", 2, new int[] {nw}, FLOAT32, bytes(order, FLOAT32, nw, k -> k),
        new Object[][] {{-800, 0.5, "nm"}});
    for (Group g : List.of(si, spectrum)) {
      Group tags = (Group) g.values.get(g.labels.indexOf("ImageTags"));
      tags.group("Meta Data").put("Format", DmFileWriterTest.text(g == si ? "Spectrum image" : "Spectrum"))
          .put("Signal", DmFileWriterTest.text("CL"));
    }
    try (DataFile df = read(version, order, withThumbnail(si, spectrum))) {
      SpectrumImage cl = (SpectrumImage) df.dataset("Monarc_SI");
      assertThat(cl.shape()).containsExactly(ny, nx, nw);
      float[] s = new float[nw];
      cl.spectrum(1, 2, s);
      assertThat(s).containsExactly(12f, 1012f, 2012f, 3012f);
      assertThat(cl.energy().name()).isEqualTo("wavelength");
      assertThat(cl.energy().unit()).isEqualTo("nm");
      assertThat(cl.energy().offset()).isCloseTo(500, within(1e-9));
      assertThat(cl.energy().scale()).isCloseTo(0.25, within(1e-9));
      assertThat(cl.x().scale()).isCloseTo(15, within(1e-9));
      assertThat(cl.metadata().signal()).isEqualTo("CL");
      Spectrum one = (Spectrum) df.dataset("CL_ccd");
      assertThat(one.energy().name()).isEqualTo("wavelength");
      assertThat(one.energy().value(0)).isCloseTo(400, within(1e-9));
      assertThatThrownBy(() -> org.causalem.spectra.EelsData.choose(df, null))
          .isInstanceOf(org.causalem.data.BadInputException.class).hasMessageContaining("cathodoluminescence");
    }
    // the same array without the format tag stays what its units say: a stack of 4 frames
    try (DataFile df = read(version, order, withThumbnail(DmFileWriterTest.image("plain", 2, new int[] {nx, ny, nw}, FLOAT32, data,
        new Object[][] {{0, 0.015, "\u00b5m"}, {0, 0.015, "\u00b5m"}, {-2000, 0.25, "nm"}})))) {
      assertThat(df.first(ImageStack.class).shape()).containsExactly(nw, ny, nx);
    }
  }

  /**
   * A packed complex FFT (DataType 27) of a 5 × 5 image, as DM's FFT of test_fft_packed_complex8.dm4: 5 rows
   * of 5/2 + 1 = 3 complex64 values (120 bytes), read as the stored half-plane with a note, not refused
   * for "needing 200 bytes"; a Data array of the wrong size names the packing in its error.
   */
  @ParameterizedTest(name = "DM{0} {1}")
  @MethodSource("variants")
  void packedComplexFftIsReadAsItsStoredHalfPlane(int version, ByteOrder order) throws IOException {
    byte[] data = bytes(order, FLOAT32, 5 * 3 * 2, k -> k % 2 == 0 ? 3 * (k / 2) : 4 * (k / 2));
    Group fft = DmFileWriterTest.image("FFT of untitled2", 27, new int[] {5, 5}, FLOAT32, data, null);
    try (DataFile df = read(version, order, withThumbnail(fft))) {
      NdArray a = (NdArray) df.dataset("FFT of untitled2");
      assertThat(a.shape()).containsExactly(5, 3);
      assertThat(a.pixelType()).isEqualTo(PixelType.COMPLEX64);
      assertThat(a.pixels().getDouble(7)).isCloseTo(35, within(1e-6)); // |21 + 28i|
      assertThat(a.metadata().notes()).anySatisfy(n -> assertThat(n).contains("packed complex FFT").contains("half-plane"));
    }
    Group wrong = DmFileWriterTest.image("bad", 27, new int[] {5, 5}, FLOAT32, bytes(order, FLOAT32, 5 * 5 * 2, k -> k), null);
    assertThatThrownBy(() -> read(version, order, withThumbnail(wrong)))
        .isInstanceOf(org.causalem.data.BadInputException.class).hasMessageContaining("packed half-plane FFT of 3×5 values");
  }
}
