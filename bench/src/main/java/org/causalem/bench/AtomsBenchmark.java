package org.causalem.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.causalem.data.Image;
import org.causalem.data.Progress;
import org.causalem.image.ColumnDetector;
import org.causalem.image.Columns;
import org.causalem.image.Detection;
import org.causalem.image.GaussianRefiner;
import org.causalem.lattice.AtomsPipeline;
import org.causalem.lattice.AtomsResult;
import org.causalem.lattice.Lattice;
import org.causalem.lattice.LatticeFinder;
import org.causalem.lattice.LatticeKind;
import org.causalem.lattice.UnitCells;
import org.causalem.simulate.HaadfRenderer;
import org.causalem.simulate.PerovskiteSimulator;
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
 * Atoms and lattice on a 4096² simulated perovskite with about 60 000 columns (173 × 173 cells of
 * 23.6 px, σ = 2.5 px, A peak 150 counts, B 0.7, background 10, read noise 1): detection, Gaussian
 * refinement, lattice and cells, and the whole pipeline. {@link AtomsAccuracy} reports the columns per
 * second and the RMS error over the Cramér–Rao bound on the same image.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx8g"})
public class AtomsBenchmark {
  Image image;
  Detection detection;
  double[] startX;
  double[] startY;
  Columns columns;
  Lattice lattice;

  /** The benchmark image: 4096² px, 173 × 173 cells. */
  static PerovskiteSimulator.Simulation simulate() {
    HaadfRenderer.Options render = new HaadfRenderer.Options(2.5, 150, 10, 1, 0, 0, 0, true, 42);
    int n = 173;
    PerovskiteSimulator.Options o = PerovskiteSimulator.Options.uniform(n, n, 23.6, 23.6, render)
        .withPlacement(5, 5, 0).withSize(4096, 4096);
    java.util.SplittableRandom r = new java.util.SplittableRandom(42);
    double[][] dx = new double[n][n];
    double[][] dy = new double[n][n];
    for (double[] row : dx) for (int j = 0; j < n; j++) row[j] = 0.6 * (r.nextDouble() - 0.5);
    for (double[] row : dy) for (int j = 0; j < n; j++) row[j] = 0.6 * (r.nextDouble() - 0.5);
    return new PerovskiteSimulator(o.withDisplacement(dx, dy)).simulate();
  }

  @Setup(Level.Trial)
  public void setUp() {
    image = simulate().image();
    detection = new ColumnDetector(ColumnDetector.Options.defaults()).detect(image);
    startX = Arrays.stream(detection.x()).asDoubleStream().toArray();
    startY = Arrays.stream(detection.y()).asDoubleStream().toArray();
    columns = new GaussianRefiner(GaussianRefiner.Options.defaults()).refine(image, startX, startY);
    lattice = new LatticeFinder(LatticeFinder.Options.of(LatticeKind.PEROVSKITE)).find(columns.x(), columns.y(), columns.intensity());
  }

  @Benchmark
  public Detection detect() { return new ColumnDetector(ColumnDetector.Options.defaults()).detect(image); }

  @Benchmark
  public Columns refine() { return new GaussianRefiner(GaussianRefiner.Options.defaults()).refine(image, startX, startY); }

  @Benchmark
  public Object latticeAndCells() {
    Lattice l = new LatticeFinder(LatticeFinder.Options.of(LatticeKind.PEROVSKITE)).find(columns.x(), columns.y(), columns.intensity());
    return new UnitCells(UnitCells.Options.defaults()).describe(columns.x(), columns.y(), columns.xErrPx(), columns.yErrPx(),
        columns.intensity(), columns.intensityErr(), l, image.width(), image.height());
  }

  @Benchmark
  public AtomsResult pipeline() { return new AtomsPipeline(AtomsPipeline.Options.of(LatticeKind.PEROVSKITE)).run(image, Progress.NONE); }
}
