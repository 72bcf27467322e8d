package org.causalem.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.causalem.data.DataCube4D;
import org.causalem.data.DataFile;
import org.causalem.data.FrameReducer;
import org.causalem.data.Progress;
import org.causalem.io.Readers;

/**
 * Reading throughput of a 4D-STEM MIB file frame by frame against {@code cat FILE > /dev/null} in the
 * same run, with the page cache warm and cold. A plain runner rather than JMH: cat is an external
 * process, cold-cache runs need the cache emptied between runs, and every Java read runs in its own
 * JVM ({@code -Xmx256m}) so its mappings are gone before the cache is emptied and its peak heap can be
 * reported for files of different sizes.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.causalem.bench.ReadThroughputBenchmark [DIR] [GiB] [repeats]
 * </pre>
 *
 * Writes synthetic Merlin files (U16 12-bit, 256×256, 384-byte headers; 2 GiB as a 128×128 scan and a
 * 1/8-size one) into DIR (default /tmp/causalem-bench), not into the repository. The cache is emptied
 * with {@code dd iflag=nocache count=0} (posix_fadvise DONTNEED on the whole file), since
 * /proc/sys/vm/drop_caches is not writable in a container; {@code fincore} confirms it.
 */
public final class ReadThroughputBenchmark {
  private static final int WIDTH = 256;
  private static final int HEIGHT = 256;
  private static final int HEADER = 384;

