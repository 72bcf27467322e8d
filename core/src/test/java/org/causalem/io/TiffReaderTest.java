package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.causalem.data.BadInputException;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;
import org.causalem.data.Image;
import org.causalem.data.ImageStack;
import org.causalem.data.PixelType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TiffReaderTest {
  @TempDir Path dir;

  private Path file(String name, byte[] b) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, b);
    return p;
  }

  /** Seeded sample values valid for the type, as raw bits (floats as their bit patterns). */
  static long[] values(PixelType t, int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      v[i] = switch (t) {
        case FLOAT32 -> Float.floatToRawIntBits((float) (r.nextDouble() * 2000 - 1000)) & 0xFFFFFFFFL;
        case FLOAT64 -> Double.doubleToRawLongBits(r.nextDouble() * 2e6 - 1e6);
        default -> r.nextLong() & ((1L << (8 * t.bytes())) - 1);
      };
    }
    return v;
  }

  /** What a raw sample means. */
  static double meaning(PixelType t, long bits) {
    return switch (t) {
      case UINT8, UINT16, UINT32 -> bits;
      case INT8 -> (byte) bits;
      case INT16 -> (short) bits;
      case INT32 -> (int) bits;
      case FLOAT32 -> Float.intBitsToFloat((int) bits);
      case FLOAT64 -> Double.longBitsToDouble(bits);
      default -> throw new AssertionError(t);
    };
  }

  static int format(PixelType t) { return t.floating() ? 3 : t.signed() ? 2 : 1; }

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource({
      "classic,II,UINT8", "classic,MM,INT8", "classic,II,UINT16", "classic,MM,UINT16", "classic,II,INT16", "classic,MM,INT16",
      "classic,II,UINT32", "classic,MM,INT32", "classic,II,FLOAT32", "classic,MM,FLOAT32", "classic,MM,FLOAT64",
      "big,II,UINT16", "big,MM,UINT16", "big,II,FLOAT32", "big,MM,INT32", "big,MM,FLOAT64"})
  void stripsOfEveryTypeInBothByteOrdersAndBothVariants(String variant, String bo, PixelType type) throws IOException {
    ByteOrder order = bo.equals("II") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    int w = 7, h = 7, rps = 3;
    long[] v = values(type, w * h, type.ordinal() * 7L + variant.length() + bo.hashCode());
    TiffBytes.Page p = TiffBytes.page(w, h, 8 * type.bytes(), format(type), 1).tag(278, TiffBytes.LONG, rps);
    for (int row = 0; row < h; row += rps) {
      int rows = Math.min(rps, h - row);
      long[] part = java.util.Arrays.copyOfRange(v, row * w, (row + rows) * w);
      p.blocks.add(TiffBytes.samples(part, type.bytes(), order));
    }
    Path f = file("t.tif", new TiffBytes(variant.equals("big"), order).build(List.of(p)));
    try (DataFile df = Readers.open(f)) {
      assertThat(df.format()).isEqualTo("tiff");
      Image img = (Image) df.datasets().get(0);
      assertThat(img.pixelType()).isEqualTo(type);
      assertThat(img.width()).isEqualTo(w);
      assertThat(img.height()).isEqualTo(h);
      for (int i = 0; i < v.length; i++) assertThat(img.pixels().getDouble(i)).as("sample %d", i).isEqualTo(meaning(type, v[i]));
    }
  }

  @ParameterizedTest(name = "tiles {0}")
  @CsvSource({"1", "8", "32773"})
  void tilesWithPartialEdgeTiles(int compression) throws IOException {
    int w = 37, h = 21, tw = 16, th = 16;
    long[] v = values(PixelType.UINT16, w * h, 5);
    TiffBytes.Page p = TiffBytes.page(w, h, 16, 1, compression).tag(322, TiffBytes.SHORT, tw).tag(323, TiffBytes.SHORT, th);
    p.tiled = true;
    for (int ty = 0; ty < h; ty += th) {
      for (int tx = 0; tx < w; tx += tw) {
        long[] tile = new long[tw * th]; // padding outside the image is zero
        for (int y = 0; y < th; y++)
          for (int x = 0; x < tw; x++) if (ty + y < h && tx + x < w) tile[y * tw + x] = v[(ty + y) * w + tx + x];
        byte[] raw = TiffBytes.samples(tile, 2, ByteOrder.BIG_ENDIAN);
        p.blocks.add(compression == 8 ? TiffBytes.deflate(raw) : compression == 32773 ? TiffBytes.packBits(raw) : raw);
      }
    }
    Path f = file("tiles.tif", new TiffBytes(false, ByteOrder.BIG_ENDIAN).build(List.of(p)));
    try (DataFile df = Readers.open(f)) {
      Image img = (Image) df.datasets().get(0);
      for (int i = 0; i < v.length; i++) assertThat(img.pixels().getDouble(i)).isEqualTo(v[i]);
    }
  }

  @Test
  void packBitsRunsAndHorizontalAndFloatingPointPredictors() throws IOException {
    // PackBits with long runs
    int w = 300, h = 2;
    long[] v = new long[w * h];
    for (int i = 0; i < v.length; i++) v[i] = (i / 50) % 3 == 0 ? 7 : i & 0xFF;
    TiffBytes.Page pb = TiffBytes.page(w, h, 8, 1, 32773);
    pb.blocks.add(TiffBytes.packBits(TiffBytes.samples(v, 1, ByteOrder.LITTLE_ENDIAN)));
    try (DataFile df = Readers.open(file("pb.tif", new TiffBytes(false, ByteOrder.LITTLE_ENDIAN).build(List.of(pb))))) {
      Image img = (Image) df.datasets().get(0);
      for (int i = 0; i < v.length; i++) assertThat(img.pixels().getDouble(i)).isEqualTo(v[i]);
    }
    // Deflate + horizontal differencing of 16-bit samples, big-endian
    int w2 = 20, h2 = 5;
    long[] u = values(PixelType.UINT16, w2 * h2, 9);
    long[] diff = new long[u.length];
    for (int y = 0; y < h2; y++)
      for (int x = 0; x < w2; x++) diff[y * w2 + x] = x == 0 ? u[y * w2] : (u[y * w2 + x] - u[y * w2 + x - 1]) & 0xFFFF;
    TiffBytes.Page hp = TiffBytes.page(w2, h2, 16, 1, 8).tag(317, TiffBytes.SHORT, 2);
    hp.blocks.add(TiffBytes.deflate(TiffBytes.samples(diff, 2, ByteOrder.BIG_ENDIAN)));
    try (DataFile df = Readers.open(file("pred2.tif", new TiffBytes(false, ByteOrder.BIG_ENDIAN).build(List.of(hp))))) {
      Image img = (Image) df.datasets().get(0);
      for (int i = 0; i < u.length; i++) assertThat(img.pixels().getDouble(i)).isEqualTo(u[i]);
    }
    // Deflate + floating-point predictor: each row as byte planes (most significant first), then byte differences
    long[] f = values(PixelType.FLOAT32, w2 * h2, 11);
    byte[] enc = new byte[f.length * 4];
    for (int y = 0; y < h2; y++) {
      byte[] planes = new byte[w2 * 4];
      for (int x = 0; x < w2; x++)
        for (int j = 0; j < 4; j++) planes[j * w2 + x] = (byte) (f[y * w2 + x] >>> (8 * (3 - j)));
      for (int i = planes.length - 1; i >= 1; i--) planes[i] = (byte) (planes[i] - planes[i - 1]);
      System.arraycopy(planes, 0, enc, y * w2 * 4, planes.length);
    }
    for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
      TiffBytes.Page fp = TiffBytes.page(w2, h2, 32, 3, 8).tag(317, TiffBytes.SHORT, 3);
      fp.blocks.add(TiffBytes.deflate(enc));
      try (DataFile df = Readers.open(file("pred3.tif", new TiffBytes(false, order).build(List.of(fp))))) {
        Image img = (Image) df.datasets().get(0);
        for (int i = 0; i < f.length; i++) assertThat(img.pixels().getDouble(i)).isEqualTo(meaning(PixelType.FLOAT32, f[i]));
      }
    }
  }

  /** The JDK's own TIFF writer as an independent encoder (LZW, Deflate, PackBits; strips and tiles). */
  @ParameterizedTest(name = "ImageIO {0} tiled={1}")
  @CsvSource({"LZW,false", "LZW,true", "Deflate,false", "PackBits,true"})
  void filesFromAnIndependentTiffWriter(String compression, boolean tiled) throws IOException {
    int w = 61, h = 45;
    BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
    WritableRaster r = bi.getRaster();
    SplittableRandom rnd = new SplittableRandom(3);
    int[] truth = new int[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        truth[y * w + x] = (x * 37 + y * 11) % 200 < 100 ? 1000 + x : rnd.nextInt(65536); // runs and noise
        r.setSample(x, y, 0, truth[y * w + x]);
      }
    }
    Path f = dir.resolve("iio.tif");
    ImageWriter writer = null;
    for (Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("tiff"); it.hasNext(); ) {
      ImageWriter cand = it.next();
      if (cand.getClass().getName().startsWith("com.sun.imageio")) writer = cand;
    }
    assertThat(writer).as("JDK TIFF writer").isNotNull();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionType(compression);
    if (tiled) {
      param.setTilingMode(ImageWriteParam.MODE_EXPLICIT);
      param.setTiling(16, 16, 0, 0);
    }
    try (ImageOutputStream out = ImageIO.createImageOutputStream(f.toFile())) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(bi, null, null), param);
    }
    writer.dispose();
    try (DataFile df = Readers.open(f)) {
      Image img = (Image) df.datasets().get(0);
      assertThat(img.pixelType()).isEqualTo(PixelType.UINT16);
      float[] got = img.toFloat();
      for (int i = 0; i < truth.length; i++) assertThat(got[i]).as("pixel %d", i).isEqualTo(truth[i]);
    }
  }

  @Test
  void pagesOfEqualShapeFormAStackOthersStaySeparateAndThumbnailsAreSkipped() throws IOException {
    List<TiffBytes.Page> pages = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      TiffBytes.Page p = TiffBytes.page(4, 3, 8, 1, 1);
      long[] v = new long[12];
      for (int i = 0; i < 12; i++) v[i] = 10 * k + i;
      p.blocks.add(TiffBytes.samples(v, 1, ByteOrder.LITTLE_ENDIAN));
      pages.add(p);
    }
    TiffBytes.Page thumb = TiffBytes.page(2, 2, 8, 1, 1).tag(254, TiffBytes.LONG, 1);
    thumb.blocks.add(new byte[4]);
    pages.add(1, thumb);
    try (DataFile df = Readers.open(file("stack.tif", new TiffBytes(false, ByteOrder.LITTLE_ENDIAN).build(pages)))) {
      assertThat(df.datasets()).hasSize(1);
      ImageStack st = (ImageStack) df.datasets().get(0);
      assertThat(st.shape()).containsExactly(3, 3, 4);
      assertThat(st.frame(2).at(1, 2)).isEqualTo(20 + 9);
    }
    TiffBytes.Page a = TiffBytes.page(4, 3, 8, 1, 1);
    a.blocks.add(new byte[12]);
    TiffBytes.Page b = TiffBytes.page(5, 2, 16, 1, 1);
    b.blocks.add(TiffBytes.samples(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 2, ByteOrder.LITTLE_ENDIAN));
    try (DataFile df = Readers.open(file("mixed.tif", new TiffBytes(false, ByteOrder.LITTLE_ENDIAN).build(List.of(a, b))))) {
      assertThat(df.datasets()).hasSize(2);
      Dataset second = df.datasets().get(1);
      assertThat(second.shape()).containsExactly(2, 5);
      assertThat(((Image) second).at(4, 1)).isEqualTo(10);
    }
  }

  @Test
  void calibrationFromImageJFeiCentimetresButNotDisplayDpi() throws IOException {
    // ImageJ: 4 pixels per micron -> 250 nm; 0.5 s between frames
    List<TiffBytes.Page> pages = new ArrayList<>();
    for (int k = 0; k < 2; k++) {
      TiffBytes.Page p = TiffBytes.page(2, 2, 8, 1, 1).tag(282, TiffBytes.RATIONAL, TiffBytes.rational(4, 1))
          .tag(283, TiffBytes.RATIONAL, TiffBytes.rational(4, 1)).tag(296, TiffBytes.SHORT, 1);
      if (k == 0) p.text(270, "ImageJ=1.53t\nimages=2\nframes=2\nunit=micron\nfinterval=0.5\nloop=false\n");
      p.blocks.add(new byte[4]);
      pages.add(p);
    }
    try (DataFile df = Readers.open(file("ij.tif", new TiffBytes(false, ByteOrder.BIG_ENDIAN).build(pages)))) {
      ImageStack st = (ImageStack) df.datasets().get(0);
      assertThat(st.x().unit()).isEqualTo("nm");
      assertThat(st.x().scale()).isCloseTo(250, within(1e-9));
      assertThat(st.y().scale()).isCloseTo(250, within(1e-9));
      assertThat(st.frame().scale()).isEqualTo(0.5);
      assertThat(st.frame().unit()).isEqualTo("s");
      assertThat(st.frameTimesS()).containsExactly(0, 0.5);
    }
    TiffBytes.Page cm = TiffBytes.page(2, 2, 8, 1, 1).tag(282, TiffBytes.RATIONAL, TiffBytes.rational(1_000_000, 1))
        .tag(283, TiffBytes.RATIONAL, TiffBytes.rational(500_000, 1)).tag(296, TiffBytes.SHORT, 3);
    cm.blocks.add(new byte[4]);
    try (DataFile df = Readers.open(file("cm.tif", new TiffBytes(true, ByteOrder.LITTLE_ENDIAN).build(List.of(cm))))) {
      Image img = (Image) df.datasets().get(0);
      assertThat(img.x().scale()).isCloseTo(10, within(1e-9)); // 1 cm / 1e6 px = 10 nm
      assertThat(img.y().scale()).isCloseTo(20, within(1e-9));
    }
    TiffBytes.Page dpi = TiffBytes.page(2, 2, 8, 1, 1).tag(282, TiffBytes.RATIONAL, TiffBytes.rational(72, 1))
        .tag(283, TiffBytes.RATIONAL, TiffBytes.rational(72, 1)).tag(296, TiffBytes.SHORT, 2);
    dpi.blocks.add(new byte[4]);
    try (DataFile df = Readers.open(file("dpi.tif", new TiffBytes(false, ByteOrder.LITTLE_ENDIAN).build(List.of(dpi))))) {
      assertThat(((Image) df.datasets().get(0)).x().unit()).isEqualTo("px");
    }
    TiffBytes.Page fei = TiffBytes.page(2, 2, 8, 1, 1).tag(282, TiffBytes.RATIONAL, TiffBytes.rational(72, 1))
        .text(34682, "[User]\nDate=05/07/2021\n[EScan]\nPixelWidth=9e-9\n[Scan]\nPixelWidth=2.5e-010\nPixelHeight=2.5e-010\n");
    fei.blocks.add(new byte[4]);
    try (DataFile df = Readers.open(file("fei.tif", new TiffBytes(false, ByteOrder.LITTLE_ENDIAN).build(List.of(fei))))) {
      Image img = (Image) df.datasets().get(0);
      assertThat(img.x().scale()).isCloseTo(0.25, within(1e-12));
      assertThat(img.x().unit()).isEqualTo("nm");
    }
  }

  @Test
  void imageJSliceSpacingGivesTheFrameAxisInNm() throws IOException {
    List<TiffBytes.Page> pages = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      TiffBytes.Page p = TiffBytes.page(2, 2, 8, 1, 1).tag(282, TiffBytes.RATIONAL, TiffBytes.rational(10, 1));
      if (k == 0) p.text(270, "ImageJ=1.53t\nimages=3\nslices=3\nunit=\\u00B5m\nspacing=0.02\nloop=false\n");
      p.blocks.add(new byte[4]);
      pages.add(p);
    }
    try (DataFile df = Readers.open(file("z.tif", new TiffBytes(false, ByteOrder.LITTLE_ENDIAN).build(pages)))) {
      ImageStack st = (ImageStack) df.datasets().get(0);
      assertThat(st.x().scale()).isCloseTo(100, within(1e-9)); // 10 px per µm
      assertThat(st.frame().unit()).isEqualTo("nm");
      assertThat(st.frame().scale()).isCloseTo(20, within(1e-9));
      assertThat(st.frameTimesS()).isNull();
    }
  }

  @Test
  void imageJLargeStackWithOnlyTheFirstDirectory() throws IOException {
    int w = 3, h = 2, n = 4;
    long[] v = new long[w * h * n];
    for (int i = 0; i < v.length; i++) v[i] = Float.floatToRawIntBits(i * 0.5f) & 0xFFFFFFFFL;
    TiffBytes.Page p = TiffBytes.page(w, h, 32, 3, 1).text(270, "ImageJ=1.53t\nimages=4\nslices=4\nloop=false\n");
    // the strip entry covers only the first image; the others follow it
    p.blocks.add(TiffBytes.samples(v, 4, ByteOrder.BIG_ENDIAN));
    p.tag(279, TiffBytes.LONG, (long) w * h * 4);
    try (DataFile df = Readers.open(file("ijbig.tif", new TiffBytes(false, ByteOrder.BIG_ENDIAN).build(List.of(p))))) {
      ImageStack st = (ImageStack) df.datasets().get(0);
      assertThat(st.frames()).isEqualTo(4);
      assertThat(st.frame(3).at(2, 1)).isEqualTo((3 * 6 + 5) * 0.5f);
    }
  }

  @Test
  void corruptStructuresAreBadInputNamingTheFile() throws IOException {
    TiffBytes.Page outside = TiffBytes.page(4, 4, 8, 1, 1).tag(273, TiffBytes.LONG, 1_000_000).tag(279, TiffBytes.LONG, 16);
    expectBad("outside.tif", new TiffBytes(false, ByteOrder.LITTLE_ENDIAN).build(List.of(outside)), "outside the file");
    TiffBytes.Page hugeWidth = TiffBytes.page(4_000_000, 4_000, 8, 1, 1);
    hugeWidth.blocks.add(new byte[16]);
    expectBad("wide.tif", new TiffBytes(false, ByteOrder.LITTLE_ENDIAN).build(List.of(hugeWidth)), "wide.tif");
    TiffBytes.Page jpeg = TiffBytes.page(4, 4, 8, 1, 7);
    jpeg.blocks.add(new byte[16]);
    expectBad("jpeg.tif", new TiffBytes(false, ByteOrder.LITTLE_ENDIAN).build(List.of(jpeg)), "JPEG data cannot be decoded");
    TiffBytes.Page oldJpeg = TiffBytes.page(4, 4, 8, 1, 6);
    oldJpeg.blocks.add(new byte[16]);
    expectBad("ojpeg.tif", new TiffBytes(false, ByteOrder.LITTLE_ENDIAN).build(List.of(oldJpeg)), "compression 6");
    TiffBytes.Page twelve = TiffBytes.page(4, 4, 12, 1, 1);
    twelve.blocks.add(new byte[24]);
    expectBad("twelve.tif", new TiffBytes(false, ByteOrder.LITTLE_ENDIAN).build(List.of(twelve)), "12-bit");
    TiffBytes.Page shortStrip = TiffBytes.page(4, 4, 16, 1, 1);
    shortStrip.blocks.add(new byte[10]);
    expectBad("short.tif", new TiffBytes(false, ByteOrder.LITTLE_ENDIAN).build(List.of(shortStrip)), "short.tif");
    TiffBytes.Page lzw = TiffBytes.page(4, 4, 8, 1, 5);
    lzw.blocks.add(new byte[] {(byte) 0x80, 0x7F, (byte) 0xFF, (byte) 0xFF}); // clear, then a code beyond the table
    expectBad("lzw.tif", new TiffBytes(false, ByteOrder.LITTLE_ENDIAN).build(List.of(lzw)), "LZW");
    // a directory chain that loops back to itself
    TiffBytes.Page one = TiffBytes.page(2, 2, 8, 1, 1);
    one.blocks.add(new byte[4]);
    byte[] b = new TiffBytes(false, ByteOrder.LITTLE_ENDIAN).build(List.of(one));
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int ifd = bb.getInt(4);
    int n = bb.getShort(ifd) & 0xFFFF;
    bb.putInt(ifd + 2 + 12 * n, ifd);
    expectBad("loop.tif", b, "loops");
    // an entry count that runs past the end of the file
    ByteBuffer cb = ByteBuffer.wrap(b.clone()).order(ByteOrder.LITTLE_ENDIAN);
    cb.putShort(ifd, (short) 60000);
    expectBad("count.tif", cb.array(), "60000 entries");
  }

  private void expectBad(String name, byte[] bytes, String fragment) throws IOException {
    Path p = file(name, bytes);
    assertThatThrownBy(() -> Readers.open(p)).as(name).isInstanceOf(BadInputException.class)
        .hasMessageContaining(name).hasMessageContaining(fragment);
  }
}
