package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalem.data.Axis;
import org.causalem.data.BadInputException;
import org.causalem.data.DataCube4D;
import org.causalem.data.DataFile;
import org.causalem.data.Image;
import org.causalem.data.ImageStack;
import org.causalem.data.Metadata;
import org.causalem.data.Spectrum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Minimal Panta Rhei files built here: data.npy, metadata JSON in meta_data_json.npy, file_format_version.npy. */
class PrzReaderTest {
  @TempDir Path dir;

  private static final byte[] VERSION = NpyReaderTest.npy(1, NpyReaderTest.dict("<i8", false, "()"), NpzReaderTest.le(new long[] {7}, 8));

  /** A .prz of {@code data} and, when {@code json} is not null, its metadata JSON (a list holding one dict). */
  static byte[] prz(byte[] data, String json) throws IOException {
    Map<String, byte[]> e = new LinkedHashMap<>();
    if (json != null) e.put("meta_data_json.npy", NpzReaderTest.unicode(json));
    e.put("meta_data.npy", NpyReaderTest.npy(1, "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", "not a pickle".getBytes()));
    e.put("data.npy", data);
    e.put("file_format_version.npy", VERSION);
    return NpzReaderTest.zip(e);
  }

  private Path write(String name, byte[] bytes) throws IOException { return Files.write(dir.resolve(name), bytes); }

  @Test
  void anImageGetsItsCalibrationAndKeyMetadataFromTheJson() throws IOException {
    byte[] data = NpyReaderTest.npy(1, NpyReaderTest.dict("<u2", false, "(4, 6)"), NpzReaderTest.le(NpzReaderTest.ramp(24, 100, 3), 2));
    String json = "[{\"type\": \"2D\", \"repo_id\": \"HAADF.3\", \"electron_gun.voltage\": 300000, \"filter.ht_offset\": -50.0,"
        + " \"source.type\": \"camera\", \"projector.magnification\": 50000, \"projector.camera_length\": 0.1,"
        + " \"acquisition.time\": \"2024-03-05T10:20:30.500000\", \"odd\": NaN,"
        + " \"device.calib\": [{\"name\": \"Length\", \"value\": 2e-10, \"unit\": \"m\", \"offset\": 1.5, \"pixel_factor\": 4.0},"
        + " {\"name\": \"Length\", \"value\": 3e-10, \"unit\": \"m\", \"offset\": 0.0, \"pixel_factor\": 2.0}]}]";
    try (DataFile df = Readers.open(write("scan.prz", prz(data, json)))) {
      assertThat(df.format()).isEqualTo("prz");
      Image img = (Image) df.datasets().get(0);
      assertThat(img.height()).isEqualTo(4);
      assertThat(img.width()).isEqualTo(6);
      assertThat(img.at(5, 3)).isEqualTo(100 + 3 * 23);
      // device.calib lists x first: x step 2e-10 m x 4 = 0.8 nm from 1.5 x 2e-10 m = 0.3 nm; y 3e-10 m x 2 = 0.6 nm
      assertThat(img.x().unit()).isEqualTo("nm");
      assertThat(img.x().scale()).isCloseTo(0.8, within(1e-12));
      assertThat(img.x().offset()).isCloseTo(0.3, within(1e-12));
      assertThat(img.y().scale()).isCloseTo(0.6, within(1e-12));
      Metadata md = img.metadata();
      assertThat((Double) md.summary().get(Metadata.VOLTAGE_KV)).isCloseTo(299.95, within(1e-9));
      assertThat(md.summary()).containsEntry(Metadata.MAGNIFICATION, 50000.0).containsEntry(Metadata.DATE, "2024-03-05")
          .containsEntry(Metadata.TIME, "10:20:30").containsEntry(Metadata.TITLE, "HAADF");
      assertThat((Double) md.summary().get(Metadata.CAMERA_LENGTH_MM)).isCloseTo(100, within(1e-9));
      assertThat(md.notes()).isEmpty();
    }
  }

