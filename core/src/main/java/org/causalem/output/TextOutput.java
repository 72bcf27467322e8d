package org.causalem.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.causalem.io.AtomicFiles;

/** Text files written whole (through a temporary file) and CSV fields quoted when they need it. */
public final class TextOutput {
  private TextOutput() {}

  /** Writes {@code text} as UTF-8 to {@code file}, atomically. */
  public static void write(Path file, String text) throws IOException {
    AtomicFiles.write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** {@code s} as one CSV field: quoted (quotes doubled) when it holds a comma, a quote or a newline. */
  public static String csvField(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
