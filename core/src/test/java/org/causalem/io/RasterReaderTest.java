package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.causalem.data.BadInputException;
import org.causalem.data.DataFile;
import org.causalem.data.Image;
import org.causalem.data.NdArray;
import org.causalem.data.PixelType;
import org.causalem.workflow.AtomsAnalysis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pictures written here by {@link ImageIO} with known samples (lossless formats; a flat JPEG), read back value for value. */
class RasterReaderTest {
  private static final int W = 23;
  private static final int H = 17;

  @TempDir Path dir;

  private Path write(BufferedImage img, String format, String name) throws IOException {
    Path p = dir.resolve(name);
    assertThat(ImageIO.write(img, format, p.toFile())).as("JDK writer for " + format).isTrue();
    return p;
  }

  private static int[] samples(int n, int bound, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] v = new int[n];
    for (int i = 0; i < n; i++) v[i] = r.nextInt(bound);
    v[0] = 0;
    v[n - 1] = bound - 1;
    return v;
  }

  private static BufferedImage grey(int type, int[] v) {
    BufferedImage img = new BufferedImage(W, H, type);
    img.getRaster().setSamples(0, 0, W, H, 0, v);
    return img;
  }

  private static int[] values(Image img) {
    int[] out = new int[img.width() * img.height()];
    for (int i = 0; i < out.length; i++) out[i] = (int) img.pixels().getDouble(i);
    return out;
  }

  @Test
  void greyPngOf8And16BitsKeepsTheStoredValuesInPx() throws IOException {
    int[] v8 = samples(W * H, 256, 1);
    try (DataFile df = Readers.open(write(grey(BufferedImage.TYPE_BYTE_GRAY, v8), "png", "g8.png"))) {
      assertThat(df.format()).isEqualTo("png");
      Image img = (Image) df.datasets().get(0);
      assertThat(img.pixelType()).isEqualTo(PixelType.UINT8);
      assertThat(img.width()).isEqualTo(W);
      assertThat(img.height()).isEqualTo(H);
      assertThat(values(img)).containsExactly(v8);
      assertThat(img.x().calibrated()).isFalse();
      assertThat(img.metadata().notes()).anyMatch(n -> n.startsWith("PNG records no pixel size (axes in px)"))
          .anyMatch(n -> n.contains("give a known lattice constant or calibrate"));
    }
    int[] v16 = samples(W * H, 65536, 2);
    try (DataFile df = Readers.open(write(grey(BufferedImage.TYPE_USHORT_GRAY, v16), "png", "g16.png"))) {
      Image img = (Image) df.datasets().get(0);
      assertThat(img.pixelType()).isEqualTo(PixelType.UINT16);
      assertThat(values(img)).containsExactly(v16);
    }
  }

  @Test
  void bmpAndGifOfGreyReadAsTheSameImage() throws IOException {
    int[] v = samples(W * H, 256, 3);
    for (String f : new String[] {"bmp", "gif"}) {
      try (DataFile df = Readers.open(write(grey(BufferedImage.TYPE_BYTE_GRAY, v), f, "g." + f))) {
        assertThat(df.format()).isEqualTo(f);
        assertThat(values((Image) df.datasets().get(0))).as(f).containsExactly(v);
      }
    }
  }

  @Test
  void colourWithEqualChannelsIsGreyAndOtherColourIsAChannelArrayThatAtomsRefuses() throws IOException {
    int[] v = samples(W * H, 256, 4);
    BufferedImage same = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < v.length; i++) same.setRGB(i % W, i / W, v[i] * 0x010101);
    try (DataFile df = Readers.open(write(same, "png", "greyrgb.png"))) {
      Image img = (Image) df.datasets().get(0);
      assertThat(values(img)).containsExactly(v);
      assertThat(img.metadata().notes()).anyMatch(n -> n.contains("red = green = blue at every pixel"));
    }
    BufferedImage colour = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < v.length; i++) colour.setRGB(i % W, i / W, v[i] << 16 | (255 - v[i]) << 8 | 7);
    Path p = write(colour, "png", "colour.png");
    try (DataFile df = Readers.open(p)) {
      NdArray a = (NdArray) df.datasets().get(0);
      assertThat(a.axes().stream().map(x -> x.name() + x.size()).toList()).containsExactly("y" + H, "x" + W, "channel3");
      int k = 5 * W + 7;
      assertThat(new double[] {a.pixels().getDouble(3L * k), a.pixels().getDouble(3L * k + 1), a.pixels().getDouble(3L * k + 2)})
          .containsExactly(v[k], 255 - v[k], 7);
    }
    assertThatThrownBy(() -> AtomsAnalysis.read(p, Optional.empty())).isInstanceOf(BadInputException.class)
        .hasMessageContaining("colour.png: holds no Image").hasMessageContaining("A colour rendering holds no counts");
  }

  @Test
  void aTranslucentAlphaIsDroppedFromGreyWithACount() throws IOException {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) img.setRGB(x, y, (x < 3 ? 0x80 : 0xFF) << 24 | (x * 10) * 0x010101);
    try (DataFile df = Readers.open(write(img, "png", "alpha.png"))) {
      Image g = (Image) df.datasets().get(0);
      assertThat(g.at(4, 2)).isEqualTo(40);
      assertThat(g.metadata().notes()).contains("alpha channel dropped: " + 3 * H + " pixels not fully opaque keep their stored grey values");
    }
  }

  @Test
  void aFlatJpegReadsBackExactly() throws IOException {
    int[] v = new int[W * H];
    Arrays.fill(v, 100);
    try (DataFile df = Readers.open(write(grey(BufferedImage.TYPE_BYTE_GRAY, v), "jpeg", "flat.jpg"))) {
      assertThat(df.format()).isEqualTo("jpeg");
      assertThat(values((Image) df.datasets().get(0))).containsOnly(100);
    }
  }

  @Test
  void aTwelveBitJpegIsRefusedAsAKindTheDecoderDoesNotReadNotAsCorrupt() throws IOException {
    int[] v = new int[W * H];
    Arrays.fill(v, 100);
    byte[] bytes = Files.readAllBytes(write(grey(BufferedImage.TYPE_BYTE_GRAY, v), "jpeg", "eight.jpg"));
    int sof = -1;
    for (int i = 2; i + 4 < bytes.length; i++) {
      if ((bytes[i] & 0xFF) == 0xFF && (bytes[i + 1] & 0xFF) == 0xC0) {
        sof = i;
        break;
      }
    }
    assertThat(sof).as("the JDK writer's baseline SOF0 marker").isPositive();
    assertThat(bytes[sof + 4]).as("8-bit precision").isEqualTo((byte) 8);
    bytes[sof + 4] = 12; // the same frame declared with 12-bit samples
    Path p = dir.resolve("twelve.jpg");
    Files.write(p, bytes);
    assertThatThrownBy(() -> Readers.open(p)).isInstanceOf(BadInputException.class).hasMessageContaining("twelve.jpg")
        .hasMessageContaining("the Java decoder does not read").hasMessageContaining("12-bit").hasMessageNotContaining("corrupt");
  }

  /** A JPEG with an APP1 Exif segment after SOI: Make, an Exif IFD with the focal-plane tags, Renishaw's origin tag. */
  static byte[] withExif(byte[] jpeg, String make, double fovX, double fovY, int unit, double ox, double oy) {
    ByteBuffer t = ByteBuffer.allocate(200); // big-endian TIFF
    t.put(new byte[] {'M', 'M', 0, 42}).putInt(8);
    t.putShort((short) 3); // IFD0 at 8: 3 entries, then next-IFD 0 → ends at 8 + 2 + 36 + 4 = 50
    t.putShort((short) 271).putShort((short) 2).putInt(make.length() + 1).putInt(100);
    t.putShort((short) 34665).putShort((short) 4).putInt(1).putInt(50);
    t.putShort((short) 0xFEA0).putShort((short) 10).putInt(2).putInt(120);
    t.putInt(0);
    t.putShort((short) 3); // Exif IFD at 50 → ends at 50 + 2 + 36 + 4 = 92
    t.putShort((short) 41486).putShort((short) 5).putInt(1).putInt(136);
    t.putShort((short) 41487).putShort((short) 5).putInt(1).putInt(144);
    t.putShort((short) 41488).putShort((short) 3).putInt(1).putShort((short) unit).putShort((short) 0);
    t.putInt(0);
    t.position(100).put((make + "\0").getBytes(StandardCharsets.ISO_8859_1));
    t.position(120).putInt((int) Math.round(ox * 1000)).putInt(1000).putInt((int) Math.round(oy * 1000)).putInt(1000);
    t.position(136).putInt((int) Math.round(fovX * 1000)).putInt(1000).putInt((int) Math.round(fovY * 1000)).putInt(1000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0xFF);
    out.write(0xD8);
    out.write(0xFF);
    out.write(0xE1);
    int len = 2 + 6 + t.capacity();
    out.write(len >> 8);
    out.write(len & 0xFF);
    out.writeBytes("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(t.array());
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  @Test
  void aRenishawJpegIsCalibratedFromItsFieldOfViewAndOtherMakesAreNot() throws IOException {
    int[] v = new int[W * H];
    Arrays.fill(v, 60);
    byte[] jpeg = Files.readAllBytes(write(grey(BufferedImage.TYPE_BYTE_GRAY, v), "jpeg", "plain.jpg"));
    Path p = Files.write(dir.resolve("wire.jpg"), withExif(jpeg, "Renishaw", 46.0, 34.0, 5, 1500.25, -20.5));
    try (DataFile df = Readers.open(p)) {
      Image img = (Image) df.datasets().get(0);
      assertThat(img.x().unit()).isEqualTo("nm");
      assertThat(img.x().scale()).isCloseTo(46.0e3 / W, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(img.y().scale()).isCloseTo(34.0e3 / H, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(img.x().offset()).isCloseTo(1500.25e3, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(img.y().offset()).isCloseTo(-20.5e3, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(img.metadata().notes()).anyMatch(n -> n.startsWith("pixel size from Renishaw's EXIF: field of view 46 × 34 µm"));
      assertThat(values(img)).containsOnly(60);
    }
    Path q = Files.write(dir.resolve("camera.jpg"), withExif(jpeg, "Canon", 46.0, 34.0, 5, 0, 0));
    try (DataFile df = Readers.open(q)) {
      assertThat(((Image) df.datasets().get(0)).x().calibrated()).isFalse();
    }
  }

  @Test
  void anExifMakeClaimingTwoGigabytesIsIgnoredWithoutAllocatingThem() throws IOException {
    int[] v = new int[W * H];
    Arrays.fill(v, 70);
    byte[] jpeg = Files.readAllBytes(write(grey(BufferedImage.TYPE_BYTE_GRAY, v), "jpeg", "plain.jpg"));
    byte[] b = withExif(jpeg, "Renishaw", 46.0, 34.0, 5, 0, 0);
    // the Make entry's count: SOI, APP1 marker and length (6 bytes), "Exif\0\0" (6), then IFD0 at 8 + 2, count at +4
    assertThat(ByteBuffer.wrap(b).getInt(12 + 10 + 4)).isEqualTo("Renishaw".length() + 1);
    ByteBuffer.wrap(b).putInt(12 + 10 + 4, Integer.MAX_VALUE);
    Path p = Files.write(dir.resolve("lying.jpg"), b);
    try (DataFile df = Readers.open(p)) {
      Image img = (Image) df.datasets().get(0);
      assertThat(img.x().calibrated()).isFalse();
      assertThat(values(img)).containsOnly(70);
    }
  }

  @Test
  void aTruncatedPngIsRefusedNamingTheFile() throws IOException {
    byte[] full = Files.readAllBytes(write(grey(BufferedImage.TYPE_BYTE_GRAY, samples(W * H, 256, 5)), "png", "whole.png"));
    Path p = Files.write(dir.resolve("cut.png"), Arrays.copyOf(full, full.length / 2));
    assertThatThrownBy(() -> Readers.open(p)).isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("cut.png: corrupt or truncated PNG file").hasMessageEndingWith("expected a complete PNG image");
  }

  @Test
  void aHeaderClaimingAHugePictureIsRefusedBeforeDecoding() throws IOException {
    byte[] b = Files.readAllBytes(write(grey(BufferedImage.TYPE_BYTE_GRAY, samples(W * H, 256, 7)), "png", "small.png"));
    ByteBuffer.wrap(b).putInt(16, 60000).putInt(20, 60000); // IHDR width and height
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(b, 12, 17); // chunk type and data
    ByteBuffer.wrap(b).putInt(29, (int) crc.getValue());
    Path p = Files.write(dir.resolve("huge.png"), b);
    assertThatThrownBy(() -> Readers.open(p)).isInstanceOf(BadInputException.class)
        .hasMessage("huge.png: PNG header says 60000 × 60000 pixels; at most " + (1L << 27) + " pixels supported");
  }

  @Test
  void theFormatComesFromTheBytesNotTheName() throws IOException {
    Path png = write(grey(BufferedImage.TYPE_BYTE_GRAY, samples(W * H, 256, 6)), "png", "picture.dat");
    try (DataFile df = Readers.open(png)) {
      assertThat(df.format()).isEqualTo("png");
    }
  }
}
