package org.causalem.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.causalem.sparse.FeatureLibrary;
import org.causalem.sparse.LawDiscovery;
import org.causalem.sparse.NormalEquations;
import org.causalem.sparse.SavitzkyGolay;
import org.causalem.sparse.SparsityPath;
import org.causalem.sparse.Stlsq;
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

/** SINDy on 10 000 samples × 3 states (Lorenz) with a degree-3 library (20 terms). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class SindyBenchmark {
  private double[] t;
  private double[][] x;

  @Setup
  public void setup() {
    int n = 10000;
    t = new double[n];
    x = new double[3][n];
    double[] s = {-8, 7, 27};
    double h = 0.002;
    for (int i = 0; i < n; i++) {
      t[i] = i * h;
      for (int v = 0; v < 3; v++) x[v][i] = s[v];
      for (int k = 0; k < 4; k++) {
        double dt = h / 4;
        double[] d = {10 * (s[1] - s[0]), s[0] * (28 - s[2]) - s[1], s[0] * s[1] - 8.0 / 3 * s[2]};
        for (int v = 0; v < 3; v++) s[v] += dt * d[v];
      }
    }
  }

  /** Derivatives, library, normal equations and STLSQ with a fixed threshold. */
  @Benchmark
  public double[][] stlsqDegree3() {
    SavitzkyGolay sg = new SavitzkyGolay(new SavitzkyGolay.Options(7, 3));
    double[][] dx = new double[3][];
    for (int v = 0; v < 3; v++) dx[v] = sg.derivative(t, x[v]);
    double[][] theta = FeatureLibrary.polynomial(List.of("x", "y", "z"), 3).evaluate(x);
    NormalEquations ne = NormalEquations.of(theta, dx, null);
    Stlsq stlsq = new Stlsq(Stlsq.Options.withThreshold(0.1));
    double[][] c = new double[3][];
    for (int j = 0; j < 3; j++) c[j] = stlsq.fit(ne, j).coefficients();
    return c;
  }

  /** The full `laws` analysis: sparsity path with BIC, 50 bootstrap resamples per equation. */
  @Benchmark
  public LawDiscovery.Result discoverDegree3() {
    return new LawDiscovery(new LawDiscovery.Options(3, Double.NaN, SparsityPath.Criterion.BIC,
        new SavitzkyGolay.Options(7, 3), 50, 40, 1e-3, 1)).discover(t, x, List.of("x", "y", "z"));
  }
}
