package org.causalem.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import picocli.CommandLine;

/** A results directory built in a temporary sibling and moved into place at the end. */
public final class OutputDirectory {
  private final Path target;
  private final Path staging;
  private final boolean replace;

  private OutputDirectory(Path target, Path staging, boolean replace) {
    this.target = target;
    this.staging = staging;
    this.replace = replace;
  }

  /**
   * Prepares a staging directory next to {@code target}.
   *
   * @throws CommandLine.ParameterException (exit 2) when {@code target} exists, is not empty, and {@code force} is off
   */
  public static OutputDirectory stage(Path target, boolean force) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    boolean replace = false;
    if (Files.exists(abs)) {
      if (!Files.isDirectory(abs)) {
        throw new IllegalArgumentException("--out " + target + ": exists and is not a directory");
      }
      if (!isEmpty(abs)) {
        if (!force) throw new IllegalArgumentException("--out " + target + ": exists and is not empty; use --force to replace it");
        replace = true;
      }
    }
    Path parent = abs.getParent();
    Files.createDirectories(parent);
    Path staging = Files.createTempDirectory(parent, "." + abs.getFileName() + ".partial-");
    return new OutputDirectory(abs, staging, replace);
  }

  /** Where to write while the command runs. */
  public Path path() { return staging; }

  /** The final directory. */
  public Path target() { return target; }

  /** Moves the staged results into place. */
  public void commit() throws IOException {
    if (Files.exists(target)) {
      if (replace || isEmpty(target)) deleteRecursively(target);
    }
    try {
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(staging, target);
    }
  }

  /** Removes the staged results after a failure. */
  public void discard() {
    try {
      deleteRecursively(staging);
    } catch (IOException ignored) {
      // best effort: a failed run must not hide its own error behind a clean-up error
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      return !s.iterator().hasNext();
    }
  }

  static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) return;
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
