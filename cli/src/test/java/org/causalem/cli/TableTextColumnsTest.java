package org.causalem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.causalem.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables as pandas and CausalEM itself write them: {@code DataFrame.to_csv()}'s unnamed index column and text columns
 * ({@code atoms.csv}'s {@code sublattice}, {@code fit_status}) that the options leave out are ignored by {@code discover},
 * {@code gp}, {@code bayes} and {@code laws}; a text column the command would use is refused naming it.
 */
class TableTextColumnsTest {
  @TempDir Path tmp;

  /** a → b → c (Gaussian), an integer index first and a text label last, as {@code df.to_csv()} writes them. */
  private Path pandasCsv(String name, boolean index, boolean label) throws Exception {
    Random r = new Random(5);
    List<String> lines = new ArrayList<>();
    lines.add((index ? "," : "") + "a,b,c" + (label ? ",label" : ""));
    for (int i = 0; i < 400; i++) {
      double a = r.nextGaussian();
      double b = 0.8 * a + r.nextGaussian();
      double c = 0.7 * b + r.nextGaussian();
      lines.add((index ? i + "," : "") + String.format(Locale.ROOT, "%.9f,%.9f,%.9f", a, b, c)
          + (label ? (a > 0 ? ",hi" : ",\"lo, low\"") : ""));
    }
    return Files.write(tmp.resolve(name), lines);
  }

  @Test
  void discoverReadsAPandasTableLikeThePlainOneAndLeavesOutUnselectedText() throws Exception {
    Path plain = pandasCsv("plain.csv", false, false);
    Path pandas = pandasCsv("pandas.csv", true, true);
    CliRun p = CliRun.of("discover", plain.toString(), "--seed", "3", "--quiet", "--out", tmp.resolve("p").toString());
    assertThat(p.code()).as(p.err()).isEqualTo(Main.OK);
    CliRun q = CliRun.of("discover", pandas.toString(), "--columns", "a,b,c", "--seed", "3", "--out", tmp.resolve("q").toString());
    assertThat(q.code()).as(q.err()).isEqualTo(Main.OK);
    assertThat(q.err()).contains("left out text column(s) not among the columns analysed: label");
    assertThat(Files.readString(tmp.resolve("q/edges.csv"))).isEqualTo(Files.readString(tmp.resolve("p/edges.csv")));
    assertThat(Files.readString(tmp.resolve("q/edges.csv"))).contains("a,b,").contains("b,c,");
    // without --columns every column is used: the text is refused, naming file, line, column and value
    CliRun all = CliRun.of("discover", pandas.toString(), "--out", tmp.resolve("all").toString());
    assertThat(all.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(all.err()).contains("pandas.csv").contains("line 2").contains("'label'").contains("'hi'");
    assertThat(tmp.resolve("all")).doesNotExist();
    // a selected text column is refused the same way
    CliRun sel = CliRun.of("discover", pandas.toString(), "--columns", "a,label", "--out", tmp.resolve("sel").toString());
    assertThat(sel.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(sel.err()).contains("'label'");
  }

  @Test
  void discoverTakesCausalEmsOwnAtomsCsvWithItsTextColumns() throws Exception {
    // the header and text columns of atoms.csv (AtomsCsv), with a failed fit's empty fit values
    Random r = new Random(9);
    List<String> lines = new ArrayList<>();
    lines.add("x_px,y_px,intensity,amplitude,sublattice,row,col,converged,fit_status");
    for (int i = 0; i < 300; i++) {
      double x = 10 + 20 * (i % 15) + r.nextGaussian();
      double y = 10 + 20 * (i / 15) + r.nextGaussian();
      double amp = 100 + 0.5 * x + 5 * r.nextGaussian();
      double in = 20 * amp + 50 * r.nextGaussian();
      lines.add(String.format(Locale.ROOT, "%.4f,%.4f,%.3f,%.3f,%s,%d,%d,1,%s", x, y, in, amp, i % 2 == 0 ? "A" : "B", i / 15, i % 15,
          i % 50 == 0 ? "failed_window" : "ok"));
    }
    Path atoms = Files.write(tmp.resolve("atoms.csv"), lines);
    CliRun d = CliRun.of("discover", atoms.toString(), "--columns", "x_px,amplitude,intensity", "--quiet", "--out", tmp.resolve("d").toString());
    assertThat(d.code()).as(d.err()).isEqualTo(Main.OK);
    JsonNode run = Json.mapper().readTree(tmp.resolve("d/run.json").toFile());
    assertThat(run.toString()).contains("x_px").contains("amplitude");
    CliRun g = CliRun.of("gp", atoms.toString(), "--target", "amplitude", "--inputs", "intensity", "--coords", "x_px,y_px", "--subsample", "200",
        "--quiet", "--out", tmp.resolve("g").toString());
    assertThat(g.code()).as(g.err()).isEqualTo(Main.OK);
    Path models = Files.writeString(tmp.resolve("m.txt"), "lin: amplitude ~ x_px\nboth: amplitude ~ x_px + y_px\n");
    CliRun b = CliRun.of("bayes", atoms.toString(), "--target", "amplitude", "--models", models.toString(), "--quiet", "--out",
        tmp.resolve("b").toString());
    assertThat(b.code()).as(b.err()).isEqualTo(Main.OK);
    JsonNode bj = Json.mapper().readTree(tmp.resolve("b/bayes.json").toFile());
    assertThat(bj.get("rows").asInt()).isEqualTo(300);
    // a model naming the text column is refused naming it
    Path bad = Files.writeString(tmp.resolve("bad.txt"), "s: amplitude ~ sublattice\n");
    CliRun bb = CliRun.of("bayes", atoms.toString(), "--target", "amplitude", "--models", bad.toString(), "--out", tmp.resolve("bb").toString());
    assertThat(bb.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(bb.err()).contains("'sublattice'").contains("'A'");
  }

  @Test
  void gpReadsAPandasTableWithAnIndexAndALabel() throws Exception {
    Path pandas = pandasCsv("pandas.csv", true, true);
    CliRun g = CliRun.of("gp", pandas.toString(), "--target", "c", "--inputs", "a,b", "--seed", "2", "--quiet", "--out", tmp.resolve("g").toString());
    assertThat(g.code()).as(g.err()).isEqualTo(Main.OK);
    CliRun bad = CliRun.of("gp", pandas.toString(), "--target", "label", "--inputs", "a,b", "--out", tmp.resolve("bad").toString());
    assertThat(bad.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(bad.err()).contains("'label'");
  }
}
