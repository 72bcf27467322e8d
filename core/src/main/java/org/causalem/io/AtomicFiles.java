package org.causalem.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/** Writes a file through a temporary sibling and a move, so a failure never leaves half a file. */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Something that writes a whole file to a stream. */
  @FunctionalInterface
  public interface StreamWriter {
    void write(OutputStream out) throws IOException;
  }

  /**
   * A fresh hidden name next to {@code target} for its bytes in the making ({@code .NAME.RANDOM.part}), not created.
   * Unlike {@link Files#createTempFile}, whose files are private (0600), the file created there gets the permissions
   * the umask gives any new file, as a result file should.
   */
  public static Path temporarySibling(Path target) {
    Path abs = target.toAbsolutePath();
    return abs.resolveSibling("." + abs.getFileName() + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".part");
  }

  /**
   * A file name made of {@code name}: letters A-Z and a-z, digits, '.', '_' and '-' kept, any other character
   * replaced by '_' ({@code Ti-L23} stays, {@code a/b} becomes {@code a_b}).
   */
  public static String safeName(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); ) {
      int c = name.codePointAt(i);
      boolean kept = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-';
      if (kept) sb.append((char) c);
      else sb.append('_');
      i += Character.charCount(c);
    }
    return sb.toString();
  }

  /** Writes {@code target} atomically with {@code parts}, one after the other. */
  public static void write(Path target, byte[]... parts) throws IOException {
    write(target, new Parts(parts));
  }

  /** Byte arrays written in order (a class of its own: a lambda's first use costs more than the writing of a small file). */
  private record Parts(byte[][] parts) implements StreamWriter {
    @Override public void write(OutputStream out) throws IOException {
      for (byte[] p : parts) out.write(p);
    }
  }

  /** Writes {@code target} atomically: the bytes go to a temporary file that is then moved into place. */
  public static void write(Path target, StreamWriter writer) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir != null) Files.createDirectories(dir);
    Path tmp = temporarySibling(abs);
    try {
      OutputStream raw;
      try {
        raw = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        tmp = temporarySibling(abs);
        raw = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      }
      try (OutputStream out = new java.io.BufferedOutputStream(raw, 1 << 16)) {
        writer.write(out);
      } catch (java.nio.file.FileSystemException e) {
        throw e;
      } catch (IOException e) {
        // a full disk or an encoder's failure names no file: name the one being written
        java.nio.file.FileSystemException named = new java.nio.file.FileSystemException(abs.toString(), null,
            e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        named.initCause(e);
        throw named;
      }
      moveIntoPlace(tmp, abs);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Renames the finished {@code tmp} onto {@code target}: atomically where the file system can, replacing it. */
  public static void moveIntoPlace(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
