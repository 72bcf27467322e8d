package org.causalem.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.causalem.io.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The file-safety contract of {@code --out}/{@code --force} (issue 11), for every command that writes a directory:
 * nothing CausalEM did not write is ever deleted, replacement is atomic, and what a run leaves behind is its output
 * and nothing else. The data-loss reproductions assert that every file of the user's is still there byte for byte.
 */
@Tag("slow")
class OutputSafetyTest {
  /** Every command that takes --out. */
  static final List<String> COMMANDS = List.of("atoms", "discover", "bayes", "gp", "suggest", "laws", "eels", "fourd", "ferroic",
      "transition", "multimodal", "demo", "local", "batch");

  @TempDir static Path shared;
  /** A genuine CausalEM output (of discover), copied wherever a test needs an earlier output to replace. */
  static Path earlierOutput;

  @TempDir Path tmp;

  @BeforeAll
  static void makeAnEarlierOutput() throws IOException {
    Path in = Files.createDirectories(shared.resolve("in"));
    writeInputs(in, true);
    earlierOutput = shared.resolve("earlier");
    CliRun r = CliRun.of("discover", in.resolve("table.csv").toString(), "--quiet", "--out", earlierOutput.toString());
    assertThat(r.code()).as(r.err()).isZero();
  }

  /** The inputs each command reads, in {@code dir}: real small tables, and junk where a run must fail on reading. */
  static void writeInputs(Path dir, boolean good) throws IOException {
    SplittableRandom rnd = new SplittableRandom(11);
    StringBuilder table = new StringBuilder("x,y,z\n");
    StringBuilder series = new StringBuilder("t,x\n");
    for (int i = 0; i < 200; i++) {
      double x = rnd.nextGaussian();
      double y = 2 * x + rnd.nextGaussian();
      table.append(x).append(',').append(y).append(',').append(y - x + rnd.nextGaussian()).append('\n');
      series.append(i * 0.05).append(',').append(Math.exp(-0.3 * i * 0.05)).append('\n');
    }
    Files.writeString(dir.resolve("table.csv"), good ? table : "x,y,z\n");
    Files.writeString(dir.resolve("series.csv"), good ? series : "t,x\n");
    Files.writeString(dir.resolve("models.txt"), "one: y ~ x\ntwo: y ~ x + z\n");
    for (String junk : List.of("image.tif", "si.dm3", "cube.npy", "movie.tif")) {
      Files.writeString(dir.resolve(junk), "not a microscope file at all");
    }
  }

  /** The command line of {@code command} on the inputs in {@code in}, without --out. */
  static List<String> args(String command, Path in) {
    String table = in.resolve("table.csv").toString();
    return switch (command) {
      case "atoms", "ferroic", "local" -> List.of(command, in.resolve("image.tif").toString());
      case "discover" -> List.of(command, table);
      case "bayes" -> List.of(command, table, "--target", "y", "--models", in.resolve("models.txt").toString());
      case "gp" -> List.of(command, table, "--target", "y", "--inputs", "x");
      case "suggest" -> List.of(command, table, "--value", "z", "--candidates", table);
      case "laws" -> List.of(command, in.resolve("series.csv").toString(), "--time", "t", "--state", "x");
      case "eels" -> List.of(command, in.resolve("si.dm3").toString());
      case "fourd" -> List.of(command, in.resolve("cube.npy").toString());
      case "transition" -> List.of(command, in.resolve("movie.tif").toString());
      case "multimodal" -> List.of(command, in.resolve("image.tif").toString(), in.resolve("si.dm3").toString());
      case "demo" -> List.of(command);
      case "batch" -> List.of(command, "atoms", in.resolve("image.tif").toString());
      default -> throw new IllegalArgumentException(command);
    };
  }

