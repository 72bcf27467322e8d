package org.causalem.bench;

import java.util.Locale;
import java.util.SplittableRandom;
import org.causalem.data.Axis;
import org.causalem.data.Metadata;
import org.causalem.data.Pixels;
import org.causalem.data.SpectrumImage;
import org.causalem.spectra.Decomposition;
import org.causalem.spectra.Pca;

/**
 * PCA (randomized SVD) of a 256×256×2048 float spectrum image of known rank 5 plus noise. Run with
 * <pre>java -Xmx3g -cp bench/target/benchmarks.jar org.causalem.bench.PcaTiming [SIDE] [CHANNELS] [K]</pre>
 */
public final class PcaTiming {
  private PcaTiming() {}

  public static void main(String[] args) {
    int side = args.length > 0 ? Integer.parseInt(args[0]) : 256;
    int c = args.length > 1 ? Integer.parseInt(args[1]) : 2048;
    int k = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    int n = side * side;
    int rank = 5;
    SplittableRandom rng = new SplittableRandom(1);
    float[][] basis = new float[rank][c];
    for (int m = 0; m < rank; m++) for (int j = 0; j < c; j++) basis[m][j] = (float) Math.sin(Math.PI * (m + 1) * (j + 0.5) / c);
    float[] px = new float[Math.multiplyExact(n, c)];
    float[] score = new float[rank];
    for (int i = 0; i < n; i++) {
      for (int m = 0; m < rank; m++) score[m] = (float) ((rng.nextDouble() - 0.5) * 100 / (m + 1));
      for (int j = 0; j < c; j++) {
        float v = 1000;
        for (int m = 0; m < rank; m++) v += score[m] * basis[m][j];
        px[i * c + j] = v + (float) (rng.nextDouble() - 0.5);
      }
    }
    SpectrumImage si = new SpectrumImage("bench", Pixels.ofFloats(px), Axis.pixels("y", side), Axis.pixels("x", side),
        new Axis("energy", c, 300, 0.5, "eV"), Metadata.EMPTY);
    for (int round = 0; round < 3; round++) {
      long t0 = System.nanoTime();
      Decomposition d = new Pca(Pca.Options.of(k, 7)).fit(si);
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf(Locale.ROOT, "round %d: PCA (%s, k=%d) of %d×%d×%d floats: %.2f s; variance of PC1..5 %.1f %.1f %.1f %.1f %.1f, PC6 %.3f%n",
          round, d.method(), k, side, side, c, s, d.weights()[0], d.weights()[1], d.weights()[2], d.weights()[3],
          d.weights()[4], d.weights()[5]);
    }
  }
}
