package org.causalem.bench;

import java.util.concurrent.TimeUnit;
import org.causalem.bayes.LogDensity;
import org.causalem.bayes.McmcResult;
import org.causalem.bayes.Nuts;
import org.causalem.numeric.Cholesky;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * NUTS on a 10-D correlated Gaussian (4 chains × (1000 warm-up + 1000 draws), 2 threads). The
 * auxiliary counter {@code effectiveSamples} is the smallest bulk ESS over the 10 coordinates, so JMH
 * reports it as effective samples per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
@State(Scope.Benchmark)
public class NutsBenchmark {
  /** The minimum bulk ESS of each sampler run, accumulated (reported per second). */
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class Counters {
    public double effectiveSamples;

    @Setup(Level.Iteration)
    public void reset() { effectiveSamples = 0; }
  }

  static final class Gaussian implements LogDensity {
    final int d = 10;
    final double[] prec;

    Gaussian() {
      double[] cov = new double[d * d];
      for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) {
        double si = Math.exp(-0.7 + 1.8 * i / (d - 1));
        double sj = Math.exp(-0.7 + 1.8 * j / (d - 1));
        cov[i * d + j] = si * sj * Math.pow(0.8, Math.abs(i - j));
      }
      prec = Cholesky.of(cov, d).inverse();
    }

    @Override public int dimension() { return d; }

    @Override public double evaluate(double[] x, double[] g) {
      double lp = 0;
      for (int i = 0; i < d; i++) {
        double s = 0;
        for (int j = 0; j < d; j++) s += prec[i * d + j] * x[j];
        g[i] = -s;
        lp -= 0.5 * x[i] * s;
      }
      return lp;
    }
  }

  private final Gaussian target = new Gaussian();
  private long seed;

  @Benchmark
  public McmcResult nuts10dGaussian(Counters counters) {
    McmcResult r = new Nuts(new Nuts.Options(1000, 1000, 4, 0.8, 10, ++seed, 2)).sample(target);
    double min = Double.POSITIVE_INFINITY;
    for (double e : r.essBulk()) min = Math.min(min, e);
    counters.effectiveSamples += min;
    return r;
  }
}
