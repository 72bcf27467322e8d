package org.causalem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import org.causalem.io.Json;

/**
 * The results directory of a command, handled so that nothing CausalEM did not write is ever deleted.
 *
 * <ul>
 *   <li>{@code --out} is refused (exit 2) when it is empty, the root, the home directory or one of its ancestors, the
 *       current directory or one of its ancestors, a symbolic link, or when it contains an input of the command.
 *   <li>An existing directory is replaced only when it is empty or is a CausalEM output: its {@code run.json} carries
 *       CausalEM's signature and lists every file of the output ({@code output_files}), and the directory holds nothing
 *       else. Even then, {@code --force} is needed. Anything else is refused naming what is in it.
 *   <li>The results are built in a hidden sibling {@code .NAME.partial-*} marked by a {@value #STAGING_MARKER} file. On
 *       success, an old output is renamed aside ({@code .NAME.replaced-*}), the new one renamed into place, and only
 *       then the old one deleted, entry by entry, deleting only what its {@code run.json} lists. On failure the old
 *       output is untouched. Deletion never follows a symbolic link.
 *   <li>A lock file {@code .NAME.causalem-lock} next to the target makes a second run into the same {@code --out} fail
 *       at once. Holding it, a run removes stale staging directories of killed runs into the same place (name pattern
 *       and marker), and puts back an old output left aside by a run killed mid-replace.
 *   <li>A shutdown hook (Ctrl-C, SIGTERM) discards the staging directory of the running command; a failed or
 *       interrupted run also removes the parent directories it created, when they are empty.
 * </ul>
 */
public final class OutputDirectory {
  /** The record every CausalEM output holds; its {@value #OUTPUT_FILES} lists the rest. */
  static final String RUN_JSON = "run.json";
  /** The key of {@code run.json} listing the output's files and directories (directories end with '/'). */
  static final String OUTPUT_FILES = "output_files";
  /** A file put in every staging directory when it is created: what makes a stale one recognisably CausalEM's. */
  static final String STAGING_MARKER = ".causalem-staging";
  private static final int SHOWN = 5;

  /** Work that writes into {@code dir.path()} and records what it did in {@code run}. */
  @FunctionalInterface
  interface Work {
    void run(OutputDirectory dir, RunRecord run) throws Exception;
  }

  private final String shown;
  private final Path target;
  private final Path staging;
  private final Manifest previous;
  private final boolean previousEmpty;
  private final List<Path> createdParents;
  private final Lock lock;
  private final PrintWriter err;
  private Thread hook;
  private boolean finished;

  private OutputDirectory(String shown, Path target, Path staging, Manifest previous, boolean previousEmpty,
      List<Path> createdParents, Lock lock, PrintWriter err) {
    this.shown = shown;
    this.target = target;
    this.staging = staging;
    this.previous = previous;
    this.previousEmpty = previousEmpty;
    this.createdParents = createdParents;
    this.lock = lock;
    this.err = err;
  }

  /**
   * Runs {@code work} into {@code out}: stages, records {@code run.json} with the list of files written, and moves the
   * result into place; on any failure discards the staged results and rethrows.
   *
   * @param replaceable a {@code run.json} command whose output is replaced even without {@code --force} (the demo's
   *     default directory), or null
   */
  static int run(Path out, boolean force, String replaceable, Collection<Path> inputs, RunRecord record, PrintWriter err,
      Work work) throws Exception {
    OutputDirectory dir = stage(out, force, replaceable, inputs, err);
    try {
      work.run(dir, record);
      List<Path> recorded = new ArrayList<>();
      for (String p : record.inputPaths()) recorded.add(Path.of(p));
      checkInputs(dir.shown, dir.target, realish(dir.target), recorded, cwd());
      record.outputFiles(listing(dir.staging));
      record.write(dir.staging.resolve(RUN_JSON));
      dir.commit();
    } catch (Exception e) {
      dir.discard();
      throw dir.naming(e);
    } catch (Error e) {
      dir.discard();
      throw e;
    }
    return Main.OK;
  }

