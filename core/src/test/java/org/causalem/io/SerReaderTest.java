package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.causalem.SharedData;
import org.causalem.data.BadInputException;
import org.causalem.data.DataFile;
import org.causalem.data.ImageStack;
import org.causalem.data.Metadata;
import org.causalem.data.PixelType;
import org.causalem.data.Spectrum;
import org.causalem.data.SpectrumImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SerReaderTest {
  @TempDir Path tmp;

  @Test
  void auEelsIsOneValidSpectrumOf2048ChannelsFrom2160eV() throws Exception {
    Path p = SharedData.real("tia_old_X_-_Au_NP_EELS_2.ser");
    ByteBuffer raw = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
    try (DataFile df = Readers.open(p)) {
      assertThat(df.format()).isEqualTo("ser");
      assertThat(df.datasets()).hasSize(1);
      Spectrum s = df.first(Spectrum.class);
      assertThat(s.channels()).isEqualTo(2048);
      assertThat(s.pixelType()).isEqualTo(PixelType.INT32);
      assertThat(s.energy().offset()).isCloseTo(2160.0, within(1e-9));
      assertThat(s.energy().scale()).isCloseTo(0.2, within(1e-12));
      assertThat(s.energy().unit()).isEqualTo("eV");
      assertThat(s.metadata().summary()).containsEntry("valid_elements", 1).containsEntry("total_elements", 2);
      // element 0 at the offset table's first entry (table at 68), its 26-byte header, then int32 values
      int element = raw.getInt(raw.getInt(22));
      for (int i = 0; i < 2048; i++) assertThat(s.pixels().getDouble(i)).isEqualTo(raw.getInt(element + 26 + 4 * i));
    }
  }

  /**
   * Opening the .emi (TIA's metadata file, first bytes "JK" 0 2 as in RosettaSciIO's test files) reads the .ser files
   * beside it, one dataset each, with the .emi's metadata; an .emi alone is refused, naming the file it needs.
   */
  @Test
  void theEmiOpensItsSeriesFiles() throws Exception {
    float[][] bf = {new float[4 * 5]};
    float[][] df = {new float[4 * 5]};
    for (int i = 0; i < 20; i++) {
      bf[0][i] = i;
      df[0][i] = 100 - i;
    }
    Files.write(tmp.resolve("stem_1.ser"), images(bf, 5, 4, 1));
    Files.write(tmp.resolve("stem_2.ser"), images(df, 5, 4, 1));
    String xml = "<ObjectInfo><ExperimentalDescription><Root><Data><Label>High tension</Label><Value>200</Value>"
        + "<Unit>kV</Unit></Data></Root></ExperimentalDescription></ObjectInfo>";
    ByteArrayOutputStream emi = new ByteArrayOutputStream();
    emi.write(new byte[] {0x4a, 0x4b, 0, 2, 0, 0, 0, 0, 4, 0x4d, 1, 0});
    emi.write(xml.getBytes(StandardCharsets.ISO_8859_1));
    emi.write(new byte[] {0, 7, 7});
    Path e = tmp.resolve("stem.emi");
    Files.write(e, emi.toByteArray());
    try (DataFile f = Readers.open(e)) {
      assertThat(f.format()).isEqualTo("emi");
      assertThat(f.names()).containsExactly("stem_1", "stem_2");
      assertThat(f.datasets().get(1).shape()).containsExactly(4, 5);
      assertThat(((org.causalem.data.Image) f.datasets().get(1)).toFloat()[0]).isEqualTo(100 - 15); // bottom row first
      assertThat(f.datasets().get(0).metadata().summary()).containsEntry(Metadata.VOLTAGE_KV, 200.0);
    }
    Files.write(tmp.resolve("alone.emi"), emi.toByteArray());
    assertThatThrownBy(() -> Readers.open(tmp.resolve("alone.emi"))).isInstanceOf(BadInputException.class)
        .hasMessageContaining("alone.emi: a TIA .emi metadata file").hasMessageContaining("alone_1.ser");
  }

  /**
   * A series file the .emi records (TIA stores each series' full path, {@code D:\data\scan_2.ser}, followed by binary) or
   * one numbered below another present, that is not beside the .emi, is named in a note on every dataset read; the
   * others are read. Renamed copies (RosettaSciIO's _EDS_copy.emi records _EDS_1.ser and _EDS_2.ser) count by number.
   */
  @Test
  void aMissingSeriesFileIsNamedInANote() throws Exception {
    float[][] img = {new float[4 * 5]};
    ByteArrayOutputStream emi = new ByteArrayOutputStream();
    emi.write(new byte[] {0x4a, 0x4b, 0, 2, 0, 0, 0, 0, 4, 0x4d, 1, 0});
    for (int n = 1; n <= 2; n++) {
      emi.write(new byte[] {0x60, 0, 0x40, 4, 17, 0, 0, 0});
      emi.write(("D:\\data\\acq_" + n + ".ser").getBytes(StandardCharsets.ISO_8859_1));
      emi.write(new byte[] {0x32, 0, 0x42, 4});
    }
    Files.write(tmp.resolve("scan.emi"), emi.toByteArray());
    Files.write(tmp.resolve("scan_1.ser"), images(img, 5, 4, 1));
    try (DataFile f = Readers.open(tmp.resolve("scan.emi"))) {
      assertThat(f.names()).containsExactly("scan_1");
      assertThat(f.datasets().get(0).metadata().notes()).contains("scan_2.ser is missing beside scan.emi: only scan_1.ser read");
    }
    Files.write(tmp.resolve("gap.emi"), new byte[] {0x4a, 0x4b, 0, 2, 0, 0, 0, 0, 4, 0x4d, 1, 0});
    Files.write(tmp.resolve("gap_3.ser"), images(img, 5, 4, 1));
    try (DataFile f = Readers.open(tmp.resolve("gap.emi"))) {
      assertThat(f.names()).containsExactly("gap_3");
      assertThat(f.datasets().get(0).metadata().notes()).contains("gap_1.ser, gap_2.ser are missing beside gap.emi: only gap_3.ser read");
    }
    Files.write(tmp.resolve("full.emi"), emi.toByteArray());
    Files.write(tmp.resolve("full_1.ser"), images(img, 5, 4, 1));
    Files.write(tmp.resolve("full_2.ser"), images(img, 5, 4, 1));
    try (DataFile f = Readers.open(tmp.resolve("full.emi"))) {
      assertThat(f.names()).containsExactly("full_1", "full_2");
      for (org.causalem.data.Dataset d : f.datasets()) assertThat(d.metadata().notes()).noneMatch(n -> n.contains("missing"));
    }
  }

  @Test
  void imageSeriesWith64BitOffsetsAndEmiSidecar() throws Exception {
    float[][] frames = new float[3][4 * 5];
    for (int k = 0; k < 3; k++) for (int i = 0; i < 20; i++) frames[k][i] = k * 100 + i;
    Path p = tmp.resolve("scan_2.ser"); // the second series of scan.emi: its second ObjectInfo
    Files.write(p, images(frames, 5, 4, 3));
    String other = "<ObjectInfo><ExperimentalDescription><Root><Data><Label>High tension</Label><Value>80</Value>"
        + "<Unit>kV</Unit></Data></Root></ExperimentalDescription></ObjectInfo>";
    String xml = "<ObjectInfo><AcquireDate>Thu Sep 15 12:45:57 2016</AcquireDate><ExperimentalDescription><Root>"
        + "<Data><Label>High tension</Label><Value>300</Value><Unit>kV</Unit></Data>"
        + "<Data><Label>Magnification</Label><Value>1050000</Value><Unit>x</Unit></Data>"
        + "<Data><Label>Mode</Label><Value>STEM nP SA Zoom Image</Value><Unit></Unit></Data>"
        + "<Data><Label>Microscope</Label><Value>Microscope Titan 80-300</Value><Unit></Unit></Data>"
        + "</Root></ExperimentalDescription></ObjectInfo>";
    ByteArrayOutputStream emi = new ByteArrayOutputStream();
    emi.write(new byte[] {1, 2, 0, 0, (byte) 0xFF});
    emi.write(other.getBytes(StandardCharsets.ISO_8859_1));
    emi.write(new byte[] {0, 7, 7});
    emi.write(xml.getBytes(StandardCharsets.ISO_8859_1));
    emi.write(new byte[] {0, 7, 7});
    Files.write(tmp.resolve("scan.emi"), emi.toByteArray());
    try (DataFile df = Readers.open(p)) {
      ImageStack s = df.first(ImageStack.class);
      assertThat(s.shape()).containsExactly(3, 4, 5);
      // TIA stores the bottom row first: file row 3 is image row 0
      for (int k = 0; k < 3; k++) {
        float[] f = s.frame(k).toFloat();
        for (int r = 0; r < 4; r++) for (int c = 0; c < 5; c++) assertThat(f[r * 5 + c]).isEqualTo(frames[k][(3 - r) * 5 + c]);
      }
      assertThat(s.x().scale()).isCloseTo(0.25, within(1e-12));
      assertThat(s.frameTimesS()).containsExactly(0, 3, 6);
      assertThat(s.x().unit()).isEqualTo("nm");
      assertThat(s.metadata().summary()).containsEntry(Metadata.VOLTAGE_KV, 300.0)
          .containsEntry(Metadata.MAGNIFICATION, 1050000.0).containsEntry("mode", "STEM nP SA Zoom Image")
          .containsEntry(Metadata.MICROSCOPE, "Titan 80-300").containsEntry(Metadata.DATE, "2016-09-15");
    }
  }

  @Test
  void fullSpectrumScanIsASpectrumImageAndAPartialOneKeepsOnlyValidSpectra() throws Exception {
    int channels = 6;
    int[][] spectra = new int[6][channels];
    for (int k = 0; k < 6; k++) for (int c = 0; c < channels; c++) spectra[k][c] = k * 10 + c;
    Path full = tmp.resolve("si.ser");
    Files.write(full, spectra(spectra, 6, 3, 2, false));
    try (DataFile df = Readers.open(full)) {
      SpectrumImage si = df.first(SpectrumImage.class);
      assertThat(si.shape()).containsExactly(2, 3, channels);
      float[] s = new float[channels];
      si.spectrum(1, 2, s);
      assertThat(s).containsExactly(50, 51, 52, 53, 54, 55);
      assertThat(si.energy().offset()).isCloseTo(100 - 2 * 0.5, within(1e-12)); // calibration element 2 holds 100 eV
    }
    // Position tags whose y changes between the first two elements: the series is in C order (dim 1 = y, slowest)
    Path cOrder = tmp.resolve("c.ser");
    Files.write(cOrder, spectra(spectra, 6, 2, 3, true));
    try (DataFile df = Readers.open(cOrder)) {
      SpectrumImage si = df.first(SpectrumImage.class);
      assertThat(si.shape()).containsExactly(2, 3, channels);
      float[] s = new float[channels];
      si.spectrum(1, 0, s);
      assertThat(s[0]).isEqualTo(30);
    }
    Path partial = tmp.resolve("partial.ser");
    Files.write(partial, spectra(spectra, 4, 3, 2, false));
    try (DataFile df = Readers.open(partial)) {
      SpectrumImage si = df.first(SpectrumImage.class);
      assertThat(si.shape()).containsExactly(1, 4, channels);
      assertThat(si.metadata().summary()).containsEntry("valid_elements", 4).containsEntry("total_elements", 6);
    }
  }

  @Test
  void completeTwoDimensionalScanOfDiffractionImagesIsA4dCube() throws Exception {
    float[][] frames = new float[6][2 * 3];
    for (int k = 0; k < 6; k++) for (int i = 0; i < 6; i++) frames[k][i] = k * 10 + i;
    Path p = tmp.resolve("cbed_1.ser");
    Files.write(p, images(frames, 3, 2, 6, 3, 2, 2.5e7)); // 2.5e7 1/m = 0.025 1/nm per detector pixel
    String xml = "<ObjectInfo><ExperimentalDescription><Root><Data><Label>Mode</Label><Value>STEM nP SA Zoom Diffraction</Value>"
        + "<Unit></Unit></Data></Root></ExperimentalDescription></ObjectInfo>";
    Files.write(tmp.resolve("cbed.emi"), xml.getBytes(StandardCharsets.ISO_8859_1));
    try (DataFile df = Readers.open(p)) {
      org.causalem.data.DataCube4D c = df.first(org.causalem.data.DataCube4D.class);
      assertThat(c.shape()).containsExactly(2, 3, 2, 3);
      float[] f = new float[6];
      c.readFrame(1, 1, f); // element 1·3 + 1 = 4; rows stored bottom-up
      assertThat(f).containsExactly(43, 44, 45, 40, 41, 42);
      assertThat(c.qx().unit()).isEqualTo("1/nm");
      assertThat(c.qx().scale()).isCloseTo(0.025, within(1e-15)); // 2.5e7 1/m per pixel → 1/nm
      assertThat(c.rx().scale()).isCloseTo(2.0, within(1e-12));
      assertThat(c.rx().unit()).isEqualTo("nm");
    }
  }

  /**
   * A line profile of diffraction patterns as in 16x16-line_profile_horizontal_5x128x128_EDS_2.ser: a "Position"
   * series in meters, 3.69 nm apart, of camera patterns in STEM mode: a 4-D cube of one scan row, the line
   * step in nm, the patterns in 1/nm (not a stack with an absurd pixel size); a "Number" series stays a stack.
   */
  @Test
  void lineProfileOfPatternsIsAOneRowCubeWithTheLineStep() throws Exception {
    float[][] frames = new float[5][2 * 3];
    for (int k = 0; k < 5; k++) for (int i = 0; i < 6; i++) frames[k][i] = k * 10 + i;
    Path p = tmp.resolve("line_1.ser");
    Files.write(p, images(frames, 3, 2, 5, 0, 0, 1.7435342226657104e8, "Position", "meters", 3.6886364090376355e-09));
    String xml = "<ObjectInfo><ExperimentalDescription><Root><Data><Label>Mode</Label><Value>STEM nP SA Zoom Diffraction</Value>"
        + "<Unit></Unit></Data></Root></ExperimentalDescription></ObjectInfo>";
    Files.write(tmp.resolve("line.emi"), xml.getBytes(StandardCharsets.ISO_8859_1));
    try (DataFile df = Readers.open(p)) {
      org.causalem.data.DataCube4D c = df.first(org.causalem.data.DataCube4D.class);
      assertThat(c.shape()).containsExactly(1, 5, 2, 3);
      assertThat(c.rx().scale()).isCloseTo(3.6886364090376355, within(1e-12));
      assertThat(c.rx().unit()).isEqualTo("nm");
      assertThat(c.qx().scale()).isCloseTo(0.17435342226657104, within(1e-15));
      assertThat(c.qx().unit()).isEqualTo("1/nm");
      float[] f = new float[6];
      c.readFrame(3, 0, f);
      assertThat(f).containsExactly(33, 34, 35, 30, 31, 32);
    }
    Path number = tmp.resolve("number_1.ser");
    Files.write(number, images(frames, 3, 2, 5, 0, 0, 0.25e-9));
    try (DataFile df = Readers.open(number)) {
      assertThat(df.first(org.causalem.data.ImageStack.class).shape()).containsExactly(5, 2, 3);
    }
  }

  /** One 8×8 float image with calibration step {@code delta} and an EMI holding {@code mode} and {@code acquireInfo}. */
  private Path single(String name, double delta, String mode, String acquireInfo) throws Exception {
    float[][] frame = new float[1][64];
    for (int i = 0; i < 64; i++) frame[0][i] = i;
    Path p = tmp.resolve(name + "_1.ser");
    Files.write(p, images(frame, 8, 8, 1, 0, 0, delta));
    String xml = "<ObjectInfo><ExperimentalDescription><Root>"
        + "<Data><Label>High tension</Label><Value>300</Value><Unit>kV</Unit></Data>"
        + "<Data><Label>Mode</Label><Value>" + mode + "</Value><Unit></Unit></Data>"
        + "</Root></ExperimentalDescription><AcquireInfo>" + acquireInfo + "</AcquireInfo></ObjectInfo>";
    ByteArrayOutputStream emi = new ByteArrayOutputStream();
    emi.write(new byte[] {0x4a, 0x02, 0, 0, 1});   // binary preamble, as TIA writes before its XML
    emi.write(xml.getBytes(StandardCharsets.ISO_8859_1));
    emi.write(new byte[] {0, 0, 0});
    Files.write(tmp.resolve(name + ".emi"), emi.toByteArray());
    return p;
  }

  private static final String SCAN = "<DwellTimePath>Dwell time</DwellTimePath><FrameTime>4.3</FrameTime>";
  private static final String CAMERA = "<CameraNamePath>BM-Ceta</CameraNamePath><DwellTimePath>Exposure time</DwellTimePath>";

  @Test
  void stemScanInALensModeNamedDiffractionIsRealSpace() throws Exception {
    // a Titan HAADF scan: every FEI STEM lens-mode name ends in "Diffraction"; TIA stores the step in metres
    try (DataFile df = Readers.open(single("haadf", 1.00127e-11, "STEM nP Mh Zoom Diffraction", SCAN))) {
      org.causalem.data.Image im = df.first(org.causalem.data.Image.class);
      assertThat(im.x().unit()).isEqualTo("nm");
      assertThat(im.x().scale()).isCloseTo(0.0100127, within(1e-12));
      assertThat(im.y().scale()).isCloseTo(0.0100127, within(1e-12));
      assertThat(im.metadata().summary()).containsEntry("space", "real").doesNotContainKey(Metadata.SIGNAL);
      assertThat(im.metadata().notes()).isEmpty();
    }
    assertThat(SerReader.reciprocalSpace("STEM nP Mh Zoom Diffraction", false, false)).isFalse();
    assertThat(SerReader.reciprocalSpace("STEM nP SA Zoom Diffraction", false, true)).isTrue();   // a 2-D scan of patterns
    assertThat(SerReader.reciprocalSpace("TEM uP SA Zoom Image", false, false)).isFalse();
    assertThat(SerReader.reciprocalSpace(null, true, false)).isFalse();
  }

  @Test
  void cameraPatternsAreReciprocalSpaceInTemAndStem() throws Exception {
    try (DataFile df = Readers.open(single("dp", 1.5e7, "TEM uP SA Zoom Diffraction", CAMERA))) {
      org.causalem.data.Image im = df.first(org.causalem.data.Image.class);
      assertThat(im.x().unit()).isEqualTo("1/nm");
      assertThat(im.x().scale()).isCloseTo(0.015, within(1e-15));
      assertThat(im.metadata().summary()).containsEntry("space", "reciprocal").containsEntry(Metadata.SIGNAL, "diffraction");
    }
    // a CBED pattern recorded by a camera in a STEM mode
    try (DataFile df = Readers.open(single("cbed", 2e7, "STEM nP SA Zoom Diffraction", CAMERA))) {
      assertThat(df.first(org.causalem.data.Image.class).x().scale()).isCloseTo(0.02, within(1e-15));
      assertThat(df.first(org.causalem.data.Image.class).x().unit()).isEqualTo("1/nm");
    }
  }

  @Test
  void anAbsurdCalibrationIsDroppedWithANoteNotPassedOn() throws Exception {
    // a real-space step (m) under a TEM diffraction mode would be a 1e-20 1/nm pixel
    try (DataFile df = Readers.open(single("odd", 1.00127e-11, "TEM uP SA Zoom Diffraction", CAMERA))) {
      org.causalem.data.Image im = df.first(org.causalem.data.Image.class);
      assertThat(im.x().calibrated()).isFalse();
      assertThat(im.y().calibrated()).isFalse();
      assertThat(im.metadata().notes()).anySatisfy(n -> assertThat(n).contains("axis x").contains("1.00127e-20 1/nm")
          .contains("outside the physical range").contains("calibration dropped"));
    }
    // and a step of 1e-25 m (1e-16 nm) in real space
    try (DataFile df = Readers.open(single("tiny", 1e-25, "STEM nP Mh Zoom Diffraction", SCAN))) {
      org.causalem.data.Image im = df.first(org.causalem.data.Image.class);
      assertThat(im.x().calibrated()).isFalse();
      assertThat(im.metadata().notes()).anySatisfy(n -> assertThat(n).contains("pixel size 1e-16 nm"));
    }
  }

  @Test
  void lyingCountsAndOffsetsAreBadInput() throws Exception {
    byte[] good = spectra(new int[][] {{1, 2}, {3, 4}}, 2, 2, 1, false);
    byte[] lie = good.clone();
    ByteBuffer.wrap(lie).order(ByteOrder.LITTLE_ENDIAN).putInt(14, Integer.MAX_VALUE);
    Path p = tmp.resolve("lie.ser");
    Files.write(p, lie);
    assertThatThrownBy(() -> Readers.open(p)).isInstanceOf(BadInputException.class).hasMessageContaining("lie.ser")
        .hasMessageContaining("elements");
    byte[] huge = good.clone();
    ByteBuffer hb = ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN);
    hb.putInt(hb.getInt(hb.getInt(22)) + 22, 1 << 28); // element 0 claims 2^28 int32 channels (1 GiB)
    Path big = tmp.resolve("huge.ser");
    Files.write(big, huge);
    assertThatThrownBy(() -> Readers.open(big)).isInstanceOf(BadInputException.class).hasMessageContaining("huge.ser")
        .hasMessageContaining("file has " + huge.length);
    byte[] far = good.clone();
    ByteBuffer.wrap(far).order(ByteOrder.LITTLE_ENDIAN).putInt(22, 1 << 30);
    Path q = tmp.resolve("far.ser");
    Files.write(q, far);
    assertThatThrownBy(() -> Readers.open(q)).isInstanceOf(BadInputException.class).hasMessageContaining("file has");
  }

  /**
   * A version 0x0210 spectrum series (int32 values), {@code valid} of d1×d2 elements; with
   * {@code tags}, XY position tags whose y advances every element (C order).
   */
  static byte[] spectra(int[][] s, int valid, int cols, int rows, boolean tags) {
    int total = cols * rows;
    int channels = s[0].length;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer h = le(30);
    h.putShort((short) 0x4949).putShort((short) 0x0197).putShort((short) 0x0210).putInt(0x4120).putInt(tags ? 0x4142 : 0x4152)
        .putInt(total).putInt(valid);
    int dims = dimBytes("x", "m") + dimBytes("y", "m");
    int table = 30 + dims;
    h.putInt(table).putInt(2);
    write(out, h);
    write(out, dim(cols, 0, 2e-9, "x", "m"));
    write(out, dim(rows, 0, 2e-9, "y", "m"));
    int dataStart = table + total * 8;
    int elementBytes = 26 + channels * 4;
    ByteBuffer t = le(total * 8);
    int tagBytes = tags ? 24 : 8;
    for (int i = 0; i < total; i++) t.putInt(i < valid ? dataStart + i * (elementBytes + tagBytes) : 0);
    for (int i = 0; i < total; i++) t.putInt(i < valid ? dataStart + i * (elementBytes + tagBytes) + elementBytes : 0);
    write(out, t);
    for (int i = 0; i < valid; i++) {
      ByteBuffer e = le(elementBytes + tagBytes);
      e.putDouble(100).putDouble(0.5).putInt(2).putShort((short) 6).putInt(channels);
      for (int v : s[i]) e.putInt(v);
      e.putShort((short) (tags ? 0x4142 : 0x4152)).putShort((short) 0).putInt(1000 + i);
      if (tags) e.putDouble(i % 3 * 1e-9).putDouble(i * 1e-9);
      write(out, e);
    }
    return out.toByteArray();
  }

  /** A version 0x0220 image series (float32, 0.25e-9 per pixel), all valid, one dimension. */
  static byte[] images(float[][] frames, int sx, int sy, int n) { return images(frames, sx, sy, n, 0, 0); }

  /** As above; with {@code cols, rows > 0} a 2-D scan of cols × rows positions 2 nm apart (dimension 1 fastest). */
  static byte[] images(float[][] frames, int sx, int sy, int n, int cols, int rows) {
    return images(frames, sx, sy, n, cols, rows, 0.25e-9);
  }

  /** As above with {@code delta} as each image's calibration step (in m or 1/m: the SER stores no unit for it). */
  static byte[] images(float[][] frames, int sx, int sy, int n, int cols, int rows, double delta) {
    return images(frames, sx, sy, n, cols, rows, delta, "Number", "", 1);
  }

  /** As above; without a 2-D scan the one dimension is {@code desc} in {@code units}, {@code step} apart. */
  static byte[] images(float[][] frames, int sx, int sy, int n, int cols, int rows, double delta, String desc, String units,
                       double step) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer h = le(34);
    h.putShort((short) 0x4949).putShort((short) 0x0197).putShort((short) 0x0220).putInt(0x4122).putInt(0x4152)
        .putInt(n).putInt(n);
    boolean scan = cols > 0;
    int table = 34 + (scan ? 2 * dimBytes("x", "m") : dimBytes(desc, units));
    h.putLong(table).putInt(scan ? 2 : 1);
    write(out, h);
    if (scan) {
      write(out, dim(cols, 0, 2e-9, "x", "m"));
      write(out, dim(rows, 0, 2e-9, "y", "m"));
    } else {
      write(out, dim(n, 0, step, desc, units));
    }
    long dataStart = table + n * 16L;
    int elementBytes = 50 + sx * sy * 4;
    ByteBuffer t = le(n * 16);
    for (int i = 0; i < n; i++) t.putLong(dataStart + (long) i * (elementBytes + 8));
    for (int i = 0; i < n; i++) t.putLong(dataStart + (long) i * (elementBytes + 8) + elementBytes);
    write(out, t);
    for (int i = 0; i < n; i++) {
      ByteBuffer e = le(elementBytes + 8);
      e.putDouble(0).putDouble(delta).putInt(0).putDouble(0).putDouble(delta).putInt(0).putShort((short) 7).putInt(sx).putInt(sy);
      for (float v : frames[i]) e.putFloat(v);
      e.putShort((short) 0x4152).putShort((short) 0).putInt(1_500_000_000 + 3 * i); // time tag: 3 s apart
      write(out, e);
    }
    return out.toByteArray();
  }

  private static int dimBytes(String desc, String units) { return 28 + desc.length() + 4 + units.length(); }

  private static ByteBuffer dim(int size, double offset, double delta, String desc, String units) {
    ByteBuffer d = le(dimBytes(desc, units));
    d.putInt(size).putDouble(offset).putDouble(delta).putInt(0).putInt(desc.length()).put(desc.getBytes(StandardCharsets.US_ASCII))
        .putInt(units.length()).put(units.getBytes(StandardCharsets.US_ASCII));
    return d;
  }

  private static ByteBuffer le(int n) { return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN); }

  private static void write(ByteArrayOutputStream out, ByteBuffer b) { out.write(b.array(), 0, b.capacity()); }
}
