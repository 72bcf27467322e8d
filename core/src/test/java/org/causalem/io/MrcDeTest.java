package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.causalem.data.DataCube4D;
import org.causalem.data.DataFile;
import org.causalem.data.Image;
import org.causalem.data.ImageStack;
import org.causalem.data.Metadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Direct Electron MRC files with the sidecars DE-Server writes, built like the real ones (RosettaSciIO's
 * {@code 20241021_00405_*}, {@code ROI_Random_Scan_*}, {@code Custom_*}): uint16 movies (mode 6) with a
 * negative cell, an {@code _info.txt} of {@code key = value} lines, an {@code x,y} coordinates file.
 * Frame k's pixel i holds 100·k + i, so every frame says which one it is.
 */
class MrcDeTest {
  private static final int NX = 3;
  private static final int NY = 2;

  @TempDir Path tmp;

  @Test
  void rasterMovieIsA4dCubeInScanOrderCalibratedFromItsInfoFile() throws Exception {
    Path movie = movie("20990101_00001_movie.mrc", 8);
    info("20990101_00001", "Scan - Type = Raster", "Scan - Size X = 4", "Scan - Size Y = 2", "Scan - ROI Enable = Disable");
    try (DataFile df = Readers.open(movie)) {
      DataCube4D cube = df.first(DataCube4D.class);
      assertThat(cube.shape()).containsExactly(2, 4, NY, NX);
      assertFrame(cube, 1, 1, 5); // raster: row 1, column 1 is the 6th frame
      assertFrame(cube, 3, 0, 3);
      assertThat(cube.rx().scale()).isEqualTo(0.1);
      assertThat(cube.ry().scale()).isEqualTo(0.2);
      assertThat(cube.rx().unit()).isEqualTo("nm");
      assertThat(cube.qx().unit()).isEqualTo("px");
      assertThat(cube.metadata().summary()).containsEntry(Metadata.VOLTAGE_KV, 300.0)
          .containsEntry(Metadata.DETECTOR, "Direct Electron DESim").containsEntry("scan_order_from", "DE info: raster over the 4 × 2 scan");
      assertThat(cube.metadata().notes()).noneMatch(n -> n.contains("scan order"));
    }
  }

  @Test
  void virtualImagesAreInScanPixelsAndTheFinalImageInDetectorPixels() throws Exception {
    info("20990101_00002", "Scan - Type = Raster", "Scan - Size X = 4", "Scan - Size Y = 2", "Scan - ROI Enable = Disable");
    Path virt = floats("20990101_00002_0_Virt 0_sum.mrc", 4, 2);
    Path ext = floats("20990101_00002_ext1_Ext 1.mrc", 4, 2);
    Path fin = floats("20990101_00002_final.mrc", NX, NY);
    for (Path p : List.of(virt, ext)) {
      try (DataFile df = Readers.open(p)) {
        Image img = df.first(Image.class);
        assertThat(img.x().scale()).isEqualTo(0.1);
        assertThat(img.y().scale()).isEqualTo(0.2);
        assertThat(img.y().unit()).isEqualTo("nm");
      }
    }
    try (DataFile df = Readers.open(fin)) {
      Image img = df.first(Image.class);
      assertThat(img.x().unit()).isEqualTo("px");
      assertThat(img.metadata().summary().get("de_image").toString()).startsWith("final");
    }
  }

  @Test
  void randomRoiMovieIsPlacedByItsCoordinatesFile() throws Exception {
    // a 3 × 2 ROI at (3, 1) of an 8 × 4 scan, visited in a shuffled order; coordinates count from the ROI's corner
    Path movie = movie("ROI_Scan_movie.mrc", 6);
    info("ROI_Scan", "Scan - Type = Random", "Scan - Size X = 8", "Scan - Size Y = 4", "Scan - ROI Enable = Enable",
        "Scan - ROI Offset X = 3", "Scan - ROI Offset Y = 1", "Scan - ROI Size X = 3", "Scan - ROI Size Y = 2");
    Files.writeString(tmp.resolve("ROI_Scan_scan_coordinates.csv"), "2,1\n0,0\n1,1\n2,0\n0,1\n1,0\n");
    try (DataFile df = Readers.open(movie)) {
      DataCube4D cube = df.first(DataCube4D.class);
      assertThat(cube.shape()).containsExactly(2, 3, NY, NX);
      assertFrame(cube, 2, 1, 0);
      assertFrame(cube, 0, 0, 1);
      assertFrame(cube, 1, 1, 2);
      assertFrame(cube, 2, 0, 3);
      assertFrame(cube, 0, 1, 4);
      assertFrame(cube, 1, 0, 5);
      assertThat(cube.rx().offset()).isCloseTo(0.3, within(1e-12));
      assertThat(cube.ry().offset()).isCloseTo(0.2, within(1e-12));
      assertThat(cube.metadata().summary()).containsEntry("de_scan_roi", "x 3..5, y 1..2 of 8 × 4");
    }
  }

