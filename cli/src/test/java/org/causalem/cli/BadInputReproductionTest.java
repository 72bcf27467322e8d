package org.causalem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.causalem.SharedData;
import org.causalem.io.NpyWriter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each reproduction of issue 11's "interrupts, memory, encodings, numbers" that this branch fixes, at the command line. */
@Tag("slow")
class BadInputReproductionTest {
  @TempDir Path tmp;

  private static void refused(CliRun r, int code, String... mentions) {
    assertThat(r.code()).as(r.err()).isEqualTo(code);
    assertThat(r.err()).doesNotContain("\tat ");
    assertThat(r.err().lines().filter(l -> !l.isBlank()).count()).as(r.err()).isEqualTo(1);
    for (String m : mentions) assertThat(r.err()).contains(m);
  }

  private Path lingamWith(String cell, int row, int col) throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(SharedData.causal("lingam_6vars.csv")));
    String[] f = lines.get(row).split(",");
    f[col] = cell;
    lines.set(row, String.join(",", f));
    Path p = tmp.resolve("cells.csv");
    Files.write(p, lines);
    return p;
  }

  @Test
  void signedNanIsCountedAsMissingAndLeavesThePcGraphAsWithoutIt() throws Exception {
    Path clean = tmp.resolve("clean.csv");
    List<String> lines = new ArrayList<>(Files.readAllLines(SharedData.causal("lingam_6vars.csv")));
    lines.remove(11);
    Files.write(clean, lines);
    CliRun a = CliRun.of("discover", clean.toString(), "--out", tmp.resolve("a").toString(), "--quiet");
    Path bad = lingamWith("-NaN", 11, 0);
    CliRun b = CliRun.of("discover", bad.toString(), "--out", tmp.resolve("b").toString(), "--quiet");
    assertThat(a.code()).isZero();
    assertThat(b.code()).isZero();
    assertThat(Files.readString(tmp.resolve("b/run.json"))).containsPattern("\"dropped_rows\"\\s*:\\s*1\\b");
    assertThat(Files.readString(tmp.resolve("b/edges.csv"))).isEqualTo(Files.readString(tmp.resolve("a/edges.csv")));
  }

  @Test
  void javaNumberSyntaxIsExit3NamingFileLineColumnAndText() throws Exception {
    for (String s : new String[] {"3f", "2.5D", "0x1p3", "1_000"}) {
      Path bad = lingamWith(s, 7, 2);
      CliRun r = CliRun.of("discover", bad.toString(), "--out", tmp.resolve("o").toString());
      refused(r, 3, "cells.csv", "line 8", "column 3 ('x2')", "'" + s + "'");
      assertThat(tmp.resolve("o")).doesNotExist();
    }
  }

  @Test
  void utf16TablePriorAndModelsAreExit3NamingTheFile() throws Exception {
    Path table = tmp.resolve("t.csv");
    Files.write(table, "a,b\n1,2\n2,3\n3,5\n4,4\n5,7\n6,6\n7,9\n8,8\n9,11\n10,10\n11,13\n12,12\n".getBytes(StandardCharsets.UTF_8));
    Path t16 = tmp.resolve("t16.csv");
    Files.write(t16, Files.readString(table).getBytes(StandardCharsets.UTF_16));
    refused(CliRun.of("discover", t16.toString(), "--out", tmp.resolve("o").toString()), 3, "t16.csv", "UTF-16");
    refused(CliRun.of("gp", t16.toString(), "--target", "b", "--inputs", "a", "--out", tmp.resolve("o").toString()), 3, "t16.csv", "UTF-16");
    Path prior = tmp.resolve("prior.txt");
    Files.write(prior, "tier 1: a\ntier 2: b\n".getBytes(StandardCharsets.UTF_16));
    refused(CliRun.of("discover", table.toString(), "--prior", prior.toString(), "--out", tmp.resolve("o").toString()), 3, "prior.txt", "UTF-16");
    refused(CliRun.of("ferroic", tmp.resolve("none.dm3").toString(), "--prior", prior.toString(), "--out", tmp.resolve("o").toString()), 3,
        "prior.txt", "UTF-16");
    Path models = tmp.resolve("models.txt");
    Files.write(models, "m: b ~ a\n".getBytes(StandardCharsets.UTF_16LE));
    refused(CliRun.of("bayes", table.toString(), "--target", "b", "--models", models.toString(), "--out", tmp.resolve("o").toString()), 3,
        "models.txt", "UTF-16");
    Path bin = tmp.resolve("bin.csv");
    Files.write(bin, new byte[] {'a', ',', 'b', '\n', (byte) 0xC3, (byte) 0x28, ',', '1', '\n'});
    refused(CliRun.of("laws", bin.toString(), "--time", "a", "--state", "b", "--out", tmp.resolve("o").toString()), 3, "bin.csv", "not UTF-8");
    assertThat(tmp.resolve("o")).doesNotExist();
  }

  @Test
  void malformedPriorIsExit3NamingTheFileInEveryCommand() throws Exception {
    Path prior = tmp.resolve("prior.txt");
    Files.writeString(prior, "tier one: a b\n");
    Path table = lingamWith("1", 1, 0);
    refused(CliRun.of("discover", table.toString(), "--prior", prior.toString(), "--out", tmp.resolve("o").toString()), 3, "prior.txt", "line 1");
    refused(CliRun.of("ferroic", tmp.resolve("none.dm3").toString(), "--prior", prior.toString(), "--out", tmp.resolve("o").toString()), 3,
        "prior.txt", "line 1");
    refused(CliRun.of("multimodal", "--simulate", "--prior", prior.toString(), "--out", tmp.resolve("o").toString()), 3, "prior.txt", "line 1");
  }

  @Test
  void anUnknownColumnIsExit3NamingFileAndOptionInEveryTableCommand() throws Exception {
    Path table = lingamWith("1", 1, 0);
    Path models = Files.writeString(tmp.resolve("m.txt"), "m: x1 ~ nope\n");
    String o = tmp.resolve("o").toString();
    refused(CliRun.of("discover", table.toString(), "--columns", "x0,nope", "--out", o), 3, "cells.csv", "'nope'", "--columns");
    refused(CliRun.of("discover", table.toString(), "--effect", "x0,nope", "--out", o), 3, "cells.csv", "'nope'", "--effect");
    refused(CliRun.of("gp", table.toString(), "--target", "x1", "--inputs", "nope", "--out", o), 3, "cells.csv", "'nope'", "--inputs");
    refused(CliRun.of("gp", table.toString(), "--target", "nope", "--inputs", "x0", "--out", o), 3, "cells.csv", "'nope'", "--target");
    refused(CliRun.of("bayes", table.toString(), "--target", "x1", "--models", models.toString(), "--out", o), 3, "cells.csv", "'nope'");
    refused(CliRun.of("laws", table.toString(), "--time", "x0", "--state", "nope", "--out", o), 3, "cells.csv", "'nope'", "--state");
  }

  @Test
  void bootstrapZeroNeverYieldsAConfidence() throws Exception {
    String o = tmp.resolve("o").toString();
    refused(CliRun.of("ferroic", tmp.resolve("none.dm3").toString(), "--bootstrap", "0", "--out", o), 2, "--bootstrap 0", "1 <= value");
    refused(CliRun.of("multimodal", "--simulate", "--bootstrap", "0", "--out", o), 2, "--bootstrap 0");
    refused(CliRun.of("demo", "--bootstrap", "0", "--out", o), 2, "--bootstrap 0");
    refused(CliRun.of("laws", "x.csv", "--time", "t", "--state", "x", "--bootstrap", "0", "--out", o), 2, "--bootstrap 0");
    refused(CliRun.of("discover", "x.csv", "--bootstrap", "2147483647", "--out", o), 2, "--bootstrap 2147483647", "10000");
    refused(CliRun.of("laws", "x.csv", "--time", "t", "--state", "x", "--bootstrap", "2147483647", "--out", o), 2, "--bootstrap 2147483647");
    // discover's default (0) is "no bootstrap": no confidence anywhere
    Path table = lingamWith("1", 1, 0);
    CliRun r = CliRun.of("discover", table.toString(), "--bootstrap", "0", "--out", o, "--quiet");
    assertThat(r.code()).isZero();
    assertThat(r.out().toLowerCase(Locale.ROOT)).doesNotContain("confidence");
    assertThat(tmp.resolve("o/bootstrap.csv")).doesNotExist();
  }

  @Test
  void bayesRefusesInfinitePriorsAndCollinearRegressorsAndPlotsFourModelsOfFourTerms() throws Exception {
    SplittableRandom rnd = new SplittableRandom(5);
    StringBuilder sb = new StringBuilder("a,b,c,d,e,y\n");
    for (int i = 0; i < 200; i++) {
      double a = rnd.nextInt(1000) / 1000.0;
      double b = rnd.nextInt(1000) / 1000.0;
      double c = rnd.nextDouble();
      double d = rnd.nextDouble();
      double y = 1 + 2 * a - b + 0.5 * c + 0.1 * rnd.nextDouble();
      sb.append(String.format(Locale.ROOT, "%.3f,%.3f,%.6f,%.6f,%.3f,%.6f%n", a, b, c, d, a + 2 * b, y));
    }
    Path table = Files.writeString(tmp.resolve("t.csv"), sb.toString());
    Path models = Files.writeString(tmp.resolve("m.txt"),
        "full: y ~ a + b + c + d\nabc: y ~ a + b + c\nsquares: y ~ a + b^2 + c + a*b\nnone: y ~ 1\nab: y ~ a + b\n");
    String o = tmp.resolve("o").toString();
    for (String opt : new String[] {"--noise-rate", "--noise-shape", "--g"}) {
      for (String v : new String[] {"Infinity", "-Infinity", "NaN", "1e400"}) {
        refused(CliRun.of("bayes", table.toString(), "--target", "y", "--models", models.toString(), opt, v, "--out", o), 2, opt, v);
      }
    }
    CliRun ok = CliRun.of("bayes", table.toString(), "--target", "y", "--models", models.toString(), "--out", o, "--quiet");
    assertThat(ok.code()).as(ok.err()).isZero();
    for (String m : new String[] {"full", "abc", "squares", "none", "ab"}) {
      assertThat(tmp.resolve("o/posterior_" + m + ".svg")).isNotEmptyFile();
    }
    assertThat(tmp.resolve("o/model_probabilities.svg")).isNotEmptyFile();
    assertThat(Files.readString(tmp.resolve("o/bayes.json"))).contains("\"best\" : \"abc\"");
    Path collinear = Files.writeString(tmp.resolve("c.txt"), "ok: y ~ a\nbad: y ~ a + b + e\n");
    refused(CliRun.of("bayes", table.toString(), "--target", "y", "--models", collinear.toString(), "--out", tmp.resolve("o2").toString()), 3,
        "c.txt", "'bad'", "'e'", "'a'", "'b'", "not identifiable");
  }

  @Test
  void lawsRefusesAConstantStateNamingIt() throws Exception {
    StringBuilder sb = new StringBuilder("t,x,k\n");
    for (int i = 0; i < 80; i++) sb.append(String.format(Locale.ROOT, "%.3f,%.6f,2.5%n", i * 0.05, Math.exp(-0.5 * i * 0.05)));
    Path table = Files.writeString(tmp.resolve("s.csv"), sb.toString());
    refused(CliRun.of("laws", table.toString(), "--time", "t", "--state", "x,k", "--bootstrap", "5", "--out", tmp.resolve("o").toString()), 3,
        "s.csv", "'k'", "constant");
    StringBuilder sb2 = new StringBuilder("t,x,w\n");
    for (int i = 0; i < 80; i++) {
      double x = Math.exp(-0.5 * i * 0.05);
      sb2.append(String.format(Locale.ROOT, "%.3f,%.6f,%.6f%n", i * 0.05, x, x));
    }
    Path twin = Files.writeString(tmp.resolve("twin.csv"), sb2.toString());
    refused(CliRun.of("laws", twin.toString(), "--time", "t", "--state", "x,w", "--bootstrap", "5", "--out", tmp.resolve("o").toString()), 3,
        "twin.csv", "'w'", "'x'", "no law can be identified");
  }

  @Test
  void nonFiniteDataIsNamedNotMisreported() throws Exception {
    float[] img = new float[64 * 64];
    for (int i = 0; i < img.length; i++) img[i] = (float) Math.sin(i);
    img[64 * 10 + 5] = Float.NaN;
    img[64 * 20 + 7] = Float.NaN;
    Path image = tmp.resolve("img.npy");
    NpyWriter.write(image, img, 64, 64);
    refused(CliRun.of("atoms", image.toString(), "--out", tmp.resolve("o").toString()), 3, "img.npy", "2 of 4096 pixels", "column 5, row 10");
    float[] spec = new float[512];
    for (int i = 0; i < spec.length; i++) spec[i] = 100 + i;
    for (int i = 300; i < 310; i++) spec[i] = Float.NaN;
    Path spectrum = tmp.resolve("spec.npy");
    NpyWriter.write(spectrum, spec, 512);
    refused(CliRun.of("eels", spectrum.toString(), "--out", tmp.resolve("o").toString()), 3, "spec.npy", "10 of 512 values", "10 of 512 energy channels");
    float[] cube = new float[3 * 4 * 16 * 16];
    for (int i = 0; i < cube.length; i++) cube[i] = 1 + (i % 7);
    cube[(1 * 4 + 2) * 256 + 17] = Float.POSITIVE_INFINITY;
    Path c4 = tmp.resolve("cube.npy");
    NpyWriter.write(c4, cube, 3, 4, 16, 16);
    refused(CliRun.of("fourd", c4.toString(), "--out", tmp.resolve("o").toString()), 3, "cube.npy", "1 of 12 diffraction patterns", "(x 2, y 1)");
    assertThat(tmp.resolve("o")).doesNotExist();
  }

  @Test
  void aMerlinFileShorterThanItsHdrIsExit3WithExpectedAndActualSize() throws Exception {
    Path src = SharedData.real("merlin_navigation4x2_ROI/001_4x2_6bit.mib");
    Path mib = tmp.resolve("001_4x2_6bit.mib");
    Files.copy(src, mib, StandardCopyOption.REPLACE_EXISTING);
    Files.copy(src.resolveSibling("001_4x2_6bit.hdr"), tmp.resolve("001_4x2_6bit.hdr"));
    mib.toFile().setWritable(true);
    long size = Files.size(mib);
    try (var ch = java.nio.channels.FileChannel.open(mib, StandardOpenOption.WRITE)) {
      ch.truncate(size - 100);
    }
    CliRun r = CliRun.of("fourd", mib.toString(), "--out", tmp.resolve("o").toString());
    refused(r, 3, "001_4x2_6bit.mib", "truncated", "8 frames", String.valueOf(size) + " bytes", (size - 100) + " bytes");
    assertThat(tmp.resolve("o")).doesNotExist();
    refused(CliRun.of("info", mib.toString()), 3, "001_4x2_6bit.mib", "truncated");
  }

  @Test
  void absurdOptionValuesAreRefusedNamingTheOptionAsTyped() throws Exception {
    String o = tmp.resolve("o").toString();
    refused(CliRun.of("eels", "x.dm3", "--components", "100000", "--out", o), 2, "--components 100000", "0 <= value <= 32");
    refused(CliRun.of("fourd", "x.mib", "--rotation", "NaN", "--out", o), 2, "--rotation", "NaN");
    refused(CliRun.of("atoms", "x.dm3", "--threshold", "NaN", "--out", o), 2, "--threshold", "NaN");
    refused(CliRun.of("atoms", "x.dm3", "--lattice-constant", "1e400A", "--out", o), 2, "--lattice-constant", "1e400A", "out of range");
    refused(CliRun.of("atoms", "x.dm3", "--window", "500", "--out", o), 2, "--window 500", "1.5 <= value <= 100");
    refused(CliRun.of("laws", "x.csv", "--time", "t", "--state", "x", "--window", "1", "--sg-order", "5", "--out", o), 2, "--sg-order 5", "--window");
    refused(CliRun.of("gp", "x.csv", "--target", "y", "--inputs", "x", "--max-optimisation-points", "3", "--out", o), 2, "--max-optimisation-points 3");
    assertThat(tmp.resolve("o")).doesNotExist();
  }

  @Test
  void eelsComponentsAreBoundedByTheData() throws Exception {
    float[] spec = new float[256];
    for (int i = 0; i < spec.length; i++) spec[i] = (float) (1000 * Math.exp(-i / 80.0));
    Path spectrum = tmp.resolve("spec.npy");
    NpyWriter.write(spectrum, spec, 256);
    refused(CliRun.of("eels", spectrum.toString(), "--components", "4", "--out", tmp.resolve("o").toString()), 2, "--components 4", "1 spectra");
  }

  @Test
  void gpRefusesTooManyRowsBeforeStartingAndSubsamplesWithASeed() throws Exception {
    SplittableRandom rnd = new SplittableRandom(2);
    StringBuilder sb = new StringBuilder("x,y\n");
    for (int i = 0; i < 4500; i++) {
      double x = rnd.nextDouble() * 6;
      sb.append(String.format(Locale.ROOT, "%.6f,%.6f%n", x, Math.sin(x) + 0.1 * (rnd.nextDouble() - 0.5)));
    }
    Path table = Files.writeString(tmp.resolve("big.csv"), sb.toString());
    long t0 = System.nanoTime();
    refused(CliRun.of("gp", table.toString(), "--target", "y", "--inputs", "x", "--out", tmp.resolve("o").toString()), 2,
        "big.csv", "4500 complete rows", "4000", "--subsample");
    assertThat((System.nanoTime() - t0) / 1e9).as("refused before any fit").isLessThan(10);
    CliRun a = CliRun.of("gp", table.toString(), "--target", "y", "--inputs", "x", "--subsample", "300", "--folds", "3", "--out", tmp.resolve("a").toString(), "--quiet");
    CliRun b = CliRun.of("gp", table.toString(), "--target", "y", "--inputs", "x", "--subsample", "300", "--folds", "3", "--out", tmp.resolve("b").toString(), "--quiet");
    assertThat(a.code()).as(a.err()).isZero();
    assertThat(b.code()).isZero();
    String json = Files.readString(tmp.resolve("a/gp.json"));
    assertThat(json).contains("\"rows\" : 300").contains("\"complete_rows\" : 4500");
    assertThat(Files.readString(tmp.resolve("a/predictions.csv"))).isEqualTo(Files.readString(tmp.resolve("b/predictions.csv")));
    assertThat(Files.readAllLines(tmp.resolve("a/predictions.csv"))).hasSize(301);
  }
}