  /**
   * Checks {@code out}, reserves it and prepares a staging directory next to it.
   *
   * @throws UsageException (exit 2) when {@code out} is refused, busy or cannot be created
   */
  static OutputDirectory stage(Path out, boolean force, String replaceable, Collection<Path> inputs, PrintWriter err)
      throws IOException {
    String shown = out.toString().isEmpty() ? "\"\"" : out.toString();
    Path target = checkTarget(out, inputs, home(), cwd());
    Path parent = target.getParent();
    String name = target.getFileName().toString();
    List<Path> created = createParents(shown, parent);
    Lock lock = null;
    try {
      lock = Lock.acquire(parent.resolve("." + name + ".causalem-lock"), shown);
      cleanStale(parent, name, target);
      Manifest previous = inspect(shown, target, force, replaceable);
      boolean empty = previous == null && Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS);
      Path staging = createStaging(shown, parent, name);
      OutputDirectory dir = new OutputDirectory(shown, target, staging, previous, empty, created, lock, err);
      dir.installHook();
      return dir;
    } catch (IOException | RuntimeException | Error e) {
      if (lock != null) lock.release();
      removeCreated(created);
      throw e;
    }
  }

  /** Where to write while the command runs. */
  public Path path() { return staging; }

  /** The final directory. */
  public Path target() { return target; }

  // ---------------------------------------------------------------- what --out may be

  /**
   * The absolute, normalised target for {@code out}, or a {@link UsageException} when writing or replacing it could
   * touch something that is not CausalEM's to touch.
   *
   * @param home the user's home directory (a parameter so tests can stand a temporary directory in for it)
   * @param cwd the current directory, absolute
   */
  static Path checkTarget(Path out, Collection<Path> inputs, Path home, Path cwd) {
    String shown = out.toString();
    if (shown.isBlank()) {
      throw new UsageException("--out is empty: give the directory to write the results into (an unset variable?)");
    }
    Path abs = cwd.resolve(out).normalize();
    if (abs.getParent() == null || abs.getFileName() == null) throw new UsageException("--out " + shown + ": is the root directory");
    if (Files.isSymbolicLink(abs)) {
      String to;
      try {
        to = Files.readSymbolicLink(abs).toString();
      } catch (IOException e) {
        to = "?";
      }
      throw new UsageException("--out " + shown + ": is a symbolic link (to " + to + "); CausalEM never writes or replaces "
          + "through a link: give the directory itself");
    }
    Path real = realish(abs);
    Path cwdReal = realish(cwd);
    Path homeReal = realish(home.toAbsolutePath().normalize());
    if (real.equals(homeReal)) throw new UsageException("--out " + shown + ": is your home directory; give a new directory for the results");
    if (homeReal.startsWith(real)) throw new UsageException("--out " + shown + ": contains your home directory; give a new directory for the results");
    if (real.equals(cwdReal)) throw new UsageException("--out " + shown + ": is the current directory; give a new directory for the results");
    if (cwdReal.startsWith(real)) throw new UsageException("--out " + shown + ": contains the current directory; give a new directory for the results");
    if (real.getParent() == null) throw new UsageException("--out " + shown + ": is the root directory");
    checkInputs(shown, abs, real, inputs, cwd);
    return abs;
  }

  private static void checkInputs(String shown, Path abs, Path real, Collection<Path> inputs, Path cwd) {
    for (Path in : inputs) {
      Path a = cwd.resolve(in).normalize();
      if (a.equals(abs) || realish(a).equals(real)) {
        throw new UsageException("--out " + shown + ": is the input " + in + "; choose another --out");
      }
      if (a.startsWith(abs) || a.startsWith(real) || realish(a).startsWith(real)) {
        throw new UsageException("--out " + shown + ": contains the input " + in + "; CausalEM never writes into or replaces "
            + "a directory holding its inputs: choose another --out");
      }
    }
  }

  /** {@code p} with symbolic links resolved in its existing part (the rest appended as it is). */
  static Path realish(Path p) {
    Deque<Path> rest = new ArrayDeque<>();
    Path q = p;
    while (q != null) {
      try {
        Path r = q.toRealPath();
        for (Path n : rest) r = r.resolve(n);
        return r;
      } catch (IOException e) {
        if (q.getFileName() == null) break;
        rest.push(q.getFileName());
        q = q.getParent();
      }
    }
    return p;
  }

  static Path home() { return Path.of(System.getProperty("user.home", "/")).toAbsolutePath().normalize(); }

  static Path cwd() { return Path.of("").toAbsolutePath().normalize(); }

  // ---------------------------------------------------------------- what is there now

  /** What run.json says about a CausalEM output. */
  record Manifest(String command, String started, Set<String> files) {
    boolean owns(String relative) {
      return relative.equals(RUN_JSON) || relative.equals(STAGING_MARKER) || files.contains(relative);
    }
  }

  /**
   * The previous CausalEM output at {@code target} to replace, or null when there is nothing to replace (absent or
   * empty).
   */
  private static Manifest inspect(String shown, Path target, boolean force, String replaceable) throws IOException {
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) return null;
    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new UsageException("--out " + shown + ": exists and is not a directory");
    }
    List<String> entries = entries(target);
    if (entries.isEmpty()) return null;
    Manifest m = manifest(target);
    if (m == null) {
      String why = Files.exists(target.resolve(RUN_JSON), LinkOption.NOFOLLOW_LINKS)
          ? "its run.json does not list the files of a CausalEM output (written by another tool or an older CausalEM)"
          : "it is not a CausalEM output";
      throw new UsageException("--out " + shown + ": exists and " + why + "; it holds " + few(entries, entries.size())
          + "; CausalEM replaces only a directory it wrote itself: choose a new directory");
    }
    List<String> foreign = new ArrayList<>();
    int n = foreign(target, m, foreign);
    if (n > 0) {
      throw new UsageException("--out " + shown + ": holds a CausalEM output (" + m.command() + ") and also " + few(foreign, n)
          + ", which CausalEM did not write; not replaced: move those out or choose a new directory");
    }
    if (!force && !m.command().equals(replaceable)) {
      throw new UsageException("--out " + shown + ": holds an earlier CausalEM output (" + m.command() + ", " + m.started()
          + "); add --force to replace it");
    }
    return m;
  }

  /** The manifest of a CausalEM output, or null when {@code dir/run.json} is missing, a link or not CausalEM's. */
  static Manifest manifest(Path dir) {
    Path f = dir.resolve(RUN_JSON);
    try {
      if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) || Files.size(f) > (16 << 20)) return null;
      JsonNode j = Json.mapper().readTree(f.toFile());
      if (j == null || !j.path("causalem_version").isTextual() || !j.path("command").asText("").startsWith("causalem")) return null;
      JsonNode files = j.get(OUTPUT_FILES);
      if (files == null || !files.isArray()) return null;
      Set<String> set = new HashSet<>();
      for (JsonNode x : files) {
        if (!x.isTextual()) return null;
        set.add(x.asText());
      }
      return new Manifest(j.path("command").asText(), j.path("started").asText("?"), set);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Counts the entries under {@code dir} that {@code m} does not list (links always count), keeping the first few. */
  private static int foreign(Path dir, Manifest m, List<String> shown) throws IOException {
    int[] n = {0};
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
        if (d.equals(dir)) return FileVisitResult.CONTINUE;
        String rel = relative(dir, d) + "/";
        if (m.owns(rel)) return FileVisitResult.CONTINUE;
        count(rel);
        return FileVisitResult.SKIP_SUBTREE;
      }

      @Override public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
        String rel = relative(dir, f);
        if (a.isSymbolicLink() || !a.isRegularFile() || !m.owns(rel)) count(rel);
        return FileVisitResult.CONTINUE;
      }

      @Override public FileVisitResult visitFileFailed(Path f, IOException e) {
        count(relative(dir, f));
        return FileVisitResult.CONTINUE;
      }

      private void count(String rel) {
        if (shown.size() < SHOWN) shown.add(rel);
        n[0]++;
      }
    });
    return n[0];
  }

  /** Every file and directory under {@code dir} but the run record and the staging marker, sorted ('/'-separated). */
  static List<String> listing(Path dir) throws IOException {
    Set<String> out = new TreeSet<>();
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
        if (!d.equals(dir)) out.add(relative(dir, d) + "/");
        return FileVisitResult.CONTINUE;
      }

      @Override public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
        String rel = relative(dir, f);
        if (!rel.equals(RUN_JSON) && !rel.equals(STAGING_MARKER)) out.add(rel);
        return FileVisitResult.CONTINUE;
      }
    });
    return new ArrayList<>(out);
  }

  private static String relative(Path root, Path p) {
    StringBuilder s = new StringBuilder();
    for (Path n : root.relativize(p)) {
      if (s.length() > 0) s.append('/');
      s.append(n);
    }
    return s.toString();
  }

  static List<String> entries(Path dir) throws IOException {
    List<String> out = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) out.add(p.getFileName() + (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "/" : ""));
    }
    out.sort(null);
    return out;
  }

  static String few(List<String> names, int total) {
    List<String> first = names.subList(0, Math.min(SHOWN, names.size()));
    String s = String.join(", ", first);
    return total > first.size() ? s + " and " + (total - first.size()) + " more" : s;
  }

  // ---------------------------------------------------------------- making, replacing, discarding

  static List<Path> createParents(String shown, Path parent) {
    List<Path> missing = new ArrayList<>();
    for (Path p = parent; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) missing.add(p);
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      removeCreated(missing);
      throw new UsageException("--out " + shown + ": cannot create its parent directory " + parent + " (" + reason(e) + ")", e);
    }
    return missing;
  }

  /** Removes the directories this run created (deepest first), each only while it is empty. */
  static void removeCreated(List<Path> created) {
    for (Path p : created) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        return;
      }
    }
  }

  private static Path createStaging(String shown, Path parent, String name) {
    for (int attempt = 0; ; attempt++) {
      Path p = parent.resolve("." + name + ".partial-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
      try {
        Files.createDirectory(p);
      } catch (FileAlreadyExistsException e) {
        if (attempt < 100) continue;
        throw new UsageException("--out " + shown + ": cannot create a staging directory in " + parent, e);
      } catch (IOException e) {
        throw new UsageException("--out " + shown + ": cannot write in " + parent + " (" + bareReason(e) + ")", e);
      }
      try {
        Files.writeString(p.resolve(STAGING_MARKER), "CausalEM builds --out " + name + " here; a run killed before it finished "
            + "leaves it behind, and the next run into " + name + " removes it.\n", StandardCharsets.UTF_8,
            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      } catch (IOException e) {
        try {
          deleteRecursively(p);
        } catch (IOException ignored) {
          // the error below matters more
        }
        throw new UsageException("--out " + shown + ": cannot write in " + parent + " (" + bareReason(e) + ")", e);
      }
      return p;
    }
  }

  /**
   * Removes what killed runs into {@code parent/name} left behind (the caller holds the lock, so no live run owns them):
   * staging directories with their marker, and old outputs renamed aside (put back when the target is missing, else
   * deleted entry by entry as their run.json lists).
   */
  private static void cleanStale(Path parent, String name, Path target) throws IOException {
    String partial = "." + name + ".partial-";
    String aside = "." + name + ".replaced-";
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(parent)) {
      for (Path p : s) {
        String n = p.getFileName().toString();
        // the suffix is ours only when it is a bare random token: ".o.partial-x.partial-1a" is the staging of o.partial-x
        boolean ours = n.startsWith(partial) && n.substring(partial.length()).matches("[0-9a-z]+")
            || n.startsWith(aside) && n.substring(aside.length()).matches("[0-9a-z]+");
        if (ours && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) found.add(p);
      }
    }
    for (Path p : found) {
      if (p.getFileName().toString().startsWith(partial)) {
        if (Files.isRegularFile(p.resolve(STAGING_MARKER), LinkOption.NOFOLLOW_LINKS)) deleteRecursively(p);
      } else {
        Manifest m = manifest(p);
        if (m == null) continue;
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
          Files.move(p, target, StandardCopyOption.ATOMIC_MOVE);
        } else {
          deleteOwn(p, m);
        }
      }
    }
  }

  /** Moves the staged results into place, replacing the previous output only after the new one is complete. */
  public synchronized void commit() throws IOException {
    if (finished) throw new IOException("--out " + shown + ": the run was interrupted");
    if (previous != null) {
      List<String> foreign = new ArrayList<>();
      int n = foreign(target, previous, foreign);
      if (n > 0) {
        throw new UsageException("--out " + shown + ": " + few(foreign, n) + " appeared in it during the run; not replaced: "
            + "move those out or choose a new directory");
      }
      Path aside = target.resolveSibling("." + target.getFileName() + ".replaced-"
          + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
      Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
      try {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException | RuntimeException e) {
        Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE);
        throw e;
      }
      if (!deleteOwn(aside, previous)) {
        err.println("causalem: kept " + aside + ": it holds files the previous output did not list: " + few(entries(aside), entries(aside).size()));
      }
    } else {
      if (previousEmpty) Files.deleteIfExists(target); // an empty directory only: fails if anything appeared in it
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.deleteIfExists(target.resolve(STAGING_MARKER));
    finished = true;
    lock.release();
    removeHook();
  }

  /** Removes the staged results after a failure, and the parent directories this run created when empty. */
  public synchronized void discard() {
    if (finished) return;
    finished = true;
    try {
      deleteRecursively(staging);
    } catch (IOException ignored) {
      // best effort: a failed run must not hide its own error behind a clean-up error
    }
    lock.release();
    removeCreated(createdParents);
    removeHook();
  }

  /**
   * On Ctrl-C or SIGTERM. The command may still be writing, and a writer creates missing parent directories: the
   * staging directory is deleted (with retries), a plain file put in its place for a moment so that a writer fails
   * instead of recreating it (and then waits on {@link #discard}), and that file removed last.
   */
  private synchronized void interrupted() {
    if (finished) return;
    finished = true;
    Path tombstone = null;
    for (int attempt = 0; attempt < 40 && tombstone == null; attempt++) {
      try {
        deleteRecursively(staging);
        Files.writeString(staging, "", StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        tombstone = staging;
      } catch (IOException e) {
        pause(25);
      }
    }
    pause(100);
    try {
      if (tombstone != null) Files.deleteIfExists(tombstone);
    } catch (IOException ignored) {
      // nothing more to do while the JVM exits
    }
    lock.release();
    removeCreated(createdParents);
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void installHook() {
    hook = new Thread(this::interrupted, "causalem-discard-partial-output");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  private void removeHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs or ran; it sees finished and does nothing
    }
  }

  /** An error that names the hidden staging path is reported with --out as the user gave it. */
  private Exception naming(Exception e) {
    if (e instanceof FileSystemException f && f.getFile() != null && Path.of(f.getFile()).toAbsolutePath().startsWith(staging)) {
      String rel = relative(staging, Path.of(f.getFile()).toAbsolutePath());
      return new IOException("--out " + shown + ": cannot write " + (rel.isEmpty() ? "it" : rel) + " (" + bareReason(f) + ")", e);
    }
    return e;
  }

  /** The reason of a failure on one of CausalEM's hidden files, without its name (the user gave --out, not that). */
  private static String bareReason(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
    if (e instanceof NoSuchFileException) return "no such file or directory";
    if (e instanceof java.nio.file.NotDirectoryException) return "not a directory";
    if (e instanceof FileAlreadyExistsException) return "a file is in the way";
    if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** The reason of a failure and the path it happened on. */
  private static String reason(IOException e) {
    String file = e instanceof FileSystemException f ? f.getFile() : null;
    return bareReason(e) + (file != null ? ": " + file : "");
  }

  /**
   * Deletes the entries of a CausalEM output that its run.json lists (and the run.json), never following a link, and
   * the directory itself when nothing else is left. Returns whether the directory is gone.
   */
  static boolean deleteOwn(Path dir, Manifest m) throws IOException {
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
        return d.equals(dir) || m.owns(relative(dir, d) + "/") ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
      }

      @Override public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
        if (a.isRegularFile() && !a.isSymbolicLink() && m.owns(relative(dir, f))) Files.delete(f);
        return FileVisitResult.CONTINUE;
      }

      @Override public FileVisitResult visitFileFailed(Path f, IOException e) {
        return FileVisitResult.CONTINUE;
      }

      @Override public FileVisitResult postVisitDirectory(Path d, IOException e) {
        try {
          Files.delete(d);
        } catch (IOException notEmpty) {
          // something the manifest does not list is in it: left where it is
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return !Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
  }

  /** Deletes a directory CausalEM created (a staging directory), never following a link out of it. */
  static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        if (exc != null && !(exc instanceof NoSuchFileException)) throw exc;
        Files.deleteIfExists(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** An advisory lock on {@code .NAME.causalem-lock}: the OS releases it when the process dies, even by kill -9. */
  static final class Lock {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean released;

    private Lock(Path file, FileChannel channel, FileLock lock) {
      this.file = file;
      this.channel = channel;
      this.lock = lock;
    }

    static Lock acquire(Path file, String shown) {
      for (int attempt = 0; attempt < 3; attempt++) {
        FileChannel ch;
        try {
          ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
          throw new UsageException("--out " + shown + ": cannot write in " + file.getParent() + " (" + bareReason(e) + ")", e);
        }
        FileLock l;
        try {
          l = ch.tryLock();
        } catch (OverlappingFileLockException | IOException e) {
          l = null;
        }
        if (l == null) {
          closeQuietly(ch);
          throw new UsageException("--out " + shown + ": another causalem run is writing it now (it holds " + file
              + "); wait for it to finish or choose another directory");
        }
        // the previous holder deletes the file before releasing it; a lock on a deleted file is no lock
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return new Lock(file, ch, l);
        closeQuietly(ch);
      }
      throw new UsageException("--out " + shown + ": another causalem run is writing it now; wait for it or choose another directory");
    }

    synchronized void release() {
      if (released) return;
      released = true;
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a stale lock file is harmless: the lock is the OS's, not the file's existence
      }
      try {
        lock.release();
      } catch (IOException ignored) {
        // closing the channel releases it too
      }
      closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel ch) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // nothing to do
      }
    }
  }
}
