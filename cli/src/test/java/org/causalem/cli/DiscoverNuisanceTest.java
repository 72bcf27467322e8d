package org.causalem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code discover --nuisance}: instrument columns as exogenous nodes in any table. */
class DiscoverNuisanceTest {
  /** a ← scan → b (a shared scan artefact) and a → c; the scan column is a nuisance node. */
  private static Path table(Path dir) throws Exception {
    SplittableRandom rng = new SplittableRandom(11);
    StringBuilder sb = new StringBuilder("scan,a,b,c\n");
    for (int i = 0; i < 2000; i++) {
      double s = gauss(rng);
      double a = 0.8 * s + gauss(rng);
      double b = 0.8 * s + gauss(rng);
      double c = 0.7 * a + gauss(rng);
      sb.append(String.format(Locale.ROOT, "%.6f,%.6f,%.6f,%.6f%n", s, a, b, c));
    }
    Path f = dir.resolve("cells.csv");
    Files.writeString(f, sb.toString());
    return f;
  }

  @Test
  void nuisanceColumnsAreCausesOnlyAndTheArtefactVanishes(@TempDir Path tmp) throws Exception {
    Path f = table(tmp);
    CliRun r = CliRun.of("discover", f.toString(), "--nuisance", "scan", "--out", tmp.resolve("out").toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode g = new ObjectMapper().readTree(tmp.resolve("out/graph.json").toFile());
    Set<String> edges = new HashSet<>();
    for (JsonNode e : g.path("edges")) edges.add(e.path("from").asText() + " " + e.path("type").asText() + " " + e.path("to").asText());
    // the nuisance node is oriented out of by knowledge alone; a – b (the shared artefact) is absent
    assertThat(edges).contains("scan --> a", "scan --> b");
    assertThat(edges).noneMatch(e -> e.contains("--> scan") || e.contains("<-- scan") || e.startsWith("a ") && e.endsWith(" b"));
    assertThat(g.path("parameters").path("nuisance").get(0).asText()).isEqualTo("scan");
  }

  @Test
  void anUnknownNuisanceColumnIsBadInputNamingIt(@TempDir Path tmp) throws Exception {
    Path f = table(tmp);
    CliRun r = CliRun.of("discover", f.toString(), "--nuisance", "scan_row", "--out", tmp.resolve("out").toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("scan_row").contains("--nuisance");
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  private static double gauss(SplittableRandom rng) {
    return Math.sqrt(-2 * Math.log(Math.max(1e-300, rng.nextDouble()))) * Math.cos(2 * Math.PI * rng.nextDouble());
  }
}
