package org.causalem.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.causalem.causal.BicScore;
import org.causalem.causal.FisherZTest;
import org.causalem.causal.Ges;
import org.causalem.causal.Graph;
import org.causalem.causal.PcStable;
import org.causalem.simulate.LinearSem;
import org.causalem.simulate.RandomDag;
import org.causalem.table.DescriptorTable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * PC-stable (Fisher z, α = 0.01) on 50 variables × 100 000 rows and GES (BIC) on 50 variables × 10 000
 * rows, both from a random DAG with 2 neighbours per node on average and a Gaussian linear SEM
 * (coefficients ±U(0.2, 0.7)). Each measurement includes building the test or score from the data.
 * Target: PC under 2 s on 2 cores.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class CausalSearchBenchmark {
  private DescriptorTable pcData;
  private DescriptorTable gesData;

  @Setup
  public void setUp() {
    Graph dag = RandomDag.generate(50, 2.0, 42);
    LinearSem sem = new LinearSem(new LinearSem.Options(0.2, 0.7, LinearSem.Noise.GAUSSIAN, 1.0));
    pcData = sem.simulate(dag, 100_000, new SplittableRandom(7)).data();
    gesData = sem.simulate(dag, 10_000, new SplittableRandom(8)).data();
  }

  @Benchmark
  public Graph pcStableFisherZ50x100k() {
    FisherZTest test = new FisherZTest(pcData.names(), pcData.columns(), 0.01);
    return new PcStable(PcStable.Options.defaults()).search(test);
  }

  @Benchmark
  public Graph gesBic50x10k() {
    return new Ges(Ges.Options.defaults()).search(new BicScore(gesData, BicScore.Options.defaults()));
  }
}
