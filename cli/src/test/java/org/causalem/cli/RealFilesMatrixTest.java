package org.causalem.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.causalem.SharedData;
import org.causalem.io.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command that applies × every file in {@code ../shared/data/real}, each asserting what the file's
 * MANIFEST row states (shape, calibration, dataset kind, edge onsets, lattice periods) and that the notes
 * a user needs are there. One {@link Row} per file: a new real file is one more line in {@link #ROWS}
 * ({@link #everyRealFileHasARow} fails until it has one).
 *
 * <p>Kept under 2 minutes: eels runs with 2 components, fourd with the default detectors. Left out on
 * purpose (heavy or covered elsewhere): atoms on {@code test_ABF_cropped.hdf5} ([110] ABF: its projection
 * handling is the atoms tests' subject), atoms on {@code SI-HAADF.dm3} (32×32 sub-pixel scan per SI pixel:
 * atoms refuses it with "no lattice", exit 3), ferroic and multimodal (bootstrap and GP: minutes per file).
 */
@Tag("slow")
class RealFilesMatrixTest {
  @TempDir Path tmp;

  /** What {@code info --json} must show for one dataset (the first unless named). */
  record Info(String dataset, String kind, long[] shape, String axis, double offset, double scale, String unit, String signal,
              List<String> notes) {}

  /** A command run on the file: its arguments, exit code, and checks on its JSON output and stderr. */
  record Run(List<String> args, int exit, String json, List<Check> checks, List<String> stderr) {}

  /** {@code path} (dot-separated, list indices allowed) in the command's JSON must be within [lo, hi], or equal text. */
  record Check(String path, double lo, double hi, String text) {}

  record Row(String file, String format, List<Info> info, Run atoms, Run eels, Run fourd) {
    Row info(String dataset, String kind, long[] shape, String axis, double offset, double scale, String unit, String signal,
             String... notes) {
      List<Info> i = new ArrayList<>(info);
      i.add(new Info(dataset, kind, shape, axis, offset, scale, unit, signal, List.of(notes)));
      return new Row(file, format, i, atoms, eels, fourd);
    }

    Row atoms(Run r) { return new Row(file, format, info, r, eels, fourd); }

    Row eels(Run r) { return new Row(file, format, info, atoms, r, fourd); }

    Row fourd(Run r) { return new Row(file, format, info, atoms, eels, r); }

    @Override public String toString() { return file; }
  }

  private static final double ANY = Double.NaN;
  private static final String UNCALIBRATED = "pixel size not calibrated in the file";

  static Row row(String file, String format) { return new Row(file, format, List.of(), null, null, null); }

  static long[] shape(long... s) { return s; }

  static Run run(int exit, String json, List<Check> checks, String... stderr) {
    return new Run(List.of(), exit, json, checks, List.of(stderr));
  }

  static Run run(List<String> args, int exit, String json, List<Check> checks, String... stderr) {
    return new Run(args, exit, json, checks, List.of(stderr));
  }

  static Check between(String path, double lo, double hi) { return new Check(path, lo, hi, null); }

  static Check is(String path, String text) { return new Check(path, ANY, ANY, text); }

  /** One line per file (a directory's files each get their own line). Values from ../shared/data/real/MANIFEST.md. */
  static final List<Row> ROWS = List.of(
      row("08_carbon.dm3", "dm3").info(null, "spectrum", shape(2048), "energy", 240, 0.1, "eV", "EELS")
          .eels(run(0, "eels.json", List.of(between("edges.0.median_onset_eV", 282, 286), is("edges.0.name", "C-K")))),
      row("EELS_STO.dm3", "dm3").info(null, "spectrum", shape(2048), "energy", 350, 0.25, "eV", "EELS")
          .eels(run(0, "eels.json", List.of(is("edges.0.name", "Ti-L23"), between("edges.0.median_onset_eV", 452, 455)))),
      row("EELS_STO.dm4", "dm4").info(null, "spectrum", shape(2048), "energy", 350, 0.25, "eV", "EELS")
          .eels(run(0, "eels.json", List.of(is("edges.0.name", "Ti-L23"), between("edges.0.median_onset_eV", 452, 455)))),
      row("EMDReader_SpectrumImage_Si.emd", "emd-velox").info("EDS SuperXG2", "spectrum-image", null, "energy", ANY, 10, "eV", "EDS")
          .eels(run(3, null, List.of(), "EDS SuperXG2", "EDS")),
      row("SI-EELS_Spectrum_Image.dm3", "dm3")
          .info(null, "spectrum-image", shape(49, 6, 1024), "energy", 350, 0.5, "eV", "EELS", "scan step not calibrated in the file")
          .eels(run(0, "eels.json", List.of(between("energy_axis.offset_eV", 350, 350), between("energy_axis.scale_eV", 0.5, 0.5)),
              "scan step not calibrated")),
      row("SI-HAADF.dm3", "dm3").info(null, "image", shape(1568, 192), "x", 0, 1, "px", null, UNCALIBRATED),
      row("SI-Survey_Image.dm3", "dm3").info(null, "image", shape(512, 512), "x", 0, 1, "px", null, UNCALIBRATED)
          .atoms(run(0, "summary.json", List.of(is("pixel_size_source", "none"), between("mean_lattice_vectors.a_length_px", 14.5, 15.4),
              between("mean_lattice_vectors.b_length_px", 21.2, 22.4)), UNCALIBRATED, "no pixel size")),
      row("STEM_HAADF_Diffraction_Micro.emd", "emd-velox").info(null, "image", shape(128, 128), "x", ANY, 87.3708, "nm", null),
      row("STO_HAADF_noisy.emd", "emd-berkeley").info(null, "image", shape(1024, 1024), "x", 0, 0.0122465, "nm", null)
          .atoms(run(0, "summary.json", List.of(is("pixel_size_source", "image calibration"), between("pixel_size_nm", 0.0122464, 0.0122466),
              between("mean_lattice_vectors.a_length_px", 33.2, 33.8), between("mean_lattice_vectors.b_length_px", 33.2, 33.8),
              between("columns_per_sublattice.A", 934 * 0.95, 934 * 1.05), between("columns_per_sublattice.B", 934 * 0.95, 934 * 1.05)))),
      row("digitalmicrograph_1D_test-EELS_spectrum.dm3", "dm3").info(null, "spectrum", shape(2048), "energy", -100, 0.5, "eV", "EELS")
          .eels(run(0, "eels.json", List.of(between("energy_axis.offset_eV", -100, -100), between("energy_axis.channels", 2048, 2048)))),
      row("digitalmicrograph_2D_test_STEM_image.dm3", "dm3").info(null, "image", shape(68, 68), "x", ANY, 0.2485, "nm", null),
      row("digitalmicrograph_2D_test_diffraction_pattern.dm3", "dm3")
          .info(null, "image", shape(87, 87), "x", ANY, 0.1744, "1/nm", "diffraction"),
      row("digitalmicrograph_3D_EELS_SI.dm4", "dm4").info(null, "spectrum-image", shape(2, 2, 2048), "energy", 300, 1, "eV", "EELS")
          .eels(run(0, "eels.json", List.of(between("energy_axis.offset_eV", 300, 300), between("shape.0", 2, 2)))),
      row("emd_Si100_4D.emd", "emd-berkeley").info("CBED_array_depth0000", "4d", shape(11, 11, 8, 8), "rx", 0, 0.5, "nm", null)
          .fourd(run(0, "fourd.json", List.of(between("shape.0", 11, 11), between("shape.2", 8, 8)))),
      row("fei_emd_image.emd", "emd-velox").info(null, "image", shape(512, 512), "x", ANY, 5.30241, "nm", null),
      row("merlin_navigation4x2_ROI/001_4x2_6bit.mib", "mib")
          .info(null, "4d", shape(2, 4, 256, 256), "qx", 0, 1, "px", null, "scan step not calibrated", "detector not calibrated")
          .fourd(run(0, "fourd.json", List.of(between("shape.1", 4, 4), between("bright_field_disk.half_maximum_centre_y_px", 126.9, 128.9),
              between("bright_field_disk.half_maximum_centre_x_px", 27.0, 29.0), between("bright_field_disk.centre_x_px", 24.0, 28.0)),
              "detector not calibrated")),
      row("merlin_navigation4x2_ROI/002_4x2_6bit_roi128.mib", "mib").info(null, "4d", shape(2, 4, 128, 256), "qx", 0, 1, "px", null,
          "detector not calibrated")
          .fourd(run(0, "fourd.json", List.of(between("shape.2", 128, 128), between("shape.3", 256, 256)), "detector not calibrated")),
      row("mrc_HAADFscan.mrc", "mrc").info(null, "image", shape(16, 16), "x", ANY, 5.68, "nm", null),
      row("mrc_info.txt", null), // a text sidecar of the MRC file: info refuses it (exit 3, unknown format)
      row("test_ABF_cropped.hdf5", "hdf5").info(null, "image", shape(400, 380), "x", 0, 1, "px", null, UNCALIBRATED),
      row("tia_old_X_-_Au_NP_EELS_2.ser", "ser").info(null, "spectrum", shape(2048), "energy", 2160, 0.2, "eV", null)
          .eels(run(0, "eels.json", List.of(between("energy_axis.offset_eV", 2160, 2160), between("energy_axis.scale_eV", 0.2, 0.2)))),
      row("velox_EELS_EDS.emd", "emd-velox")
          .info("EELS-0", "spectrum-image", shape(16, 20, 2048), "energy", -21.5026, 0.1692, "eV", "EELS", "stored detector values")
          .info("EELS-1", "spectrum-image", shape(16, 20, 2048), "energy", 480, 0.1692, "eV", "EELS", "stored detector values")
          .info("EELS-2", "spectrum-image", shape(16, 20, 2048), "x", ANY, 158.658, "nm", "EELS", "stored detector values")
          .info("EDS UltraX2", "spectrum-image", shape(16, 20, 4096), "energy", -200, 10, "eV", "EDS")
          .info("a", "image", shape(128, 128), "x", ANY, 158.658, "nm", null)
          .eels(run(0, "eels.json", List.of(is("dataset", "EELS-1"), between("energy_axis.offset_eV", 480, 480)),
              "EELS-0", "EELS-2", "--dataset", "EDS data in the file not analysed")));

  static Stream<Row> rows() { return ROWS.stream(); }

  static Stream<Row> atomsRows() { return ROWS.stream().filter(r -> r.atoms() != null); }

  static Stream<Row> eelsRows() { return ROWS.stream().filter(r -> r.eels() != null); }

  static Stream<Row> fourdRows() { return ROWS.stream().filter(r -> r.fourd() != null); }

  @Test
  void everyRealFileHasARow() throws Exception {
    Path dir = SharedData.real("MANIFEST.md").getParent();
    List<String> missing = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String n = p.getFileName().toString();
        if (n.equals("MANIFEST.md")) continue;
        boolean covered = ROWS.stream().anyMatch(r -> r.file().equals(n) || r.file().startsWith(n + "/"));
        if (!covered) missing.add(n);
      }
    }
    assertThat(missing).as("real files without a row in RealFilesMatrixTest.ROWS").isEmpty();
  }

  @ParameterizedTest(name = "info {0}")
  @MethodSource("rows")
  void info(Row row) throws Exception {
    Path file = SharedData.real(row.file());
    CliRun r = CliRun.of("info", "--json", file.toString());
    if (row.format() == null) {
      assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
      assertThat(r.err()).contains(file.getFileName().toString()).contains("unknown format");
      return;
    }
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    JsonNode doc = Json.mapper().readTree(r.out());
    assertThat(doc.get("format").asText()).isEqualTo(row.format());
    for (JsonNode d : doc.get("datasets")) assertThat(d.get("notes").isArray()).as("notes array of " + d.get("name")).isTrue();
    assertThat(row.info()).isNotEmpty();
    for (Info want : row.info()) {
      JsonNode d = null;
      for (JsonNode x : doc.get("datasets")) {
        if (want.dataset() == null || want.dataset().equals(x.get("name").asText())) {
          d = x;
          break;
        }
      }
      assertThat(d).as("dataset " + want.dataset()).isNotNull();
      String what = row.file() + " " + d.get("name").asText();
      assertThat(d.get("kind").asText()).as(what).isEqualTo(want.kind());
      if (want.shape() != null) {
        long[] shape = new long[d.get("shape").size()];
        for (int i = 0; i < shape.length; i++) shape[i] = d.get("shape").get(i).asLong();
        assertThat(shape).as(what + " shape").containsExactly(want.shape());
      }
      JsonNode axis = null;
      for (JsonNode a : d.get("axes")) if (a.get("name").asText().equals(want.axis())) axis = a;
      assertThat(axis).as(what + " axis " + want.axis()).isNotNull();
      assertThat(axis.get("unit").asText()).as(what + " unit").isEqualTo(want.unit());
      assertThat(axis.get("scale").asDouble()).as(what + " scale").isCloseTo(want.scale(), within(Math.abs(want.scale()) * 1e-3));
      if (!Double.isNaN(want.offset())) {
        assertThat(axis.get("offset").asDouble()).as(what + " offset").isCloseTo(want.offset(), within(1e-3));
      }
      JsonNode signal = d.get("metadata").get("signal");
      if (want.signal() != null) assertThat(signal == null ? null : signal.asText()).as(what + " signal").isEqualTo(want.signal());
      String notes = d.get("notes").toString();
      for (String n : want.notes()) assertThat(notes).as(what + " notes").contains(n);
      if (want.notes().isEmpty()) assertThat(d.get("notes")).as(what + " notes").isEmpty();
    }
  }

  @ParameterizedTest(name = "atoms {0}")
  @MethodSource("atomsRows")
  void atoms(Row row) throws Exception { command("atoms", row, row.atoms()); }

  @ParameterizedTest(name = "eels {0}")
  @MethodSource("eelsRows")
  void eels(Row row) throws Exception { command("eels", row, row.eels()); }

  @ParameterizedTest(name = "fourd {0}")
  @MethodSource("fourdRows")
  void fourd(Row row) throws Exception { command("fourd", row, row.fourd()); }

  private static Run concat(Run r, String... more) {
    List<String> a = new ArrayList<>(r.args());
    a.addAll(Arrays.asList(more));
    return new Run(a, r.exit(), r.json(), r.checks(), r.stderr());
  }

  private void command(String name, Row row, Run want) throws Exception {
    Path file = SharedData.real(row.file());
    Path out = tmp.resolve(name);
    List<String> args = new ArrayList<>(List.of(name, file.toString(), "--out", out.toString()));
    args.addAll(want.args());
    CliRun r = CliRun.of(args.toArray(String[]::new));
    assertThat(r.code()).as(name + " " + row.file() + ": " + r.err()).isEqualTo(want.exit());
    for (String s : want.stderr()) assertThat(r.err()).as(name + " " + row.file() + " stderr").contains(s);
    if (want.exit() != Main.OK) {
      assertThat(out).doesNotExist();
      return;
    }
    JsonNode doc = Json.mapper().readTree(out.resolve(want.json()).toFile());
    for (Check c : want.checks()) {
      JsonNode v = doc;
      for (String part : c.path().split("\\.")) v = v == null ? null : part.matches("\\d+") ? v.get(Integer.parseInt(part)) : v.get(part);
      assertThat(v).as(name + " " + row.file() + " " + c.path()).isNotNull();
      if (c.text() != null) {
        assertThat(v.asText()).as(name + " " + row.file() + " " + c.path()).isEqualTo(c.text());
      } else {
        assertThat(v.asDouble()).as(name + " " + row.file() + " " + c.path()).isBetween(c.lo() - 1e-9, c.hi() + 1e-9);
      }
    }
    // a note the user needs on stderr is also in the JSON output
    String notes = doc.has("notes") ? doc.get("notes").toString() : "";
    for (String s : want.stderr()) if (!s.startsWith("--")) assertThat(notes).as(name + " " + row.file() + " notes").contains(s);
  }
}
