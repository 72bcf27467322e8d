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
  private final Map<String, Double> stepCpuSeconds = new LinkedHashMap<>();
  private final Map<String, Object> parameters = new LinkedHashMap<>();
  private Long seed;
  private List<String> outputFiles = List.of();

  public RunRecord(String command, List<String> args) {
    this.command = command;
    this.args = List.copyOf(args);
  }

  /** Records the seed of every random choice in this run. */
  public void seed(long value) { this.seed = value; }

  /** Records a parameter the run used (defaults included). */
  public void parameter(String name, Object value) { parameters.put(name, value); }

  /**
   * The size and last modification of an input: of the file, or for a directory (a zarr .zspy store) the total size of
   * the files under it and the latest of their modification times (a store is rewritten chunk by chunk, which leaves the
   * directory's own time unchanged).
   */
  record Stamp(long bytes, String modified, int files) {}

  static Stamp stamp(Path input) throws IOException {
    if (!Files.isDirectory(input)) return new Stamp(Files.size(input), Files.getLastModifiedTime(input).toString(), 1);
    long bytes = 0;
    java.nio.file.attribute.FileTime latest = Files.getLastModifiedTime(input);
    int files = 0;
    try (java.util.stream.Stream<Path> tree = Files.walk(input)) {
      for (Path f : (Iterable<Path>) tree::iterator) {
        if (!Files.isRegularFile(f)) continue;
        bytes += Files.size(f);
        java.nio.file.attribute.FileTime t = Files.getLastModifiedTime(f);
        if (t.compareTo(latest) > 0) latest = t;
        files++;
      }
    }
    return new Stamp(bytes, latest.toString(), files);
  }

  /** Records an input file with its size and SHA-256 (a store directory: its files' total size, latest time and count). */
  public void input(Path file) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", file.toAbsolutePath().normalize().toString());
    if (Files.isDirectory(file)) {
      Stamp st = stamp(file);
      m.put("bytes", st.bytes());
      m.put("modified", st.modified());
      m.put("files", st.files());
    } else if (Files.isRegularFile(file)) {
      long size = Files.size(file);
      m.put("bytes", size);
      m.put("modified", Files.getLastModifiedTime(file).toString());
      if (size <= FULL_HASH_BYTES) {
        m.put("sha256", sha256(file));
      } else {
        // hashing a many-GiB cube would take longer than analysing it: a sampled fingerprint instead
        m.put("sha256", null);
        m.put("fingerprint_sha256", fingerprint(file, size));
        m.put("fingerprint", "SHA-256 of the size and " + FINGERPRINT_BLOCKS + " blocks of 1 MiB spread evenly from the first "
            + "to the last byte (the file is over 1 GiB)");
      }
    }
    inputs.add(m);
  }

  /** Runs and times a named step. */
  public <T> T step(String name, Callable<T> work) throws Exception {
    long t0 = System.nanoTime();
    long c0 = processCpuNanos();
    try {
      return work.call();
    } finally {
      stepSeconds.merge(name, (System.nanoTime() - t0) / 1e9, Double::sum);
      if (c0 >= 0) stepCpuSeconds.merge(name, (processCpuNanos() - c0) / 1e9, Double::sum);
    }
  }

  /** CPU time of the whole process (every thread, the JIT compiler's and the collector's included), or -1. */
  private static long processCpuNanos() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
  }

  /** Seconds spent in each step so far. */
  public Map<String, Double> timings() { return stepSeconds; }

  public Long seedValue() { return seed; }

  /** The absolute paths of the inputs recorded so far. */
  List<String> inputPaths() {
    List<String> out = new ArrayList<>();
    for (Map<String, Object> m : inputs) out.add((String) m.get("path"));
    return out;
  }

  /**
   * Records every file and directory of the output but run.json ('/'-separated, directories ending with '/'): with
   * CausalEM's signature, what lets a later {@code --force} replace this output, and only this.
   */
  void outputFiles(List<String> files) { this.outputFiles = List.copyOf(files); }

  void write(Path file) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("causalem_version", Version.get());
    m.put("command", command);
    m.put("command_line", args);
    m.put("started", started);
    m.put("seed", seed);
    m.put("parameters", parameters);
    m.put("inputs", inputs);
    m.put(OutputDirectory.OUTPUT_FILES, outputFiles);
    m.put("timings_s", stepSeconds);
    m.put("timings_cpu_s", stepCpuSeconds);
    m.put("total_s", (System.nanoTime() - startNanos) / 1e9);
    m.put("java", System.getProperty("java.version"));
    Json.write(file, m);
  }

  /** Files up to this size are hashed whole. */
  static final long FULL_HASH_BYTES = 1L << 30;
  static final int FINGERPRINT_BLOCKS = 64;

  /** SHA-256 over the size (8 bytes, big-endian) and {@link #FINGERPRINT_BLOCKS} evenly spaced 1 MiB blocks. */
  static String fingerprint(Path file, long size) throws IOException {
    int block = 1 << 20;
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(java.nio.ByteBuffer.allocate(8).putLong(size).array());
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(block);
      for (int k = 0; k < FINGERPRINT_BLOCKS; k++) {
        long start = (size - block) * k / (FINGERPRINT_BLOCKS - 1);
        buf.clear();
        while (buf.hasRemaining()) {
          int n = ch.read(buf, start + buf.position());
          if (n < 0) throw new IOException(file + ": shorter than its size while fingerprinting");
        }
        md.update(buf.array());
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
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