  @Test
  void aStackKeepsItsIndexFirstAndA4dScanIsReorderedScanFirst() throws IOException {
    byte[] stack = NpyReaderTest.npy(1, NpyReaderTest.dict("<u2", false, "(2, 3, 4)"), NpzReaderTest.le(NpzReaderTest.ramp(24, 0, 1), 2));
    try (DataFile df = Readers.open(write("stack.prz", prz(stack, "[{\"type\": \"Stack\"}]")))) {
      ImageStack s = (ImageStack) df.datasets().get(0);
      assertThat(List.of(s.frame().size(), s.y().size(), s.x().size())).containsExactly(2, 3, 4);
    }
    // stored (qy, qx, ry, rx) = (2, 3, 4, 5): content types fastest first are ScanX, ScanY, CameraX, CameraY
    byte[] cube = NpyReaderTest.npy(1, NpyReaderTest.dict("<u2", false, "(2, 3, 4, 5)"), NpzReaderTest.le(NpzReaderTest.ramp(120, 0, 1), 2));
    String json = "[{\"content.types\": [\"ScanX\", \"ScanY\", \"CameraX\", \"CameraY\"]}]";
    try (DataFile df = Readers.open(write("cube.prz", prz(cube, json)))) {
      DataCube4D c = (DataCube4D) df.datasets().get(0);
      assertThat(List.of(c.scanY(), c.scanX(), c.detY(), c.detX())).containsExactly(4, 5, 2, 3);
      float[] f = new float[6];
      c.readFrame(3, 2, f); // rx 3, ry 2
      for (int qy = 0; qy < 2; qy++) {
        for (int qx = 0; qx < 3; qx++) assertThat(f[qy * 3 + qx]).isEqualTo((float) (((qy * 3 + qx) * 4 + 2) * 5 + 3));
      }
    }
  }

  @Test
  void anEelsSpectrumIsReversedLowEnergyFirst() throws IOException {
    byte[] data = NpyReaderTest.npy(1, NpyReaderTest.dict("<u2", false, "(5,)"), NpzReaderTest.le(new long[] {40, 30, 20, 10, 0}, 2));
    String json = "[{\"filter.mode\": \"EELS\", \"content.types\": [\"Energy\"],"
        + " \"device.calib\": [{\"value\": 0.5, \"unit\": \"eV\", \"offset\": 10.0}]}]";
    try (DataFile df = Readers.open(write("eels.prz", prz(data, json)))) {
      Spectrum s = (Spectrum) df.datasets().get(0);
      assertThat(s.pixels().toDoubleArray()).containsExactly(0, 10, 20, 30, 40);
      Axis e = s.energy();
      assertThat(e.unit()).isEqualTo("eV");
      assertThat(e.scale()).isEqualTo(0.5);
      assertThat(e.offset()).isEqualTo(-7.0); // stored from 5 eV up: 5 + 4 x 0.5 = 7 eV first, reversed and negated as RosettaSciIO does
      assertThat(s.metadata().signal()).isEqualTo(Metadata.SIGNAL_EELS);
    }
  }

  @Test
  void aLegacyFileWithOnlyPickledMetadataIsReadUncalibratedWithANote() throws IOException {
    byte[] data = NpyReaderTest.npy(1, NpyReaderTest.dict("<u2", false, "(2, 2)"), NpzReaderTest.le(new long[] {1, 2, 3, 4}, 2));
    try (DataFile df = Readers.open(write("old.prz", prz(data, null)))) {
      Image img = (Image) df.datasets().get(0);
      assertThat(img.toFloat()).containsExactly(1, 2, 3, 4);
      assertThat(img.x().calibrated()).isFalse();
      assertThat(img.metadata().notes().get(0)).startsWith("Panta Rhei metadata stored only as a Python pickle").contains("not read");
    }
  }

  @Test
  void badMetadataOrAMissingDataEntryIsRefusedNamingTheFile() throws IOException {
    byte[] data = NpyReaderTest.npy(1, NpyReaderTest.dict("<u2", false, "(2, 2)"), new byte[8]);
    Path p = write("badjson.prz", prz(data, "[{\"type\": \"2D\","));
    assertThatThrownBy(() -> Readers.open(p)).isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("badjson.prz: entry 'meta_data_json.npy' is not valid JSON");
    Path q = write("nodata.prz", NpzReaderTest.zip(Map.of("meta_data_json.npy", NpzReaderTest.unicode("[{}]"))));
    assertThatThrownBy(() -> Readers.open(q)).isInstanceOf(BadInputException.class)
        .hasMessage("nodata.prz: Panta Rhei file without a 'data.npy' entry; expected data.npy and meta_data_json.npy");
    Path r = write("wrongtypes.prz", prz(data, "[{\"content.types\": [\"Energy\", \"ScanX\", \"ScanY\"]}]"));
    assertThatThrownBy(() -> Readers.open(r)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("wrongtypes.prz: Panta Rhei content types [Energy, ScanX, ScanY]").hasMessageContaining("data.npy has 2");
  }

  @Test
  void aPantaRheiZipUnderAnotherNameIsStillReadAsOne() throws IOException {
    byte[] data = NpyReaderTest.npy(1, NpyReaderTest.dict("<u2", false, "(2, 2)"), new byte[8]);
    try (DataFile df = Readers.open(write("renamed.npz", prz(data, "[{}]")))) {
      assertThat(df.format()).isEqualTo("prz");
    }
  }
}
