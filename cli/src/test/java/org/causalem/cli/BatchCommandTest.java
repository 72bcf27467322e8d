package org.causalem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.causalem.io.Json;
import org.causalem.io.NpyWriter;
import org.causalem.simulate.HaadfRenderer;
import org.causalem.simulate.PerovskiteSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code causalem batch}: the acceptance (50 simulated images, one corrupted), resuming, naming, safety. */
class BatchCommandTest {
  @TempDir Path tmp;

  /** A small simulated perovskite image (5 × 5 cells of 20 px, some 110 px square), its noise drawn from {@code seed}. */
  static void simulatedImage(Path file, long seed) throws IOException {
    PerovskiteSimulator.Options o = PerovskiteSimulator.Options.uniform(5, 5, 20, 19.5, HaadfRenderer.Options.defaults(seed));
    NpyWriter.write(file, new PerovskiteSimulator(o).simulate().image());
  }

  static List<Path> images(Path dir, int n, int corrupted) throws IOException {
    Files.createDirectories(dir);
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Path f = dir.resolve(String.format(Locale.ROOT, "img_%02d.npy", i));
      if (i == corrupted) Files.write(f, "\u0093NUMPY this header was cut short".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      else simulatedImage(f, 100 + i);
      files.add(f);
    }
    return files;
  }

  static JsonNode json(Path f) throws IOException { return Json.mapper().readTree(f.toFile()); }

