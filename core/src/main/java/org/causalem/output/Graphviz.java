package org.causalem.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Graphviz's {@code dot}, when it is installed, for drawing graphs. */
public final class Graphviz {
  private Graphviz() {}

  /** The SVG Graphviz's {@code dot} draws of {@code dotFile}, or null when it is not on the PATH, is disabled or fails. */
  public static String svg(Path dotFile) {
    if (System.getenv("CAUSALEM_NO_GRAPHVIZ") != null) return null;
    try {
      Process p = new ProcessBuilder("dot", "-Tsvg", dotFile.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      String svg = new String(out, StandardCharsets.UTF_8);
      return p.exitValue() == 0 && svg.contains("<svg") ? svg : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
