package org.causalem.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.causalem.io.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("slow")
class BayesGpLawsCommandTest {
  @TempDir Path tmp;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  private static double gauss(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  private Path regressionTable() throws Exception {
    SplittableRandom rnd = new SplittableRandom(3);
    List<String> lines = new ArrayList<>(List.of("x1,x2,x3,y"));
    for (int i = 0; i < 150; i++) {
      double x1 = gauss(rnd);
      double x2 = gauss(rnd);
      double x3 = gauss(rnd);
      double y = 1 + 2 * x1 + 0.5 * x2 * x2 + 0.5 * gauss(rnd);
      lines.add(x1 + "," + x2 + "," + x3 + "," + y);
    }
    lines.add("0.1,,0.3,1.0"); // a missing value: the row is dropped
    Path f = tmp.resolve("table.csv");
    Files.write(f, lines);
    return f;
  }

  @Test void bayesRanksModelsAndWritesPosteriors() throws Exception {
    Path table = regressionTable();
    Path models = tmp.resolve("MODELS.txt");
    Files.writeString(models, "# competing hypotheses\nlinear: y ~ x1 + x2\n\nquadratic: y ~ x1 + x2^2   # the truth\nkitchen: y ~ x1 + x2 + x2^2 + x3 + x1*x3\nnoint: y ~ x1 + x2^2 - 1\n");
    Path out = tmp.resolve("out");
    Run r = run("bayes", table.toString(), "--target", "y", "--models", models.toString(), "--out", out.toString(), "--quiet");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = Json.mapper().readTree(out.resolve("bayes.json").toFile());
    assertThat(j.get("best").asText()).isEqualTo("quadratic");
    assertThat(j.get("rows").asInt()).isEqualTo(150);
    assertThat(j.get("rows_dropped_missing").asInt()).isEqualTo(1);
    JsonNode ms = j.get("models");
    assertThat(ms.size()).isEqualTo(4);
    double total = 0;
    for (JsonNode m : ms) total += m.get("posterior_probability").asDouble();
    assertThat(total).isCloseTo(1, within(1e-9));
    JsonNode quad = ms.get(1);
    assertThat(quad.get("name").asText()).isEqualTo("quadratic");
    assertThat(quad.get("posterior_probability").asDouble()).isGreaterThan(0.8);
    assertThat(quad.get("coefficients").get("x1").get("mean").asDouble()).isCloseTo(2, within(0.2));
    assertThat(quad.get("coefficients").get("x2^2").get("mean").asDouble()).isCloseTo(0.5, within(0.15));
    assertThat(quad.get("coefficients").get("1").get("mean").asDouble()).isCloseTo(1, within(0.3));
    assertThat(quad.get("information_gain_nats").asDouble()).isGreaterThan(0);
    assertThat(ms.get(3).get("coefficients").has("1")).isFalse();
    assertThat(out.resolve("posterior_quadratic.svg")).isNotEmptyFile();
    assertThat(out.resolve("model_probabilities.svg")).isNotEmptyFile();
    JsonNode runJson = Json.mapper().readTree(out.resolve("run.json").toFile());
    assertThat(runJson.get("inputs").size()).isEqualTo(2);
  }

  @Test void bayesDropsOnlyRowsMissingAColumnItUsesAndNamesBadCells() throws Exception {
    Path table = regressionTable();
    Path models = tmp.resolve("M1.txt");
    Files.writeString(models, "a: y ~ x1\nb: y ~ x1 + x3\n");
    Path out = tmp.resolve("out_keep");
    Run r = run("bayes", table.toString(), "--target", "y", "--models", models.toString(), "--out", out.toString(), "--quiet");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = Json.mapper().readTree(out.resolve("bayes.json").toFile());
    assertThat(j.get("rows").asInt()).isEqualTo(151); // the row missing only x2 is kept: no model uses x2
    assertThat(j.get("rows_dropped_missing").asInt()).isZero();

    Path bad = tmp.resolve("cells.csv");
    Files.write(bad, List.of("x1,y", "1,2", "2,oops", "3,5"));
    Run r2 = run("bayes", bad.toString(), "--target", "y", "--models", models.toString(), "--out", tmp.resolve("o2").toString());
    assertThat(r2.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r2.err()).contains("cells.csv").contains("line 3").contains("'y'").contains("'oops'");

    Run r3 = run("bayes", table.toString(), "--target", "nope", "--models", models.toString(), "--out", tmp.resolve("o3").toString());
    assertThat(r3.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r3.err()).contains("table.csv").contains("'nope'").contains("[x1, x2, x3, y]");
  }

  @Test void aTextColumnNotUsedIsLeftOutWithANoteInEveryTableCommand() throws Exception {
    SplittableRandom rnd = new SplittableRandom(11);
    List<String> lines = new ArrayList<>(List.of("t,x,y,label"));
    double x = 1;
    for (int i = 0; i < 60; i++) {
      x *= 0.95;
      lines.add(i * 0.1 + "," + x + "," + (2 * x + 0.1 * gauss(rnd)) + "," + (i % 2 == 0 ? "even" : "odd"));
    }
    Path table = tmp.resolve("labelled.csv");
    Files.write(table, lines);
    Path models = tmp.resolve("m.txt");
    Files.writeString(models, "a: y ~ x\n");
    String[][] commands = {
        {"bayes", table.toString(), "--target", "y", "--models", models.toString(), "--out", tmp.resolve("b").toString(), "--quiet"},
        {"gp", table.toString(), "--target", "y", "--inputs", "x", "--out", tmp.resolve("g").toString(), "--quiet"},
        {"laws", table.toString(), "--time", "t", "--state", "x", "--out", tmp.resolve("l").toString(), "--quiet"}};
    String[] json = {"b/bayes.json", "g/gp.json", "l/laws.json"};
    for (int c = 0; c < commands.length; c++) {
      Run r = run(commands[c]);
      assertThat(r.code()).as(commands[c][0] + ": " + r.err()).isZero();
      JsonNode notes = Json.mapper().readTree(tmp.resolve(json[c]).toFile()).get("notes");
      assertThat(notes.toString()).as(commands[c][0]).contains("labelled.csv").contains("left out text column").contains("label");
    }
  }

  @Test void bayesRejectsBadModelsWithoutLeavingOutput() throws Exception {
    Path table = regressionTable();
    Path models = tmp.resolve("bad.txt");
    Files.writeString(models, "a: y ~ x1\nb: y ~ x1 + * x2\n");
    Path out = tmp.resolve("out1");
    Run r = run("bayes", table.toString(), "--target", "y", "--models", models.toString(), "--out", out.toString());
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("bad.txt").contains("line 2").contains("'*'");
    assertThat(out).doesNotExist();

    Files.writeString(models, "a: y ~ x1 + pressure\n");
    Run r2 = run("bayes", table.toString(), "--target", "y", "--models", models.toString(), "--out", out.toString());
    assertThat(r2.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r2.err()).contains("'pressure'").contains("table.csv");
    assertThat(out).doesNotExist();

    Path flat = tmp.resolve("flat.csv");
    Files.write(flat, List.of("x1,y", "1,2", "2,2", "3,2", "4,2"));
    Files.writeString(models, "a: y ~ x1\n");
    Run r4 = run("bayes", flat.toString(), "--target", "y", "--models", models.toString(), "--out", out.toString());
    assertThat(r4.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r4.err()).contains("flat.csv").contains("constant");

    Run r3 = run("bayes", table.toString(), "--models", models.toString(), "--out", out.toString());
    assertThat(r3.code()).isEqualTo(Main.USAGE);
    assertThat(Files.list(tmp).noneMatch(p -> p.getFileName().toString().startsWith(".out1"))).isTrue();
  }

  @Test void gpPredictsWithUncertaintyAndCrossValidates() throws Exception {
    SplittableRandom rnd = new SplittableRandom(5);
    List<String> lines = new ArrayList<>(List.of("px,py,a,b,y"));
    for (int i = 0; i < 144; i++) {
      double px = i % 12;
      double py = i / 12;
      double a = rnd.nextDouble(-2, 2);
      double b = rnd.nextDouble(-2, 2);
      double y = Math.sin(2 * a) + 0.3 * b + 0.05 * gauss(rnd);
      lines.add(px + "," + py + "," + a + "," + b + "," + y);
    }
    Path table = tmp.resolve("gp.csv");
    Files.write(table, lines);
    Path out = tmp.resolve("gpout");
    Run r = run("gp", table.toString(), "--target", "y", "--inputs", "a,b", "--folds", "4", "--kernel", "rbf", "--seed", "3", "--out", out.toString(), "--quiet");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = Json.mapper().readTree(out.resolve("gp.json").toFile());
    assertThat(j.get("cross_validation").get("r2").asDouble()).isGreaterThan(0.9);
    assertThat(j.get("hyperparameters").get("noise_sd").asDouble()).isCloseTo(0.05, within(0.03));
    List<String> pred = Files.readAllLines(out.resolve("predictions.csv"));
    assertThat(pred.get(0)).isEqualTo("row,a,b,observed,mean,sd,cv_fold,cv_mean,cv_sd");
    assertThat(pred).hasSize(145);
    assertThat(Json.mapper().readTree(out.resolve("run.json").toFile()).get("seed").asLong()).isEqualTo(3);

    Path out2 = tmp.resolve("gpmap");
    Run r2 = run("gp", table.toString(), "--target", "y", "--inputs", "a", "--coords", "px,py", "--blocks", "2x2", "--neighbours", "2",
        "--out", out2.toString());
    assertThat(r2.code()).as(r2.err()).isZero();
    JsonNode j2 = Json.mapper().readTree(out2.resolve("gp.json").toFile());
    assertThat(j2.get("cross_validation").get("scheme").asText()).contains("spatial blocks 2x2");
    assertThat(j2.get("cross_validation").get("hyperparameters").asText()).startsWith("hyperparameters fitted on all rows");
    assertThat(r2.err()).contains("not re-selected per fold").contains("--cv-refit refits them on every fold");

    // --cv-refit: hyperparameters refitted on every held-out block, said so; held-out scores of the same quality
    Path out3 = tmp.resolve("gprefit");
    Run r3 = run("gp", table.toString(), "--target", "y", "--inputs", "a,b", "--folds", "4", "--kernel", "rbf", "--seed", "3", "--cv-refit",
        "--out", out3.toString(), "--quiet");
    assertThat(r3.code()).as(r3.err()).isZero();
    JsonNode j3 = Json.mapper().readTree(out3.resolve("gp.json").toFile());
    assertThat(j3.get("cross_validation").get("hyperparameters").asText()).isEqualTo("refitted per fold");
    assertThat(j3.get("cross_validation").get("r2").asDouble()).isCloseTo(j.get("cross_validation").get("r2").asDouble(), within(0.02));
    assertThat(j2.get("inputs").toString()).contains("y@neighbour1");

    Run bad = run("gp", table.toString(), "--target", "y", "--inputs", "a,nope", "--out", tmp.resolve("gpbad").toString());
    assertThat(bad.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(bad.err()).contains("'nope'");
    assertThat(tmp.resolve("gpbad")).doesNotExist();
  }

  @Test void gpSamplesHyperparametersWithNuts() throws Exception {
    SplittableRandom rnd = new SplittableRandom(8);
    List<String> lines = new ArrayList<>(List.of("a,y"));
    for (int i = 0; i < 40; i++) {
      double a = rnd.nextDouble(-2, 2);
      lines.add(a + "," + (Math.sin(2 * a) + 0.1 * gauss(rnd)));
    }
    Path table = tmp.resolve("small.csv");
    Files.write(table, lines);
    Path out = tmp.resolve("gpnuts");
    Run r = run("gp", table.toString(), "--target", "y", "--inputs", "a", "--method", "nuts", "--folds", "2", "--seed", "4", "--out", out.toString(), "--quiet");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = Json.mapper().readTree(out.resolve("gp.json").toFile());
    for (JsonNode rh : j.get("nuts").get("rhat")) assertThat(rh.asDouble()).isLessThan(1.1);
    assertThat(j.get("cross_validation").get("r2").asDouble()).isGreaterThan(0.8);
    Run bad = run("gp", table.toString(), "--target", "y", "--inputs", "a", "--method", "mcmc", "--out", tmp.resolve("x").toString());
    assertThat(bad.code()).isEqualTo(Main.USAGE);
    assertThat(bad.err()).contains("--method");
  }

  @Test void lawsRecoversLorenzAndSimulatesIt() throws Exception {
    int n = 4000;
    double dt = 0.005;
    double[] x = {-8, 7, 27};
    List<String> lines = new ArrayList<>(List.of("t,x,y,z"));
    for (int i = 0; i < n; i++) {
      lines.add(i * dt + "," + x[0] + "," + x[1] + "," + x[2]);
      for (int s = 0; s < 10; s++) x = rk4(x, dt / 10);
    }
    Path series = tmp.resolve("lorenz.csv");
    Files.write(series, lines);
    Path out = tmp.resolve("laws");
    Run r = run("laws", series.toString(), "--time", "t", "--state", "x,y,z", "--degree", "2", "--bootstrap", "10", "--out", out.toString(), "--quiet");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = Json.mapper().readTree(out.resolve("laws.json").toFile());
    JsonNode eq0 = j.get("equations").get(0);
    assertThat(eq0.get("lhs").asText()).isEqualTo("dx/dt");
    assertThat(eq0.get("terms").size()).isEqualTo(2);
    assertThat(eq0.get("terms").get(0).get("term").asText()).isEqualTo("x");
    assertThat(eq0.get("terms").get(0).get("coefficient").asDouble()).isCloseTo(-10, within(0.2));
    assertThat(eq0.get("terms").get(1).get("term").asText()).isEqualTo("y");
    assertThat(eq0.get("terms").get(1).get("inclusion_probability").asDouble()).isGreaterThan(0.9);
    JsonNode eq1 = j.get("equations").get(1);
    List<String> terms1 = new ArrayList<>();
    eq1.get("terms").forEach(t -> terms1.add(t.get("term").asText()));
    assertThat(terms1).containsExactly("x", "y", "x*z");
    JsonNode eq2 = j.get("equations").get(2);
    List<String> terms2 = new ArrayList<>();
    eq2.get("terms").forEach(t -> terms2.add(t.get("term").asText()));
    assertThat(terms2).containsExactly("z", "x*y");
    assertThat(j.get("pareto").get(0).get("front").size()).isGreaterThan(1);
    assertThat(out.resolve("laws.svg")).isNotEmptyFile();
    assertThat(Files.readAllLines(out.resolve("simulation.csv"))).hasSize(n + 1);
  }

  @Test void lawsRejectsNonIncreasingTime() throws Exception {
    Path series = tmp.resolve("bad.csv");
    List<String> lines = new ArrayList<>(List.of("t,x"));
    for (int i = 0; i < 40; i++) lines.add((i == 20 ? 19 : i) + "," + Math.exp(-0.1 * i));
    Files.write(series, lines);
    Path out = tmp.resolve("lawsbad");
    Run r = run("laws", series.toString(), "--time", "t", "--state", "x", "--out", out.toString());
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("bad.csv").contains("increase strictly");
    assertThat(out).doesNotExist();
    Files.write(series, List.of("t,x", "0,1", "1,abc"));
    Run r2 = run("laws", series.toString(), "--time", "t", "--state", "x", "--out", out.toString());
    assertThat(r2.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r2.err()).contains("line 3").contains("'abc'");
  }

  private static double[] rk4(double[] x, double h) {
    double[] k1 = lorenz(x);
    double[] k2 = lorenz(axpy(x, k1, h / 2));
    double[] k3 = lorenz(axpy(x, k2, h / 2));
    double[] k4 = lorenz(axpy(x, k3, h));
    double[] y = new double[3];
    for (int v = 0; v < 3; v++) y[v] = x[v] + h / 6 * (k1[v] + 2 * k2[v] + 2 * k3[v] + k4[v]);
    return y;
  }

  private static double[] lorenz(double[] x) {
    return new double[] {10 * (x[1] - x[0]), x[0] * (28 - x[2]) - x[1], x[0] * x[1] - 8.0 / 3 * x[2]};
  }

  private static double[] axpy(double[] x, double[] k, double h) {
    return new double[] {x[0] + h * k[0], x[1] + h * k[1], x[2] + h * k[2]};
  }
}