  @Test
  void fiftyImagesWithOneCorruptedGiveFortyNineResultsOneFailureAndACombinedTableAndARerunDoesNoWork() throws Exception {
    int n = 50;
    int bad = 17;
    List<Path> files = images(tmp.resolve("data"), n, bad);
    // one file alone through the ordinary command: the reference result and the single-file time
    Path single = tmp.resolve("single");
    long s0 = System.nanoTime();
    CliRun one = CliRun.of("atoms", files.get(3).toString(), "--quiet", "--threads", "1", "--out", single.toString());
    double singleSeconds = (System.nanoTime() - s0) / 1e9;
    assertThat(one.code()).as(one.err()).isZero();
    s0 = System.nanoTime();
    CliRun.of("atoms", files.get(4).toString(), "--quiet", "--threads", "1", "--out", tmp.resolve("single2").toString());
    singleSeconds = Math.min(singleSeconds, (System.nanoTime() - s0) / 1e9); // the first includes the JIT's warm-up

    Path out = tmp.resolve("results");
    long t0 = System.nanoTime();
    CliRun r = CliRun.of("batch", "atoms", tmp.resolve("data").resolve("img_*.npy").toString(), "--out", out.toString(), "--quiet");
    double wall = (System.nanoTime() - t0) / 1e9;
    assertThat(r.code()).as(r.err()).isEqualTo(Batch.SOME_FAILED);
    assertThat(r.err()).contains("img_17.npy").contains("exit 3");

    JsonNode summary = json(out.resolve("summary.json"));
    assertThat(summary.path("counts").path("ok").asInt()).isEqualTo(n - 1);
    assertThat(summary.path("counts").path("failed").asInt()).isEqualTo(1);
    assertThat(summary.path("exit_code").asInt()).isEqualTo(4);
    JsonNode failed = summary.path("files").get(bad);
    assertThat(failed.path("file").asText()).endsWith("img_17.npy");
    assertThat(failed.path("status").asText()).isEqualTo("failed");
    assertThat(failed.path("exit_code").asInt()).isEqualTo(Main.BAD_INPUT);
    assertThat(failed.path("message").asText()).contains("img_17.npy");
    assertThat(out.resolve("img_17_npy")).doesNotExist();
    for (int i = 0; i < n; i++) {
      if (i == bad) continue;
      Path sub = out.resolve(String.format(Locale.ROOT, "img_%02d_npy", i));
      assertThat(Batch.complete(sub, "atoms", files.get(i).toAbsolutePath().toString())).as(sub.toString()).isTrue();
    }
    // each file's outputs are the command's own: byte for byte those of the single run (but run.json's record of the run)
    for (String f : List.of("atoms.csv", "cells.csv", "sites.csv")) {
      String expected = Files.readString(single.resolve(f)).replace(single.toString(), out.resolve("img_03_npy").toString());
      assertThat(Files.readString(out.resolve("img_03_npy").resolve(f))).as(f).isEqualTo(expected);
    }
    // the combined table: every file's rows, the file first
    List<String> combined = Files.readAllLines(out.resolve("cells.csv"));
    int rows = 0;
    Map<String, Integer> perFile = new HashMap<>();
    for (int i = 0; i < n; i++) {
      if (i == bad) continue;
      List<String> own = Files.readAllLines(out.resolve(String.format(Locale.ROOT, "img_%02d_npy", i)).resolve("cells.csv"));
      rows += own.size() - 1;
      perFile.put(files.get(i).toAbsolutePath().toString(), own.size() - 1);
    }
    assertThat(combined.get(0)).isEqualTo("file," + Files.readAllLines(single.resolve("cells.csv")).get(0));
    assertThat(combined).hasSize(1 + rows);
    Map<String, Integer> seen = new HashMap<>();
    for (String line : combined.subList(1, combined.size())) seen.merge(line.substring(0, line.indexOf(',')), 1, Integer::sum);
    assertThat(seen).isEqualTo(perFile);
    String line3 = Files.readAllLines(single.resolve("cells.csv")).get(1);
    assertThat(combined).contains(files.get(3).toAbsolutePath() + "," + line3);
    assertThat(Files.readString(out.resolve("report.html"))).contains("img_17.npy").contains("failed").contains("img_03_npy/overlay.png");
    assertThat(OutputDirectory.manifest(out)).isNotNull();
    assertThat(OutputDirectory.manifest(out).files()).contains("cells.csv", "summary.json", "img_03_npy/", "img_03_npy/atoms.csv");

    // a second run does no work: every result is there, the corrupted file (unchanged) is not tried again
    Map<String, FileTime> before = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Path rj = out.resolve(String.format(Locale.ROOT, "img_%02d_npy", i)).resolve("run.json");
      if (i != bad) before.put(rj.toString(), Files.getLastModifiedTime(rj));
    }
    long t1 = System.nanoTime();
    CliRun again = CliRun.of("batch", "atoms", tmp.resolve("data").resolve("img_*.npy").toString(), "--out", out.toString());
    double rerun = (System.nanoTime() - t1) / 1e9;
    assertThat(again.code()).as(again.err()).isEqualTo(Batch.SOME_FAILED);
    assertThat(again.err()).contains("49 done earlier").contains("0 analysed");
    JsonNode s2 = json(out.resolve("summary.json"));
    assertThat(s2.path("counts").path("done earlier").asInt()).isEqualTo(n - 1);
    assertThat(s2.path("counts").path("failed earlier").asInt()).isEqualTo(1);
    for (Map.Entry<String, FileTime> e : before.entrySet()) assertThat(Files.getLastModifiedTime(Path.of(e.getKey()))).isEqualTo(e.getValue());
    assertThat(Files.readAllLines(out.resolve("cells.csv"))).isEqualTo(combined);

    // mending the corrupted file and rerunning analyses that one only
    simulatedImage(files.get(bad), 100 + bad);
    CliRun mended = CliRun.of("batch", "atoms", tmp.resolve("data").toString(), "--out", out.toString(), "--quiet");
    assertThat(mended.code()).as(mended.err()).isZero();
    assertThat(json(out.resolve("summary.json")).path("counts").path("ok").asInt()).isEqualTo(1);
    assertThat(Files.readAllLines(out.resolve("cells.csv")).size()).isGreaterThan(combined.size());

