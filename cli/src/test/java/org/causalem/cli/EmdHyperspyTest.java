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
import java.util.LinkedHashMap;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The EMD files of {@code atoms}, {@code eels} and {@code fourd} opened by HyperSpy (Debian's python3-hyperspy, run as
 * {@code /usr/bin/python3 python/tests/hs_axes.py}): every map's axes (offset, scale, unit) equal the input file's, as
 * CausalEM reads the input and as HyperSpy reads it (units converted with pint). The four commands run once, then one
 * Python process reads every file. Skips with a notice without hyperspy.
 */
class EmdHyperspyTest {

  private static final Path PYTHON = Path.of("/usr/bin/python3");
  @TempDir static Path dir;
  private static Path atomsInput;
  private static Image calibrated;
  private static final Map<String, CliRun> RUNS = new LinkedHashMap<>();
  /** HyperSpy's view of every input and output file, read by one Python process (its start-up dominates). */
  private static JsonNode hs;

  @BeforeAll
  static void runAllCommandsThenHyperspyOnce() throws Exception {
    assumeTrue(Files.isExecutable(PYTHON), "skipped: no /usr/bin/python3 (apt-get install python3-hyperspy)");
    HaadfRenderer.Options render = new HaadfRenderer.Options(2.5, 150, 10, 1, 0, 0, 0, true, 3);
    Image sim = new PerovskiteSimulator(PerovskiteSimulator.Options.uniform(6, 7, 24, 23, render)).simulate().image();
    // an offset and a pixel size as a microscope writes them; x and y differ so a swap would show
    calibrated = new Image("sim", Pixels.ofFloats(sim.toFloat()), new Axis("y", sim.height(), 2.5, 0.0163, "nm"),
        new Axis("x", sim.width(), -1.25, 0.0162, "nm"), new Metadata(Map.of(), Map.of()));
    atomsInput = dir.resolve("sim.emd");
    new EmdWriter().add("sim", calibrated).write(atomsInput);
    run("atoms", atomsInput.toString(), "--quiet");
    run("eels", SharedData.real("digitalmicrograph_3D_EELS_SI.dm4").toString(), "--components", "2", "--quiet");
    runAs("binned", "eels", SharedData.real("SI-EELS_Spectrum_Image.dm3").toString(), "--edges", "O-K", "--components", "0",
        "--bin", "2", "--quiet");
    run("fourd", SharedData.real("emd_Si100_4D.emd").toString(), "--com", "--quiet");
    List<String> args = new ArrayList<>(List.of(script().toString(), atomsInput.toString(),
        SharedData.real("digitalmicrograph_3D_EELS_SI.dm4").toString(), SharedData.real("emd_Si100_4D.emd").toString()));
    for (String name : RUNS.keySet()) {
      Path emd = out(name).resolve((name.equals("binned") ? "eels" : name) + ".emd");
      if (Files.exists(emd)) args.add(emd.toString());
    }
    Result r = python(args);
    assumeTrue(r.code != 3, "skipped: /usr/bin/python3 cannot import hyperspy (apt-get install python3-hyperspy)");
    assertThat(r.code).as(r.err).isZero();
    hs = Json.mapper().readTree(r.out);
  }

  private static void run(String command, String... args) {
    runAs(command, command, args);
  }

  private static void runAs(String name, String command, String... args) {
    List<String> a = new ArrayList<>(List.of(command));
    a.addAll(List.of(args));
    a.addAll(List.of("--out", out(name).toString()));
    RUNS.put(name, CliRun.of(a.toArray(String[]::new)));
  }

  private static Path out(String name) {
    return dir.resolve("out-" + name);
  }

  /** The output EMD of run {@code name}, after checking that the command succeeded. */
  private static Path emd(String name, String command) {
    CliRun r = RUNS.get(name);
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    return out(name).resolve(command + ".emd");
  }

  private static JsonNode signals(Path file) {
    JsonNode s = hs.get(file.toString());
    assertThat(s).as("HyperSpy's reading of " + file).isNotNull();
    return s;
  }

  @Test
  void atomsEmdHasTheSimulatedImagesCalibration() {
    Path emd = emd("atoms", "atoms");
    JsonNode image = signal(signals(emd), "image");
    assertThat(image.get("shape").toString())
        .isEqualTo("[" + calibrated.width() + "," + calibrated.height() + "]"); // HyperSpy 1.7 transposes
    assertAxes(image, calibrated.axes(), signal(signals(atomsInput), "sim"));
    JsonNode x = axis(image, "x");
    assertThat(x.get("offset").asDouble()).isEqualTo(-1.25, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(x.get("scale").asDouble()).isEqualTo(0.0162, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(x.get("units").asText()).isEqualTo("nm");
  }

  @Test
  void eelsEmdHasTheRealSpectrumImagesAxes() throws Exception {
    // µm-calibrated scan (converted to nm) and a 1 eV energy axis from 300 eV
    Path file = SharedData.real("digitalmicrograph_3D_EELS_SI.dm4");
    Path emd = emd("eels", "eels");
    List<Axis> axes = axesOf(file);
    JsonNode in = signals(file).get(0);
    int checked = 0;
    for (JsonNode s : signals(emd)) {
      checked += assertAxes(s, axes, in);
    }
    assertThat(checked).as("axes compared").isGreaterThanOrEqualTo(10);
    assertThat(names(signals(emd))).contains("pca_loadings", "pca_factors", "nmf_loadings");
  }

  @Test
  void binnedEelsMapsHaveBinnedAxes() {
    JsonNode map = signal(signals(emd("binned", "eels")), "map_O-K");
    // 49 × 6 px, uncalibrated: 24 × 3 bins of 2 px whose centres start at 0.5 px
    JsonNode y = axis(map, "y");
    assertThat(y.get("size").asInt()).isEqualTo(24);
    assertThat(y.get("scale").asDouble()).isEqualTo(2.0);
    assertThat(y.get("offset").asDouble()).isEqualTo(0.5);
    assertThat(y.get("units").asText()).isEmpty();
  }

  @Test
  void fourdEmdHasTheRealCubesScanAndDetectorAxes() throws Exception {
    Path file = SharedData.real("emd_Si100_4D.emd");
    Path emd = emd("fourd", "fourd");
    List<Axis> axes = axesOf(file);
    JsonNode in = signals(file).get(0);
    int checked = 0;
    for (JsonNode s : signals(emd)) checked += assertAxes(s, axes, in);
    assertThat(checked).isGreaterThanOrEqualTo(2 * 8 + 2);
    assertThat(names(signals(emd))).contains("virtual_bf", "com_x", "dpc_x", "mean_pattern");
    JsonNode qx = axis(signal(signals(emd), "mean_pattern"), "qx");
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
