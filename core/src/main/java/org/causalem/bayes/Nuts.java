package org.causalem.bayes;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The No-U-Turn Sampler (Hoffman &amp; Gelman 2014) in its multinomial form with the generalised U-turn
 * criterion (Betancourt 2017): trajectories doubled in a random direction until the ends turn back,
 * the draw chosen from the whole trajectory in proportion to its density (biased progressive sampling
 * between sub-trees). Warm-up adapts the step size by dual averaging towards a target acceptance
 * statistic and a diagonal inverse metric from the draws of doubling windows. Several chains run in
 * parallel, each with its own seeded stream.
 */
public final class Nuts {
  /**
   * @param warmup adaptation iterations per chain (discarded)
   * @param samples kept draws per chain
   * @param chains independent chains
   * @param targetAcceptance dual-averaging target for the mean acceptance statistic (e.g. 0.8)
   * @param maxTreeDepth maximum doublings per iteration (2^depth leapfrog steps)
   * @param seed seed of all chains
   * @param threads worker threads (chains run in parallel up to this)
   */
  public record Options(int warmup, int samples, int chains, double targetAcceptance, int maxTreeDepth, long seed, int threads) {
    public Options {
      if (warmup < 20) throw new IllegalArgumentException("warmup must be ≥ 20, got " + warmup);
      if (samples < 10) throw new IllegalArgumentException("samples must be ≥ 10, got " + samples);
      if (chains < 1) throw new IllegalArgumentException("chains must be ≥ 1, got " + chains);
      if (!(targetAcceptance > 0 && targetAcceptance < 1)) throw new IllegalArgumentException("targetAcceptance must be in (0,1), got " + targetAcceptance);
      if (maxTreeDepth < 1 || maxTreeDepth > 15) throw new IllegalArgumentException("maxTreeDepth must be 1..15, got " + maxTreeDepth);
      if (threads < 1) throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
    }

    public static Options defaults(long seed) {
      return new Options(1000, 1000, 4, 0.8, 10, seed, Runtime.getRuntime().availableProcessors());
    }
  }

  private final Options options;

  public Nuts(Options options) { this.options = java.util.Objects.requireNonNull(options); }

  /** Samples from {@code density}; chains start uniformly in [-2, 2]^d. */
  public McmcResult sample(LogDensity density) { return sample(density, null); }

  /**
   * Samples from {@code density}.
   *
   * @param initial one starting point per chain, or null for uniform in [-2, 2]^d (not modified)
   */
  public McmcResult sample(LogDensity density, double[][] initial) {
    int d = density.dimension();
    int m = options.chains();
    if (initial != null && initial.length != m) throw new IllegalArgumentException(initial.length + " initial points for " + m + " chains");
    SplittableRandom master = new SplittableRandom(options.seed());
    List<SplittableRandom> streams = new ArrayList<>();
    for (int c = 0; c < m; c++) streams.add(master.split());
    McmcResult.Chain[] results = new McmcResult.Chain[m];
    int threads = Math.min(options.threads(), m);
    if (threads == 1) {
      for (int c = 0; c < m; c++) results[c] = new NutsChain(density, options, streams.get(c)).run(start(initial, c, d, streams.get(c)));
    } else {
      ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
        Thread t = new Thread(r, "nuts-chain");
        t.setDaemon(true);
        return t;
      });
      try {
        List<Future<McmcResult.Chain>> fs = new ArrayList<>();
        for (int c = 0; c < m; c++) {
          final int ci = c;
          fs.add(pool.submit(() -> new NutsChain(density, options, streams.get(ci)).run(start(initial, ci, d, streams.get(ci)))));
        }
        for (int c = 0; c < m; c++) results[c] = fs.get(c).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("sampling interrupted", e);
      } catch (java.util.concurrent.ExecutionException e) {
        if (e.getCause() instanceof RuntimeException re) throw re;
        throw new IllegalStateException(e.getCause());
      } finally {
        pool.shutdownNow();
      }
    }
    return new McmcResult(List.of(results));
  }

  private static double[] start(double[][] initial, int c, int d, SplittableRandom rnd) {
    if (initial != null) {
      if (initial[c].length != d) throw new IllegalArgumentException("initial point " + c + " has " + initial[c].length + " values, expected " + d);
      return initial[c].clone();
    }
    double[] x = new double[d];
    for (int i = 0; i < d; i++) x[i] = rnd.nextDouble(-2, 2);
    return x;
  }
}
