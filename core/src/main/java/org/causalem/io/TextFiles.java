package org.causalem.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.causalem.data.BadInputException;

/**
 * Reads the text inputs (tables, prior files, model files) by one contract: UTF-8, with or without a
 * byte-order mark; line ends LF or CRLF. A UTF-16 or UTF-32 file, a file holding NUL bytes (binary) or
 * a byte sequence that is not UTF-8 is refused with a {@link BadInputException} naming the file, the
 * problem and the byte offset.
 */
public final class TextFiles {
  private TextFiles() {}

  /** Files larger than this are not read as text (2 GiB of characters cannot be held). */
  private static final long MAX_BYTES = Integer.MAX_VALUE - 64;

  /** The bytes at a file's start that {@link #checkEncoding} looks at. */
  static final int HEAD = 4096;

  /**
   * The text of {@code file} without a UTF-8 byte-order mark.
   *
   * @param what what the file is, for the message (e.g. "table", "--prior file")
   */
  public static String readUtf8(Path file, String what) throws IOException {
    if (!Files.isRegularFile(file)) throw new BadInputException(file + ": no such file (" + what + ")");
    long size = Files.size(file);
    if (size > MAX_BYTES) throw new BadInputException(file + ": " + size + " bytes is too large for a " + what);
    byte[] b = Files.readAllBytes(file);
    checkHead(file, what, b, b.length);
    int start = b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF ? 3 : 0;
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, start, b.length - start)).toString();
    } catch (CharacterCodingException e) {
      throw new BadInputException(file + ": the " + what + " is not UTF-8 text (byte offset " + firstBad(b, start)
          + "); CausalEM reads UTF-8, with or without a byte-order mark (re-save it as UTF-8)");
    }
  }

  /**
   * Refuses {@code file} when its first bytes show UTF-16/UTF-32 or binary content (the rest is checked
   * as it is decoded by a strict UTF-8 reader).
   */
  public static void checkEncoding(Path file, String what) throws IOException {
    if (!Files.isRegularFile(file)) throw new BadInputException(file + ": no such file (" + what + ")");
    byte[] head = new byte[HEAD];
    int n;
    try (java.io.InputStream in = new java.io.FileInputStream(file.toFile())) {   // java.io: see TableReader.read
      n = in.readNBytes(head, 0, head.length);
    }
    checkHead(file, what, head, n);
  }

  /** Refuses {@code file} when {@code b[0, n)}, its first bytes, show UTF-16/UTF-32 or binary content. */
  static void checkHead(Path file, String what, byte[] b, int n) {
    if (n >= 4 && ((b[0] == 0 && b[1] == 0 && (b[2] & 0xff) == 0xFE && (b[3] & 0xff) == 0xFF)
        || ((b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE && b[2] == 0 && b[3] == 0))) {
      throw new BadInputException(file + ": the " + what + " is UTF-32; CausalEM reads UTF-8 text (re-save it as UTF-8)");
    }
    if (n >= 2 && (((b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE) || ((b[0] & 0xff) == 0xFE && (b[1] & 0xff) == 0xFF))) {
      throw new BadInputException(file + ": the " + what + " is UTF-16; CausalEM reads UTF-8 text (re-save it as UTF-8)");
    }
    for (int i = 0; i < n; i++) {
      if (b[i] == 0) {
        boolean utf16 = i < 2;
        throw new BadInputException(file + ": the " + what + (utf16 ? " looks like UTF-16 without a byte-order mark" : " is binary (a NUL byte at offset " + i + ")")
            + "; CausalEM reads UTF-8 text");
      }
    }
  }

  /** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
  private static int firstBad(byte[] b, int start) {
    int i = start;
    while (i < b.length) {
      int c = b[i] & 0xff;
      int n = c < 0x80 ? 0 : c >= 0xC2 && c < 0xE0 ? 1 : c >= 0xE0 && c < 0xF0 ? 2 : c >= 0xF0 && c < 0xF5 ? 3 : -1;
      if (n < 0) return i;
      for (int k = 1; k <= n; k++) {
        if (i + k >= b.length || (b[i + k] & 0xC0) != 0x80) return i;
      }
      i += n + 1;
    }
    return i;
  }
}
