package org.causalem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.causalem.data.DataFile;
import org.causalem.data.Image;
import org.causalem.data.ImageStack;
import org.causalem.data.PixelType;
import org.causalem.data.Spectrum;
import org.causalem.io.CsvWriter;
import org.causalem.io.NpyWriter;
import org.causalem.io.PngWriter;
import org.causalem.io.Readers;
import org.causalem.table.DescriptorTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files {@code eels} and {@code fourd} write: NPY maps through the shared {@link NpyWriter} (checked
 * against the format description and read back with our reader), PNG previews and CSV tables.
 */
class MapFilesTest {
  @Test
  void float32MapFollowsTheFormatDescriptionAndReadsBack(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("m.npy");
    NpyWriter.write(f, new float[] {1, 2, 3, 4, 5, Float.NaN}, 2, 3);
    byte[] b = Files.readAllBytes(f);
    assertThat(b[0] & 0xFF).isEqualTo(0x93);
    assertThat(new String(b, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
    assertThat(b[6]).isEqualTo((byte) 1);
    assertThat(b[7]).isEqualTo((byte) 0);
    int hlen = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
    assertThat((10 + hlen) % 64).isZero();
    String header = new String(b, 10, hlen, StandardCharsets.US_ASCII);
    assertThat(header).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }").endsWith("\n");
    ByteBuffer data = ByteBuffer.wrap(b, 10 + hlen, b.length - 10 - hlen).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(data.remaining()).isEqualTo(24);
    assertThat(data.getFloat()).isEqualTo(1f);
    data.position(data.position() + 16);
    assertThat(data.getFloat()).isNaN();
    try (DataFile df = Readers.open(f)) {
      Image img = (Image) df.datasets().get(0);
      assertThat(img.pixelType()).isEqualTo(PixelType.FLOAT32);
      assertThat(img.shape()).containsExactly(2, 3);
      for (int i = 0; i < 5; i++) assertThat(img.pixels().getDouble(i)).isEqualTo(i + 1);
      assertThat(img.pixels().getDouble(5)).isNaN();
    }
  }

  @Test
  void int32OneDimensionalMapReadsBack(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("l.npy");
    NpyWriter.write(f, new int[] {7, -1, 3}, 3);
    byte[] b = Files.readAllBytes(f);
    int hlen = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
    assertThat(new String(b, 10, hlen, StandardCharsets.US_ASCII)).contains("'<i4'").contains("'shape': (3,)");
    assertThat(ByteBuffer.wrap(b, 10 + hlen + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(-1);
    try (DataFile df = Readers.open(f)) {
      Spectrum s = (Spectrum) df.datasets().get(0);
      assertThat(s.pixelType()).isEqualTo(PixelType.INT32);
      assertThat(s.shape()).containsExactly(3);
      assertThat(s.pixels().getDouble(0)).isEqualTo(7);
      assertThat(s.pixels().getDouble(1)).isEqualTo(-1);
      assertThat(s.pixels().getDouble(2)).isEqualTo(3);
    }
  }

  @Test
  void stackedRowsKeepCOrder(@TempDir Path dir) throws IOException {
    float[][] loadings = {{1, 2, 3, 4, 5, 6}, {10, 20, 30, 40, 50, 60}};
    Path f = dir.resolve("loadings.npy");
    NpyWriter.write(f, MapFiles.stack(loadings), loadings.length, 2, 3);
    try (DataFile df = Readers.open(f)) {
      ImageStack st = (ImageStack) df.datasets().get(0);
      assertThat(st.shape()).containsExactly(2, 2, 3);
      assertThat(st.pixels().getDouble(4)).isEqualTo(5);
      assertThat(st.pixels().getDouble(6 + 5)).isEqualTo(60);
    }
  }

  @Test
  void greyPreviewAndCsv(@TempDir Path dir) throws IOException {
    Path png = dir.resolve("m.png");
    // as eels/fourd write previews: grey between the 1st and 99th percentile of the finite values, NaN black
    PngWriter.writeGrayPercentiles(png, Image.of(new float[] {0, 1, 2, Float.NaN, 4, 5}, 3, 2), 1, 99);
    var img = ImageIO.read(png.toFile());
    assertThat(img.getWidth()).isEqualTo(3);
    assertThat(img.getHeight()).isEqualTo(2);
    // finite values sorted 0,1,2,4,5: low = value at floor(0.01*4) = 0, high = value at ceil(0.99*4) = 5
    int[] grey = img.getRaster().getPixels(0, 0, 3, 2, (int[]) null);
    assertThat(grey).containsExactly(0, 51, 102, 0, 204, 255);
    Path csv = dir.resolve("t.csv");
    // float precision: 1/3 is written as the shortest float that reads back to (float) (1/3)
    CsvWriter.write(csv, DescriptorTable.of(List.of("row", "v"), new double[][] {{0, 1, 2}, {2.5, Double.NaN, 1.0 / 3}}),
        CsvWriter.FLOAT);
    assertThat(Files.readAllLines(csv)).containsExactly("row,v", "0,2.5", "1,", "2,0.33333334");
  }
}
