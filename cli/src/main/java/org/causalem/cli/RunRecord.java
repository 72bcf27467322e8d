package org.causalem.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.causalem.Version;
import org.causalem.io.Json;

/** What {@code DIR/run.json} records: version, command line, seed, inputs with SHA-256, step timings. */
public final class RunRecord {
  private final String command;
  private final List<String> args;
  private final String started = Instant.now().toString();
  private final long startNanos = System.nanoTime();
  private final List<Map<String, Object>> inputs = new ArrayList<>();
  private final Map<String, Double> stepSeconds = new LinkedHashMap<>();
  private final Map<String, Object> parameters = new LinkedHashMap<>();
  private Long seed;

  public RunRecord(String command, List<String> args) {
    this.command = command;
    this.args = List.copyOf(args);
  }

  /** Records the seed of every random choice in this run. */
  public void seed(long value) { this.seed = value; }

  /** Records a parameter the run used (defaults included). */
  public void parameter(String name, Object value) { parameters.put(name, value); }

  /** Records an input file with its size and SHA-256. */
  public void input(Path file) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", file.toAbsolutePath().normalize().toString());
    if (Files.isRegularFile(file)) {
      m.put("bytes", Files.size(file));
      m.put("sha256", sha256(file));
    }
    inputs.add(m);
  }

  /** Runs and times a named step. */
  public <T> T step(String name, Callable<T> work) throws Exception {
    long t0 = System.nanoTime();
    try {
      return work.call();
    } finally {
      stepSeconds.merge(name, (System.nanoTime() - t0) / 1e9, Double::sum);
    }
  }

  /** Seconds spent in each step so far. */
  public Map<String, Double> timings() { return stepSeconds; }

  public Long seedValue() { return seed; }

  void write(Path file) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("causalem_version", Version.get());
    m.put("command", command);
    m.put("command_line", args);
    m.put("started", started);
    m.put("seed", seed);
    m.put("parameters", parameters);
    m.put("inputs", inputs);
    m.put("timings_s", stepSeconds);
    m.put("total_s", (System.nanoTime() - startNanos) / 1e9);
    m.put("java", System.getProperty("java.version"));
    Json.write(file, m);
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
