package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.causalem.data.Axis;
import org.causalem.data.DataCube4D;
import org.causalem.data.DataFile;
import org.causalem.data.Image;
import org.causalem.data.ImageStack;
import org.causalem.data.Metadata;
import org.causalem.data.NdArray;
import org.causalem.data.PixelType;
import org.causalem.data.Pixels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WritersTest {
  @TempDir Path dir;

  static float[] noise(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = (float) (r.nextGaussian() * 100);
    return v;
  }

  // ---------------------------------------------------------------- NPY

  @Test
  void npyFloat32HeaderFollowsTheSpecificationAndRoundTrips() throws IOException {
    float[] v = noise(2 * 3 * 5, 1);
    Path p = dir.resolve("a.npy");
    NpyWriter.write(p, v, 2, 3, 5);
    byte[] b = Files.readAllBytes(p);
    assertThat(b[0] & 0xFF).isEqualTo(0x93);
    assertThat(new String(b, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
    assertThat(b[6]).isEqualTo((byte) 1);
    int hl = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
    assertThat((10 + hl) % 64).isZero();
    String header = new String(b, 10, hl, StandardCharsets.US_ASCII);
    assertThat(header).contains("'descr': '<f4'").contains("'fortran_order': False").contains("'shape': (2, 3, 5)").endsWith("\n");
    assertThat(b.length).isEqualTo(10 + hl + v.length * 4);
    ByteBuffer data = ByteBuffer.wrap(b, 10 + hl, v.length * 4).slice().order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < v.length; i++) assertThat(data.getFloat(4 * i)).isEqualTo(v[i]);
    try (DataFile df = Readers.open(p)) {
      ImageStack st = (ImageStack) df.datasets().get(0);
      assertThat(st.shape()).containsExactly(2, 3, 5);
      assertThat(st.pixels().toFloatArray()).containsExactly(v);
    }
  }

  @ParameterizedTest
  @EnumSource(PixelType.class)
  void npyEveryTypeInBothByteOrdersRoundTrips(PixelType type) throws IOException {
    for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
      int n = 12;
      byte[] raw = new byte[n * type.bytes()];
      new SplittableRandom(type.ordinal()).nextBytes(raw);
      if (type == PixelType.BOOL) for (int i = 0; i < n; i++) raw[i] &= 1;
      Pixels px = Pixels.ofBytes(type, ByteBuffer.wrap(raw).order(order), n);
      Path p = dir.resolve(type + "-" + order + ".npy");
      NpyWriter.write(p, px, 3, 4);
      try (DataFile df = Readers.open(p)) {
        Image img = (Image) df.datasets().get(0);
        assertThat(img.pixelType()).isEqualTo(type);
        for (int i = 0; i < n; i++) {
          double a = img.pixels().getDouble(i);
          double e = px.getDouble(i);
          assertThat(Double.doubleToLongBits(a)).as("%s %s value %d", type, order, i).isEqualTo(Double.doubleToLongBits(e));
        }
      }
    }
  }

  @Test
  void npyDoublesIntsCubesAndOtherShapes() throws IOException {
    double[] d = {1e-300, -2.5, 7};
    NpyWriter.write(dir.resolve("d.npy"), d, 3);
    try (DataFile df = Readers.open(dir.resolve("d.npy"))) {
      assertThat(df.datasets().get(0).pixelType()).isEqualTo(PixelType.FLOAT64);
      assertThat(((org.causalem.data.Spectrum) df.datasets().get(0)).pixels().toDoubleArray()).containsExactly(d);
    }
    int[] iv = {Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE, 5, 6};
    NpyWriter.write(dir.resolve("i.npy"), iv, 1, 1, 2, 3, 1);
    try (DataFile df = Readers.open(dir.resolve("i.npy"))) {
      NdArray a = (NdArray) df.datasets().get(0);
      assertThat(a.shape()).containsExactly(1, 1, 2, 3, 1);
      for (int i = 0; i < iv.length; i++) assertThat(a.pixels().getDouble(i)).isEqualTo(iv[i]);
    }
    // a cube streams frame by frame as float32
    float[] cubeValues = noise(2 * 3 * 4 * 5, 7);
    DataCube4D cube = DataCube4D.inMemory("c", Pixels.ofFloats(cubeValues), Axis.pixels("ry", 2), Axis.pixels("rx", 3),
        Axis.pixels("qy", 4), Axis.pixels("qx", 5), Metadata.EMPTY);
    NpyWriter.write(dir.resolve("c.npy"), cube);
    try (DataFile df = Readers.open(dir.resolve("c.npy"))) {
      DataCube4D back = (DataCube4D) df.datasets().get(0);
      float[] f = new float[20];
      back.readFrame(2, 1, f);
      for (int i = 0; i < 20; i++) assertThat(f[i]).isEqualTo(cubeValues[(1 * 3 + 2) * 20 + i]);
    }
    assertThatThrownBy(() -> NpyWriter.write(dir.resolve("x.npy"), new float[5], 2, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(2, 3)");
    assertThat(dir.resolve("x.npy")).doesNotExist();
  }

  @Test
  void npyHeaderLongerThan64KiBUsesVersion2() throws IOException {
    long[] shape = new long[25000]; // header text > 65535 bytes: "1, " per axis
    java.util.Arrays.fill(shape, 1);
    Path p = dir.resolve("v2.npy");
    NpyWriter.write(p, new float[] {42}, shape);
    byte[] b = Files.readAllBytes(p);
    assertThat(b[6]).isEqualTo((byte) 2);
    long hl = ByteBuffer.wrap(b, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
    assertThat((12 + hl) % 64).isZero();
    try (DataFile df = Readers.open(p)) {
      assertThat(df.datasets().get(0).shape()).hasSize(25000);
    }
  }

  // ---------------------------------------------------------------- TIFF

  @Test
  void tiffFloatImageRoundTripsWithPixelSizeAndOpensInAnIndependentReader() throws IOException {
    int w = 33, h = 17;
    float[] v = noise(w * h, 3);
    Image img = new Image("haadf", Pixels.ofFloats(v), new Axis("y", h, 0, 0.0123, "nm"), new Axis("x", w, 0, 0.0123, "nm"), Metadata.EMPTY);
    Path p = dir.resolve("img.tif");
    TiffWriter.write(p, img);
    try (DataFile df = Readers.open(p)) {
      Image back = (Image) df.datasets().get(0);
      assertThat(back.pixelType()).isEqualTo(PixelType.FLOAT32);
      assertThat(back.toFloat()).containsExactly(v);
      assertThat(back.x().unit()).isEqualTo("nm");
      assertThat(back.x().scale()).isCloseTo(0.0123, within(0.0123 * 1e-6));
      assertThat(back.y().scale()).isCloseTo(0.0123, within(0.0123 * 1e-6));
    }
    Raster r = readWithJdk(p, 0);
    assertThat(r.getWidth()).isEqualTo(w);
    for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) assertThat(r.getSampleFloat(x, y, 0)).isEqualTo(v[y * w + x]);
    // ImageJ description and resolution tags as ImageJ reads them
    byte[] b = Files.readAllBytes(p);
    String text = new String(b, StandardCharsets.ISO_8859_1);
    assertThat(text).contains("ImageJ=").contains("unit=nm");
  }

  @Test
  void tiffStackRoundTripsWithFrameIntervalInClassicAndBigTiff() throws IOException {
    int w = 8, h = 6, n = 5;
    float[] v = noise(w * h * n, 4);
    ImageStack st = new ImageStack("movie", Pixels.ofFloats(v), new Axis("frame", n, 0, 0.25, "s"),
        new Axis("y", h, 0, 2, "1/nm"), new Axis("x", w, 0, 2, "1/nm"), null, null, Metadata.EMPTY);
    for (boolean big : new boolean[] {false, true}) {
      Path p = dir.resolve("stack" + big + ".tif");
      TiffWriter.write(p, st.pixels(), w, h, n, st.x(), st.y(), st.frame(), big);
      byte[] head = Files.readAllBytes(p);
      assertThat(head[2]).isEqualTo((byte) (big ? 43 : 42));
      try (DataFile df = Readers.open(p)) {
        ImageStack back = (ImageStack) df.datasets().get(0);
        assertThat(back.shape()).containsExactly(n, h, w);
        assertThat(back.pixels().toFloatArray()).containsExactly(v);
        assertThat(back.frame().scale()).isEqualTo(0.25);
        assertThat(back.x().unit()).isEqualTo("1/nm");
        assertThat(back.x().scale()).isCloseTo(2, within(2e-6));
      }
      if (!big) { // the JDK reader knows classic TIFF only
        Raster last = readWithJdk(p, n - 1);
        assertThat(last.getSampleFloat(w - 1, h - 1, 0)).isEqualTo(v[v.length - 1]);
      }
    }
    // uncalibrated convenience
    TiffWriter.write(dir.resolve("plain.tif"), new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
    try (DataFile df = Readers.open(dir.resolve("plain.tif"))) {
      Image back = (Image) df.datasets().get(0);
      assertThat(back.x().unit()).isEqualTo("px");
      assertThat(back.at(2, 1)).isEqualTo(6);
    }
  }

  @Test
  void rationalsAreAccurate() {
    for (double v : new double[] {1e-4, 0.0123, 1, 81.3008, 1e6, 3e9}) {
      long[] r = TiffWriter.rational(v);
      assertThat(r[0]).isBetween(1L, 0xFFFFFFFFL);
      assertThat(r[1]).isBetween(1L, 0xFFFFFFFFL);
      assertThat((double) r[0] / r[1]).isCloseTo(v, within(v * 1e-6));
    }
  }

  private static Raster readWithJdk(Path p, int page) throws IOException {
    for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("tiff"); it.hasNext(); ) {
      ImageReader r = it.next();
      if (!r.getClass().getName().startsWith("com.sun.imageio")) continue;
      try (ImageInputStream in = ImageIO.createImageInputStream(p.toFile())) {
        r.setInput(in);
        return r.read(page).getRaster();
      } finally {
        r.dispose();
      }
    }
    throw new AssertionError("no JDK TIFF reader");
  }

  // ---------------------------------------------------------------- PNG

  @Test
  void pngGrayMapsTheContrastWindowLinearly() throws IOException {
    float[] v = {0, 40, 100, 200, Float.NaN, -10};
    Path p = dir.resolve("fig.png");
    PngWriter.writeGray(p, Image.of(v, 3, 2), 0, 100);
    BufferedImage bi = ImageIO.read(p.toFile());
    assertThat(bi.getWidth()).isEqualTo(3);
    assertThat(bi.getHeight()).isEqualTo(2);
    Raster r = bi.getRaster();
    assertThat(r.getSample(0, 0, 0)).isEqualTo(0);
    assertThat(r.getSample(1, 0, 0)).isEqualTo(102); // 40 % of 255
    assertThat(r.getSample(2, 0, 0)).isEqualTo(255);
    assertThat(r.getSample(0, 1, 0)).isEqualTo(255);
    assertThat(r.getSample(1, 1, 0)).isEqualTo(0);
    assertThat(r.getSample(2, 1, 0)).isEqualTo(0);
    float[] ramp = new float[101];
    for (int i = 0; i < ramp.length; i++) ramp[i] = i;
    PngWriter.writeGrayPercentiles(dir.resolve("ramp.png"), Image.of(ramp, 101, 1), 10, 90);
    Raster rr = ImageIO.read(dir.resolve("ramp.png").toFile()).getRaster();
    assertThat(rr.getSample(10, 0, 0)).isEqualTo(0);
    assertThat(rr.getSample(50, 0, 0)).isEqualTo(128);
    assertThat(rr.getSample(90, 0, 0)).isEqualTo(255);
    assertThatThrownBy(() -> PngWriter.writeGray(dir.resolve("bad.png"), Image.of(v, 3, 2), 5, 5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
