package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.causalem.data.BadInputException;
import org.causalem.data.DataCube4D;
import org.causalem.data.DataFile;
import org.causalem.data.ImageStack;
import org.causalem.data.Metadata;
import org.causalem.data.PixelType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmpadReaderTest {
  @TempDir Path dir;

  /** Pixel (row, col) of frame k; the 2 metadata rows of every frame hold -1, which must never be read as a pixel. */
  private static float value(int k, int row, int col) { return k * 100_000f + row * 128 + col; }

  /** {@code frames} frames of 128 × 130 little-endian float32: 128 rows of pixels, then 2 rows of -1. */
  private static byte[] raw(int frames) {
    ByteBuffer b = ByteBuffer.allocate(frames * 128 * 130 * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int k = 0; k < frames; k++) {
      for (int row = 0; row < 130; row++) {
        for (int col = 0; col < 128; col++) b.putFloat(row < 128 ? value(k, row, col) : -1f);
      }
    }
    return b.array();
  }

  private Path write(String xmlName, String xml, String rawName, byte[] raw) throws IOException {
    Path x = dir.resolve(xmlName);
    Files.writeString(x, xml);
    if (rawName != null) Files.write(dir.resolve(rawName), raw);
    return x;
  }

  private static final String MAP = "<root name=\"acquisition_1\"><timestamp isoformat=\"2019-06-06T13:30:00.164675\"/>"
      + "<software_version>0.51 211118</software_version><type>scan</type><pix_x>3</pix_x><pix_y>2</pix_y>"
      + "<raw_file filename=\"scan_x3_y2.raw\"/><exposure_time>1</exposure_time><iom_measurements>"
      + "<optics.get_cameralength>0.7225</optics.get_cameralength><source.get_voltage>300000.0</source.get_voltage>"
      + "<optics.get_full_scan_field_of_view>[3e-08, 3e-08]</optics.get_full_scan_field_of_view>"
      + "<calibrated_pixelsize>2e-10</calibrated_pixelsize></iom_measurements></root>";

  @Test
  void aScanIsACubeWithoutTheMetadataRowsAndWithTheXmlCalibrations() throws IOException {
    Path x = write("map.xml", MAP, "scan_x3_y2.raw", raw(6));
    try (DataFile df = Readers.open(x)) {
      assertThat(df.format()).isEqualTo("empad");
      DataCube4D cube = (DataCube4D) df.datasets().get(0);
      assertThat(cube.shape()).containsExactly(2, 3, 128, 128);
      assertThat(cube.pixelType()).isEqualTo(PixelType.FLOAT32);
      // field of view 30 nm over 2 rows and over 3 columns
      assertThat(cube.ry().scale()).isCloseTo(15.0, within(1e-9));
      assertThat(cube.rx().scale()).isCloseTo(10.0, within(1e-9));
      assertThat(cube.rx().unit()).isEqualTo("nm");
      assertThat(cube.qx().scale()).isCloseTo(0.2, within(1e-12));
      assertThat(cube.qx().offset()).isCloseTo(-12.8, within(1e-12));
      assertThat(cube.qy().unit()).isEqualTo("1/nm");
      float[] frame = new float[128 * 128];
      for (int ry = 0; ry < 2; ry++) {
        for (int rx = 0; rx < 3; rx++) {
          cube.readFrame(rx, ry, frame);
          int k = ry * 3 + rx;
          assertThat(frame[0]).isEqualTo(value(k, 0, 0));
          assertThat(frame[127 * 128 + 127]).isEqualTo(value(k, 127, 127));
          assertThat(frame[5 * 128 + 77]).isEqualTo(value(k, 5, 77));
          for (float v : frame) assertThat(v).isNotEqualTo(-1f);
        }
      }
      assertThat(cube.metadata().summary()).containsEntry(Metadata.DATE, "2019-06-06").containsEntry(Metadata.TIME, "13:30:00.164675")
          .containsEntry(Metadata.VOLTAGE_KV, 300.0).containsEntry("scan_shape_from", "pix_x/pix_y");
      assertThat((double) cube.metadata().summary().get(Metadata.CAMERA_LENGTH_MM)).isCloseTo(722.5, within(1e-9));
    }
  }

  @Test
  void aSeriesIsAStackAndVersion12TakesItsScanFromTheRawName() throws IOException {
    String series = "<root><timestamp isoformat=\"2019-06-07T13:17:22.590279\"/><type>series</type>"
        + "<raw_file filename=\"series_x3.raw\"/><scan_parameters><series_count>3</series_count></scan_parameters></root>";
    try (DataFile df = Readers.open(write("stack.xml", series, "series_x3.raw", raw(3)))) {
      ImageStack s = (ImageStack) df.datasets().get(0);
      assertThat(s.shape()).containsExactly(3, 128, 128);
      assertThat(s.pixels().getFloat(2L * 128 * 128 + 127 * 128 + 3)).isEqualTo(value(2, 127, 3));
      assertThat(s.pixels().getFloat(128 * 128)).isEqualTo(value(1, 0, 0));
      assertThat(s.x().offset()).isEqualTo(-64.0);
    }
    String v12 = "<root><raw_file filename=\"scan_x4_y2.raw\"/><iom_measurements><full_scan_field_of_view>"
        + "<scale_factor>0.72</scale_factor><x>7.2e-08</x><y>7.2e-08</y></full_scan_field_of_view>"
        + "<high_voltage>200000.0</high_voltage></iom_measurements></root>";
    try (DataFile df = Readers.open(write("v12.xml", v12, "scan_x4_y2.raw", raw(8)))) {
      DataCube4D cube = (DataCube4D) df.datasets().get(0);
      assertThat(cube.shape()).containsExactly(2, 4, 128, 128);
      // 72 nm / 0.72 over the larger side, 4 pixels
      assertThat(cube.rx().scale()).isCloseTo(25.0, within(1e-9));
      assertThat(cube.ry().scale()).isCloseTo(25.0, within(1e-9));
      assertThat(cube.qx().unit()).isEqualTo("px");
      float[] frame = new float[128 * 128];
      cube.readFrame(3, 1, frame);
      assertThat(frame[128]).isEqualTo(value(7, 1, 0));
    }
  }

  @Test
  void theRawOpenedDirectlyIsRefusedPointingToItsXml() throws IOException {
    write("map.xml", MAP, "scan_x3_y2.raw", raw(6));
    Files.write(dir.resolve("other.raw"), raw(1));
    assertThatThrownBy(() -> Readers.open(dir.resolve("scan_x3_y2.raw"))).isInstanceOf(BadInputException.class)
        .hasMessageContaining("scan_x3_y2.raw").hasMessageContaining("open map.xml");
    assertThatThrownBy(() -> Readers.open(dir.resolve("other.raw"))).as("a raw no .xml names stays of unknown format")
        .isInstanceOf(BadInputException.class).hasMessageContaining("unknown format");
  }

  @Test
  void anXmlNamingAMissingRawIsRefusedNamingBoth() throws IOException {
    Path x = write("alone.xml", MAP, null, null);
    assertThatThrownBy(() -> Readers.open(x)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("alone.xml").hasMessageContaining("scan_x3_y2.raw").hasMessageContaining("not beside it")
        .hasMessageContaining("2 × 3 frames");
  }

  @Test
  void aTruncatedRawIsRefusedNamingItAndWhatTheXmlDescribes() throws IOException {
    byte[] full = raw(6);
    Path x = write("short.xml", MAP, "scan_x3_y2.raw", Arrays.copyOf(full, full.length - 4));
    assertThatThrownBy(() -> Readers.open(x)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("scan_x3_y2.raw").hasMessageContaining("short.xml").hasMessageContaining("truncated")
        .hasMessageContaining(full.length + " bytes").hasMessageContaining("5 complete frames");
  }

  @Test
  void aScanOfMoreThan2To31FramesIsCountedNotOverflowed() throws IOException {
    // 100000 × 100000 = 10^10 frames: more than an int holds; the file has one frame, so it is refused as truncated
    String xml = "<root><pix_x>100000</pix_x><pix_y>100000</pix_y><raw_file filename=\"big.raw\"/></root>";
    Path x = write("big.xml", xml, "big.raw", raw(1));
    assertThatThrownBy(() -> Readers.open(x)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("big.raw").hasMessageContaining("big.xml").hasMessageContaining("truncated")
        .hasMessageContaining("100000 × 100000 frames").hasMessageContaining(10_000_000_000L * 128 * 130 * 4 + " bytes");
    String huge = "<root><pix_x>2147483647</pix_x><pix_y>2147483647</pix_y><raw_file filename=\"big.raw\"/></root>";
    Path h = write("huge.xml", huge, null, null);
    assertThatThrownBy(() -> Readers.open(h)).isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("huge.xml: a scan of 2147483647 × 2147483647 frames (from the pix_x/pix_y); expected at most");
  }

  @Test
  void anXmlWithoutAScanSizeIsRefused() throws IOException {
    Path x = write("nosize.xml", "<root><raw_file filename=\"data.raw\"/></root>", "data.raw", raw(1));
    assertThatThrownBy(() -> Readers.open(x)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("nosize.xml").hasMessageContaining("scan size is not stated");
  }
}
