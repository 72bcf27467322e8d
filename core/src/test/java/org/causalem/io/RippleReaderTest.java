package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.causalem.data.BadInputException;
import org.causalem.data.DataFile;
import org.causalem.data.Image;
import org.causalem.data.ImageStack;
import org.causalem.data.Metadata;
import org.causalem.data.PixelType;
import org.causalem.data.Spectrum;
import org.causalem.data.SpectrumImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lispix ripple pairs (.rpl header, .raw data) written by the test, with known values and calibrations. */
class RippleReaderTest {
  @TempDir Path tmp;

  private Path rpl(String name, String... lines) throws Exception {
    Path p = tmp.resolve(name + ".rpl");
    Files.write(p, (";written by the test\r\nkey\tvalue\r\n" + String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    return p;
  }

  private void raw(String name, ByteBuffer b) throws Exception {
    Files.write(tmp.resolve(name + ".raw"), b.array());
  }

  /** The value of pixel (row, col) at channel ch of the test's spectrum images. */
  private static int value(int row, int col, int ch) { return 1000 * row + 100 * col + ch; }

  /**
   * A spectrum image recorded by vector, unsigned 16-bit little-endian after a 16-byte offset, with HyperSpy's
   * calibration keys: each pixel's spectrum in order, the axes and the header's facts.
   */
  @Test
  void vectorRecordIsASpectrumImage() throws Exception {
    int h = 3;
    int w = 4;
    int d = 5;
    ByteBuffer b = ByteBuffer.allocate(16 + 2 * h * w * d).order(ByteOrder.LITTLE_ENDIAN);
    b.position(16);
    for (int r = 0; r < h; r++) for (int c = 0; c < w; c++) for (int k = 0; k < d; k++) b.putShort((short) value(r, c, k));
    raw("si", b);
    Path p = rpl("si", "width\t4", "height\t3", "depth\t5", "offset\t16", "data-length\t2", "data-type\tunsigned",
        "byte-order\tlittle-endian", "record-by\tvector", "depth-scale\t0.25", "depth-origin\t-5.0", "depth-units\teV",
        "width-scale\t0.5", "width-origin\t0", "width-units\tnm", "height-scale\t2", "height-units\tA", "signal\tEELS",
        "beam-energy\t300", "collection-angle\t20.5", "title\tSTO map", "date\t2026-12-07");
    try (DataFile df = Readers.open(p)) {
      assertThat(df.format()).isEqualTo("ripple");
      SpectrumImage si = df.first(SpectrumImage.class);
      assertThat(si.name()).isEqualTo("si");
      assertThat(si.shape()).containsExactly(3, 4, 5);
      assertThat(si.pixelType()).isEqualTo(PixelType.UINT16);
      float[] s = new float[d];
      for (int r = 0; r < h; r++) for (int c = 0; c < w; c++) {
        si.spectrum(r, c, s);
        for (int k = 0; k < d; k++) assertThat(s[k]).isEqualTo(value(r, c, k));
      }
      assertThat(si.energy().offset()).isEqualTo(-5.0);
      assertThat(si.energy().scale()).isEqualTo(0.25);
      assertThat(si.energy().unit()).isEqualTo("eV");
      assertThat(si.x().scale()).isEqualTo(0.5);
      assertThat(si.x().unit()).isEqualTo("nm");
      assertThat(si.y().scale()).isCloseTo(0.2, within(1e-15));
      assertThat(si.y().unit()).isEqualTo("nm");
      assertThat(si.metadata().summary()).containsEntry(Metadata.SIGNAL, Metadata.SIGNAL_EELS).containsEntry(Metadata.VOLTAGE_KV, 300.0)
          .containsEntry("collection_angle_mrad", 20.5).containsEntry(Metadata.TITLE, "STO map").containsEntry(Metadata.DATE, "2026-12-07");
      assertThat(si.metadata().notes()).isEmpty();
    }
  }

  /** A stack recorded by image, big-endian 32-bit floats: frame k is the k-th image, rows in order. */
  @Test
  void imageRecordIsAStack() throws Exception {
    ByteBuffer b = ByteBuffer.allocate(4 * 2 * 3 * 4).order(ByteOrder.BIG_ENDIAN);
    for (int k = 0; k < 2; k++) for (int r = 0; r < 3; r++) for (int c = 0; c < 4; c++) b.putFloat(k * 100 + r * 10 + c + 0.5f);
    raw("stack", b);
    Path p = rpl("stack", "WIDTH\t4\tcomment columns are ignored", "Height \t 3", "depth\t2", "offset\t0", "data-Length\t4",
        "data-type\tfloat", "byte-order\tbig-endian", "record-by\timage", "width-scale\t1.5", "width-units\tnm");
    try (DataFile df = Readers.open(p)) {
      ImageStack s = df.first(ImageStack.class);
      assertThat(s.shape()).containsExactly(2, 3, 4);
      for (int k = 0; k < 2; k++) {
        Image f = s.frame(k);
        for (int r = 0; r < 3; r++) for (int c = 0; c < 4; c++) assertThat(f.at(c, r)).isEqualTo(k * 100 + r * 10 + c + 0.5f);
      }
      assertThat(s.x().scale()).isEqualTo(1.5);
      assertThat(s.y().calibrated()).isFalse();
      assertThat(s.frame().calibrated()).isFalse();
    }
  }

  /** Depth 1 is an image (signed bytes keep their sign); opening the .raw reads the same pair. */
  @Test
  void depthOneIsAnImageAndTheRawOpensThePair() throws Exception {
    ByteBuffer b = ByteBuffer.allocate(6);
    for (int i = 0; i < 6; i++) b.put((byte) (i - 3));
    raw("img", b);
    rpl("img", "width\t3", "height\t2", "depth\t1", "offset\t0", "data-length\t1", "data-type\tsigned", "byte-order\tdont-care",
        "record-by\tdont-care");
    try (DataFile df = Readers.open(tmp.resolve("img.raw"))) {
      assertThat(df.format()).isEqualTo("ripple");
      Image im = df.first(Image.class);
      assertThat(im.shape()).containsExactly(2, 3);
      assertThat(im.toFloat()).containsExactly(-3, -2, -1, 0, 1, 2);
      assertThat(im.metadata().notes()).noneMatch(n -> n.contains("byte-order"));
    }
  }

  /**
   * One pixel recorded by vector is a spectrum; Lispix's ev-per-chan alone calibrates it in eV; 64-bit signed values,
   * byte order left to the reader, are read little-endian and the note says so.
   */
  @Test
  void onePixelIsASpectrumCalibratedByEvPerChan() throws Exception {
    ByteBuffer b = ByteBuffer.allocate(8 * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int k = 0; k < 4; k++) b.putLong(-2L + 5000000000L * k);
    raw("point", b);
    Path p = rpl("point", "width\t1", "height\t1", "depth\t4", "offset\t0", "data-length\t8", "data-type\tsigned",
        "byte-order\tdont-care", "record-by\tvector", "ev-per-chan\t10", "signal\tEDS_TEM");
    try (DataFile df = Readers.open(p)) {
      Spectrum s = df.first(Spectrum.class);
      assertThat(s.pixelType()).isEqualTo(PixelType.INT64);
      for (int k = 0; k < 4; k++) assertThat(s.pixels().getDouble(k)).isEqualTo(-2.0 + 5e9 * k);
      assertThat(s.energy().scale()).isEqualTo(10);
      assertThat(s.energy().offset()).isEqualTo(0);
      assertThat(s.energy().unit()).isEqualTo("eV");
      assertThat(s.metadata().summary()).containsEntry(Metadata.SIGNAL, Metadata.SIGNAL_EDS);
      assertThat(s.metadata().notes()).containsExactly("byte-order dont-care for 8-byte values: read little-endian");
    }
  }

  /** A cathodoluminescence spectrum (HyperSpy's CL_SEM, depth in nm) has a wavelength axis and signal CL, which eels refuses. */
  @Test
  void aClSpectrumIsOverAWavelength() throws Exception {
    ByteBuffer b = ByteBuffer.allocate(4 * 3).order(ByteOrder.LITTLE_ENDIAN);
    for (int k = 0; k < 3; k++) b.putFloat(k + 1);
    raw("cl", b);
    Path p = rpl("cl", "width\t1", "height\t1", "depth\t3", "offset\t0", "data-length\t4", "data-type\tfloat",
        "byte-order\tlittle-endian", "record-by\tvector", "depth-scale\t0.5", "depth-origin\t400", "depth-units\tnm", "signal\tCL_SEM");
    try (DataFile df = Readers.open(p)) {
      Spectrum s = df.first(Spectrum.class);
      assertThat(s.energy().name()).isEqualTo("wavelength");
      assertThat(s.energy().value(2)).isEqualTo(401.0);
      assertThat(s.metadata().signal()).isEqualTo("CL");
      assertThat(org.causalem.spectra.EelsData.signal(s)).isEqualTo(org.causalem.spectra.EelsData.SIGNAL_LIGHT);
    }
  }

  /** Oxford INCA's spelling of the header, {@code (MLX::key : value)}. */
  @Test
  void incaHeaderIsRead() throws Exception {
    ByteBuffer b = ByteBuffer.allocate(2 * 2 * 3).order(ByteOrder.BIG_ENDIAN);
    for (int i = 0; i < 6; i++) b.putShort((short) (300 + i));
    raw("inca", b);
    Files.write(tmp.resolve("inca.rpl"), ("(MLX:: \r\n(MLX::width : 3)\r\n(MLX::height : 2)\r\n(MLX::depth : 1)\r\n(MLX::offset : 0)\r\n"
        + "(MLX::data-length : 2)\r\n(MLX::data-type : unsigned)\r\n(MLX::byte-order : big-endian)\r\n"
        + "(MLX::record-by : dont-care)\r\n").getBytes(StandardCharsets.ISO_8859_1));
    try (DataFile df = Readers.open(tmp.resolve("inca.rpl"))) {
      assertThat(df.first(Image.class).toFloat()).containsExactly(300, 301, 302, 303, 304, 305);
    }
  }

  /** Above the mapping threshold the .raw is memory-mapped, with the same values. */
  @Test
  void largeDataAreMemoryMapped() throws Exception {
    ByteBuffer b = ByteBuffer.allocate(4 * 4 * 2 * 3).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 24; i++) b.putInt(i * 7);
    raw("big", b);
    Path p = rpl("big", "width\t2", "height\t4", "depth\t3", "offset\t0", "data-length\t4", "data-type\tsigned",
        "byte-order\tlittle-endian", "record-by\tvector");
    try (DataFile df = new RippleReader(0).read(p)) {
      SpectrumImage si = df.first(SpectrumImage.class);
      assertThat(si.pixels().bytes().isDirect()).isTrue();
      for (int i = 0; i < 24; i++) assertThat(si.pixels().getDouble(i)).isEqualTo(i * 7);
    }
  }

  @Test
  void badInputNamesTheFileTheKeyAndWhatWasExpected() throws Exception {
    Path alone = rpl("alone", "width\t2", "height\t2", "depth\t1", "data-length\t1", "data-type\tunsigned");
    assertThatThrownBy(() -> Readers.open(alone)).isInstanceOf(BadInputException.class)
        .hasMessage("alone.rpl: a ripple header; its data file alone.raw is not beside it: copy the .raw along with the .rpl");
    raw("short", ByteBuffer.allocate(40));
    Path small = rpl("short", "width\t4", "height\t3", "depth\t2", "offset\t0", "data-length\t2", "data-type\tunsigned",
        "byte-order\tlittle-endian", "record-by\timage");
    assertThatThrownBy(() -> Readers.open(small)).isInstanceOf(BadInputException.class)
        .hasMessage("short.raw: 40 bytes, but short.rpl describes offset 0 + width 4 × height 3 × depth 2 × 2-byte values = 48 bytes;"
            + " expected them to agree (check width, height, depth, data-length and offset)");
    raw("n", ByteBuffer.allocate(4));
    Path width = rpl("n", "width\t2a", "height\t2", "depth\t1", "data-length\t1", "data-type\tunsigned");
    assertThatThrownBy(() -> Readers.open(width)).isInstanceOf(BadInputException.class)
        .hasMessage("n.rpl: width '2a': expected a whole number >= 1");
    Path scale = rpl("n", "width\t2", "height\t2", "depth\t1", "data-length\t1", "data-type\tunsigned", "width-scale\t0,5",
        "width-units\tnm");
    assertThatThrownBy(() -> Readers.open(scale)).isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("n.rpl: width-scale '0,5' is not a number");
    Path half = rpl("n", "width\t2", "height\t1", "depth\t1", "data-length\t2", "data-type\tfloat");
    assertThatThrownBy(() -> Readers.open(half)).isInstanceOf(BadInputException.class)
        .hasMessage("n.rpl: data-length '2' for data-type float: expected 4 or 8");
    Path order = rpl("n", "width\t2", "height\t2", "depth\t4", "data-length\t1", "data-type\tunsigned");
    assertThatThrownBy(() -> Readers.open(order)).isInstanceOf(BadInputException.class)
        .hasMessage("n.rpl: record-by missing with depth 4: expected image (a stack of 4 images) or vector (a spectrum image of 4 channels)");
  }

  /** Seeded random edits of a valid header, and .raw files cut or grown: each reads, or is refused naming the pair. */
  @Test
  void mutatedPairsReadOrAreRefusedCleanly() throws Exception {
    String valid = "key\tvalue\nwidth\t3\nheight\t2\ndepth\t4\noffset\t8\ndata-length\t2\ndata-type\tunsigned\n"
        + "byte-order\tbig-endian\nrecord-by\tvector\ndepth-scale\t0.5\ndepth-origin\t-1\ndepth-units\teV\n"
        + "width-scale\t2\nwidth-units\tnm\nbeam-energy\t200\n";
    String alphabet = "0123456789\t\n .-eE;abvx";
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
    int read = 0;
    for (int k = 0; k < 400; k++) {
      StringBuilder sb = new StringBuilder(valid);
      for (int e = 1 + rnd.nextInt(2); e > 0; e--) {
        int at = 10 + rnd.nextInt(sb.length() - 10);
        if (rnd.nextBoolean()) sb.setCharAt(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
        else sb.delete(at, Math.min(sb.length(), at + 1 + rnd.nextInt(6)));
      }
      Files.writeString(tmp.resolve("fuzz.rpl"), sb);
      int rawBytes = 8 + 48 + (k % 5 == 0 ? rnd.nextInt(-20, 20) : 0);
      Files.write(tmp.resolve("fuzz.raw"), new byte[Math.max(0, rawBytes)]);
      try (DataFile df = Readers.open(tmp.resolve(k % 2 == 0 ? "fuzz.rpl" : "fuzz.raw"))) {
        assertThat(df.datasets()).hasSize(1);
        read++;
      } catch (BadInputException e) {
        assertThat(e.getMessage()).as(sb.toString()).contains("fuzz.");
      }
    }
    assertThat(read).as("mutations that still read").isBetween(40, 399);
  }
}
