package org.causalem.causal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.causalem.table.DescriptorTable;

/**
 * Bootstrap confidence for any search: resample the rows with replacement, run the search on each
 * replicate (in parallel), and count how often each pair is adjacent and with which edge type. The
 * spatial variant resamples square blocks of rows by their (x, y) positions, so spatially
 * autocorrelated rows (neighbouring cells) are kept together and the confidences are not inflated.
 * Replicate b always uses the b-th seed drawn from {@code seed}, so results do not depend on threads.
 */
public final class Bootstrap {
  /** @param replicates number of resamples, ≥ 1; @param seed master seed; @param threads ≥ 1 */
  public record Options(int replicates, long seed, int threads) {
    public Options {
      if (replicates < 1) throw new IllegalArgumentException("replicates must be ≥ 1, got " + replicates);
      if (threads < 1) throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
    }

    public static Options of(int replicates, long seed) {
      return new Options(replicates, seed, Runtime.getRuntime().availableProcessors());
    }
  }

  private record BlockKey(long bx, long by) implements Comparable<BlockKey> {
    @Override public int compareTo(BlockKey o) { return bx != o.bx ? Long.compare(bx, o.bx) : Long.compare(by, o.by); }
  }

  private final Options options;

  public Bootstrap(Options options) { this.options = Objects.requireNonNull(options); }

  /** Ordinary row bootstrap of {@code search} on {@code data} (not modified). */
  public BootstrapResult run(DescriptorTable data, Function<DescriptorTable, Graph> search) {
    int n = data.rows();
    if (n < 2) throw new IllegalArgumentException("bootstrap needs at least 2 rows, got " + n);
    return runWith(data, search, (b, rng) -> {
      int[] idx = new int[n];
      for (int i = 0; i < n; i++) idx[i] = rng.nextInt(n);
      return idx;
    });
  }

  /**
   * Spatial block bootstrap: rows are grouped into square blocks of side {@code blockSize} by their
   * positions {@code x[row], y[row]}; each replicate draws as many blocks (with replacement) as there
   * are non-empty blocks and takes all their rows.
   */
  public BootstrapResult runSpatial(DescriptorTable data, double[] x, double[] y, double blockSize, Function<DescriptorTable, Graph> search) {
    int[][] members = squareBlocks(data.rows(), x, y, blockSize);
    return runWith(data, search, (b, rng) -> drawGroups(members, rng));
  }

  /**
   * Scan-aware block bootstrap for data measured on a STEM scan: even-numbered replicates resample square
   * blocks of side {@code blockSize} (as {@link #runSpatial}), odd-numbered ones resample strips of whole
   * scan lines ({@code stripHeight} of y across the full width), so that what a scan line shares (line
   * jitter, a per-line offset) stays together and the confidences are not inflated by it.
   */
  public BootstrapResult runScanAware(DescriptorTable data, double[] x, double[] y, double blockSize, double stripHeight,
                                      Function<DescriptorTable, Graph> search) {
    int[][] squares = squareBlocks(data.rows(), x, y, blockSize);
    int[][] strips = strips(data.rows(), y, stripHeight);
    return runWith(data, search, (b, rng) -> drawGroups(b % 2 == 0 ? squares : strips, rng));
  }

  /** Rows grouped into whole scan-line strips: bins of {@code y} of height {@code stripHeight}. */
  static int[][] strips(int n, double[] y, double stripHeight) {
    double[] zero = new double[n];
    if (y.length != n) throw new IllegalArgumentException("positions: " + y.length + " y for " + n + " rows");
    return groups(n, zero, y, Double.POSITIVE_INFINITY, stripHeight, "stripHeight");
  }

  private static int[][] squareBlocks(int n, double[] x, double[] y, double blockSize) {
    if (x.length != n || y.length != n) throw new IllegalArgumentException("positions: " + x.length + " x and " + y.length + " y for " + n + " rows");
    return groups(n, x, y, blockSize, blockSize, "blockSize");
  }

  private static int[][] groups(int n, double[] x, double[] y, double width, double height, String what) {
    if (!(height > 0) || Double.isInfinite(height) || !(width > 0)) throw new IllegalArgumentException(what + " must be > 0, got " + height);
    double x0 = Double.POSITIVE_INFINITY;
    double y0 = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) throw new IllegalArgumentException("row " + i + " has a non-finite position");
      x0 = Math.min(x0, x[i]);
      y0 = Math.min(y0, y[i]);
    }
    java.util.Map<BlockKey, List<Integer>> blocks = new java.util.TreeMap<>();
    for (int i = 0; i < n; i++) {
      long bx = Double.isInfinite(width) ? 0 : (long) Math.floor((x[i] - x0) / width);
      long by = (long) Math.floor((y[i] - y0) / height);
      blocks.computeIfAbsent(new BlockKey(bx, by), k -> new ArrayList<>()).add(i);
    }
    int[][] members = blocks.values().stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    if (members.length < 2) throw new IllegalArgumentException(what + " " + height + " puts every row in one block");
    return members;
  }

  /** As many groups as there are, drawn with replacement; all their rows. */
  private static int[] drawGroups(int[][] members, SplittableRandom rng) {
    int total = 0;
    int[][] pick = new int[members.length][];
    for (int b = 0; b < members.length; b++) {
      pick[b] = members[rng.nextInt(members.length)];
      total += pick[b].length;
    }
    int[] idx = new int[total];
    int k = 0;
    for (int[] m : pick) for (int r : m) idx[k++] = r;
    return idx;
  }

  private BootstrapResult runWith(DescriptorTable data, Function<DescriptorTable, Graph> search,
                                  java.util.function.BiFunction<Integer, SplittableRandom, int[]> sampler) {
    SplittableRandom master = new SplittableRandom(options.seed());
    long[] seeds = new long[options.replicates()];
    for (int b = 0; b < seeds.length; b++) seeds[b] = master.nextLong();
    List<String> nodes = data.names();
    ExecutorService pool = Executors.newFixedThreadPool(options.threads());
    try {
      List<Future<Graph>> futures = new ArrayList<>();
      for (int b = 0; b < seeds.length; b++) {
        final int replicate = b;
        final long s = seeds[b];
        futures.add(pool.submit(() -> {
          int[] rows = sampler.apply(replicate, new SplittableRandom(s));
          Graph g = search.apply(data.rows(rows));
          if (g == null || !g.nodes().equals(nodes)) {
            throw new IllegalStateException("the search returned a graph over " + (g == null ? null : g.nodes()) + ", expected " + nodes);
          }
          return g;
        }));
      }
      BootstrapResult.Builder counts = new BootstrapResult.Builder(nodes);
      for (Future<Graph> f : futures) counts.add(f.get());
      return counts.build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("bootstrap interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) throw re;
      throw new IllegalStateException("bootstrap replicate failed: " + c, c);
    } finally {
      pool.shutdownNow();
    }
  }
}
