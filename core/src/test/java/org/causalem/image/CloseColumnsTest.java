package org.causalem.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.causalem.data.Image;
import org.causalem.simulate.HaadfRenderer;
import org.causalem.simulate.Structure;
import org.junit.jupiter.api.Test;

/**
 * Closely spaced columns of unequal strength, like the Ti and O columns of SrTiO3 seen along [110] in an ABF image
 * (test_ABF_cropped.hdf5: column σ ≈ 5.6 px, Ti and O 14.7 px apart): a rectangular lattice (a = 42 px, b = 44 px)
 * of a strong A column at (0, 0), a B column (0.6 of A) at (½, 0) and a weak C column (0.35 of A) at (½, ⅓), i.e.
 * 14.7 px = 2.7σ from B on one side only, so a fit that lets a column's window see its neighbour is biased towards
 * it. Dark contrast: the columns are dips in a bright background with Poisson noise, inverted as {@code --contrast
 * dark} does. Fits start within 1 px of the truth.
 *
 * <p>Measured before the joint fits (one neighbour pass, columns fitted one at a time): B pulled 1.37 px (18 of its
 * reported σ) towards C, C not settling (56 of 56 failed); after: every column settles, the mean y offsets of A and B
 * within 0.15 σ, of C 0.44 σ (0.07 px), and the reported σ of B and C matching the actual scatter.
 */
class CloseColumnsTest {
  private static final double SIGMA = 5.5;
  private static final double A = 42;
  private static final double B = 44;
  private static final double[][] OFFSET = {{0, 0}, {0.5, 0}, {0.5, 1.0 / 3}};
  private static final double[] STRENGTH = {1, 0.6, 0.35};

  private record Scene(Image image, Structure truth) {}

  private static Scene scene(long seed) {
    int rows = 7;
    int cols = 6;
    int n = rows * cols * 3;
    double[] x = new double[n];
    double[] y = new double[n];
    double[] in = new double[n];
    int[] sub = new int[n];
    int[] row = new int[n];
    int[] col = new int[n];
    boolean[] present = new boolean[n];
    int k = 0;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        for (int s = 0; s < 3; s++) {
          x[k] = 25 + (j + OFFSET[s][0]) * A;
          y[k] = 25 + (i + OFFSET[s][1]) * B;
          in[k] = STRENGTH[s];
          sub[k] = s;
          row[k] = i;
          col[k] = j;
          present[k] = true;
          k++;
        }
      }
    }
    Structure truth = new Structure(x, y, in, sub, row, col, present, new boolean[n], List.of("A", "B", "C"));
    int w = (int) Math.ceil(25 + cols * A);
    int h = (int) Math.ceil(25 + rows * B);
    double[] mu = new HaadfRenderer(new HaadfRenderer.Options(SIGMA, 1500, 0, 0, 0, 0, 0, false, 0)).expected(truth, w, h);
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] px = new float[w * h];
    float max = Float.NEGATIVE_INFINITY;
    for (int p = 0; p < px.length; p++) {
      double dark = 3500 - mu[p];   // the ABF image: columns are dips in the bright background
      px[p] = (float) (dark + Math.sqrt(dark) * gaussian(rnd));
      max = Math.max(max, px[p]);
    }
    for (int p = 0; p < px.length; p++) px[p] = max - px[p];
    return new Scene(Image.of(px, w, h), truth);
  }

  private static double gaussian(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  @Test
  void aWeakColumnNextToAStrongOneIsNotPulledTowardsIt() {
    double[] sumZ = new double[3];
    double[] sumZ2 = new double[3];
    int[] count = new int[3];
    for (long seed = 1; seed <= 2; seed++) {
      Scene sc = scene(seed);
      Structure t = sc.truth();
      SplittableRandom r = new SplittableRandom(100 + seed);
      double[] sx = new double[t.size()];
      double[] sy = new double[t.size()];
      for (int i = 0; i < t.size(); i++) {
        sx[i] = t.x()[i] + r.nextDouble(-1, 1);
        sy[i] = t.y()[i] + r.nextDouble(-1, 1);
      }
      Columns c = new GaussianRefiner(GaussianRefiner.Options.defaults().withJointFits(3, 4)).refine(sc.image(), sx, sy);
      int w = sc.image().width();
      int h = sc.image().height();
      for (int i = 0; i < t.size(); i++) {
        if (t.x()[i] < 40 || t.y()[i] < 40 || t.x()[i] > w - 40 || t.y()[i] > h - 40) continue; // clipped windows
        int s = t.sublattice()[i];
        assertThat(c.converged(i)).as("column %d (%s) settled", i, "ABC".charAt(s)).isTrue();
        // along y, the direction of the close neighbour
        double z = (c.y()[i] - t.y()[i]) / c.yErrPx()[i];
        sumZ[s] += z;
        sumZ2[s] += z * z;
        count[s]++;
      }
    }
    for (int s = 0; s < 3; s++) {
      double bias = sumZ[s] / count[s];
      double rms = Math.sqrt(sumZ2[s] / count[s]);
      // the mean of ~50 z-scores has a sampling error of 0.14; measured: A 0.0, B 0.1, C 0.44 σ (the weak column keeps
      // a small push away from its strong neighbour: not yet the 0.1 σ aimed at; before the joint fits B was at 18 σ)
      assertThat(Math.abs(bias)).as("mean y offset of %s in its reported σ", "ABC".charAt(s)).isLessThan(s == 2 ? 0.6 : 0.3);
      System.out.printf("CloseColumnsTest %s: mean y offset %.3f σ, RMS/σ %.3f over %d columns%n", "ABC".charAt(s), bias, rms, count[s]);
      // (the isolated A columns: about 0.75, the reported σ a little conservative on this inverted image)
      assertThat(rms).as("RMS y error of %s / reported σ", "ABC".charAt(s)).isBetween(0.6, 1.3);
    }
  }
}
