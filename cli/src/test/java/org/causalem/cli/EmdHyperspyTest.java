package org.causalem.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.causalem.SharedData;
import org.causalem.data.Axis;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;
import org.causalem.data.Image;
import org.causalem.data.Metadata;
import org.causalem.data.Pixels;
import org.causalem.io.EmdWriter;
import org.causalem.io.Json;
import org.causalem.io.Readers;
import org.causalem.simulate.HaadfRenderer;
import org.causalem.simulate.PerovskiteSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The EMD files of {@code atoms}, {@code eels} and {@code fourd} opened by HyperSpy (Debian's python3-hyperspy, run as
 * {@code /usr/bin/python3 python/tests/hs_axes.py}): every map's axes (offset, scale, unit) equal the input file's, as
 * CausalEM reads the input and as HyperSpy reads it (units converted with pint). Skips with a notice without hyperspy.
 */
class EmdHyperspyTest {
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static Boolean hyperspyPresent;

  @Test
  void atomsEmdHasTheSimulatedImagesCalibration(@TempDir Path dir) throws Exception {
    hyperspy();
    HaadfRenderer.Options render = new HaadfRenderer.Options(2.5, 150, 10, 1, 0, 0, 0, true, 3);
    Image sim = new PerovskiteSimulator(PerovskiteSimulator.Options.uniform(6, 7, 24, 23, render)).simulate().image();
    // an offset and a pixel size as a microscope writes them; x and y differ so a swap would show
    Image calibrated = new Image("sim", Pixels.ofFloats(sim.toFloat()), new Axis("y", sim.height(), 2.5, 0.0163, "nm"),
        new Axis("x", sim.width(), -1.25, 0.0162, "nm"), new Metadata(Map.of(), Map.of()));
    Path input = dir.resolve("sim.emd");
    new EmdWriter().add("sim", calibrated).write(input);
    Path out = dir.resolve("atoms");
    CliRun r = CliRun.of("atoms", input.toString(), "--quiet", "--out", out.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    JsonNode hs = hyperspyAxes(out.resolve("atoms.emd"), input);
    JsonNode image = signal(hs.get(out.resolve("atoms.emd").toString()), "image");
    assertThat(image.get("shape").toString()).isEqualTo("[" + sim.width() + "," + sim.height() + "]"); // HyperSpy 1.7 transposes
    assertAxes(image, calibrated.axes(), signal(hs.get(input.toString()), "sim"));
    JsonNode x = axis(image, "x");
    assertThat(x.get("offset").asDouble()).isEqualTo(-1.25, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(x.get("scale").asDouble()).isEqualTo(0.0162, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(x.get("units").asText()).isEqualTo("nm");
  }

  @Test
  void eelsEmdHasTheRealSpectrumImagesAxes(@TempDir Path dir) throws Exception {
    hyperspy();
    // µm-calibrated scan (converted to nm) and a 1 eV energy axis from 300 eV
    Path file = SharedData.real("digitalmicrograph_3D_EELS_SI.dm4");
    Path out = dir.resolve("eels");
    CliRun r = CliRun.of("eels", file.toString(), "--components", "2", "--quiet", "--out", out.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    List<Axis> axes = axesOf(file);
    JsonNode hs = hyperspyAxes(out.resolve("eels.emd"), file);
    JsonNode in = hs.get(file.toString()).get(0);
    int checked = 0;
    for (JsonNode s : hs.get(out.resolve("eels.emd").toString())) {
      checked += assertAxes(s, axes, in);
    }
    assertThat(checked).as("axes compared").isGreaterThanOrEqualTo(10);
    assertThat(names(hs.get(out.resolve("eels.emd").toString()))).contains("pca_loadings", "pca_factors", "nmf_loadings");
  }

  @Test
  void binnedEelsMapsHaveBinnedAxes(@TempDir Path dir) throws Exception {
    hyperspy();
    Path file = SharedData.real("SI-EELS_Spectrum_Image.dm3");
    Path out = dir.resolve("eels");
    CliRun r = CliRun.of("eels", file.toString(), "--edges", "O-K", "--components", "0", "--bin", "2", "--quiet", "--out", out.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    JsonNode map = signal(hyperspyAxes(out.resolve("eels.emd")).get(out.resolve("eels.emd").toString()), "map_O-K");
    // 49 × 6 px, uncalibrated: 24 × 3 bins of 2 px whose centres start at 0.5 px
    JsonNode y = axis(map, "y");
    assertThat(y.get("size").asInt()).isEqualTo(24);
    assertThat(y.get("scale").asDouble()).isEqualTo(2.0);
    assertThat(y.get("offset").asDouble()).isEqualTo(0.5);
    assertThat(y.get("units").asText()).isEmpty();
  }

  @Test
  void fourdEmdHasTheRealCubesScanAndDetectorAxes(@TempDir Path dir) throws Exception {
    hyperspy();
    Path file = SharedData.real("emd_Si100_4D.emd");
    Path out = dir.resolve("fourd");
    CliRun r = CliRun.of("fourd", file.toString(), "--com", "--quiet", "--out", out.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    List<Axis> axes = axesOf(file);
    JsonNode hs = hyperspyAxes(out.resolve("fourd.emd"), file);
    JsonNode in = hs.get(file.toString()).get(0);
    int checked = 0;
    for (JsonNode s : hs.get(out.resolve("fourd.emd").toString())) checked += assertAxes(s, axes, in);
    assertThat(checked).isGreaterThanOrEqualTo(2 * 8 + 2);
    assertThat(names(hs.get(out.resolve("fourd.emd").toString()))).contains("virtual_bf", "com_x", "dpc_x", "mean_pattern");
    JsonNode qx = axis(signal(hs.get(out.resolve("fourd.emd").toString()), "mean_pattern"), "qx");
    assertThat(qx.get("units").asText()).isEqualTo("1 / nm");
  }

  /**
   * Every axis of a written signal equals the input's axis of that name as CausalEM reads it (size, offset, scale,
   * unit) and as HyperSpy reads the input (same dimension, converted by pint; names matched without case or '_').
   *
   * @return the number of axes compared
   */
  private static int assertAxes(JsonNode signal, List<Axis> input, JsonNode hsInput) {
    int n = 0;
    String title = signal.get("title").asText();
    for (JsonNode a : signal.get("axes")) {
      String name = a.get("name").asText();
      Axis want = input.stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
      if (want == null) continue; // a component axis
      String what = title + " axis " + name;
      assertThat(a.get("size").asInt()).as(what).isEqualTo(want.size());
      assertThat(a.get("offset").asDouble()).as(what).isCloseTo(want.offset(), org.assertj.core.data.Offset.offset(1e-6 * Math.abs(want.scale())));
      assertThat(a.get("scale").asDouble()).as(what).isCloseTo(want.scale(), org.assertj.core.data.Offset.offset(1e-6 * Math.abs(want.scale())));
      String unit = a.get("units").asText().replace(" ", "");
      assertThat(unit).as(what).isEqualTo(want.calibrated() ? want.unit() : "");
      if (hsInput != null && a.has("canonical")) {
        JsonNode c = a.get("canonical");
        boolean found = false;
        for (JsonNode b : hsInput.get("axes")) {
          if (!aliases(name).contains(norm(b.get("name").asText())) || !b.has("canonical")) continue;
          JsonNode d = b.get("canonical");
          if (b.get("size").asInt() == a.get("size").asInt() && d.get("unit").equals(c.get("unit"))
              && Math.abs(d.get("scale").asDouble() - c.get("scale").asDouble()) <= 1e-6 * Math.abs(c.get("scale").asDouble())
              && Math.abs(d.get("offset").asDouble() - c.get("offset").asDouble()) <= 1e-6 * Math.abs(c.get("scale").asDouble())) {
            found = true;
          }
        }
        assertThat(found).as(what + " " + a + " among HyperSpy's input axes " + hsInput.get("axes")).isTrue();
      }
      n++;
    }
    return n;
  }

  private static Set<String> aliases(String name) {
    return switch (name) {
      case "energy" -> Set.of("energy", "energyloss");
      case "rx", "ry" -> Set.of("rx", "ry");
      case "qx", "qy" -> Set.of("qx", "qy");
      default -> Set.of(name);
    };
  }

  private static String norm(String s) { return s.toLowerCase(Locale.ROOT).replace("_", "").replace(" ", ""); }

  private static List<Axis> axesOf(Path file) throws IOException {
    try (DataFile df = Readers.open(file)) {
      Dataset d = df.datasets().get(0);
      return new ArrayList<>(d.axes());
    }
  }

  private static List<String> names(JsonNode signals) {
    List<String> n = new ArrayList<>();
    for (JsonNode s : signals) n.add(s.get("title").asText());
    return n;
  }

  private static JsonNode signal(JsonNode signals, String title) {
    for (JsonNode s : signals) if (s.get("title").asText().equals(title)) return s;
    throw new AssertionError("no signal " + title + " in " + names(signals));
  }

  private static JsonNode axis(JsonNode signal, String name) {
    for (JsonNode a : signal.get("axes")) if (a.get("name").asText().equals(name)) return a;
    throw new AssertionError("no axis " + name + " in " + signal);
  }

  /** Skips (with a one-line notice) unless /usr/bin/python3 imports hyperspy. */
  static void hyperspy() throws Exception {
    if (hyperspyPresent == null) hyperspyPresent = Files.isExecutable(PYTHON) && python(List.of("-c", "import hyperspy.api")).code == 0;
    assumeTrue(hyperspyPresent, "skipped: /usr/bin/python3 cannot import hyperspy (apt-get install python3-hyperspy)");
  }

  private static JsonNode hyperspyAxes(Path... files) throws Exception {
    List<String> args = new ArrayList<>();
    args.add(script().toString());
    for (Path f : files) args.add(f.toString());
    Result r = python(args);
    assertThat(r.code).as(r.err).isZero();
    return Json.mapper().readTree(r.out);
  }

  /** python/tests/hs_axes.py, found from the module directory (cli) or the repository root. */
  static Path script() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path s = p.resolve("python/tests/hs_axes.py");
      if (Files.exists(s)) return s;
    }
    throw new AssertionError("python/tests/hs_axes.py not found above " + Path.of("").toAbsolutePath());
  }

  private record Result(int code, String out, String err) {}

  private static Result python(List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(PYTHON.toString());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> env = pb.environment();
    env.put("MPLBACKEND", "Agg");
    env.remove("PYTHONPATH");
    Path err = Files.createTempFile("hs", ".err");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("python timed out: " + cmd);
    }
    String e = Files.readString(err);
    Files.deleteIfExists(err);
    return new Result(p.exitValue(), out, e);
  }
}
