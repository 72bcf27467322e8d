package org.causalem.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.causalem.bayes.GaussianProcess;
import org.causalem.bayes.GpModel;
import org.causalem.bayes.GpPrediction;
import org.causalem.bayes.Kernel;
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
 * A GP fit on 2 000 points with 2 inputs (Matérn 5/2, ARD, 3 restarts; hyperparameters on a 600-point
 * subset, then the full 2 000-point factorisation), and prediction at 2 000 new points.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
@State(Scope.Benchmark)
public class GpBenchmark {
  private double[][] x;
  private double[] y;
  private GpModel model;

  @Setup
  public void setup() {
    SplittableRandom rnd = new SplittableRandom(1);
    int n = 2000;
    x = new double[n][2];
    y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = rnd.nextDouble(-3, 3);
      x[i][1] = rnd.nextDouble(-3, 3);
      y[i] = Math.sin(2 * x[i][0]) * Math.cos(x[i][1]) + 0.1 * (rnd.nextDouble() - 0.5);
    }
    model = GaussianProcess.fit(x, y, GaussianProcess.Options.defaults(1));
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 1)
  @Measurement(iterations = 3)
  public GpModel fit2000() {
    return GaussianProcess.fit(x, y, GaussianProcess.Options.defaults(1).withKernel(Kernel.MATERN52));
  }

  @Benchmark
  public GpPrediction predict2000() {
    return model.predict(x);
  }
}
