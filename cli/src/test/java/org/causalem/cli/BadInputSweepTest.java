package org.causalem.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A generated bad-input sweep. Tables (empty, header only, ragged, BOM, CRLF, UTF-16, binary, every
 * missing spelling, infinities, huge and tiny magnitudes, Java number syntax, duplicate names, constant
 * and identical columns, a pandas index) through discover, gp, bayes and laws; and every numeric option
 * of every command (enumerated from picocli's model, so a new option is covered) at 0, -1, NaN, ±Inf and
 * 1e100. Each case must end in exit 0 with its outputs, or exit 2/3 with one line naming the file or
 * option; never exit 1, a stack trace, a hang, or a left-over output directory.
 */
@Tag("slow")
class BadInputSweepTest {
  @TempDir static Path tmp;

  private static final Duration LIMIT = Duration.ofSeconds(30);
  private static int counter;

  /** Runs in-process with a time limit and checks the contract common to every case. */
  private static CliRun check(String what, String mention, String... args) {
    Path out = Path.of(args[indexOf(args, "--out") + 1]);
    CliRun r = assertTimeoutPreemptively(LIMIT, () -> CliRun.of(args), what + " took over " + LIMIT);
    String err = r.err();
    assertThat(r.code()).as(what + ": exit code; stderr: " + err).isIn(0, 2, 3);
    assertThat(err).as(what + ": no stack trace").doesNotContain("\tat ").doesNotContain("Exception in");
    if (r.code() == 0) {
      assertThat(out.resolve("run.json")).as(what + ": a finished output").exists();
    } else {
      List<String> lines = err.lines().filter(l -> !l.isBlank()).toList();
      assertThat(lines).as(what + ": one line of error: " + err).hasSize(1);
      assertThat(lines.get(0)).as(what + ": names " + mention).contains(mention);
      assertThat(out).as(what + ": no output directory").doesNotExist();
    }
    try (Stream<Path> s = Files.list(out.getParent())) {
      assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".") && n.contains("partial")).toList())
          .as(what + ": no staging directory left").isEmpty();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    return r;
  }

  private static int indexOf(String[] a, String s) {
    for (int i = 0; i < a.length; i++) if (a[i].equals(s)) return i;
    throw new IllegalArgumentException(s);
  }

  private static synchronized Path fresh(String stem) {
    return tmp.resolve(stem + "-" + (counter++));
  }

  // ---------------------------------------------------------------- tables

  private static final int N = 60;

  /** Columns t (time), x, y (≈ 2x), z (noise), as rows of text cells. */
  private static String[][] baseCells() {
    SplittableRandom r = new SplittableRandom(7);
    String[][] c = new String[N][4];
    for (int i = 0; i < N; i++) {
      double t = i * 0.1;
      double x = Math.sin(t) + 0.3 * Math.cos(3 * t) + 0.05 * gauss(r);
      double y = 2 * x + 0.2 * gauss(r);
      double z = gauss(r);
      c[i] = new String[] {fmt(t), fmt(x), fmt(y), fmt(z)};
    }
    return c;
  }

  private static double gauss(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  private static String fmt(double v) { return String.format(Locale.ROOT, "%.6g", v); }

  private static String csv(String header, String[][] cells, String eol) {
    StringBuilder sb = new StringBuilder(header).append(eol);
    for (String[] row : cells) sb.append(String.join(",", row)).append(eol);
    return sb.toString();
  }

  private static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

  private static String[][] withColumn(int j, Function<Integer, String> cell) {
    String[][] c = baseCells();
    for (int i = 0; i < N; i++) c[i][j] = cell.apply(i);
    return c;
  }

  /** Every generated table, by case name. */
  static Map<String, byte[]> tables() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    String h = "t,x,y,z";
    String[][] base = baseCells();
    m.put("plain", utf8(csv(h, base, "\n")));
    m.put("empty", new byte[0]);
    m.put("header-only", utf8(h + "\n"));
    String[][] ragged = baseCells();
    ragged[10] = new String[] {ragged[10][0], ragged[10][1], ragged[10][2]};
    m.put("ragged", utf8(csv(h, ragged, "\n")));
    m.put("bom-crlf", utf8("\uFEFF" + csv(h, base, "\r\n")));
    m.put("utf16", csv(h, base, "\n").getBytes(StandardCharsets.UTF_16));
    m.put("utf16le-no-bom", csv(h, base, "\n").getBytes(StandardCharsets.UTF_16LE));
    byte[] bin = new byte[600];
    new SplittableRandom(3).nextBytes(bin);
    m.put("binary", bin);
    String[] missing = {"NA", "N/A", "NaN", "-NaN", "+NaN", "nan", "", "?", "null", "#N/A"};
    m.put("missing-spellings", utf8(csv(h, withColumn(3, i -> i % 6 == 1 ? missing[(i / 6) % missing.length] : baseCells()[i][3]), "\n")));
    m.put("signed-nan-in-used-column", utf8(csv(h, withColumn(1, i -> i == 5 ? "-NaN" : i == 9 ? "+NaN" : baseCells()[i][1]), "\n")));
    m.put("inf", utf8(csv(h, withColumn(3, i -> i == 4 ? "inf" : baseCells()[i][3]), "\n")));
    m.put("minus-infinity", utf8(csv(h, withColumn(1, i -> i == 4 ? "-Infinity" : baseCells()[i][1]), "\n")));
    m.put("overflow-1e400", utf8(csv(h, withColumn(3, i -> i == 4 ? "1e400" : baseCells()[i][3]), "\n")));
    m.put("huge-1e300", utf8(csv(h, withColumn(1, i -> baseCells()[i][1] + "e300"), "\n")));
    m.put("tiny-1e-300", utf8(csv(h, withColumn(1, i -> baseCells()[i][1] + "e-300"), "\n")));
    m.put("large-1e100", utf8(csv(h, withColumn(3, i -> baseCells()[i][3] + "e100"), "\n")));
    m.put("java-float-suffix", utf8(csv(h, withColumn(3, i -> i == 7 ? "3f" : baseCells()[i][3]), "\n")));
    m.put("java-hex", utf8(csv(h, withColumn(3, i -> i == 7 ? "0x1p3" : baseCells()[i][3]), "\n")));
    m.put("java-underscore", utf8(csv(h, withColumn(3, i -> i == 7 ? "1_000" : baseCells()[i][3]), "\n")));
    m.put("duplicate-names", utf8(csv("t,x,x,z", base, "\n")));
    m.put("constant-column", utf8(csv(h, withColumn(3, i -> "1.5"), "\n")));
    m.put("identical-columns", utf8(csv(h, withColumn(3, i -> baseCells()[i][1]), "\n")));
    m.put("pandas-index", utf8(csv("," + h, prefixIndex(base), "\n")));
    m.put("text-cell", utf8(csv(h, withColumn(2, i -> i == 3 ? "abc" : baseCells()[i][2]), "\n")));
    return m;
  }

  private static String[][] prefixIndex(String[][] c) {
    String[][] out = new String[c.length][];
    for (int i = 0; i < c.length; i++) {
      out[i] = new String[c[i].length + 1];
      out[i][0] = String.valueOf(i);
      System.arraycopy(c[i], 0, out[i], 1, c[i].length);
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> everyTableCaseThroughEveryTableCommand() throws Exception {
    Path models = tmp.resolve("models.txt");
    Files.writeString(models, "m1: y ~ x\nm2: y ~ x + z\n");
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : tables().entrySet()) {
      Path table = tmp.resolve(e.getKey() + ".csv");
      Files.write(table, e.getValue());
      String name = table.getFileName().toString();
      Map<String, String[]> cmds = new LinkedHashMap<>();
      cmds.put("discover", new String[] {"discover", table.toString(), "--quiet"});
      cmds.put("gp", new String[] {"gp", table.toString(), "--target", "y", "--inputs", "x,z", "--folds", "3", "--quiet"});
      cmds.put("bayes", new String[] {"bayes", table.toString(), "--target", "y", "--models", models.toString(), "--quiet"});
      cmds.put("laws", new String[] {"laws", table.toString(), "--time", "t", "--state", "x,z", "--bootstrap", "4", "--quiet"});
      for (Map.Entry<String, String[]> c : cmds.entrySet()) {
        tests.add(DynamicTest.dynamicTest(e.getKey() + " / " + c.getKey(), () -> {
          Path out = fresh(c.getKey());
          List<String> args = new ArrayList<>(List.of(c.getValue()));
          args.add("--out");
          args.add(out.toString());
          CliRun r = check(e.getKey() + " / " + c.getKey(), name, args.toArray(String[]::new));
          expect(e.getKey(), c.getKey(), r, out);
        }));
      }
    }
    return tests.stream();
  }

  /** What each case must give beyond the common contract (the honest outcome, where there is one). */
  private static void expect(String table, String cmd, CliRun r, Path out) throws Exception {
    switch (table) {
      case "plain", "bom-crlf", "pandas-index", "large-1e100" -> {
        if (!(table.equals("large-1e100") && cmd.equals("laws"))) assertThat(r.code()).as(table + " " + cmd + ": " + r.err()).isEqualTo(0);
      }
      case "empty", "header-only", "ragged", "utf16", "utf16le-no-bom", "binary", "inf", "minus-infinity", "overflow-1e400", "huge-1e300",
          "tiny-1e-300", "java-float-suffix", "java-hex", "java-underscore", "duplicate-names", "text-cell" ->
          assertThat(r.code()).as(table + " " + cmd + ": " + r.err()).isEqualTo(3);
      case "missing-spellings" -> {
        // column z: every spelling is missing; only commands that use z drop rows
        if (cmd.startsWith("discover")) {
          assertThat(r.code()).isEqualTo(0);
          assertThat(Files.readString(out.resolve("run.json"))).containsPattern("\"dropped_rows\"\\s*:\\s*10\\b");
        }
      }
      case "signed-nan-in-used-column" -> {
        if (cmd.startsWith("discover")) {
          assertThat(r.code()).isEqualTo(0);
          assertThat(Files.readString(out.resolve("run.json"))).containsPattern("\"dropped_rows\"\\s*:\\s*2\\b");
        }
      }
      case "constant-column" -> {
        if (cmd.equals("laws") || cmd.equals("gp")) assertThat(r.code()).as(r.err()).isEqualTo(3);
        if (r.code() != 0) assertThat(r.err()).contains("'z'");
      }
      case "identical-columns" -> {
        if (cmd.equals("bayes") || cmd.equals("laws")) assertThat(r.err()).as(r.err()).contains("'z'").contains("'x'");
        if (cmd.equals("bayes") || cmd.equals("laws") || cmd.equals("discover")) assertThat(r.code()).isEqualTo(3);
      }
      default -> {
        // the common contract only
      }
    }
  }

  // ---------------------------------------------------------------- numeric options

  static final String[] VALUES = {"0", "-1", "NaN", "Infinity", "-Infinity", "1e100"};

  private static boolean isSeed(OptionSpec o) { return o.longestName().equals("--seed"); }

  /** Every numeric option of every command, from picocli's model of the command line. */
  static List<Object[]> numericOptions() {
    CommandLine root = new CommandLine(new Main());
    List<Object[]> out = new ArrayList<>();
    for (Map.Entry<String, CommandLine> e : root.getSubcommands().entrySet()) {
      CommandSpec spec = e.getValue().getCommandSpec();
      for (ArgSpec a : spec.args()) {
        if (!OptionChecks.isNumeric(a)) continue;
        if (a instanceof OptionSpec o && isSeed(o)) continue;
        out.add(new Object[] {e.getKey(), a});
      }
    }
    return out;
  }

  @Test
  void everyNumericOptionDeclaresItsRange() {
    List<Object[]> opts = numericOptions();
    assertThat(opts.size()).as("numeric options found").isGreaterThan(30);
    for (Object[] o : opts) {
      ArgSpec a = (ArgSpec) o[1];
      String label = o[0] + " " + (a instanceof OptionSpec os ? os.longestName() : a.paramLabel());
      assertThat(a.userObject()).as(label).isInstanceOf(Field.class);
      assertThat(OptionChecks.range(a)).as(label + " has an @Range").isNotNull();
      Range r = OptionChecks.range(a);
      assertThat(r.max()).as(label + ": a finite upper bound").isLessThan(Double.MAX_VALUE);
      String dflt = a.defaultValue();
      if (dflt != null) {
        double d = Double.parseDouble(dflt);
        assertThat((r.minExclusive() ? d > r.min() : d >= r.min()) && (r.maxExclusive() ? d < r.max() : d <= r.max()))
            .as(label + ": default " + d + " within " + OptionChecks.describe(r)).isTrue();
      }
    }
  }

  /** The smallest command line that reaches the option check (inputs that do not exist fail later, with exit 3). */
  private static List<String> base(String cmd, Path table, Path models) {
    String missing = tmp.resolve("no-such-input.dm3").toString();
    return switch (cmd) {
      case "discover" -> List.of("discover", table.toString());
      case "gp" -> List.of("gp", table.toString(), "--target", "y", "--inputs", "x,z");
      case "bayes" -> List.of("bayes", table.toString(), "--target", "y", "--models", models.toString());
      case "laws" -> List.of("laws", table.toString(), "--time", "t", "--state", "x,y", "--bootstrap", "4");
      case "demo", "transition" -> List.of(cmd, "--simulate", "dopant");
      case "multimodal" -> List.of("multimodal", missing, missing);
      case "batch" -> List.of("batch", "atoms", missing);
      default -> List.of(cmd, missing);
    };
  }

  @TestFactory
  Stream<DynamicTest> everyNumericOptionRefusesNonsenseNamingTheOption() throws Exception {
    Path table = tmp.resolve("opt-table.csv");
    Files.write(table, tables().get("plain"));
    Path models = tmp.resolve("opt-models.txt");
    Files.writeString(models, "m1: y ~ x\nm2: y ~ z\n");
    List<DynamicTest> tests = new ArrayList<>();
    for (Object[] o : numericOptions()) {
      String cmd = (String) o[0];
      ArgSpec a = (ArgSpec) o[1];
      String opt = ((OptionSpec) a).longestName();
      Range range = OptionChecks.range(a);
      for (String v : VALUES) {
        String value = opt.equals("--offset") ? v + "," + v : v;
        tests.add(DynamicTest.dynamicTest(cmd + " " + opt + " " + v, () -> {
          List<String> args = new ArrayList<>(base(cmd, table, models));
          if (cmd.equals("demo") || cmd.equals("transition")) args.removeIf(s -> s.equals("--simulate") || s.equals("dopant"));
          if (cmd.equals("transition")) args.addAll(List.of("--simulate", "dopant"));
          if (cmd.equals("laws") && opt.equals("--bootstrap")) args.removeAll(List.of("--bootstrap", "4"));
          if (opt.equals("--offset")) args.addAll(List.of("--scale", "1"));
          if (opt.equals("--neighbours")) args.addAll(List.of("--coords", "t,x"));
          args.addAll(List.of(opt, value, "--quiet"));
          Path out = fresh("opt");
          args.addAll(List.of("--out", out.toString()));
          double x = Double.parseDouble(v);
          boolean inRange = Double.isFinite(x) && (range.minExclusive() ? x > range.min() : x >= range.min())
              && (range.maxExclusive() ? x < range.max() : x <= range.max());
          boolean integral = a.type() == int.class || a.type() == Integer.class || a.type() == long.class || a.type() == Long.class;
          if (inRange && (cmd.equals("demo") || cmd.equals("transition"))) return; // would run a whole simulation: covered by their own tests
          String mention = inRange ? "" : opt;
          CliRun r = check(cmd + " " + opt + " " + v, mention, args.toArray(String[]::new));
          if (!inRange || (integral && !Double.isFinite(x))) {
            assertThat(r.code()).as(cmd + " " + opt + " " + v + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).contains(opt).contains(v);
          }
        }));
      }
    }
    return tests.stream();
  }
}
