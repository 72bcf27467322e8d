package org.causalem.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.causalem.causal.DirectLingam;
import org.causalem.causal.Graph;
import org.causalem.causal.LingamResult;
import org.causalem.simulate.LinearSem;
import org.causalem.simulate.RandomDag;
import org.causalem.table.DescriptorTable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** DirectLiNGAM on a random linear non-Gaussian SEM (target: p = 20, n = 10 000 under 2 s on 2 cores). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class DirectLingamBenchmark {
  @Param({"20"})
  int variables;

  @Param({"10000"})
  int rows;

  private DescriptorTable data;

  @Setup
  public void setup() {
    Graph dag = RandomDag.generate(variables, 2, 1);
    data = new LinearSem(LinearSem.Options.of(LinearSem.Noise.UNIFORM)).simulate(dag, rows, new SplittableRandom(2)).data();
  }

  @Benchmark
  public LingamResult fit() {
    return new DirectLingam(DirectLingam.Options.defaults()).fit(data);
  }
}
