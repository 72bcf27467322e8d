package org.causalem.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Python package's tests ({@code python/tests}, pytest from Debian) against the packaged jar: run by surefire in
 * the {@code integration-test} phase of {@code ./mvnw verify}, after {@code package} built {@code cli/target/causalem.jar}.
 * Skips with a notice where /usr/bin/python3 has no jpype or pytest.
 */
class PythonPackageIT {
  private static final Path PYTHON = Path.of("/usr/bin/python3");

  @Test
  void pythonPackageTestsPass() throws Exception {
    Path root = Path.of("").toAbsolutePath();
    while (root != null && !Files.isDirectory(root.resolve("python/causalem"))) root = root.getParent();
    assertThat(root).as("repository root with python/causalem").isNotNull();
    Path jar = root.resolve("cli/target/causalem.jar");
    assumeTrue(Files.isRegularFile(jar), "skipped: " + jar + " not built (the test runs after package)");
    assumeTrue(Files.isExecutable(PYTHON) && run(root, List.of(PYTHON.toString(), "-c", "import jpype, numpy, pandas, pytest"), 120).code == 0,
        "skipped: /usr/bin/python3 lacks jpype, numpy, pandas or pytest (apt-get install python3-jpype python3-pandas python3-pytest)");
    Result r = run(root, List.of(PYTHON.toString(), "-m", "pytest", "-q", "-p", "no:cacheprovider", "python/tests"), 1200);
    System.out.println(r.out);
    assertThat(r.code).as(r.out).isZero();
    assertThat(r.out).contains("passed");
  }

  private record Result(int code, String out) {}

  private static Result run(Path dir, List<String> cmd, int timeoutS) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("PYTHONPATH", dir.resolve("python").toString());
    pb.environment().put("CAUSALEM_JAR", dir.resolve("cli/target/causalem.jar").toString());
    pb.environment().put("MPLBACKEND", "Agg");
    Path log = Files.createTempFile("pytest", ".log");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out after " + timeoutS + " s: " + cmd + "\n" + Files.readString(log));
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    Files.deleteIfExists(log);
    return new Result(p.exitValue(), out);
  }
}
