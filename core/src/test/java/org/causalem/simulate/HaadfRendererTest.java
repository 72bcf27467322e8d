package org.causalem.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.causalem.data.Image;
import org.junit.jupiter.api.Test;

class HaadfRendererTest {
  @Test
  void poissonSamplesHaveTheRightMeanAndVariance() {
    for (double lambda : new double[] {3.5, 150}) {
      SplittableRandom r = new SplittableRandom(1);
      int n = 200_000;
      double s = 0;
      double s2 = 0;
      for (int i = 0; i < n; i++) {
        long k = HaadfRenderer.poisson(lambda, r);
        s += k;
        s2 += (double) k * k;
      }
      double mean = s / n;
      double var = s2 / n - mean * mean;
      assertThat(mean).isCloseTo(lambda, Offset.offset(5 * Math.sqrt(lambda / n)));
      assertThat(var / lambda).isCloseTo(1, Offset.offset(0.02));
    }
  }

  @Test
  void aColumnHoldsDoseTimesTwoPiSigmaSquaredCounts() {
    Structure one = new Structure(new double[] {30.3}, new double[] {29.6}, new double[] {0.8}, new int[1], new int[1],
        new int[1], new boolean[] {true}, new boolean[1], List.of("A"));
    HaadfRenderer r = new HaadfRenderer(new HaadfRenderer.Options(2.2, 100, 4, 0, 0, 0, 0, false, 0));
    double[] mu = r.expected(one, 60, 60);
    double sum = 0;
    for (double v : mu) sum += v - 4;
    assertThat(sum).isCloseTo(100 * 0.8 * 2 * Math.PI * 2.2 * 2.2, Offset.offset(1e-3));
    Image noisy = new HaadfRenderer(r.options().withNoise(true).withSeed(3)).render(one, 60, 60);
    Image again = new HaadfRenderer(r.options().withNoise(true).withSeed(3)).render(one, 60, 60);
    assertThat(noisy.toFloat()).containsExactly(again.toFloat());
  }

  @Test
  void aMovieShowsEachFramesStructureWithItsOwnNoise() {
    HexagonalSimulator.Options o = HexagonalSimulator.Options.of(4, 4, 20, HaadfRenderer.Options.defaults(1));
    Structure s = new HexagonalSimulator(o).structure();
    boolean[] present = s.present().clone();
    present[5] = false;   // a metal column leaves in frame 1
    Structure later = s.withOccupancy(present, s.intensity());
    HaadfRenderer r = new HaadfRenderer(HaadfRenderer.Options.defaults(7));
    org.causalem.data.ImageStack movie = r.renderMovie(List.of(s, later), 100, 90, new double[] {0, 0.5});
    assertThat(movie.frames()).isEqualTo(2);
    int px = (int) Math.round(s.y()[5]) * 100 + (int) Math.round(s.x()[5]);
    assertThat(movie.frame(0).toFloat()[px]).isGreaterThan(100);
    assertThat(movie.frame(1).toFloat()[px]).isLessThan(40);
    assertThat(movie.frame(0).toFloat()).isNotEqualTo(movie.frame(1).toFloat());
  }

  @Test
  void hexagonalSitesSitAtASquareRootOfThreeOfTheLatticeConstant() {
    HexagonalSimulator.Options o = HexagonalSimulator.Options.of(3, 3, 20, HaadfRenderer.Options.defaults(1));
    Structure s = new HexagonalSimulator(o).structure();
    int m = 4;          // metal (1, 1)
    int x = 9 + 4;      // its chalcogen
    assertThat(Math.hypot(s.x()[x] - s.x()[m], s.y()[x] - s.y()[m])).isCloseTo(20 / Math.sqrt(3), Offset.offset(1e-9));
    assertThat(Math.hypot(s.x()[1] - s.x()[0], s.y()[1] - s.y()[0])).isCloseTo(20, Offset.offset(1e-9));
  }
}