  @Test
  void movieThatIsNotOneVisitPerPositionStaysAStackWithANote() throws Exception {
    // like Custom_*: an XY-file scan of a 3 × 3 grid that skips column 1 and repeats twice
    Path custom = movie("Custom_movie.mrc", 12);
    info("Custom", "Scan - Type = XY File", "Scan - Size X = 3", "Scan - Size Y = 3", "Scan - ROI Enable = Disable");
    StringBuilder csv = new StringBuilder();
    for (int r = 0; r < 2; r++) for (int x : new int[] {0, 2}) for (int y = 0; y < 3; y++) csv.append(x).append(',').append(y).append('\n');
    Files.writeString(tmp.resolve("Custom_scan_coordinates.csv"), csv);
    try (DataFile df = Readers.open(custom)) {
      ImageStack s = df.first(ImageStack.class);
      assertThat(s.frames()).isEqualTo(12);
      assertThat(s.metadata().notes()).filteredOn(n -> n.contains("NOT in scan order")).singleElement().asString()
          .contains("visits 6 of the 9 positions").contains("6 frames at a position already visited");
    }
    Path noCsv = movie("Lost_movie.mrc", 6);
    info("Lost", "Scan - Type = Random", "Scan - Size X = 3", "Scan - Size Y = 2", "Scan - ROI Enable = Disable");
    try (DataFile df = Readers.open(noCsv)) {
      assertThat(df.first(ImageStack.class).metadata().notes()).filteredOn(n -> n.contains("NOT in scan order")).singleElement()
          .asString().contains("Lost_scan_coordinates.csv");
    }
    Path other = movie("20990101_00004_movie.mrc", 6);
    info("20990101_00004", "Scan - Type = Raster", "Scan - Size X = 3", "Scan - Size Y = 2", "Image Size X (pixels) = 8",
        "Image Size Y (pixels) = 4");
    try (DataFile df = Readers.open(other)) {
      assertThat(df.first(ImageStack.class).metadata().notes()).anyMatch(n -> n.contains("describes 8 × 4 frames but this file's are 3 × 2"));
    }
    Path tem = movie("20990101_00003_movie.mrc", 6);
    info("20990101_00003", "Scan - Enable = Disable");
    try (DataFile df = Readers.open(tem)) {
      assertThat(df.first(ImageStack.class).metadata().notes()).noneMatch(n -> n.contains("scan order"));
    }
  }

  private static void assertFrame(DataCube4D cube, int rx, int ry, int frame) {
    float[] f = new float[NX * NY];
    cube.readFrame(rx, ry, f);
    for (int i = 0; i < f.length; i++) assertThat(f[i]).as("(%d, %d) pixel %d", rx, ry, i).isEqualTo(100f * frame + i);
  }

  /** A uint16 DE movie: frame k's pixel i is 100·k + i. */
  private Path movie(String name, int frames) throws Exception {
    ByteBuffer data = ByteBuffer.allocate(2 * NX * NY * frames).order(ByteOrder.LITTLE_ENDIAN);
    for (int k = 0; k < frames; k++) for (int i = 0; i < NX * NY; i++) data.putShort((short) (100 * k + i));
    return write(name, MrcReaderTest.header(NX, NY, frames, 6, NX, -10f * NX, 0, "    ", ByteOrder.LITTLE_ENDIAN, true), data.array());
  }

  private Path floats(String name, int nx, int ny) throws Exception {
    ByteBuffer data = ByteBuffer.allocate(4 * nx * ny).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < nx * ny; i++) data.putFloat(i);
    return write(name, MrcReaderTest.header(nx, ny, 1, 2, nx, -10f * nx, 0, "    ", ByteOrder.LITTLE_ENDIAN, true), data.array());
  }

  /** An info file as DE-Server writes it (padded keys, {@code =}), with the given scan lines. */
  private void info(String prefix, String... scan) throws Exception {
    StringBuilder b = new StringBuilder();
    b.append(String.format("%-64s= %s%n", "Camera Model", "DESim"));
    b.append(String.format("%-64s= %s%n", "Dataset Name", prefix));
    b.append(String.format("%-64s= %s%n", "Instrument Accelerating Voltage (V)", "300000"));
    b.append(String.format("%-64s= %s%n", "Scan - Enable", "Enable"));
    b.append(String.format("%-64s= %s%n", "Scan - Points Per Camera Frame", "1"));
    b.append(String.format("%-64s= %s%n", "Scan - Repeats", "1"));
    b.append(String.format("%-64s= %s%n", "Specimen Pixel Size X (nanometers)", "0.1"));
    b.append(String.format("%-64s= %s%n", "Specimen Pixel Size Y (nanometers)", "0.2"));
    b.append(String.format("%-64s= %s%n", "Diffraction Pixel Size X", "0.1"));
    for (String s : scan) {
      int eq = s.indexOf('=');
      b.append(String.format("%-64s= %s%n", s.substring(0, eq).trim(), s.substring(eq + 1).trim()));
    }
    Files.writeString(tmp.resolve(prefix + "_info.txt"), b);
  }

  private Path write(String name, byte[]... parts) throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] b : parts) out.write(b);
    Path p = tmp.resolve(name);
    Files.write(p, out.toByteArray());
    return p;
  }
}
