package org.causalem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.causalem.io.AtomicFiles;
import org.causalem.io.Json;
import picocli.CommandLine;

/**
 * One workflow over many files: what {@code causalem batch} and the Spark job share. Each file's outputs are the
 * workflow's own, written by the workflow command itself (in process) into {@code DIR/NAME} through
 * {@link OutputDirectory} (staged, atomic, with its {@code run.json}); a file whose {@code DIR/NAME} already holds
 * that workflow's complete output of that file is skipped. Over the files, DIR gets the combined CSV tables (the
 * file as the first column), {@code summary.json}, {@code report.html} and its own {@code run.json}.
 *
 * <p>{@link #runOne} is static and touches no shared state, so that a Spark executor can call it for one file.
 */
public final class Batch {
  private Batch() {}

  /** Exit code of a batch in which some files failed and the others' results are complete. */
  public static final int SOME_FAILED = 4;
  static final String COMMAND = "causalem batch";
  static final String SUMMARY = "summary.json";
  static final String REPORT = "report.html";
  /** The status of a file: analysed now, complete from an earlier run, failed now, or failed earlier and not retried. */
  public static final String OK = "ok";
  public static final String DONE_EARLIER = "done earlier";
  public static final String FAILED = "failed";
  public static final String FAILED_EARLIER = "failed earlier";
  private static final int MESSAGE_CHARS = 2000;

  /** One input file and the subdirectory of DIR its outputs go to. */
  public record Item(String file, String name) implements Serializable {}

  /**
   * What happened to one file.
   *
   * @param file the absolute path
   * @param status {@link #OK}, {@link #DONE_EARLIER}, {@link #FAILED} or {@link #FAILED_EARLIER}
   * @param exitCode the workflow's exit code (0 when done)
   * @param message what the workflow printed on stderr when it failed (its last 2000 characters), else ""
   * @param seconds the workflow's wall time (for a file done earlier, that run's)
   * @param bytes the input's size when it was analysed, or -1
   * @param modified the input's modification time then, or ""
   */
  public record Outcome(String file, String name, String status, int exitCode, String message, double seconds, long bytes,
                        String modified) implements Serializable {
    public boolean failed() { return status.equals(FAILED) || status.equals(FAILED_EARLIER); }
  }

  // ---------------------------------------------------------------- workflows

