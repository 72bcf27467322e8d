package org.causalem.bench;

import org.causalem.data.Image;
import org.causalem.data.Progress;
import org.causalem.image.PointGrid;
import org.causalem.lattice.AtomsPipeline;
import org.causalem.lattice.AtomsResult;
import org.causalem.lattice.LatticeKind;
import org.causalem.simulate.HaadfRenderer;
import org.causalem.simulate.PerovskiteSimulator;
import org.causalem.simulate.Structure;

/**
 * Runs the atoms pipeline on the {@link AtomsBenchmark} image a few times and prints wall time,
 * columns per second, recall, extras and the RMS position error over the Cramér–Rao bound (Fisher
 * information of each true column with Poisson + read noise on the noise-free image).
 * {@code java -cp bench/target/benchmarks.jar org.causalem.bench.AtomsAccuracy}
 */
public final class AtomsAccuracy {
  private AtomsAccuracy() {}

  public static void main(String[] args) {
    PerovskiteSimulator.Simulation sim = AtomsBenchmark.simulate();
    Image image = sim.image();
    Structure truth = sim.structure();
    AtomsResult res = null;
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    double best = Double.POSITIVE_INFINITY;
    for (int k = 0; k < reps; k++) {
      long t0 = System.nanoTime();
      double c0 = cpuSeconds();
      res = new AtomsPipeline(AtomsPipeline.Options.of(LatticeKind.PEROVSKITE)).run(image, Progress.NONE);
      double s = (System.nanoTime() - t0) / 1e9;
      best = Math.min(best, s);
      System.out.printf("run %d: wall %.3f s, process CPU %.3f s, load average %.1f  %s%n", k, s, cpuSeconds() - c0,
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), res.timingsS());
    }
    int n = res.columns().size();
    System.out.printf("columns found %d of %d true; best %.3f s; %.0f columns/s%n", n, truth.size(), best, n / best);
    double[] mu = new HaadfRenderer(new HaadfRenderer.Options(2.5, 150, 10, 1, 0, 0, 0, false, 0))
        .expected(truth, image.width(), image.height());
    PointGrid g = new PointGrid(res.columns().x(), res.columns().y(), 3);
    int[] buf = new int[8];
    int[] cnt = new int[1];
    int matched = 0;
    double se = 0;
    double bound = 0;
    for (int i = 0; i < truth.size(); i++) {
      buf = g.within(truth.x()[i], truth.y()[i], 3, buf, cnt);
      if (cnt[0] != 1) continue;
      int j = buf[0];
      matched++;
      se += (sq(res.columns().x()[j] - truth.x()[i]) + sq(res.columns().y()[j] - truth.y()[i])) / 2;
      bound += crlb(mu, image.width(), image.height(), truth.x()[i], truth.y()[i], 150 * truth.intensity()[i]);
    }
    System.out.printf("matched %d (missed %d, extra %d); RMS error %.4f px; CRLB %.4f px; ratio %.3f%n", matched,
        truth.size() - matched, n - matched, Math.sqrt(se / matched), Math.sqrt(bound / matched), Math.sqrt(se / bound));
  }

  private static double sq(double v) { return v * v; }

  /** CPU time of the whole process (all threads), seconds; NaN when the JVM does not say. */
  private static double cpuSeconds() {
    java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getProcessCpuTime() / 1e9;
    return Double.NaN;
  }

  /** Mean of the x and y Cramér–Rao variances for a round Gaussian (σ 2.5 px) of known width. */
  private static double crlb(double[] mu, int w, int h, double x0, double y0, double amp) {
    double s = 2.5;
    double[][] f = new double[4][4];
    int r = 15;
    for (int y = Math.max(0, (int) y0 - r); y <= Math.min(h - 1, (int) y0 + r); y++) {
      for (int x = Math.max(0, (int) x0 - r); x <= Math.min(w - 1, (int) x0 + r); x++) {
        double dx = x - x0;
        double dy = y - y0;
        double e = Math.exp(-(dx * dx + dy * dy) / (2 * s * s));
        double[] gr = {amp * e * dx / (s * s), amp * e * dy / (s * s), e, 1};
        double var = mu[y * w + x] + 1;
        for (int a = 0; a < 4; a++) for (int b = 0; b < 4; b++) f[a][b] += gr[a] * gr[b] / var;
      }
    }
    org.ejml.simple.SimpleMatrix inv = new org.ejml.simple.SimpleMatrix(f).invert();
    return (inv.get(0, 0) + inv.get(1, 1)) / 2;
  }
}
