package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.causalem.data.Axis;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;
import org.causalem.data.Image;
import org.causalem.data.ImageStack;
import org.causalem.data.Metadata;
import org.causalem.data.NdArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Known-answer tests of the vendor calibrations of {@link TiffReader}: small synthetic files carrying the
 * tag sets found in real JEOL SightX, FEI/Thermo navigation-camera, Zeiss SEM, DigitalMicrograph-exported,
 * Hamamatsu streak-camera and ImageJ files, with calibrations computed here by hand.
 */
class TiffVendorCalibrationTest {
  @TempDir Path dir;

  private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

  private DataFile open(String name, List<TiffBytes.Page> pages) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, new TiffBytes(false, LE).build(pages));
    return Readers.open(p);
  }

  /** A 4×4 uint16 page with SightX's display resolution (93 dpi) and the given XML description. */
  private static TiffBytes.Page jeolPage(String xml) {
    TiffBytes.Page p = TiffBytes.page(4, 4, 16, 1, 1).text(271, "JEOL Ltd.").text(272, "JEM-ARM200F").text(270, xml)
        .tag(282, TiffBytes.RATIONAL, TiffBytes.rational(93, 1)).tag(283, TiffBytes.RATIONAL, TiffBytes.rational(93, 1))
        .tag(296, TiffBytes.SHORT, 2);
    p.blocks.add(new byte[32]);
    return p;
  }

  private static String sightX(String eos, String mode, String selector, String unit, boolean pixelsPerMeter) {
    return "<?xml version=\"1.0\"?>\r\n<TemReporter xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\r\n"
        + "  <Manufacturer>JEOL Ltd.</Manufacturer>\r\n"
        + "  <ElectronGun>\r\n    <AccelerationVoltage>200000</AccelerationVoltage>\r\n  </ElectronGun>\r\n"
        + "  <Eos>\r\n    <EosMode>" + eos + "</EosMode>\r\n  </Eos>\r\n"
        + "  <ImageFormingSystem>\r\n    <ModeString>" + mode + "</ModeString>\r\n    <SelectorValue>" + selector
        + "</SelectorValue>\r\n    <SelectorString>X</SelectorString>\r\n    <SelectorUnitString>" + unit + "</SelectorUnitString>\r\n"
        + "  </ImageFormingSystem>\r\n"
        + (pixelsPerMeter ? "  <Measurement><MeasurementFormat><DrawImageInformation>\r\n    <ImageSize><Width>4</Width><Height>4</Height></ImageSize>\r\n"
            + "    <PixelsPerMeter>\r\n      <Horizontal>3642</Horizontal>\r\n      <Vertical>3642</Vertical>\r\n    </PixelsPerMeter>\r\n"
            + "  </DrawImageInformation></MeasurementFormat></Measurement>\r\n" : "")
        + "</TemReporter>";
  }

  @Test
  void jeolSightXTemImageIsScreenPitchOverMagnificationNotTheDpi() throws IOException {
    // one screen pixel is 1/3642 m; at ×150 000 that is 1e9 / (3642 × 150000) nm = 1.830496 nm on the specimen
    try (DataFile df = open("tem.tif", List.of(jeolPage(sightX("eosTEM", "MAG", "150000", "X", true))))) {
      Image img = (Image) df.datasets().get(0);
      assertThat(img.x().unit()).isEqualTo("nm");
      assertThat(img.x().scale()).isCloseTo(1.0e9 / (3642.0 * 150000), within(1e-9));
      assertThat(img.y().scale()).isCloseTo(1.830496, within(1e-6));
      assertThat(img.metadata().summary()).containsEntry(Metadata.MAGNIFICATION, 150000.0).containsEntry(Metadata.VOLTAGE_KV, 200.0);
      assertThat(img.metadata().notes()).anyMatch(n -> n.contains("nominal magnification 150000"));
    }
    // without PixelsPerMeter the pitch is the 93 dpi of the resolution tags: 0.0254 m / 93 / 150000 = 1.820789 nm
    try (DataFile df = open("tem-dpi.tif", List.of(jeolPage(sightX("eosTEM", "MAG", "150000", "X", false))))) {
      Image img = (Image) df.datasets().get(0);
      assertThat(img.x().scale()).isCloseTo(0.0254 / 93 / 150000 * 1e9, within(1e-9));
      assertThat(img.metadata().notes()).anyMatch(n -> n.contains("XResolution"));
    }
  }

  @Test
  void jeolSightXDiffractionIsReciprocalFromCameraLengthAndWavelength() throws IOException {
    // 200 kV electrons: λ = 2.5079 pm (tabulated); q per pixel = (1/3642 m) / (0.400 m × λ) = 0.27371 1/nm
    double expected = (1 / 3642.0) / (0.400 * 2.5079e-12) * 1e-9;
    try (DataFile df = open("saed.tif", List.of(jeolPage(sightX("eosTEM", "DIFF", "400", "mm", true))))) {
      Image img = (Image) df.datasets().get(0);
      assertThat(img.x().unit()).isEqualTo("1/nm");
      assertThat(img.x().scale()).isCloseTo(expected, within(expected * 1e-4));
      assertThat(img.metadata().summary()).containsEntry(Metadata.CAMERA_LENGTH_MM, 400.0).containsEntry(Metadata.SIGNAL, "diffraction");
      assertThat(img.metadata().notes()).anyMatch(n -> n.contains("camera length 400 mm"));
    }
    // 40 cm is the same camera length
    try (DataFile df = open("saed-cm.tif", List.of(jeolPage(sightX("eosTEM", "DIFF", "40", "cm", true))))) {
      assertThat(((Image) df.datasets().get(0)).x().scale()).isCloseTo(expected, within(expected * 1e-4));
    }
  }

  @Test
  void jeolSightXStemScreenImageIsUncalibratedWithANote() throws IOException {
    try (DataFile df = open("ronchi.tif", List.of(jeolPage(sightX("eosASID", "MAG", "400000", "X", true))))) {
      Image img = (Image) df.datasets().get(0);
      assertThat(img.x().unit()).isEqualTo("px");
      assertThat(img.y().unit()).isEqualTo("px");
      assertThat(img.metadata().notes()).anyMatch(n -> n.contains("Ronchigram"));
      assertThat(img.metadata().summary()).doesNotContainKey(Metadata.MAGNIFICATION);
    }
  }

  @Test
  void printResolutionIsNotACalibration() throws IOException {
    // 93 dpi alone (no vendor tags): a 273 µm pixel is the screen's, not the specimen's
    TiffBytes.Page p = TiffBytes.page(4, 4, 8, 1, 1).tag(282, TiffBytes.RATIONAL, TiffBytes.rational(93, 1))
        .tag(283, TiffBytes.RATIONAL, TiffBytes.rational(93, 1)).tag(296, TiffBytes.SHORT, 2);
    p.blocks.add(new byte[16]);
    try (DataFile df = open("dpi93.tif", List.of(p))) {
      Image img = (Image) df.datasets().get(0);
      assertThat(img.x().unit()).isEqualTo("px");
      assertThat(img.metadata().notes()).anyMatch(n -> n.contains("XResolution 93 pixels per inch") && n.contains("print or screen"));
    }
  }

  @Test
  void feiNavigationCameraUsesTheBeamsFieldWidth() throws IOException {
    String fei = "[User]\r\nDate=05/17/2022\r\n[Beam]\r\nHV=\r\nBeam=IRBeam\r\n[IRBeam]\r\nHFW=0.2048\r\nVFW=0.1024\r\n"
        + "[Image]\r\nResolutionX=4\r\nResolutionY=2\r\n[Detectors]\r\nName=Nav-Cam\r\n";
    TiffBytes.Page p = TiffBytes.page(4, 4, 8, 1, 1).tag(282, TiffBytes.RATIONAL, TiffBytes.rational(96, 1)).text(34682, fei);
    p.blocks.add(new byte[16]);
    try (DataFile df = open("navcam.tif", List.of(p))) {
      Image img = (Image) df.datasets().get(0);
      assertThat(img.x().scale()).isCloseTo(0.2048 / 4 * 1e9, within(1e-3)); // 51.2 mm per pixel
      assertThat(img.y().scale()).isCloseTo(0.1024 / 2 * 1e9, within(1e-3));
      assertThat(img.metadata().notes()).anyMatch(n -> n.contains("[IRBeam] field width HFW"));
    }
    // no section for the named beam: no calibration
    TiffBytes.Page q = TiffBytes.page(4, 4, 8, 1, 1).text(34682, "[Beam]\r\nBeam=IRBeam\r\n[Image]\r\nResolutionX=4\r\n");
    q.blocks.add(new byte[16]);
    try (DataFile df = open("navcam-bare.tif", List.of(q))) {
      assertThat(((Image) df.datasets().get(0)).x().unit()).isEqualTo("px");
    }
  }

  /** Zeiss 34118: a block of numbers (the fourth is AP_PIXEL_SIZE in m), then name / label = value pairs. */
  private static String zeiss(String pixelSizeM, String pairs) {
    return "0\r\n0\r\n0\r\n" + pixelSizeM + "\r\n5.000000e+004\r\n6\r\n68\r\n" + pairs;
  }

  @Test
  void zeissSemImagePixelSizeWithTheHeadersDigitsAndFieldWidthFallback() throws IOException {
    // 2048 px wide: AP_PIXEL_SIZE 24.65 nm refers to 1024 px; the stored pixel is 12.33 nm (text), 2.465245e-8 × 1024 / 2048 (header)
    String text = zeiss("2.465245e-008", "AP_PIXEL_SIZE\r\nPixel Size = 24.65 nm\r\nAP_WIDTH\r\nWidth = 50.49 \u00B5m\r\n"
        + "AP_IMAGE_PIXEL_SIZE\r\nImage Pixel Size = 12.33 nm\r\nAP_MAG\r\nMag =    4.53 K X\r\nAP_ACTUALKV\r\nEHT =  1.80 kV\r\n"
        + "DP_DETECTOR_CHANNEL\r\nSignal A = InLens\r\n");
    TiffBytes.Page p = TiffBytes.page(2048, 1, 8, 1, 1).tag(282, TiffBytes.RATIONAL, TiffBytes.rational(1, 1)).text(34118, text);
    p.blocks.add(new byte[2048]);
    try (DataFile df = open("zeiss.tif", List.of(p))) {
      Image img = (Image) df.datasets().get(0);
      assertThat(img.x().unit()).isEqualTo("nm");
      assertThat(img.x().scale()).isCloseTo(12.326225, within(1e-9));
      assertThat((Double) img.metadata().summary().get(Metadata.MAGNIFICATION)).isCloseTo(4530, within(1e-9));
      assertThat(img.metadata().summary()).containsEntry(Metadata.VOLTAGE_KV, 1.8).containsEntry(Metadata.DETECTOR, "InLens");
    }
    // older software: no AP_IMAGE_PIXEL_SIZE, no header; field width 5.965 µm (µ as the Latin-1 byte) over 512 px
    String old = "AP_PIXEL_SIZE\r\nPixel Size = 5.825 nm\r\nAP_WIDTH\r\nWidth = 5.965 \u00B5m\r\n";
    TiffBytes.Page q = TiffBytes.page(512, 1, 8, 1, 1).text(34118, old);
    q.blocks.add(new byte[512]);
    try (DataFile df = open("zeiss-old.tif", List.of(q))) {
      Image img = (Image) df.datasets().get(0);
      assertThat(img.x().scale()).isCloseTo(5965.0 / 512, within(1e-9));
    }
  }

  private static long dbl(double v) { return Double.doubleToRawLongBits(v); }

  @Test
  void digitalMicrographExportTagsGiveXYOriginsAndTheFrameInterval() throws IOException {
    List<TiffBytes.Page> pages = new ArrayList<>();
    for (int k = 0; k < 2; k++) {
      TiffBytes.Page p = TiffBytes.page(4, 4, 8, 1, 1).tag(282, TiffBytes.RATIONAL, TiffBytes.rational(72, 1)).tag(296, TiffBytes.SHORT, 2)
          .text(65003, "\u00B5m").text(65004, "\u00B5m").text(65005, "s")
          .tag(65006, TiffBytes.DOUBLE, dbl(10)).tag(65007, TiffBytes.DOUBLE, dbl(-2)).tag(65008, TiffBytes.DOUBLE, dbl(0))
          .tag(65009, TiffBytes.DOUBLE, dbl(0.5)).tag(65010, TiffBytes.DOUBLE, dbl(2)).tag(65011, TiffBytes.DOUBLE, dbl(2.5));
      p.blocks.add(new byte[16]);
      pages.add(p);
    }
    try (DataFile df = open("dm.tif", pages)) {
      ImageStack st = (ImageStack) df.datasets().get(0);
      assertThat(st.x()).isEqualTo(new Axis("x", 4, 10000, 500, "nm"));
      assertThat(st.y()).isEqualTo(new Axis("y", 4, -2000, 2000, "nm"));
      assertThat(st.frame().unit()).isEqualTo("s");
      assertThat(st.frame().scale()).isEqualTo(2.5);
    }
  }

  @Test
  void olympusSisStructureGivesPixelSizeAndMagnification() throws IOException {
    TiffBytes.Page p = TiffBytes.page(4, 4, 16, 1, 1).tag(282, TiffBytes.RATIONAL, TiffBytes.rational(72, 1)).tag(296, TiffBytes.SHORT, 2);
    p.blocks.add(new byte[32]);
    int n = new TiffBytes(false, LE).build(List.of(p.tag(33560, TiffBytes.LONG, 0))).length;
    byte[] head = new TiffBytes(false, LE).build(List.of(p.tag(33560, TiffBytes.LONG, n)));
    // SIS0 header (60 bytes, entry count at 58), one entry (type 1 at n + 68), its data: 10^-9 × 0.25 / 0.5 m, ×600 000
    ByteBuffer sis = ByteBuffer.allocate(68 + 44).order(LE);
    sis.put(new byte[] {'S', 'I', 'S', '0'}).putShort(58, (short) 1);
    sis.putShort(60, (short) 1).putShort(62, (short) 1).putInt(64, n + 68);
    sis.putShort(68 + 10, (short) -9).putDouble(68 + 12, 0.25).putDouble(68 + 20, 0.5).putDouble(68 + 36, 600000);
    Path f = dir.resolve("sis.tif");
    byte[] all = java.util.Arrays.copyOf(head, n + sis.capacity());
    System.arraycopy(sis.array(), 0, all, n, sis.capacity());
    Files.write(f, all);
    try (DataFile df = Readers.open(f)) {
      Image img = (Image) df.datasets().get(0);
      assertThat(img.x().scale()).isCloseTo(0.25, within(1e-12));
      assertThat(img.y().scale()).isCloseTo(0.5, within(1e-12));
      assertThat(img.metadata().summary()).containsEntry(Metadata.MAGNIFICATION, 600000.0);
      assertThat(img.metadata().notes()).anyMatch(m -> m.contains("Olympus SIS"));
    }
  }

  /** A Hamamatsu page whose [Scaling] points at {@code offset} (7 digits, so the file's length does not depend on it). */
  private static TiffBytes.Page streakPage(long xOffset, long yOffset) {
    String d = "[Application],Enconding=UTF-8,Software=\"HPD-TA\"\r\n[Acquisition],NrExposure=1\r\n"
        + String.format("[Scaling],ScalingXType=2,ScalingXScale=1,ScalingXUnit=\"nm\",ScalingXScalingFile=\"#%07d,0004\","
            + "ScalingYType=2,ScalingYScale=2,ScalingYUnit=\"ps\",ScalingYScalingFile=\"#%07d,0004\"", xOffset, yOffset);
    TiffBytes.Page p = TiffBytes.page(4, 4, 16, 1, 1).text(270, d).text(305, "HPD-TA 9.5 pf4").text(315, "Copyright Hamamatsu GmbH, 2018");
    p.blocks.add(new byte[32]);
    return p;
  }

  @Test
  void hamamatsuStreakIsTimeByWavelengthWithTheNonLinearityStated() throws IOException {
    int n = new TiffBytes(false, LE).build(List.of(streakPage(0, 0))).length;
    byte[] head = new TiffBytes(false, LE).build(List.of(streakPage(n, n + 16)));
    assertThat(head).hasSize(n);
    ByteBuffer t = ByteBuffer.allocate(32).order(LE);
    for (int i = 0; i < 4; i++) t.putFloat(500 + 0.5f * i); // wavelength, linear
    for (int i = 0; i < 4; i++) t.putFloat(10 * i + 2 * i * i); // time 0, 12, 28, 48 ps: fit -2 + 16 i, off by ±2 ps
    Path p = dir.resolve("streak.tif");
    byte[] all = new byte[n + 32];
    System.arraycopy(head, 0, all, 0, n);
    System.arraycopy(t.array(), 0, all, n, 32);
    Files.write(p, all);
    try (DataFile df = Readers.open(p)) {
      Dataset d = df.datasets().get(0);
      assertThat(d).isInstanceOf(NdArray.class);
      List<Axis> axes = d.axes();
      assertThat(axes.get(0).name()).isEqualTo("time");
      assertThat(axes.get(0).unit()).isEqualTo("s");
      assertThat(axes.get(0).scale()).isCloseTo(16e-12, within(1e-18));
      assertThat(axes.get(0).offset()).isCloseTo(-2e-12, within(1e-18));
      assertThat(axes.get(1)).isEqualTo(new Axis("wavelength", 4, 500, 0.5, "nm"));
      assertThat(d.metadata().notes()).anyMatch(n2 -> n2.contains("up to 2 ps (0.125 px)"));
      assertThat(d.metadata().notes()).noneMatch(n2 -> n2.startsWith("wavelength axis"));
    }
  }

  @Test
  void imageJTimeAndDepthUnits() throws IOException {
    List<TiffBytes.Page> pages = new ArrayList<>();
    for (int k = 0; k < 2; k++) {
      TiffBytes.Page p = TiffBytes.page(2, 2, 8, 1, 1).tag(282, TiffBytes.RATIONAL, TiffBytes.rational(10, 1));
      if (k == 0) p.text(270, "ImageJ=1.54f\nimages=2\nframes=2\nunit=micron\nfinterval=500\ntunit=ms\n");
      p.blocks.add(new byte[4]);
      pages.add(p);
    }
    try (DataFile df = open("t.tif", pages)) {
      ImageStack st = (ImageStack) df.datasets().get(0);
      assertThat(st.frame().unit()).isEqualTo("s");
      assertThat(st.frame().scale()).isCloseTo(0.5, within(1e-12));
    }
    pages.get(0).text(270, "ImageJ=1.54f\nimages=2\nslices=2\nunit=micron\nzunit=nm\nspacing=20\n");
    try (DataFile df = open("z.tif", pages)) {
      ImageStack st = (ImageStack) df.datasets().get(0);
      assertThat(st.frame().scale()).isCloseTo(20, within(1e-12));
      assertThat(st.x().scale()).isCloseTo(100, within(1e-9));
      assertThat(st.metadata().notes()).noneMatch(n -> n.startsWith("frame axis"));
    }
    // no zunit: the slice spacing is in the image's unit (2.5 micron = 2500 nm), with a note that an old ImageJ had no other choice
    pages.get(0).text(270, "ImageJ=1.51d\nimages=2\nslices=2\nunit=micron\nspacing=2.5\n");
    try (DataFile df = open("z-old.tif", pages)) {
      ImageStack st = (ImageStack) df.datasets().get(0);
      assertThat(st.frame().scale()).isCloseTo(2500, within(1e-9));
      assertThat(st.metadata().notes()).anyMatch(n -> n.startsWith("frame axis") && n.contains("no zunit"));
    }
  }

  /** A grey w×h JPEG of {@code v} (row-major) from the JDK's encoder at quality 1. */
  private static byte[] jpeg(int[] v, int w, int h) throws IOException {
    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setPixels(0, 0, w, h, v);
    javax.imageio.ImageWriter wr = javax.imageio.ImageIO.getImageWritersByFormatName("jpeg").next();
    javax.imageio.ImageWriteParam prm = wr.getDefaultWriteParam();
    prm.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
    prm.setCompressionQuality(1f);
    java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
    try (javax.imageio.stream.ImageOutputStream out = javax.imageio.ImageIO.createImageOutputStream(bos)) {
      wr.setOutput(out);
      wr.write(null, new javax.imageio.IIOImage(img, null, null), prm);
    }
    wr.dispose();
    return bos.toByteArray();
  }

  /** Splits a JPEG into {tables (SOI, DQT, DHT, EOI), abbreviated stream (SOI, other segments, scan)} as TIFF writers do. */
  private static byte[][] split(byte[] j) {
    java.io.ByteArrayOutputStream tables = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream rest = new java.io.ByteArrayOutputStream();
    tables.write(0xFF);
    tables.write(0xD8);
    rest.write(0xFF);
    rest.write(0xD8);
    int pos = 2;
    while (pos < j.length) {
      int marker = j[pos + 1] & 0xFF;
      if (marker == 0xDA) {
        rest.write(j, pos, j.length - pos);
        break;
      }
      int len = ((j[pos + 2] & 0xFF) << 8 | (j[pos + 3] & 0xFF)) + 2;
      (marker == 0xDB || marker == 0xC4 ? tables : rest).write(j, pos, len);
      pos += len;
    }
    tables.write(0xFF);
    tables.write(0xD9);
    return new byte[][] {tables.toByteArray(), rest.toByteArray()};
  }

  @Test
  void jpegStripsWithSharedTablesDecode() throws IOException {
    int w = 16;
    int[][] strips = new int[2][w * 8];
    for (int k = 0; k < 2; k++) for (int i = 0; i < w * 8; i++) strips[k][i] = 20 + 6 * (i % w) + 8 * (i / w) + 50 * k;
    TiffBytes.Page p = TiffBytes.page(w, 16, 8, 1, 7).tag(278, TiffBytes.SHORT, 8);
    int[] reference = new int[w * 16];
    for (int k = 0; k < 2; k++) {
      byte[] full = jpeg(strips[k], w, 8);
      byte[][] parts = split(full);
      if (k == 0) p.bytes(347, parts[0]);
      p.blocks.add(parts[1]);
      javax.imageio.ImageReader r = javax.imageio.ImageIO.getImageReadersByFormatName("jpeg").next();
      r.setInput(javax.imageio.ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(full)));
      int[] dec = r.readRaster(0, null).getPixels(0, 0, w, 8, new int[w * 8]);
      System.arraycopy(dec, 0, reference, k * w * 8, w * 8);
    }
    try (DataFile df = open("jpeg.tif", List.of(p))) {
      Image img = (Image) df.datasets().get(0);
      for (int y = 0; y < 16; y++) {
        for (int x = 0; x < w; x++) {
          assertThat((double) img.at(x, y)).as("pixel %d,%d", y, x).isEqualTo(reference[y * w + x]);
          assertThat((double) img.at(x, y)).isCloseTo(strips[y / 8][(y % 8) * w + x], within(4.0));
        }
      }
    }
    // a strip whose JPEG frame is far larger than the strip is refused before it is decoded
    TiffBytes.Page big = TiffBytes.page(w, 8, 8, 1, 7);
    big.blocks.add(jpeg(new int[64 * 64], 64, 64));
    Path large = dir.resolve("large.tif");
    Files.write(large, new TiffBytes(false, LE).build(List.of(big)));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Readers.open(large)).hasMessageContaining("large.tif")
        .hasMessageContaining("JPEG frame of 64×64");
    TiffBytes.Page ycc = TiffBytes.page(w, 8, 8, 1, 7).tag(262, TiffBytes.SHORT, 6).tag(277, TiffBytes.SHORT, 3)
        .tag(258, TiffBytes.SHORT, 8, 8, 8);
    ycc.blocks.add(jpeg(strips[0], w, 8));
    Path bad = dir.resolve("ycc.tif");
    Files.write(bad, new TiffBytes(false, LE).build(List.of(ycc)));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Readers.open(bad)).hasMessageContaining("ycc.tif")
        .hasMessageContaining("YCbCr");
  }
}
