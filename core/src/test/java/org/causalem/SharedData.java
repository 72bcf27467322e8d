package org.causalem;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates {@code ../shared/data} beside the repository (or {@code $CAUSALEM_SHARED_DATA}). Tests that
 * need it call {@link #real(String)} or {@link #causal(String)}; on a fresh clone without it they are
 * skipped with a one-line notice.
 */
public final class SharedData {
  private static final Path ROOT = locate();

  private SharedData() {}

  /** The shared data folder, or null when absent. */
  public static Path root() { return ROOT; }

  /** A file under {@code shared/data/real}; skips the calling test when the folder is absent. */
  public static Path real(String name) { return file("real/" + name); }

  /**
   * The first image of a file under {@code shared/data/real}, its pixels copied out of the file (which is closed);
   * skips the calling test when the folder is absent.
   */
  public static org.causalem.data.Image realImage(String name) throws java.io.IOException {
    try (org.causalem.data.DataFile df = org.causalem.io.Readers.open(real(name))) {
      org.causalem.data.Image im = df.first(org.causalem.data.Image.class);
      return im.withPixels(im.toFloat().clone());
    }
  }

  /** A file under {@code shared/data/causal}; skips the calling test when the folder is absent. */
  public static Path causal(String name) { return file("causal/" + name); }

  private static Path file(String relative) {
    assumeTrue(ROOT != null, "skipped: ../shared/data not found (set CAUSALEM_SHARED_DATA to run tests on real files)");
    Path p = ROOT.resolve(relative);
    assumeTrue(Files.exists(p), "skipped: " + p + " not found");
    return p;
  }

  private static Path locate() {
    String env = System.getenv("CAUSALEM_SHARED_DATA");
    if (env != null && Files.isDirectory(Paths.get(env))) return Paths.get(env).toAbsolutePath();
    for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared").resolve("data");
      if (Files.isDirectory(candidate.resolve("real")) || Files.isDirectory(candidate.resolve("causal"))) return candidate;
    }
    return null;
  }
}
