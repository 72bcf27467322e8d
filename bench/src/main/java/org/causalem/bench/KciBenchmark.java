package org.causalem.bench;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.causalem.causal.KciTest;
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

/** One KCI test X ⫫ Y | Z (one conditioning variable) with the default row cap (1500). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class KciBenchmark {
  @Param({"1000", "10000"})
  int rows;

  private KciTest test;

  @Setup
  public void setup() {
    SplittableRandom rng = new SplittableRandom(3);
    double[][] c = new double[3][rows];
    for (int i = 0; i < rows; i++) {
      double z = rng.nextDouble() * 4 - 2;
      c[2][i] = z;
      c[0][i] = Math.sin(z) + 0.3 * rng.nextDouble();
      c[1][i] = z * z + 0.3 * rng.nextDouble();
    }
    test = new KciTest(DescriptorTable.of(List.of("X", "Y", "Z"), c), KciTest.Options.defaults(0.05));
  }

  @Benchmark
  public double conditional() {
    return test.pValue(0, 1, new int[] {2});
  }
}
