package org.causalem.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.causalem.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code causalem info FILE --json} on every DM file in ../shared/data/real prints one JSON object. */
class InfoDmTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Runs {@code causalem info FILE --json [extra]} and returns the single JSON object it printed. */
  static JsonNode info(Path file, String... extra) throws IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> args = new ArrayList<>(List.of("info", file.toString(), "--json"));
    args.addAll(List.of(extra));
    int code = Main.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
    assertThat(code).as("exit code; stderr: " + err).isEqualTo(Main.OK);
    try (JsonParser p = MAPPER.getFactory().createParser(out.toString())) {
      JsonNode node = MAPPER.readTree(p);
      assertThat(node.isObject()).isTrue();
      assertThat(p.nextToken()).as("nothing after the one JSON object").isNull();
      return node;
    }
  }

  @ParameterizedTest(name = "{0}")
  // the MANIFEST's facts; an empty column is one it does not state
  @CsvSource(delimiter = ';', value = {
      "08_carbon.dm3; dm3; spectrum; 2048; ; energy; 300",
      "EELS_STO.dm3; dm3; spectrum; 2048; float32; energy; 200",
      "EELS_STO.dm4; dm4; spectrum; 2048; float32; energy; 200",
      "SI-EELS_Spectrum_Image.dm3; dm3; spectrum-image; 49 6 1024; float32; y x energy; 200",
      "SI-HAADF.dm3; dm3; image; 1568 192; float32; y x; ",
      "SI-Survey_Image.dm3; dm3; image; 512 512; uint32; y x; 200",
      "digitalmicrograph_1D_test-EELS_spectrum.dm3; dm3; spectrum; 2048; ; energy; 200",
      "digitalmicrograph_2D_test_STEM_image.dm3; dm3; image; 68 68; uint32; y x; 200",
      "digitalmicrograph_2D_test_diffraction_pattern.dm3; dm3; image; 87 87; ; y x; ",
      "digitalmicrograph_3D_EELS_SI.dm4; dm4; spectrum-image; 2 2 2048; ; y x energy; 200"})
  void printsOneJsonObjectWithKindShapeAndAxes(String name, String format, String kind, String shape, String dtype,
                                               String axes, Double voltageKv) throws IOException {
    Path file = SharedData.real(name);
    JsonNode root = info(file);
    assertThat(root.get("file").asText()).isEqualTo(file.toString());
    assertThat(root.get("format").asText()).isEqualTo(format);
    JsonNode sets = root.get("datasets");
    assertThat(sets.size()).as("one dataset besides the thumbnail").isEqualTo(1);
    JsonNode d = sets.get(0);
    assertThat(d.get("kind").asText()).isEqualTo(kind);
    if (dtype != null) assertThat(d.get("dtype").asText()).isEqualTo(dtype);
    else assertThat(d.get("dtype").asText()).isNotBlank();
    String[] sizes = shape.split(" ");
    String[] names = axes.split(" ");
    assertThat(d.get("shape").size()).isEqualTo(sizes.length);
    assertThat(d.get("axes").size()).isEqualTo(names.length);
    for (int i = 0; i < sizes.length; i++) {
      assertThat(d.get("shape").get(i).asLong()).isEqualTo(Long.parseLong(sizes[i]));
      JsonNode axis = d.get("axes").get(i);
      assertThat(axis.get("name").asText()).isEqualTo(names[i]);
      assertThat(axis.get("size").asLong()).isEqualTo(Long.parseLong(sizes[i]));
      assertThat(axis.get("scale").isNumber()).isTrue();
      assertThat(axis.get("offset").isNumber()).isTrue();
      if (names[i].equals("energy")) assertThat(axis.get("unit").asText()).isEqualTo("eV");
    }
    if (voltageKv != null) assertThat(d.get("metadata").get("voltage_kV").asDouble()).isEqualTo(voltageKv);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
      "EELS_STO.dm4; 350; 0.25; eV; 1",
      "digitalmicrograph_2D_test_diffraction_pattern.dm3; ; 0.1744; 1/nm; 2",
      "SI-Survey_Image.dm3; 0; 1; px; 2"})
  void axesCarryCalibrationInProjectUnits(String name, Double offset, double scale, String unit, int axisCount)
      throws IOException {
    JsonNode axes = info(SharedData.real(name)).get("datasets").get(0).get("axes");
    JsonNode last = axes.get(axes.size() - 1);
    assertThat(last.get("unit").asText()).isEqualTo(unit);
    assertThat(last.get("scale").asDouble()).isCloseTo(scale, within(1e-4));
    if (offset != null) assertThat(last.get("offset").asDouble()).isCloseTo(offset, within(1e-9));
    assertThat(axes.size()).isEqualTo(axisCount);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"SI-Survey_Image.dm3", "digitalmicrograph_3D_EELS_SI.dm4"})
  void fullAddsTheWholeTagTreeAndStaysValidJson(String name) throws IOException {
    JsonNode d = info(SharedData.real(name), "--full").get("datasets").get(0);
    JsonNode original = d.get("metadata").get("original");
    assertThat(original.get("ImageData").get("Data").asText()).startsWith("<array ");
    assertThat(original.get("ImageTags").get("Microscope Info").get("Voltage").asDouble()).isEqualTo(200000.0);
    if (name.startsWith("SI-Survey")) assertThat(d.get("metadata").get("date").asText()).isEqualTo("2019-12-14");
  }

  @Test
  void truncatedDmFileExitsWithCode3AndOneLineNamingTheFile(@TempDir Path dir) throws IOException {
    byte[] whole = Files.readAllBytes(SharedData.real("EELS_STO.dm4"));
    Path cut = dir.resolve("cut.dm4");
    Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"info", cut.toString(), "--json"}, new PrintWriter(out), new PrintWriter(err));
    assertThat(code).isEqualTo(Main.BAD_INPUT);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString().strip()).doesNotContain("\n").contains("cut.dm4: truncated DM4 file");
  }
}