  /**
   * The commands batch can run: {@code info} and every command that writes {@code --out} from exactly one input file
   * (the per-file workflows).
   */
  public static List<String> workflows() {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, CommandLine> e : new CommandLine(new Main()).getSubcommands().entrySet()) {
      Object cmd = e.getValue().getCommandSpec().userObject();
      if (e.getKey().equals("info")) {
        out.add("info");
      } else if (cmd instanceof OutputCommand) {
        List<CommandLine.Model.PositionalParamSpec> pos = e.getValue().getCommandSpec().positionalParameters();
        if (pos.size() == 1 && pos.get(0).arity().max() == 1) out.add(e.getKey());
      }
    }
    return out;
  }

  static boolean hasOption(String workflow, String option) {
    CommandLine sub = new CommandLine(new Main()).getSubcommands().get(workflow);
    return sub != null && sub.getCommandSpec().findOption(option) != null;
  }

  // ---------------------------------------------------------------- inputs

  /**
   * The files named by {@code inputs}, in order and without repeats: a file as it is, a directory's visible regular
   * files (not its sub-directories), a glob ({@code *}, {@code ?}, {@code [..]}, {@code {a,b}}, {@code **} across
   * directories) expanded here, so that it works quoted and beyond the shell's argument limit. Nothing under
   * {@code exclude} (the batch's own --out) is taken.
   *
   * @throws UsageException when an input is missing, or a glob or directory yields no file
   */
  public static List<Path> expand(List<String> inputs, Path exclude) throws IOException {
    Set<Path> out = new LinkedHashSet<>();
    Path cwd = OutputDirectory.cwd();
    Path ex = exclude == null ? null : cwd.resolve(exclude).normalize();
    for (String in : inputs) {
      List<Path> found = new ArrayList<>();
      if (isGlob(in)) {
        found.addAll(glob(cwd, in));
        if (found.isEmpty()) throw new UsageException("input " + in + ": no file matches this pattern");
      } else {
        Path p = cwd.resolve(in).normalize();
        if (org.causalem.io.Readers.isStoreDirectory(p)) {
          found.add(p); // a zarr (.zspy) store is one input, not a folder of files
        } else if (Files.isDirectory(p)) {
          try (DirectoryStream<Path> s = Files.newDirectoryStream(p)) {
            for (Path f : s) if (isInput(f)) found.add(f);
          }
          found.sort(null);
          if (found.isEmpty()) throw new UsageException("input " + in + ": the directory holds no file");
        } else if (Files.isRegularFile(p)) {
          found.add(p);
        } else if (Files.exists(p)) {
          throw new UsageException("input " + in + ": is neither a file nor a directory");
        } else {
          throw new UsageException("input " + in + ": no such file or directory");
        }
      }
      for (Path f : found) if (ex == null || !f.startsWith(ex)) out.add(f);
    }
    if (out.isEmpty()) throw new UsageException("no input file (every one lies inside --out)");
    return new ArrayList<>(out);
  }

  /** A file, or a zarr (.zspy) store directory, whose name does not start with a dot. */
  private static boolean isInput(Path f) {
    return !f.getFileName().toString().startsWith(".") && (Files.isRegularFile(f) || org.causalem.io.Readers.isStoreDirectory(f));
  }

  static boolean isGlob(String s) {
    return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
  }

  private static List<Path> glob(Path cwd, String pattern) throws IOException {
    // the part before the first segment holding a wildcard is the directory to walk from
    String norm = pattern.replace('\\', '/');
    String[] parts = norm.split("/", -1);
    int first = 0;
    while (first < parts.length && !isGlob(parts[first])) first++;
    String base = String.join("/", java.util.Arrays.copyOfRange(parts, 0, first));
    Path root = base.isEmpty() ? (norm.startsWith("/") ? Path.of("/") : cwd) : cwd.resolve(base);
    String rest = String.join("/", java.util.Arrays.copyOfRange(parts, first, parts.length));
    boolean deep = rest.contains("**");
    int depth = deep ? Integer.MAX_VALUE : parts.length - first;
    PathMatcher all = root.getFileSystem().getPathMatcher("glob:" + rest);
    // "**/" also matches no directory at all, as in shells: runs/**/*.mib takes runs/a.mib too
    PathMatcher top = rest.startsWith("**/") ? root.getFileSystem().getPathMatcher("glob:" + rest.substring(3)) : null;
    PathMatcher m = p -> all.matches(p) || top != null && top.matches(p);
    List<Path> found = new ArrayList<>();
    if (!Files.isDirectory(root)) return found;
    Path r = root.normalize();
    Files.walkFileTree(r, EnumSet.noneOf(FileVisitOption.class), depth, new SimpleFileVisitor<>() {
      @Override public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
        if (d.equals(r)) return FileVisitResult.CONTINUE;
        if (d.getFileName().toString().startsWith(".")) return FileVisitResult.SKIP_SUBTREE;
        if (!org.causalem.io.Readers.isStoreDirectory(d)) return FileVisitResult.CONTINUE;
        if (m.matches(r.relativize(d))) found.add(d); // a .zspy store is one input; its chunk files are not
        return FileVisitResult.SKIP_SUBTREE;
      }

      @Override public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
        if (a.isRegularFile() && !f.getFileName().toString().startsWith(".") && m.matches(r.relativize(f))) found.add(f);
        return FileVisitResult.CONTINUE;
      }

      @Override public FileVisitResult visitFileFailed(Path f, IOException e) {
        return FileVisitResult.CONTINUE;
      }
    });
    found.sort(null);
    return found;
  }

  /**
   * The subdirectory name of each file: its name with the extension's dot made an underscore and anything but
   * letters, digits, '-', '_' and '.' replaced ({@code img_01.dm4} → {@code img_01_dm4}); when two files of the list
   * would share a name, each of those gets the first 8 hex digits of the SHA-256 of its absolute path appended. The
   * same list gives the same names on every run.
   */
  public static List<Item> name(List<Path> files) {
    Map<String, Integer> count = new HashMap<>();
    List<String> base = new ArrayList<>();
    for (Path f : files) {
      String n = f.getFileName().toString();
      int dot = n.lastIndexOf('.');
      if (dot > 0) n = n.substring(0, dot) + "_" + n.substring(dot + 1);
      n = n.replaceAll("[^A-Za-z0-9._-]", "_");
      if (n.startsWith(".")) n = "_" + n.substring(1);
      if (n.isEmpty()) n = "_";
      if (n.length() > 100) n = n.substring(0, 100);
      String key = n.toLowerCase(Locale.ROOT); // case-insensitive file systems
      base.add(n);
      count.merge(key, 1, Integer::sum);
    }
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      String n = base.get(i);
      String abs = files.get(i).toAbsolutePath().normalize().toString();
      if (count.get(n.toLowerCase(Locale.ROOT)) > 1 || reserved(n)) n = n + "-" + hash(abs).substring(0, 8);
      out.add(new Item(abs, n));
    }
    return out;
  }

  /** Names of DIR's own files that a subdirectory must not take. */
  private static boolean reserved(String n) {
    return n.endsWith(".csv") || n.equals(SUMMARY) || n.equals(REPORT) || n.equals(OutputDirectory.RUN_JSON) || n.equals("parquet");
  }

  private static String hash(String s) {
    try {
      return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------- one file

  /**
   * Whether {@code sub} holds the complete output of {@code workflow} on {@code file}: its run.json has CausalEM's
   * signature, lists its files ({@code output_files}), was written by that workflow and records that input.
   */
  public static boolean complete(Path sub, String workflow, String file) {
    if (OutputDirectory.manifest(sub) == null) return false;
    JsonNode j = readJson(sub.resolve(OutputDirectory.RUN_JSON));
    if (j == null || !j.path("command").asText("").equals("causalem " + workflow)) return false;
    JsonNode in = j.path("inputs").path(0).path("path");
    return in.isTextual() && in.asText().equals(file);
  }

  private static JsonNode readJson(Path f) {
    try {
      if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) return null;
      return Json.mapper().readTree(f.toFile());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Runs {@code workflow} on {@code file} into {@code dir/name} in this JVM (no shell, no new process), as the command
   * line would: {@code causalem WORKFLOW FILE --out DIR/NAME --quiet [--force] [--threads T] OPTIONS}. Never throws
   * for a failure of the file: the outcome records the exit code and message.
   *
   * @param threads the {@code --threads} to give a workflow that has that option when {@code options} does not; 0 for
   *     none
   */
  public static Outcome runOne(String workflow, String file, Path dir, String name, List<String> options, boolean force,
      int threads) {
    Path sub = dir.resolve(name);
    Path input = Path.of(file);
    long bytes = -1;
    String modified = "";
    try {
      RunRecord.Stamp st = RunRecord.stamp(input);
      bytes = st.bytes();
      modified = st.modified();
    } catch (IOException | RuntimeException e) {
      // the workflow reports the missing file
    }
    if (!force && complete(sub, workflow, file)) {
      JsonNode j = readJson(sub.resolve(OutputDirectory.RUN_JSON));
      return new Outcome(file, name, DONE_EARLIER, 0, "", j == null ? Double.NaN : j.path("total_s").asDouble(Double.NaN), bytes, modified);
    }
    List<String> args = new ArrayList<>(List.of(workflow, file));
    if (!workflow.equals("info")) args.addAll(List.of("--out", sub.toString(), "--quiet"));
    if (force && !workflow.equals("info")) args.add("--force");
    if (threads > 0 && !options.contains("--threads") && hasOption(workflow, "--threads")) {
      args.addAll(List.of("--threads", Integer.toString(threads)));
    }
    args.addAll(options);
    StringWriter err = new StringWriter();
    long t0 = System.nanoTime();
    int code;
    try (PrintWriter e = new PrintWriter(err)) {
      code = workflow.equals("info") ? info(args, sub, force, e) : Main.run(args.toArray(String[]::new), new PrintWriter(new StringWriter()), e);
    } catch (Throwable t) { // NOPMD: one file's error must not stop the batch
      err.append(t.getClass().getSimpleName()).append(": ").append(String.valueOf(t.getMessage()));
      code = Main.UNEXPECTED;
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    String msg = err.toString().strip();
    if (msg.length() > MESSAGE_CHARS) msg = "…" + msg.substring(msg.length() - MESSAGE_CHARS);
    return new Outcome(file, name, code == 0 ? OK : FAILED, code, code == 0 ? "" : msg, seconds, bytes, modified);
  }

  /** {@code info FILE --json} into {@code sub/info.json}, with run.json, through the same safe output directory. */
  private static int info(List<String> args, Path sub, boolean force, PrintWriter err) {
    List<String> a = new ArrayList<>(args);
    a.add("--json");
    StringWriter json = new StringWriter();
    int code = Main.run(a.toArray(String[]::new), new PrintWriter(json), err);
    if (code != 0) return code;
    Path file = Path.of(args.get(1));
    try {
      return OutputDirectory.run(sub, force, null, List.of(file), new RunRecord("causalem info", a), err, (d, r) -> {
        r.input(file);
        Files.writeString(d.path().resolve("info.json"), json.toString(), StandardCharsets.UTF_8);
      });
    } catch (Exception e) {
      err.println("causalem info: " + e.getMessage());
      return Main.exitCode(e);
    }
  }

  /** Writes a result into the staging directory of an output. */
  @FunctionalInterface
  public interface Writer {
    void write(Path dir, RunRecord run) throws Exception;
  }

  /**
   * Writes an output directory with every rule of {@code --out} (refusals, staging, atomic move, run.json listing the
   * files, {@code --force} only over a CausalEM output): for runners outside the command line (the Spark jobs).
   *
   * @param command the command recorded in run.json, e.g. {@code causalem spark-fourd}
   * @throws UsageException when {@code out} is refused
   */
  public static void writeOutput(Path out, boolean force, String command, List<String> args, Collection<Path> inputs,
      PrintWriter err, Writer writer) throws Exception {
    OutputDirectory.run(out, force, null, inputs, new RunRecord(command, args), err, (d, r) -> writer.write(d.path(), r));
  }

  // ---------------------------------------------------------------- the batch directory

  /** Writes what a runner adds to DIR before its listing is recorded (the Spark job's Parquet tables). */
  @FunctionalInterface
  public interface Extra {
    /** @param tables the combined CSV tables written in {@code dir} */
    void write(Path dir, List<Path> tables) throws Exception;
  }

  /**
   * A batch directory reserved for one run: checked, locked, and planned (which files need work).
   * {@link #finish} writes the tables, summary, report and run.json and releases it.
   */
  public static final class Session implements AutoCloseable {
    private final String workflow;
    private final List<String> options;
    private final Path dir;
    private final String shown;
    private final boolean force;
    private final List<Item> items;
    private final Map<String, Outcome> planned = new LinkedHashMap<>();
    private final List<Item> todo = new ArrayList<>();
    private final OutputDirectory.Lock lock;
    private final List<Path> createdParents;
    private final boolean createdDir;
    private final boolean writtenMarker;
    private final List<String> previousTables;
    private final List<String> commandLine;
    private final long t0 = System.nanoTime();
    private final String started = java.time.Instant.now().toString();
    private final Map<String, Object> runner = new LinkedHashMap<>();
    private boolean closed;

    /**
     * Checks {@code out} as every command does (exit 2 for root, home, cwd, links, one holding an input), reserves it
     * with the lock and decides what to do with each file.
     *
     * <p>DIR may be new, empty, or an earlier batch of the same workflow and options (resumed; with {@code force} every
     * file is redone and other options are accepted). Anything else in DIR is refused, naming it.
     *
     * @param retryFailed whether files that failed earlier with bad input (exit 3), unchanged since, are tried again
     */
    public static Session open(String workflow, List<String> inputs, List<String> options, Path out, boolean force,
        boolean retryFailed, List<String> commandLine) throws IOException {
      if (!workflows().contains(workflow)) {
        throw new UsageException("batch: unknown workflow '" + workflow + "'; expected one of " + String.join(", ", workflows()));
      }
      List<Path> literal = new ArrayList<>();
      for (String in : inputs) if (!isGlob(in)) literal.add(Path.of(in));
      for (String o : options) {
        try {
          if (!o.startsWith("-") && Files.exists(Path.of(o))) literal.add(Path.of(o));
        } catch (java.nio.file.InvalidPathException notAPath) {
          // an option value
        }
      }
      Path target = OutputDirectory.checkTarget(out, literal, OutputDirectory.home(), OutputDirectory.cwd());
      List<Path> files = expand(inputs, target);
      OutputDirectory.checkTarget(out, files, OutputDirectory.home(), OutputDirectory.cwd());
      return new Session(workflow, options, target, out.toString(), force, retryFailed, name(files), commandLine);
    }

    private Session(String workflow, List<String> options, Path dir, String shown, boolean force, boolean retryFailed,
        List<Item> items, List<String> commandLine) throws IOException {
      this.workflow = workflow;
      this.options = List.copyOf(options);
      this.dir = dir;
      this.shown = shown;
      this.force = force;
      this.items = items;
      this.commandLine = List.copyOf(commandLine);
      this.createdParents = OutputDirectory.createParents(shown, dir.getParent());
      OutputDirectory.Lock l = null;
      boolean made = false;
      try {
        l = OutputDirectory.Lock.acquire(dir.getParent().resolve("." + dir.getFileName() + ".causalem-lock"), shown);
        JsonNode previous = inspect();
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectory(dir);
          made = true;
        }
        this.previousTables = new ArrayList<>();
        Map<String, JsonNode> failedBefore = new HashMap<>();
        if (previous != null) {
          for (JsonNode t : previous.path("tables")) previousTables.add(t.asText());
          for (JsonNode f : previous.path("files")) {
            if (f.path("status").asText("").startsWith(FAILED)) failedBefore.put(f.path("file").asText(), f);
          }
        }
        for (Item it : items) {
          Path sub = dir.resolve(it.name());
          JsonNode fb = failedBefore.get(it.file());
          if (!force && complete(sub, workflow, it.file())) {
            JsonNode j = readJson(sub.resolve(OutputDirectory.RUN_JSON));
            planned.put(it.file(), new Outcome(it.file(), it.name(), DONE_EARLIER, 0, "",
                j == null ? Double.NaN : j.path("total_s").asDouble(Double.NaN), -1, ""));
          } else if (!force && !retryFailed && fb != null && fb.path("exit_code").asInt() == Main.BAD_INPUT
              && !Files.exists(sub, LinkOption.NOFOLLOW_LINKS) && unchanged(it.file(), fb)) {
            planned.put(it.file(), new Outcome(it.file(), it.name(), FAILED_EARLIER, Main.BAD_INPUT, fb.path("message").asText(""),
                fb.path("seconds").asDouble(Double.NaN), fb.path("bytes").asLong(-1), fb.path("modified").asText("")));
          } else {
            todo.add(it);
          }
        }
        this.createdDir = made;
        // the mark that makes DIR a batch output from now on, resumable after a kill
        if (previous == null && !Files.exists(dir.resolve(OutputDirectory.RUN_JSON))) {
          record(List.of());
          writtenMarker = true;
        } else {
          writtenMarker = false;
        }
      } catch (IOException | RuntimeException | Error e) {
        if (made) Files.deleteIfExists(dir);
        if (l != null) l.release();
        OutputDirectory.removeCreated(createdParents);
        throw e;
      }
      this.lock = l;
    }

    private static boolean unchanged(String file, JsonNode before) {
      try {
        RunRecord.Stamp st = RunRecord.stamp(Path.of(file));
        return st.bytes() == before.path("bytes").asLong(-2) && st.modified().equals(before.path("modified").asText());
      } catch (IOException | RuntimeException e) {
        return false;
      }
    }

    /** The previous summary when DIR is an earlier batch to resume; null when DIR is new or empty; else refused. */
    private JsonNode inspect() throws IOException {
      if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return null;
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) throw new UsageException("--out " + shown + ": exists and is not a directory");
      List<String> entries = OutputDirectory.entries(dir);
      if (entries.isEmpty()) return null;
      OutputDirectory.Manifest m = OutputDirectory.manifest(dir);
      if (m == null) {
        throw new UsageException("--out " + shown + ": exists and it is not a CausalEM batch output; it holds "
            + OutputDirectory.few(entries, entries.size()) + "; batch writes only into a new or empty directory or resumes "
            + "its own: choose a new directory");
      }
      if (!m.command().equals(COMMAND)) {
        throw new UsageException("--out " + shown + ": holds an earlier CausalEM output (" + m.command() + ", " + m.started()
            + "), not a batch; batch resumes only its own outputs: choose a new directory");
      }
      List<String> foreign = new ArrayList<>();
      for (String e : entries) {
        String n = e.endsWith("/") ? e.substring(0, e.length() - 1) : e;
        if (m.owns(e) || ours(n)) continue;
        if (e.endsWith("/") && OutputDirectory.manifest(dir.resolve(n)) != null) continue; // a file's output
        foreign.add(e);
      }
      if (!foreign.isEmpty()) {
        throw new UsageException("--out " + shown + ": holds a batch output and also " + OutputDirectory.few(foreign, foreign.size())
            + ", which CausalEM did not write; not resumed: move those out or choose a new directory");
      }
      JsonNode summary = readJson(dir.resolve(SUMMARY));
      JsonNode run = readJson(dir.resolve(OutputDirectory.RUN_JSON));
      String wasWorkflow = run == null ? "" : run.path("parameters").path("workflow").asText("");
      List<String> wasOptions = new ArrayList<>();
      if (run != null) for (JsonNode o : run.path("parameters").path("options")) wasOptions.add(o.asText());
      if (!force && (!wasWorkflow.equals(workflow) || !wasOptions.equals(options))) {
        throw new UsageException("--out " + shown + ": holds a batch of " + wasWorkflow + " with options " + wasOptions
            + "; resume it with the same workflow and options, add --force to redo every file with these, or choose a new directory");
      }
      return summary;
    }

    /** Hidden entries CausalEM's own runs leave while writing in DIR (staging, locks, replaced outputs, temporary files). */
    private static boolean ours(String n) {
      return n.startsWith(".") && (n.matches("\\..+\\.partial-[0-9a-z]+") || n.matches("\\..+\\.replaced-[0-9a-z]+")
          || n.endsWith(".causalem-lock") || n.matches("\\..+\\.[0-9a-z]+\\.part"));
    }

    public Path dir() { return dir; }

    public String workflow() { return workflow; }

    public List<String> options() { return options; }

    public boolean force() { return force; }

    /** Every input file with its subdirectory, in the order given. */
    public List<Item> items() { return items; }

    /** The files that need work now. */
    public List<Item> todo() { return todo; }

    /** The outcomes known without work (done or failed earlier), by file. */
    public Map<String, Outcome> planned() { return planned; }

    /** Records how the runner ran (jobs, threads, cluster) in run.json and summary.json. */
    public void runner(String key, Object value) { runner.put(key, value); }

    /**
     * Writes the combined tables, {@code extra}, summary.json, report.html and run.json, and releases DIR. When no file
     * has a result and this run made DIR, removes DIR (and the parents it made) instead and returns the files' common
     * exit code (1 when they differ).
     *
     * @return 0 when every file has a result, {@link #SOME_FAILED} when some failed
     */
    public int finish(Collection<Outcome> fresh, Extra extra, PrintWriter err, boolean quiet) throws Exception {
      try {
        Map<String, Outcome> byFile = new HashMap<>(planned);
        for (Outcome o : fresh) byFile.put(o.file(), o);
        List<Outcome> all = new ArrayList<>();
        for (Item it : items) {
          Outcome o = byFile.get(it.file());
          all.add(o != null ? o : new Outcome(it.file(), it.name(), FAILED, Main.UNEXPECTED, "not run (the runner lost it)", Double.NaN, -1, ""));
        }
        long failed = all.stream().filter(Outcome::failed).count();
        for (Outcome o : all) {
          if (o.status().equals(FAILED)) err.println("batch: " + o.file() + ": failed (exit " + o.exitCode() + "): " + firstLine(o.message()));
        }
        if (failed == all.size() && (createdDir || writtenMarker) && !hasOutputs()) {
          // nothing came of it: leave nothing, as any failed command
          Files.deleteIfExists(dir.resolve(OutputDirectory.RUN_JSON));
          if (createdDir) Files.deleteIfExists(dir);
          close(); // the lock file sits in the parent
          OutputDirectory.removeCreated(createdParents);
          int code = all.get(0).exitCode();
          for (Outcome o : all) if (o.exitCode() != code) code = Main.UNEXPECTED;
          return code == 0 ? Main.UNEXPECTED : code;
        }
        List<Path> tables = BatchTables.combine(dir, all, previousTables);
        if (extra != null) extra.write(dir, tables);
        double wall = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> summary = summary(all, tables, wall);
        Json.write(dir.resolve(SUMMARY), summary);
        AtomicFiles.write(dir.resolve(REPORT), o -> o.write(BatchReport.html(summary).getBytes(StandardCharsets.UTF_8)));
        List<String> listing = new ArrayList<>();
        for (String e : OutputDirectory.listing(dir)) if (!e.startsWith(".")) listing.add(e);
        record(listing);
        if (!quiet) {
          long ok = all.stream().filter(o -> o.status().equals(OK)).count();
          long earlier = all.stream().filter(o -> o.status().equals(DONE_EARLIER)).count();
          err.println(String.format(Locale.ROOT, "batch: %d files: %d analysed, %d done earlier, %d failed, in %.1f s -> %s",
              all.size(), ok, earlier, failed, wall, dir.resolve(SUMMARY)));
        }
        return failed > 0 ? SOME_FAILED : Main.OK;
      } finally {
        close();
      }
    }

    private boolean hasOutputs() throws IOException {
      for (String e : OutputDirectory.entries(dir)) if (e.endsWith("/") && !e.startsWith(".")) return true;
      return false;
    }

    private static String firstLine(String s) {
      int nl = s.indexOf('\n');
      return nl < 0 ? s : s.substring(0, nl);
    }

    private Map<String, Object> summary(List<Outcome> all, List<Path> tables, double wall) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("workflow", workflow);
      s.put("options", options);
      s.put("runner", runner);
      s.put("started", started);
      s.put("wall_s", wall);
      Map<String, Long> counts = new TreeMap<>();
      for (Outcome o : all) counts.merge(o.status(), 1L, Long::sum);
      s.put("counts", counts);
      s.put("exit_code", all.stream().anyMatch(Outcome::failed) ? SOME_FAILED : Main.OK);
      List<String> t = new ArrayList<>();
      for (Path p : tables) t.add(p.getFileName().toString());
      s.put("tables", t);
      List<Map<String, Object>> files = new ArrayList<>();
      for (Outcome o : all) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("file", o.file());
        f.put("subdir", o.failed() ? null : o.name());
        f.put("status", o.status());
        f.put("exit_code", o.exitCode());
        f.put("seconds", Double.isFinite(o.seconds()) ? o.seconds() : null);
        f.put("message", o.message());
        f.put("bytes", o.bytes());
        f.put("modified", o.modified());
        List<String> outputs = new ArrayList<>();
        Path sub = dir.resolve(o.name());
        if (!o.failed()) {
          try (DirectoryStream<Path> ds = Files.newDirectoryStream(sub)) {
            for (Path p : ds) if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) outputs.add(p.getFileName().toString());
          } catch (IOException e) {
            // listed as none
          }
        }
        outputs.sort(null);
        f.put("outputs", outputs);
        files.add(f);
      }
      s.put("files", files);
      return s;
    }

    /** DIR/run.json: the batch's signature, its parameters and (at the end) every file of DIR. */
    private void record(List<String> listing) throws IOException {
      RunRecord r = new RunRecord(COMMAND, commandLine);
      r.parameter("workflow", workflow);
      r.parameter("options", options);
      r.parameter("files", items.size());
      for (Map.Entry<String, Object> e : runner.entrySet()) r.parameter(e.getKey(), e.getValue());
      r.outputFiles(listing);
      Path tmp = AtomicFiles.temporarySibling(dir.resolve(OutputDirectory.RUN_JSON));
      r.write(tmp);
      Files.move(tmp, dir.resolve(OutputDirectory.RUN_JSON), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Releases DIR (the lock); finish does it too. */
    @Override public void close() {
      if (closed) return;
      closed = true;
      lock.release();
    }
  }
}
