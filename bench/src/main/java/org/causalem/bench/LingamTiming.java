package org.causalem.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.causalem.causal.DirectLingam;
import org.causalem.causal.Graph;
import org.causalem.causal.LingamResult;
import org.causalem.io.TableReader;
import org.causalem.simulate.LinearSem;
import org.causalem.simulate.RandomDag;
import org.causalem.table.DescriptorTable;

/**
 * DirectLiNGAM fits timed in process CPU (all threads) and wall time, best of ROUNDS after one untimed warm-up fit,
 * with 2 threads and with 1, on the two 20 × 10 000 SEMs of issue 17: {@code DirectLingamBenchmark}'s generated one
 * (random DAG, 2 neighbours per node, uniform noise, seeds 1/2) and, when DIR holds it, the peers' {@code sem.csv}
 * with {@code sem_true_adjacency.csv} ({@code bench/peers/peers.py gen}). Prints the causal order and the SHD of
 * the edges with |coefficient| &gt; 0.1 against the true DAG.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.causalem.bench.LingamTiming [DIR] [ROUNDS]
 * </pre>
 */
public final class LingamTiming {
  private LingamTiming() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Graph dag = RandomDag.generate(20, 2, 1);
    DescriptorTable gen = new LinearSem(LinearSem.Options.of(LinearSem.Noise.UNIFORM)).simulate(dag, 10000, new SplittableRandom(2)).data();
    int p = dag.size();
    int[][] genTruth = new int[p][p];
    for (int i = 0; i < p; i++) for (int j : dag.parents(i)) genTruth[i][j] = 1;
    run("generated (RandomDag 20/2/1, uniform, seed 2)", gen, genTruth, rounds);
    if (args.length > 0 && Files.isRegularFile(Path.of(args[0], "sem.csv"))) {
      DescriptorTable sem = TableReader.read(Path.of(args[0], "sem.csv")).table();
      run("peers sem.csv", sem, readAdjacency(Path.of(args[0], "sem_true_adjacency.csv")), rounds);
    }
    System.out.printf(Locale.ROOT, "load %.1f%n", load());
  }

  private static void run(String what, DescriptorTable data, int[][] truth, int rounds) {
    for (int threads : new int[] {2, 1}) {
      DirectLingam.Options o = new DirectLingam.Options(DirectLingam.Estimator.ADAPTIVE_LASSO, null, threads);
      LingamResult r = new DirectLingam(o).fit(data);
      double bestCpu = Double.POSITIVE_INFINITY;
      double bestWall = Double.POSITIVE_INFINITY;
      for (int k = 0; k < rounds; k++) {
        double c0 = cpu();
        long w0 = System.nanoTime();
        r = new DirectLingam(o).fit(data);
        bestWall = Math.min(bestWall, (System.nanoTime() - w0) / 1e9);
        bestCpu = Math.min(bestCpu, cpu() - c0);
      }
      int p = truth.length;
      int[][] est = new int[p][p];
      for (LingamResult.WeightedEdge e : r.edges()) if (Math.abs(e.coefficient()) > 0.1) est[e.to()][e.from()] = 1;
      System.out.printf(Locale.ROOT, "%s, %d thread(s): best of %d: cpu %.3f s, wall %.3f s; SHD %d; order %s; load %.1f%n", what, threads, rounds, bestCpu,
          bestWall, shd(est, truth), Arrays.toString(r.causalOrder()), load());
    }
  }

  static int shd(int[][] est, int[][] truth) {
    int p = truth.length;
    int d = 0;
    for (int i = 0; i < p; i++) {
      for (int j = i + 1; j < p; j++) {
        if (est[i][j] != truth[i][j] || est[j][i] != truth[j][i]) d++;
      }
    }
    return d;
  }

  /** A 0/1 matrix, one row per line, comma-separated: entry [i][j] = 1 when j is a parent of i. */
  static int[][] readAdjacency(Path file) throws java.io.IOException {
    List<String> lines = Files.readAllLines(file);
    int[][] a = new int[lines.size()][];
    for (int i = 0; i < a.length; i++) a[i] = Arrays.stream(lines.get(i).trim().split(",")).mapToInt(Integer::parseInt).toArray();
    return a;
  }

  static double cpu() {
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getProcessCpuTime() / 1e9;
    return Double.NaN;
  }

  static double load() { return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(); }
}
