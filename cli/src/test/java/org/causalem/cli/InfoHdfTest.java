package org.causalem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.causalem.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code causalem info FILE --json} on the real HDF5/EMD, MRC and SER files. */
class InfoHdfTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @CsvSource({
      "STEM_HAADF_Diffraction_Micro.emd, emd-velox, image, '128,128', uint16",
      "fei_emd_image.emd, emd-velox, image, '512,512', uint16",
      "EMDReader_SpectrumImage_Si.emd, emd-velox, stack, '5,16,16', uint16",
      "emd_Si100_4D.emd, emd-berkeley, 4d, '11,11,8,8', float32",
      "test_ABF_cropped.hdf5, hdf5, image, '400,380', float16",
      "mrc_HAADFscan.mrc, mrc, image, '16,16', uint16",
      "tia_old_X_-_Au_NP_EELS_2.ser, ser, spectrum, '2048', int32"})
  void jsonDescribesTheFirstDataset(String file, String format, String kind, String shape, String dtype) throws Exception {
    Path p = SharedData.real(file);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"info", p.toString(), "--json"}, new PrintWriter(out), new PrintWriter(err));
    assertThat(code).as(err.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.get("format").asText()).isEqualTo(format);
    JsonNode first = json.get("datasets").get(0);
    assertThat(first.get("kind").asText()).isEqualTo(kind);
    StringBuilder s = new StringBuilder();
    for (JsonNode n : first.get("shape")) s.append(s.length() == 0 ? "" : ",").append(n.asLong());
    assertThat(s.toString()).isEqualTo(shape);
    assertThat(first.get("dtype").asText()).isEqualTo(dtype);
    assertThat(first.get("axes")).hasSize(first.get("shape").size());
  }

  @Test
  void calibrationsReachTheJson() throws Exception {
    JsonNode ser = info(SharedData.real("tia_old_X_-_Au_NP_EELS_2.ser"));
    JsonNode e = ser.get("datasets").get(0).get("axes").get(0);
    assertThat(e.get("name").asText()).isEqualTo("energy");
    assertThat(e.get("offset").asDouble()).isEqualTo(2160.0);
    assertThat(e.get("scale").asDouble()).isBetween(0.19999, 0.20001);
    assertThat(e.get("unit").asText()).isEqualTo("eV");
    JsonNode mrc = info(SharedData.real("mrc_HAADFscan.mrc"));
    JsonNode x = mrc.get("datasets").get(0).get("axes").get(1);
    assertThat(x.get("scale").asDouble()).isBetween(5.675, 5.685);
    assertThat(x.get("unit").asText()).isEqualTo("nm");
    JsonNode velox = info(SharedData.real("STEM_HAADF_Diffraction_Micro.emd"));
    assertThat(velox.get("datasets").get(0).get("metadata").get("voltage_kV").asDouble()).isEqualTo(300.0);
    JsonNode si = info(SharedData.real("EMDReader_SpectrumImage_Si.emd"));
    assertThat(si.get("datasets").get(1).get("kind").asText()).isEqualTo("spectrum-image");
    assertThat(si.get("datasets").get(1).get("shape").toString()).isEqualTo("[16,16,4096]");
    JsonNode cube = info(SharedData.real("emd_Si100_4D.emd"));
    assertThat(cube.get("datasets")).hasSize(2);
  }

  @Test
  void truncatedEmdExitsWithBadInput() throws Exception {
    byte[] b = Files.readAllBytes(SharedData.real("emd_Si100_4D.emd"));
    Path cut = tmp.resolve("cut.emd");
    Files.write(cut, java.util.Arrays.copyOf(b, b.length / 3));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"info", cut.toString(), "--json"}, new PrintWriter(out), new PrintWriter(err));
    assertThat(code).isEqualTo(Main.BAD_INPUT);
    assertThat(err.toString()).contains("cut.emd").doesNotContain("\tat ");
    assertThat(out.toString()).isEmpty();
  }

  private static JsonNode info(Path p) throws Exception {
    StringWriter out = new StringWriter();
    int code = Main.run(new String[] {"info", p.toString(), "--json"}, new PrintWriter(out), new PrintWriter(new StringWriter()));
    assertThat(code).isZero();
    return new ObjectMapper().readTree(out.toString());
  }
}
