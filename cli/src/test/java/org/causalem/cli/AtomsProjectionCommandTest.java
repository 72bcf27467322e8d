package org.causalem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.causalem.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The [110] ABF image of SrTiO3 (MANIFEST: ABF-STEM, O columns visible) through the command line: atoms
 * finds the three [110] sublattices and no vacancy; ferroic and multimodal take --lattice and --contrast
 * and refuse a perovskite [001] analysis of it with the reason, leaving no output.
 */
class AtomsProjectionCommandTest {
  private static int run(StringWriter err, String... args) {
    return Main.run(args, new PrintWriter(new StringWriter()), new PrintWriter(err));
  }

  @Test
  void atomsFindsThe110SublatticesAndWritesTheSiteTest(@TempDir Path tmp) throws Exception {
    Path abf = SharedData.real("test_ABF_cropped.hdf5");
    StringWriter err = new StringWriter();
    Path out = tmp.resolve("a");
    assertThat(run(err, "atoms", abf.toString(), "--contrast", "dark", "--out", out.toString())).as(err.toString()).isEqualTo(Main.OK);
    String summary = Files.readString(out.resolve("summary.json"));
    assertThat(summary).contains("\"C\"").contains("\"site_test\"").contains("\"failed_fit_fraction\"").contains("\"notes\"");
    assertThat(err.toString()).contains("[110]");
    List<String> sites = Files.readAllLines(out.resolve("sites.csv"));
    List<String> header = List.of(sites.get(0).split(","));
    assertThat(header).contains("column_z", "vacancy_z", "fit_status");
    int found = header.indexOf("found");
    long vacancies = sites.stream().skip(1).filter(l -> l.split(",", -1)[found].equals("0")).count();
    assertThat(vacancies).isZero();   // [110] SrTiO3 has a column at every site of its cell (there were 19)
    assertThat(Files.readAllLines(out.resolve("atoms.csv")).get(0)).endsWith("fit_status");
  }

  @Test
  void ferroicAndMultimodalRefuseA110ImageAsPerovskite001(@TempDir Path tmp) {
    Path abf = SharedData.real("test_ABF_cropped.hdf5");
    StringWriter err = new StringWriter();
    assertThat(run(err, "ferroic", abf.toString(), "--contrast", "dark", "--out", tmp.resolve("f").toString())).isEqualTo(Main.BAD_INPUT);
    assertThat(err.toString()).contains("not a perovskite [001]");
    assertThat(tmp.resolve("f")).doesNotExist();
    StringWriter bad = new StringWriter();
    assertThat(run(bad, "ferroic", abf.toString(), "--contrast", "grey", "--out", tmp.resolve("g").toString())).isEqualTo(Main.USAGE);
    assertThat(bad.toString()).contains("--contrast");
    StringWriter lat = new StringWriter();
    assertThat(run(lat, "multimodal", abf.toString(), SharedData.real("SI-EELS_Spectrum_Image.dm3").toString(), "--lattice", "cubic",
        "--out", tmp.resolve("m").toString())).isEqualTo(Main.USAGE);
    assertThat(lat.toString()).contains("cubic");
  }
}