    int cores = Runtime.getRuntime().availableProcessors();
    double ideal = singleSeconds * n / cores;
    System.out.printf(Locale.ROOT, "batch of %d images on %d cores: %.2f s; one file alone %.3f s, x %d / %d cores = %.2f s "
        + "(ratio %.2f); rerun with nothing to do %.2f s%n", n, cores, wall, singleSeconds, n, cores, ideal, wall / ideal, rerun);
    // a loose bound: the machine is shared, but the batch must not be slower than the files one after the other
    assertThat(wall).isLessThan(singleSeconds * n * 1.5 + 5);
    assertThat(rerun).isLessThan(wall);
  }

  @Test
  void optionsAfterTheSeparatorGoToTheWorkflowAndARerunWithOtherOptionsIsRefusedWithoutForce() throws Exception {
    List<Path> files = images(tmp.resolve("d"), 2, -1);
    Path out = tmp.resolve("o");
    CliRun r = CliRun.of("batch", "atoms", files.get(0).toString(), files.get(1).toString(), "--out", out.toString(), "--quiet",
        "--jobs", "2", "--", "--lattice", "perovskite");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(json(out.resolve("img_00_npy").resolve("run.json")).path("parameters").path("lattice").asText()).isEqualTo("perovskite");
    CliRun other = CliRun.of("batch", "atoms", files.get(0).toString(), "--out", out.toString(), "--", "--lattice", "simple");
    assertThat(other.code()).isEqualTo(Main.USAGE);
    assertThat(other.err()).contains("--force").contains("perovskite");
    CliRun misspelt = CliRun.of("batch", "atoms", files.get(0).toString(), "--out", tmp.resolve("o2").toString(), "--", "--latice", "x");
    assertThat(misspelt.code()).isEqualTo(Main.USAGE);
    assertThat(misspelt.err()).contains("--latice");
    assertThat(tmp.resolve("o2")).doesNotExist();
    CliRun unknown = CliRun.of("batch", "demo", files.get(0).toString(), "--out", tmp.resolve("o3").toString());
    assertThat(unknown.code()).isEqualTo(Main.USAGE);
    assertThat(unknown.err()).contains("demo").contains("atoms");
  }

  @Test
  void aZarrStoreDirectoryIsOneInputWhetherGivenAsItselfInItsFolderOrByAGlob() throws Exception {
    Path runs = Files.createDirectories(tmp.resolve("runs"));
    Path store = Files.createDirectories(runs.resolve("cube.zspy"));
    Files.writeString(store.resolve(".zgroup"), "{\"zarr_format\": 2}");
    Path chunks = Files.createDirectories(store.resolve("Experiments").resolve("s").resolve("data"));
    Files.writeString(chunks.resolve("0.0"), "x");
    Path plain = Files.createDirectories(runs.resolve("notes"));
    Files.writeString(plain.resolve("readme.txt"), "not an input of runs/");
    simulatedImage(runs.resolve("x.npy"), 1);
    assertThat(Batch.expand(List.of(store.toString()), null)).containsExactly(store);
    assertThat(Batch.expand(List.of(runs.toString()), null)).as("the store beside the files; a plain sub-directory is not entered")
        .containsExactly(store, runs.resolve("x.npy"));
    assertThat(Batch.expand(List.of(runs.resolve("**").resolve("*.zspy").toString()), null)).containsExactly(store);
    assertThat(Batch.expand(List.of(runs.resolve("**").resolve("*").toString()), null)).as("no chunk file of the store")
        .containsExactly(store, plain.resolve("readme.txt"), runs.resolve("x.npy"));
  }

  @Test
  void aStoreRewrittenDeepInsideIsNotTheSameInputAsBefore() throws Exception {
    Path store = Files.createDirectories(tmp.resolve("s.zspy"));
    Files.writeString(store.resolve(".zgroup"), "{\"zarr_format\": 2}");
    Path chunk = Files.createDirectories(store.resolve("Experiments").resolve("a").resolve("data")).resolve("0.0");
    Files.write(chunk, new byte[100]);
    Files.setLastModifiedTime(chunk, FileTime.fromMillis(1_000_000_000_000L));
    Files.setLastModifiedTime(store.resolve(".zgroup"), FileTime.fromMillis(1_000_000_000_000L));
    FileTime dirTime = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(store, dirTime);
    RunRecord.Stamp before = RunRecord.stamp(store);
    assertThat(before.bytes()).isEqualTo(100 + 18);
    assertThat(before.files()).isEqualTo(2);
    Files.write(chunk, new byte[100]); // rewritten in place: the same size, a later time
    Files.setLastModifiedTime(store, dirTime);
    RunRecord.Stamp after = RunRecord.stamp(store);
    assertThat(Files.getLastModifiedTime(store)).as("the directory's own time says nothing").isEqualTo(dirTime);
    assertThat(after.bytes()).isEqualTo(before.bytes());
    assertThat(after.modified()).isNotEqualTo(before.modified());
  }

  @Test
  void namesAreUniqueAndStableAndInfoWritesItsJson() throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a"));
    Path b = Files.createDirectories(tmp.resolve("b"));
    simulatedImage(a.resolve("x.npy"), 1);
    simulatedImage(b.resolve("x.npy"), 2);
    simulatedImage(b.resolve("y z.npy"), 3);
    assertThat(Batch.expand(List.of(tmp.resolve("**").resolve("*.npy").toString()), null))
        .containsExactly(a.resolve("x.npy"), b.resolve("x.npy"), b.resolve("y z.npy"));
    assertThat(Batch.expand(List.of(b.resolve("**").resolve("*.npy").toString(), b.resolve("x.npy").toString()), null))
        .as("repeats once, in order").containsExactly(b.resolve("x.npy"), b.resolve("y z.npy"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Batch.expand(List.of(tmp.toString()), null))
        .as("a directory gives its files, not its sub-directories'").isInstanceOf(UsageException.class).hasMessageContaining("holds no file");
    List<Batch.Item> items = Batch.name(List.of(a.resolve("x.npy"), b.resolve("x.npy"), b.resolve("y z.npy")));
    assertThat(items.get(0).name()).startsWith("x_npy-").hasSize("x_npy-".length() + 8);
    assertThat(items.get(1).name()).startsWith("x_npy-").isNotEqualTo(items.get(0).name());
    assertThat(items.get(2).name()).isEqualTo("y_z_npy");
    assertThat(Batch.name(List.of(a.resolve("x.npy"), b.resolve("x.npy"), b.resolve("y z.npy")))).isEqualTo(items);
    Path out = tmp.resolve("info");
    CliRun r = CliRun.of("batch", "info", a.toString(), b.toString(), "--out", out.toString(), "--quiet");
    assertThat(r.code()).as(r.err()).isZero();
    for (Batch.Item it : items) {
      assertThat(json(out.resolve(it.name()).resolve("info.json")).toString()).contains("\"kind\"");
      assertThat(Batch.complete(out.resolve(it.name()), "info", it.file())).isTrue();
    }
  }

  @Test
  void aBatchWhoseEveryFileFailsLeavesNothingAndAUserFolderIsNeverUsed() throws Exception {
    Path junk = Files.writeString(tmp.resolve("junk.npy"), "not an image");
    Path out = tmp.resolve("new").resolve("o");
    CliRun r = CliRun.of("batch", "atoms", junk.toString(), "--out", out.toString(), "--quiet");
    assertThat(r.code()).as(r.err()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("junk.npy");
    assertThat(tmp.resolve("new")).doesNotExist();
    Path user = Files.createDirectories(tmp.resolve("user"));
    Files.writeString(user.resolve("thesis.tex"), "mine");
    simulatedImage(tmp.resolve("i.npy"), 5);
    CliRun u = CliRun.of("batch", "atoms", tmp.resolve("i.npy").toString(), "--out", user.toString(), "--force");
    assertThat(u.code()).isEqualTo(Main.USAGE);
    assertThat(u.err()).contains("thesis.tex");
    assertThat(Files.list(user).toList()).containsExactly(user.resolve("thesis.tex"));
    CliRun missing = CliRun.of("batch", "atoms", tmp.resolve("nope.npy").toString(), "--out", tmp.resolve("o9").toString());
    assertThat(missing.code()).isEqualTo(Main.USAGE);
    assertThat(missing.err()).contains("nope.npy");
    CliRun noMatch = CliRun.of("batch", "atoms", tmp.resolve("*.dm4").toString(), "--out", tmp.resolve("o9").toString());
    assertThat(noMatch.code()).isEqualTo(Main.USAGE);
    assertThat(noMatch.err()).contains("*.dm4");
    assertThat(tmp.resolve("o9")).doesNotExist();
  }

  @Test
  void csvRecordsWithQuotesCommasAndLineBreaksAreCombinedIntact() throws Exception {
    java.io.StringReader in = new java.io.StringReader("a,\"b,c\",\"d \"\"q\"\"\nline\"\r\n1,2,3\n");
    java.io.BufferedReader r = new java.io.BufferedReader(in);
    assertThat(BatchTables.next(r)).containsExactly("a", "b,c", "d \"q\"\nline");
    assertThat(BatchTables.next(r)).containsExactly("1", "2", "3");
    assertThat(BatchTables.next(r)).isNull();
  }
}