  static CliRun run(List<String> args, String... more) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of(more));
    all.add("--quiet");
    return CliRun.of(all.toArray(String[]::new));
  }

  static Stream<String> commands() { return COMMANDS.stream(); }

  static Stream<String> commandsWithInputs() { return COMMANDS.stream().filter(c -> !c.equals("demo")); }

  /** Every entry under {@code root} (not following links): files with their bytes, directories, links with their target. */
  static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> m = new TreeMap<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
        m.put(root.relativize(d) + "/", "dir");
        return FileVisitResult.CONTINUE;
      }

      @Override public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
        m.put(root.relativize(f).toString(), a.isSymbolicLink() ? "link:" + Files.readSymbolicLink(f)
            : "file:" + new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
        return FileVisitResult.CONTINUE;
      }
    });
    return m;
  }

  /** A user's directory: a thesis, a sub-directory with notes, data. */
  static Path userFolder(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("notes"));
    Files.writeString(dir.resolve("thesis.tex"), "\\documentclass{book} % four years of work\n");
    Files.writeString(dir.resolve("notes").resolve("n1.txt"), "do not lose me\n");
    Files.write(dir.resolve("data.bin"), new byte[] {0, 1, 2, (byte) 0xff});
    return dir;
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) Files.copy(p, to.resolve(from.relativize(p).toString()));
    }
  }

  /** Nothing hidden of CausalEM's (staging, aside copies, locks) next to {@code target}. */
  static void assertNoLeftovers(Path target) throws IOException {
    try (Stream<Path> s = Files.list(target.getParent())) {
      assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("." + target.getFileName() + ".")).toList())
          .as("hidden leftovers next to " + target).isEmpty();
    }
  }

  // ------------------------------------------------------------------ the reproductions, for every command

  @ParameterizedTest @MethodSource("commands")
  void aDirectoryCausalEmDidNotWriteIsNeverReplacedWithOrWithoutForce(String command) throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    writeInputs(in, true);
    Path d = userFolder(tmp.resolve("d"));
    Map<String, String> before = snapshot(d);
    CliRun plain = run(args(command, in), "--out", d.toString());
    assertThat(plain.code()).as(plain.err()).isEqualTo(Main.USAGE);
    assertThat(plain.err()).contains("--out " + d).contains("thesis.tex").contains("notes/").doesNotContain("\tat ");
    CliRun forced = run(args(command, in), "--out", d.toString(), "--force");
    assertThat(forced.code()).as(forced.err()).isEqualTo(Main.USAGE);
    assertThat(forced.err()).contains("--out " + d).contains("thesis.tex");
    assertThat(snapshot(d)).isEqualTo(before);
    assertNoLeftovers(d);
  }

  @ParameterizedTest @MethodSource("commandsWithInputs")
  void aDirectoryHoldingAnInputIsRefused(String command) throws IOException {
    Path p = Files.createDirectories(tmp.resolve("p"));
    writeInputs(p, true);
    Map<String, String> before = snapshot(p);
    CliRun r = run(args(command, p), "--out", p.toString(), "--force");
    assertThat(r.code()).as(r.err()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("--out " + p).contains("input");
    // also when the input sits deeper inside --out
    Path deep = Files.createDirectories(tmp.resolve("q").resolve("a").resolve("b"));
    writeInputs(deep, true);
    Map<String, String> beforeQ = snapshot(tmp.resolve("q"));
    CliRun r2 = run(args(command, deep), "--out", tmp.resolve("q").toString(), "--force");
    assertThat(r2.code()).as(r2.err()).isEqualTo(Main.USAGE);
    assertThat(snapshot(p)).isEqualTo(before);
    assertThat(snapshot(tmp.resolve("q"))).isEqualTo(beforeQ);
  }

  @ParameterizedTest @MethodSource("commands")
  void aSymlinkedOutIsRefusedAndItsTargetUntouched(String command) throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    writeInputs(in, true);
    Path real = userFolder(tmp.resolve("real"));
    Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
    Map<String, String> before = snapshot(real);
    CliRun r = run(args(command, in), "--out", link.toString(), "--force");
    assertThat(r.code()).as(r.err()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("symbolic link");
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(snapshot(real)).isEqualTo(before);
    // a link to an earlier CausalEM output is not replaced through either
    Path own = tmp.resolve("own");
    copyTree(earlierOutput, own);
    Path ownLink = Files.createSymbolicLink(tmp.resolve("ownlink"), own);
    Map<String, String> ownBefore = snapshot(own);
    assertThat(run(args(command, in), "--out", ownLink.toString(), "--force").code()).isEqualTo(Main.USAGE);
    assertThat(snapshot(own)).isEqualTo(ownBefore);
  }

  @ParameterizedTest @MethodSource("commands")
  void theRootAndTheHomeDirectoryAreRefused(String command) throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    writeInputs(in, true);
    CliRun root = run(args(command, in), "--out", "/", "--force");
    assertThat(root.code()).as(root.err()).isEqualTo(Main.USAGE);
    assertThat(root.err()).contains("root");
    CliRun home = run(args(command, in), "--out", System.getProperty("user.home"), "--force");
    assertThat(home.code()).as(home.err()).isEqualTo(Main.USAGE);
    assertThat(home.err()).contains("home directory");
  }

  @ParameterizedTest @MethodSource("commands")
  void anEarlierOutputSurvivesAFailedReplacement(String command) throws IOException {
    Path bad = Files.createDirectories(tmp.resolve("bad"));
    writeInputs(bad, false);
    Path o = tmp.resolve("o");
    copyTree(earlierOutput, o);
    Map<String, String> before = snapshot(o);
    List<String> a = new ArrayList<>(args(command, bad));
    if (command.equals("demo")) a.addAll(List.of("--bootstrap", "-5")); // the demo has no input to spoil
    CliRun r = run(a, "--out", o.toString(), "--force");
    assertThat(r.code()).as(r.out() + r.err()).isNotEqualTo(Main.OK);
    assertThat(r.err()).doesNotContain(".partial-").doesNotContain("\tat ");
    assertThat(snapshot(o)).isEqualTo(before);
    assertNoLeftovers(o);
    // and a failed run into a new directory leaves nothing, not even the parents it created
    if (command.equals("demo")) return; // the same path, and the demo takes seconds to fail
    CliRun r2 = run(a, "--out", tmp.resolve("new").resolve("sub").resolve("o").toString());
    assertThat(r2.code()).isNotEqualTo(Main.OK);
    assertThat(tmp.resolve("new")).doesNotExist();
  }

  /**
   * {@code --out ""}, {@code .}, {@code ..} and {@code ./} from inside a user's folder, for every command, in a child
   * JVM whose current directory is that folder (the in-process tests cannot change theirs).
   */
  @Test
  void theCurrentDirectoryAndItsAncestorsAreRefusedForEveryCommand() throws Exception {
    Path work = userFolder(tmp.resolve("work"));
    Path cwd = userFolder(work.resolve("inner"));
    writeInputs(cwd, true);
    Map<String, String> before = snapshot(work);
    List<String> lines = new ArrayList<>();
    for (String c : COMMANDS) {
      for (String out : List.of("", ".", "..", "./", "../inner")) {
        List<String> a = new ArrayList<>(args(c, Path.of("")));
        a.addAll(List.of("--out", out, "--force", "--quiet"));
        lines.add(String.join("\t", a));
      }
    }
    Path script = Files.write(tmp.resolve("script.tsv"), lines);
    Process p = javaMain(cwd, CliBatch.class.getName(), script.toString());
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(output).isZero();
    List<String> codes = output.lines().filter(l -> l.startsWith("exit ")).toList();
    assertThat(codes).as(output).hasSize(lines.size()).allMatch(l -> l.startsWith("exit 2 "));
    assertThat(output).contains("--out is empty").contains("is the current directory").contains("contains the current directory");
    assertThat(snapshot(work)).isEqualTo(before);
  }

  // ------------------------------------------------------------------ replacing CausalEM's own output

  @Test
  void forceReplacesOnlyACausalEmOutputAndOnlyWhatItListed() throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    writeInputs(in, true);
    Path o = tmp.resolve("o");
    assertThat(run(args("discover", in), "--out", o.toString()).code()).isZero();
    JsonNode runJson = Json.mapper().readTree(o.resolve("run.json").toFile());
    List<String> listed = new ArrayList<>();
    runJson.get("output_files").forEach(n -> listed.add(n.asText()));
    try (Stream<Path> s = Files.list(o)) {
      assertThat(s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("run.json")).sorted().toList()).isEqualTo(listed);
    }
    CliRun again = run(args("discover", in), "--out", o.toString());
    assertThat(again.code()).isEqualTo(Main.USAGE);
    assertThat(again.err()).contains("add --force");
    CliRun forced = run(args("discover", in), "--alpha", "0.01", "--out", o.toString(), "--force");
    assertThat(forced.code()).as(forced.err()).isZero();
    assertThat(Json.mapper().readTree(o.resolve("run.json").toFile()).get("command_line").toString()).contains("0.01");
    assertNoLeftovers(o);
    // a file of the user's put into the output: the output is no longer CausalEM's alone, and is kept whole
    Files.writeString(o.resolve("my-notes.txt"), "mine\n");
    Files.createSymbolicLink(o.resolve("data"), in);
    Map<String, String> before = snapshot(o);
    Map<String, String> inputs = snapshot(in);
    CliRun refused = run(args("discover", in), "--out", o.toString(), "--force");
    assertThat(refused.code()).isEqualTo(Main.USAGE);
    assertThat(refused.err()).contains("my-notes.txt").contains("data").contains("did not write");
    assertThat(snapshot(o)).isEqualTo(before);
    assertThat(snapshot(in)).isEqualTo(inputs);
  }

  @Test
  void anOutputHoldingTheInputIsNotReplacedEvenThoughCausalEmWroteIt() throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    writeInputs(in, true);
    Path o = tmp.resolve("o");
    assertThat(run(args("discover", in), "--out", o.toString()).code()).isZero();
    Map<String, String> before = snapshot(o);
    CliRun r = run(List.of("discover", o.resolve("edges.csv").toString()), "--out", o.toString(), "--force");
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("edges.csv");
    assertThat(snapshot(o)).isEqualTo(before);
  }

  @Test
  void deletingAnOldOutputDeletesOnlyWhatItsRunJsonListsAndNeverFollowsLinks() throws IOException {
    Path o = tmp.resolve("o");
    copyTree(earlierOutput, o);
    Path precious = userFolder(tmp.resolve("precious"));
    Map<String, String> keep = snapshot(precious);
    OutputDirectory.Manifest m = OutputDirectory.manifest(o);
    assertThat(m).isNotNull();
    // added after the check (a race with the user): neither the file nor the link's target is deleted
    Files.writeString(o.resolve("late.txt"), "late\n");
    Files.createSymbolicLink(o.resolve("edges.csv.link"), precious);
    assertThat(OutputDirectory.deleteOwn(o, m)).isFalse();
    try (Stream<Path> s = Files.list(o)) {
      assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("edges.csv.link", "late.txt");
    }
    assertThat(snapshot(precious)).isEqualTo(keep);
    // a staging directory's deletion does not follow a link out of it either
    Path staging = Files.createDirectories(tmp.resolve(".x.partial-1"));
    Files.createSymbolicLink(staging.resolve("escape"), precious);
    OutputDirectory.deleteRecursively(staging);
    assertThat(staging).doesNotExist();
    assertThat(snapshot(precious)).isEqualTo(keep);
  }

  @Test
  void theDemoReplacesItsOwnDefaultOutputButNothingElse() throws IOException {
    StringWriter err = new StringWriter();
    PrintWriter pw = new PrintWriter(err);
    Path demo = tmp.resolve("causalem-demo");
    copyTree(earlierOutput, demo);
    // an earlier discover output in the demo's place: only --force replaces it
    assertThatUsage(() -> OutputDirectory.stage(demo, false, "causalem demo", List.of(), pw), "add --force");
    Path own = tmp.resolve("own-demo");
    copyTree(earlierOutput, own);
    Path runJson = own.resolve("run.json");
    Files.writeString(runJson, Files.readString(runJson).replace("\"causalem discover\"", "\"causalem demo\""));
    OutputDirectory d = OutputDirectory.stage(own, false, "causalem demo", List.of(), pw);
    d.discard();
    assertThat(OutputDirectory.manifest(own)).isNotNull();
    Path user = userFolder(tmp.resolve("user"));
    assertThatUsage(() -> OutputDirectory.stage(user, true, "causalem demo", List.of(), pw), "thesis.tex");
    assertNoLeftovers(own);
  }

  /**
   * In a child JVM whose current directory holds an earlier demo output in the demo's default directory: the same
   * directory given with --out needs --force (refused before any work, the earlier output intact), while the demo
   * without --out replaces it (a short run: one bootstrap replicate).
   */
  @Test
  void theDemoMayReplaceItsDefaultDirectoryButAGivenOneNeedsForce() throws Exception {
    Path cwd = Files.createDirectories(tmp.resolve("cwd"));
    Path demo = cwd.resolve("causalem-demo");
    copyTree(earlierOutput, demo);
    Path runJson = demo.resolve("run.json");
    Files.writeString(runJson, Files.readString(runJson).replace("\"causalem discover\"", "\"causalem demo\""));
    Map<String, String> before = snapshot(demo);
    Path script = Files.write(tmp.resolve("demo.tsv"), List.of(
        "demo\t--bootstrap\t1\t--quiet\t--out\tcausalem-demo",
        "demo\t--bootstrap\t1\t--quiet"));
    Process p = javaMain(cwd, CliBatch.class.getName(), script.toString());
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(output).isZero();
    List<String> codes = output.lines().filter(l -> l.startsWith("exit ")).toList();
    assertThat(codes).as(output).hasSize(2);
    assertThat(codes.get(0)).startsWith("exit 2").contains("add --force");
    assertThat(codes.get(1)).as(output).startsWith("exit 0");
    assertThat(snapshot(demo)).isNotEqualTo(before);
    assertThat(Files.readString(demo.resolve("run.json"))).contains("\"causalem demo\"").contains("\"bootstrap\"");
    try (Stream<Path> s = Files.list(cwd)) {
      assertThat(s.map(x -> x.getFileName().toString()).toList()).containsExactly("causalem-demo");
    }
  }

  interface Staging {
    OutputDirectory stage() throws IOException;
  }

  static void assertThatUsage(Staging s, String message) throws IOException {
    try {
      OutputDirectory d = s.stage();
      d.discard();
      throw new AssertionError("expected a refusal containing '" + message + "'");
    } catch (UsageException e) {
      assertThat(e.getMessage()).contains(message);
    }
  }

  // ------------------------------------------------------------------ what --out may be, with a stand-in home

  @Test
  void checkTargetRefusesEmptyRootHomeAncestorsLinksAndInputs() throws IOException {
    Path home = Files.createDirectories(tmp.resolve("home").resolve("me"));
    Path cwd = Files.createDirectories(home.resolve("thesis").resolve("chapter"));
    Map<String, String> refused = Map.of(
        "", "empty", ".", "is the current directory", "..", "contains the current directory", "../..", "is your home directory",
        "../../..", "contains your home directory", "/", "root", cwd.toString(), "is the current directory");
    for (Map.Entry<String, String> e : refused.entrySet()) {
      try {
        OutputDirectory.checkTarget(Path.of(e.getKey()), List.of(), home, cwd);
        throw new AssertionError("not refused: --out '" + e.getKey() + "'");
      } catch (UsageException u) {
        assertThat(u.getMessage()).as(e.getKey()).contains(e.getValue());
      }
    }
    assertThat(OutputDirectory.checkTarget(Path.of("results"), List.of(Path.of("cells.csv")), home, cwd)).isEqualTo(cwd.resolve("results"));
    assertThat(OutputDirectory.checkTarget(Path.of("../results"), List.of(), home, cwd)).isEqualTo(home.resolve("thesis").resolve("results"));
    // through a link to home: still home
    Path alias = Files.createSymbolicLink(tmp.resolve("alias"), home);
    try {
      OutputDirectory.checkTarget(alias.resolve("."), List.of(), home, cwd);
      throw new AssertionError("home through a link not refused");
    } catch (UsageException u) {
      assertThat(u.getMessage()).contains("symbolic link");
    }
    try {
      OutputDirectory.checkTarget(Path.of("r"), List.of(Path.of("r/deep/in.csv")), home, cwd);
      throw new AssertionError("input inside not refused");
    } catch (UsageException u) {
      assertThat(u.getMessage()).contains("r/deep/in.csv");
    }
    try {
      OutputDirectory.checkTarget(Path.of("cells.csv"), List.of(cwd.resolve("cells.csv")), home, cwd);
      throw new AssertionError("input as --out not refused");
    } catch (UsageException u) {
      assertThat(u.getMessage()).contains("is the input");
    }
  }

  // ------------------------------------------------------------------ permissions, locks, stale partials

  @Test
  void outputsGetThePermissionsTheUmaskGives() throws Exception {
    assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"), "skipped: no POSIX permissions here");
    Process p = new ProcessBuilder("sh", "-c", "umask").redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor()).isZero();
    int umask = Integer.parseInt(text, 8);
    Path in = Files.createDirectories(tmp.resolve("in"));
    writeInputs(in, true);
    Path o = tmp.resolve("o");
    CliRun r = run(args("discover", in), "--out", o.toString());
    assertThat(r.code()).as(r.err()).isZero();
    String file = PosixFilePermissions.toString(permissions(0666 & ~umask));
    String dir = PosixFilePermissions.toString(permissions(0777 & ~umask));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(o))).isEqualTo(dir);
    try (Stream<Path> s = Files.walk(o)) {
      for (Path f : s.toList()) {
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS));
        assertThat(mode).as(f + " under umask " + text).isEqualTo(Files.isDirectory(f) ? dir : file);
      }
    }
  }

  static Set<PosixFilePermission> permissions(int mode) {
    StringBuilder s = new StringBuilder();
    String rwx = "rwx";
    for (int bit = 8; bit >= 0; bit--) s.append((mode & (1 << bit)) != 0 ? rwx.charAt(2 - bit % 3) : '-');
    return PosixFilePermissions.fromString(s.toString());
  }

  @Test
  void aSecondRunIntoTheSameOutFailsAtOnce() throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    writeInputs(in, true);
    Path o = tmp.resolve("o");
    // a first run holds --out (as a running command does)
    OutputDirectory first = OutputDirectory.stage(o, false, null, List.of(), new PrintWriter(new StringWriter()));
    long t0 = System.nanoTime();
    CliRun second = run(args("bayes", in), "--out", o.toString());
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertThat(second.code()).isEqualTo(Main.USAGE);
    assertThat(second.err()).contains("--out " + o).contains("another causalem run");
    assertThat(seconds).isLessThan(2.0);
    first.discard();
    assertNoLeftovers(o);
    assertThat(run(args("bayes", in), "--out", o.toString()).code()).isZero();
  }

  @Test
  void staleStagingOfAKilledRunIsRemovedButOnlyWhenMarkedAsCausalEms() throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    writeInputs(in, true);
    Path o = tmp.resolve("o");
    Path stale = Files.createDirectories(tmp.resolve(".o.partial-killed"));
    Files.writeString(stale.resolve(OutputDirectory.STAGING_MARKER), "");
    Files.writeString(stale.resolve("edges.csv"), "half");
    Path unmarked = userFolder(tmp.resolve(".o.partial-mine"));
    // the live staging directory of a run into another directory, o.partial-x, is not o's
    Path other = Files.createDirectories(tmp.resolve(".o.partial-x.partial-1a"));
    Files.writeString(other.resolve(OutputDirectory.STAGING_MARKER), "");
    Path precious = userFolder(tmp.resolve("precious"));
    Path linked = Files.createSymbolicLink(tmp.resolve(".o.partial-link"), precious);
    Files.writeString(precious.resolve(OutputDirectory.STAGING_MARKER), "");
    Map<String, String> before = snapshot(unmarked);
    Map<String, String> beforePrecious = snapshot(precious);
    Files.writeString(tmp.resolve(".o.causalem-lock"), ""); // the lock file of a killed run: the lock itself died with it
    CliRun r = run(args("discover", in), "--out", o.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(stale).doesNotExist();
    assertThat(other.resolve(OutputDirectory.STAGING_MARKER)).exists();
    assertThat(tmp.resolve(".o.causalem-lock")).doesNotExist();
    assertThat(snapshot(unmarked)).isEqualTo(before);
    assertThat(Files.isSymbolicLink(linked)).isTrue();
    assertThat(snapshot(precious)).isEqualTo(beforePrecious);
  }

  @Test
  void anOldOutputLeftAsideByARunKilledMidReplaceIsPutBack() throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    writeInputs(in, true);
    Path o = tmp.resolve("o");
    copyTree(earlierOutput, tmp.resolve(".o.replaced-killed"));
    Map<String, String> before = snapshot(tmp.resolve(".o.replaced-killed"));
    CliRun r = run(args("discover", in), "--out", o.toString());
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("add --force");
    assertThat(snapshot(o)).isEqualTo(before);
    assertNoLeftovers(o);
  }

  @Test
  void anUnwritableOutIsNamedAsTheUserGaveIt() throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    writeInputs(in, true);
    Files.writeString(tmp.resolve("file"), "a file, not a directory");
    String out = tmp.resolve("file").resolve("o").toString();
    CliRun r = run(args("discover", in), "--out", out);
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("--out " + out).doesNotContain(".partial-").doesNotContain("\tat ");
    assertThat(r.err().strip().lines().count()).isEqualTo(1);
  }

  @Test
  void aWriteFailureDuringTheRunNamesOutNotTheStagingDirectory() throws Exception {
    Path o = tmp.resolve("o");
    try {
      OutputDirectory.run(o, false, null, List.of(), new RunRecord("causalem test", List.of()), new PrintWriter(new StringWriter()),
          (dir, run) -> {
            throw new java.nio.file.FileSystemException(dir.path().resolve("report.html").toString(), null, "No space left on device");
          });
      throw new AssertionError("the failure was swallowed");
    } catch (IOException e) {
      assertThat(e.getMessage()).isEqualTo("--out " + o + ": cannot write report.html (No space left on device)");
    }
    assertThat(o).doesNotExist();
    assertNoLeftovers(o);
  }

  // ------------------------------------------------------------------ Ctrl-C / SIGTERM, across processes

  /**
   * A slow run in a child JVM: while it works, a second run into the same --out fails at once; SIGTERM then leaves no
   * staging directory, no lock and no parent directory it created.
   */
  @Test
  void sigtermLeavesNothingBehind() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    writeInputs(in, true);
    StringBuilder big = new StringBuilder("a,b,c,d,e,f\n");
    SplittableRandom rnd = new SplittableRandom(5);
    for (int i = 0; i < 2000; i++) {
      double a = rnd.nextGaussian();
      double b = a + rnd.nextGaussian();
      big.append(a).append(',').append(b).append(',').append(b - a + rnd.nextGaussian()).append(',').append(rnd.nextGaussian())
          .append(',').append(a * 0.5 + rnd.nextGaussian()).append(',').append(rnd.nextGaussian()).append('\n');
    }
    Path table = Files.writeString(tmp.resolve("big.csv"), big);
    Path parent = tmp.resolve("made").resolve("by-the-run");
    Path o = parent.resolve("o");
    Process p = javaMain(tmp, Main.class.getName(), "discover", table.toString(), "--bootstrap", "10000", "--quiet", "--out", o.toString());
    long deadline = System.nanoTime() + 60_000_000_000L;
    Path staging = null;
    while (staging == null && System.nanoTime() < deadline && p.isAlive()) {
      if (Files.isDirectory(parent)) {
        try (Stream<Path> s = Files.list(parent)) {
          staging = s.filter(x -> x.getFileName().toString().startsWith(".o.partial-")).findFirst().orElse(null);
        }
      }
      Thread.sleep(50);
    }
    if (staging == null) {
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.destroyForcibly();
      assumeTrue(!output.contains("Could not find or load main class"), "skipped: the test classpath cannot start a child JVM");
      throw new AssertionError("the child run never staged its output: " + output);
    }
    CliRun second = run(args("discover", in), "--out", o.toString());
    assertThat(second.code()).isEqualTo(Main.USAGE);
    assertThat(second.err()).contains("another causalem run");
    assertThat(p.isAlive()).as("the child run is still working").isTrue();
    p.destroy(); // SIGTERM
    assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(staging).doesNotExist();
    assertThat(tmp.resolve("made")).doesNotExist();
  }

  /** Starts {@code java -cp <this test's classpath> MAIN ARGS} in {@code dir}, stderr merged into stdout. */
  static Process javaMain(Path dir, String main, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-cp", System.getProperty("java.class.path"), main));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
  }
}
