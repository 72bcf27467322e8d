package org.causalem.bench;

import java.util.Arrays;
import java.util.Locale;
import org.causalem.data.Image;
import org.causalem.image.ColumnDetector;
import org.causalem.image.Columns;
import org.causalem.image.Detection;
import org.causalem.image.GaussianRefiner;

/**
 * Gaussian refinement alone on {@link AtomsBenchmark}'s 4096² image (about 60 000 columns): process CPU and wall
 * time per round with the default threads and with 1 thread, CPU microseconds per column, and a checksum of the
 * refined positions (equal checksums: the same columns bit for bit).
 *
 * <pre>
 * java -Xmx8g -cp bench/target/benchmarks.jar org.causalem.bench.RefineTiming [ROUNDS]
 * </pre>
 */
public final class RefineTiming {
  private RefineTiming() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    Image image = AtomsBenchmark.simulate().image();
    Detection detection = new ColumnDetector(ColumnDetector.Options.defaults()).detect(image);
    double[] sx = Arrays.stream(detection.x()).asDoubleStream().toArray();
    double[] sy = Arrays.stream(detection.y()).asDoubleStream().toArray();
    for (int threads : new int[] {GaussianRefiner.Options.defaults().threads(), 1}) {
      GaussianRefiner refiner = new GaussianRefiner(GaussianRefiner.Options.defaults().withThreads(threads));
      for (int k = 0; k < rounds; k++) {
        double c0 = LingamTiming.cpu();
        long w0 = System.nanoTime();
        Columns c = refiner.refine(image, sx, sy);
        double cpu = LingamTiming.cpu() - c0;
        double wall = (System.nanoTime() - w0) / 1e9;
        long sum = 0;
        for (int i = 0; i < c.x().length; i++) sum = 31 * sum + Double.doubleToLongBits(c.x()[i]) + 7 * Double.doubleToLongBits(c.y()[i]);
        System.out.printf(Locale.ROOT, "%d thread(s), round %d: %d columns, cpu %.3f s (%.1f us/column), wall %.3f s, load %.1f, checksum %016x%n", threads, k,
            c.x().length, cpu, 1e6 * cpu / c.x().length, wall, LingamTiming.load(), sum);
      }
    }
  }
}