  private ReadThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--child")) {
      if (args.length > 3) read(Paths.get(args[3]), Integer.parseInt(args[2])); // JIT warm-up on another file
      double[] r = read(Paths.get(args[1]), Integer.parseInt(args[2]));
      System.out.printf(Locale.ROOT, "%.4f %d%n", r[0], (long) r[1]);
      return;
    }
    Path dir = Paths.get(args.length > 0 ? args[0] : "/tmp/causalem-bench");
    double gib = args.length > 1 ? Double.parseDouble(args[1]) : 2.0;
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Files.createDirectories(dir);
    int side = (int) Math.round(Math.sqrt(gib * (1L << 30) / (HEADER + 2.0 * WIDTH * HEIGHT)));
    Path big = generate(dir.resolve("scan_" + side + "x" + side + ".mib"), side);
    Path small = generate(dir.resolve("scan_" + side / 8 + "x" + side + ".mib"), side / 8, side);
    System.out.printf(Locale.ROOT, "file %s: %.3f GiB (%d frames of %dx%d uint16)%n", big, Files.size(big) / (double) (1L << 30),
        (long) side * side, HEIGHT, WIDTH);
    System.out.println("| cache | reader | GB/s (each run) | median GB/s | vs cat | peak heap MiB |");
    System.out.println("|---|---|---|---|---|---|");
    for (String cache : new String[] {"warm", "cold"}) {
      boolean cold = cache.equals("cold");
      if (!cold) catSeconds(big); // fill the cache
      List<Double> cat = new ArrayList<>();
      List<Double> one = new ArrayList<>();
      List<Double> two = new ArrayList<>();
      long heap1 = 0;
      long heap2 = 0;
      for (int r = 0; r < repeats; r++) {
        if (cold) evict(big);
        cat.add(gbps(big, catSeconds(big)));
        if (cold) evict(big);
        double[] c1 = childRun(big, 1, small);
        one.add(c1[0]);
        heap1 = Math.max(heap1, (long) c1[1]);
        if (cold) evict(big);
        double[] c2 = childRun(big, 2, small);
        two.add(c2[0]);
        heap2 = Math.max(heap2, (long) c2[1]);
      }
      double catMedian = median(cat);
      row(cache, "cat FILE > /dev/null", cat, catMedian, -1);
      row(cache, "MIB reader, readFrame, 1 thread", one, catMedian, heap1);
      row(cache, "MIB reader, reduce, 2 threads", two, catMedian, heap2);
    }
    double[] s = childRun(small, 1, null);
    System.out.printf(Locale.ROOT, "heap check: %.3f GiB file -> peak heap %d MiB (2 GiB file above); -Xmx256m throughout%n",
        Files.size(small) / (double) (1L << 30), (long) s[1]);
    System.out.println("page cache after eviction (fincore: resident bytes, pages, file size): " + fincore(big, true));
    System.out.println("load average during the run: " + Files.readString(Paths.get("/proc/loadavg")).trim());
  }

  private static void row(String cache, String what, List<Double> runs, double catMedian, long heapMiB) {
    StringBuilder each = new StringBuilder();
    for (double v : runs) each.append(each.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", v));
    double m = median(runs);
    System.out.printf(Locale.ROOT, "| %s | %s | %s | %.2f | %s | %s |%n", cache, what, each, m,
        heapMiB < 0 ? "1.00" : String.format(Locale.ROOT, "%.2f", m / catMedian), heapMiB < 0 ? "–" : Long.toString(heapMiB));
  }

  private static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  private static double gbps(Path f, double seconds) throws IOException { return Files.size(f) / seconds / 1e9; }

  private static double catSeconds(Path f) throws Exception {
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder("sh", "-c", "cat '" + f + "' > /dev/null").inheritIO().start();
    if (p.waitFor() != 0) throw new IllegalStateException("cat failed");
    return (System.nanoTime() - t0) / 1e9;
  }

  private static void evict(Path f) throws Exception {
    Process p = new ProcessBuilder("dd", "if=" + f, "iflag=nocache", "count=0", "status=none").inheritIO().start();
    if (p.waitFor() != 0) throw new IllegalStateException("dd iflag=nocache failed");
  }

  private static String fincore(Path f, boolean evictFirst) throws Exception {
    if (evictFirst) evict(f);
    Process p = new ProcessBuilder("fincore", "--bytes", "--noheadings", f.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    p.waitFor();
    return out.replaceAll("\\s+", " ");
  }

  /**
   * Runs the read in a fresh JVM with -Xmx256m, after one untimed read of {@code warmUp} (a different
   * file, so the cache state of {@code f} is untouched) when given; returns {GB/s, peak heap MiB}.
   */
  private static double[] childRun(Path f, int threads, Path warmUp) throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path");
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", cp, ReadThroughputBenchmark.class.getName(), "--child",
        f.toString(), Integer.toString(threads)));
    if (warmUp != null) cmd.add(warmUp.toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (p.waitFor() != 0) throw new IllegalStateException("child failed: " + out);
    String[] last = out.lines().reduce((a, b) -> b).orElse("").split(" ");
    return new double[] {Double.parseDouble(last[0]), Double.parseDouble(last[1])};
  }

  /** Reads every frame of {@code file}; returns {GB/s, peak heap MiB so far}. */
  private static double[] read(Path file, int threads) throws IOException {
    long size = Files.size(file);
    long t0 = System.nanoTime();
    double check;
    try (DataFile df = Readers.open(file)) {
      DataCube4D cube = df.first(DataCube4D.class);
      if (threads == 1) {
        float[] frame = new float[cube.detY() * cube.detX()];
        double s = 0;
        for (int ry = 0; ry < cube.scanY(); ry++) {
          for (int rx = 0; rx < cube.scanX(); rx++) {
            cube.readFrame(rx, ry, frame);
            s += frame[0] + frame[frame.length / 2] + frame[frame.length - 1];
          }
        }
        check = s;
      } else {
        check = cube.reduce(new FrameReducer<double[]>() {
          @Override public double[] create() { return new double[1]; }

          @Override public void accept(double[] acc, int ry, int rx, float[] frame) {
            acc[0] += frame[0] + frame[frame.length / 2] + frame[frame.length - 1];
          }

          @Override public double[] combine(double[] a, double[] b) {
            a[0] += b[0];
            return a;
          }
        }, threads, Progress.NONE)[0];
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) peak += pool.getPeakUsage().getUsed();
    }
    if (Double.isNaN(check)) System.out.println("checksum NaN");
    return new double[] {size / seconds / 1e9, peak >> 20};
  }

  private static Path generate(Path f, int side) throws IOException { return generate(f, side, side); }

  /** A synthetic Merlin file of rows × cols frames (U16, 12-bit), written once and reused. */
  private static Path generate(Path f, int rows, int cols) throws IOException {
    long frames = (long) rows * cols;
    long stride = HEADER + 2L * WIDTH * HEIGHT;
    if (Files.exists(f) && Files.size(f) == frames * stride) return f;
    ByteBuffer frame = ByteBuffer.allocate((int) stride);
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      for (long k = 0; k < frames; k++) {
        frame.clear();
        String h = String.format(Locale.ROOT, "MQ1,%06d,%05d,01,%04d,%04d,U16,   1x1,01,2026-11-25 12:00:00.000000,0.001000,0,0,0,"
            + "MQ1A,2026-11-25T12:00:00.000000000Z,1000000ns,12,", k + 1, HEADER, WIDTH, HEIGHT);
        byte[] hb = h.getBytes(StandardCharsets.US_ASCII);
        frame.put(hb);
        frame.position(HEADER);
        int cy = (int) (k / cols) % 64 + 96;
        int cx = (int) (k % cols) % 64 + 96;
        for (int y = 0; y < HEIGHT; y++) {
          for (int x = 0; x < WIDTH; x++) {
            int d2 = (y - cy) * (y - cy) + (x - cx) * (x - cx);
            frame.putShort((short) (d2 < 400 ? 3000 : (x * 7 + y * 13 + (int) k) & 63));
          }
        }
        frame.flip();
        while (frame.hasRemaining()) ch.write(frame);
      }
    }
    return f;
  }
}
