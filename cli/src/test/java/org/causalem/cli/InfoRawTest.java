package org.causalem.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.causalem.SharedData;
import org.causalem.data.Axis;
import org.causalem.data.Image;
import org.causalem.data.Metadata;
import org.causalem.data.Pixels;
import org.causalem.io.Json;
import org.causalem.io.NpyWriter;
import org.causalem.io.TiffWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code causalem info --json} on NPY, TIFF and MIB files, and on a bad file. */
class InfoRawTest {
  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  /** Parses stdout as exactly one JSON object (nothing before or after it). */
  private static JsonNode single(String out) throws IOException {
    try (JsonParser p = Json.mapper().getFactory().createParser(out)) {
      JsonNode node = Json.mapper().readTree(p);
      assertThat(node.isObject()).isTrue();
      assertThat(p.nextToken()).as("text after the JSON object").isNull();
      return node;
    }
  }

  @Test
  void npyStack() throws IOException {
    Path f = dir.resolve("movie.npy");
    NpyWriter.write(f, new float[3 * 4 * 5], 3, 4, 5);
    Run r = run("info", f.toString(), "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = single(r.out());
    assertThat(j.get("format").asText()).isEqualTo("npy");
    assertThat(j.get("datasets")).hasSize(1);
    JsonNode d = j.get("datasets").get(0);
    assertThat(d.get("kind").asText()).isEqualTo("stack");
    assertThat(shape(d)).containsExactly(3, 4, 5);
    assertThat(d.get("dtype").asText()).isEqualTo("float32");
    assertThat(d.get("axes").get(0).get("name").asText()).isEqualTo("frame");
  }

  @Test
  void calibratedTiffImage() throws IOException {
    Path f = dir.resolve("haadf.tif");
    TiffWriter.write(f, new Image("haadf", Pixels.ofFloats(new float[6 * 7]), new Axis("y", 6, 0, 0.05, "nm"),
        new Axis("x", 7, 0, 0.05, "nm"), Metadata.EMPTY));
    Run r = run("info", f.toString(), "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode d = single(r.out()).get("datasets").get(0);
    assertThat(single(r.out()).get("format").asText()).isEqualTo("tiff");
    assertThat(d.get("kind").asText()).isEqualTo("image");
    assertThat(shape(d)).containsExactly(6, 7);
    assertThat(d.get("dtype").asText()).isEqualTo("float32");
    JsonNode x = d.get("axes").get(1);
    assertThat(x.get("name").asText()).isEqualTo("x");
    assertThat(x.get("unit").asText()).isEqualTo("nm");
    assertThat(x.get("scale").asDouble()).isCloseTo(0.05, within(1e-7));
  }

  @Test
  void merlinMib() throws IOException {
    Path f = SharedData.real("merlin_navigation4x2_ROI/001_4x2_6bit.mib");
    Run r = run("info", f.toString(), "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = single(r.out());
    assertThat(j.get("format").asText()).isEqualTo("mib");
    JsonNode d = j.get("datasets").get(0);
    assertThat(d.get("kind").asText()).isEqualTo("4d");
    assertThat(shape(d)).containsExactly(2, 4, 256, 256);
    assertThat(d.get("dtype").asText()).isEqualTo("uint8");
    assertThat(d.get("metadata").get("date").asText()).isEqualTo("2021-05-07");
  }

  @Test
  void truncatedFileExitsWithCode3AndNamesTheFile() throws IOException {
    Path good = dir.resolve("good.npy");
    NpyWriter.write(good, new float[1000], 10, 100);
    byte[] b = Files.readAllBytes(good);
    Path bad = Files.write(dir.resolve("cut_short.npy"), Arrays.copyOf(b, b.length / 2));
    Run r = run("info", bad.toString(), "--json");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("cut_short.npy").doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(r.err().strip().lines().count()).isEqualTo(1);
  }

  private static long[] shape(JsonNode d) {
    JsonNode s = d.get("shape");
    long[] out = new long[s.size()];
    for (int i = 0; i < out.length; i++) out[i] = s.get(i).asLong();
    return out;
  }
}
