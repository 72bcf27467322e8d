package org.causalem.causal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.causalem.SharedData;
import org.causalem.io.TableReader;
import org.causalem.table.DescriptorTable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("slow")
class PairwiseTest {
  private static DescriptorTable pair1;

  /** Tübingen pair 1, read once for the class. */
  private static DescriptorTable pair1() throws Exception {
    if (pair1 == null) pair1 = TableReader.read(SharedData.causal("tuebingen_pair0001.txt")).table();
    return pair1;
  }

  @Test
  void theSignOfTheScoreDecidesAndATieIsForcedWithItsReason() {
    PairwiseResult pos = PairwiseResult.forced("a", "b", "reci", 0.3, 1, 2, "same error");
    assertThat(pos.direction()).isEqualTo(PairwiseResult.Direction.X_CAUSES_Y);
    assertThat(pos.reason()).isEmpty();
    assertThat(PairwiseResult.forced("a", "b", "reci", -0.3, 1, 2, "same error").direction())
        .isEqualTo(PairwiseResult.Direction.Y_CAUSES_X);
    PairwiseResult tie = PairwiseResult.forced("a", "b", "mdl", 0.0, 1, 1, "both directions have the same code length");
    assertThat(tie.direction()).isEqualTo(PairwiseResult.Direction.X_CAUSES_Y);
    assertThat(tie.reason()).isEqualTo("forced: both directions have the same code length; the first column is taken as the cause");
    assertThat(tie.pValueXtoY()).isEqualTo(1.0);
  }

  @Test
  void igciScoreIsAntisymmetricOnTheTuebingenPair() throws Exception {
    // IGCI's answer on pair 1 is stated in the report (it assumes a near-deterministic relation; this
    // one is close to linear with noise); here only the estimator's antisymmetry is checked
    DescriptorTable t = pair1();
    for (Igci.Reference ref : Igci.Reference.values()) {
      for (Igci.Estimator est : Igci.Estimator.values()) {
        Igci igci = new Igci(new Igci.Options(ref, est));
        PairwiseResult r = igci.direction("altitude", "temperature", t.column("X1"), t.column("X2"));
        PairwiseResult back = igci.direction("temperature", "altitude", t.column("X2"), t.column("X1"));
        assertThat(back.score()).isCloseTo(-r.score(), org.assertj.core.data.Offset.offset(1e-12));
      }
    }
  }

  @Test
  void anmFindsAltitudeCausesTemperature() throws Exception {
    DescriptorTable t = pair1();
    PairwiseResult r = new Anm(Anm.Options.defaults()).direction("altitude", "temperature", t.column("X1"), t.column("X2"));
    assertThat(r.direction()).as("p fwd " + r.pValueXtoY() + " bwd " + r.pValueYtoX()).isEqualTo(PairwiseResult.Direction.X_CAUSES_Y);
    assertThat(r.pValueXtoY()).isGreaterThan(r.pValueYtoX());
  }

  @Test
  void anmOrientsASimulatedNonlinearAdditiveNoiseModel() {
    // Y = X³ + uniform noise, X uniform: only X → Y admits an independent additive noise
    SplittableRandom rng = new SplittableRandom(5);
    int n = 300;
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = 4 * rng.nextDouble() - 2;
      y[i] = x[i] * x[i] * x[i] + 2 * (rng.nextDouble() - 0.5);
    }
    Anm anm = new Anm(Anm.Options.defaults());
    PairwiseResult r = anm.direction("x", "y", x, y);
    assertThat(r.direction()).isEqualTo(PairwiseResult.Direction.X_CAUSES_Y);
    assertThat(r.pValueXtoY()).isGreaterThan(0.01);
    assertThat(r.pValueYtoX()).isLessThan(0.01);
    assertThat(anm.direction("y", "x", y, x).direction()).isEqualTo(PairwiseResult.Direction.Y_CAUSES_X);
  }

  @Test
  void igciOrientsDeterministicNonlinearFunctionsWithEveryEstimator() {
    SplittableRandom rng = new SplittableRandom(8);
    int n = 1000;
    double[] xu = new double[n];
    double[] yu = new double[n];
    double[] xg = new double[n];
    double[] yg = new double[n];
    for (int i = 0; i < n; i++) {
      xu[i] = rng.nextDouble();
      yu[i] = Math.cbrt(xu[i]) + 1e-4 * rng.nextDouble();
      xg[i] = BicScoreTest.normal(rng);
      yg[i] = xg[i] * xg[i] * xg[i] + 1e-4 * rng.nextDouble();
    }
    for (Igci.Estimator est : Igci.Estimator.values()) {
      Igci uniform = new Igci(new Igci.Options(Igci.Reference.UNIFORM, est));
      assertThat(uniform.direction("x", "y", xu, yu).direction()).as("uniform " + est).isEqualTo(PairwiseResult.Direction.X_CAUSES_Y);
      assertThat(uniform.direction("y", "x", yu, xu).direction()).isEqualTo(PairwiseResult.Direction.Y_CAUSES_X);
      Igci gaussian = new Igci(new Igci.Options(Igci.Reference.GAUSSIAN, est));
      assertThat(gaussian.direction("x", "y", xg, yg).direction()).as("gaussian " + est).isEqualTo(PairwiseResult.Direction.X_CAUSES_Y);
    }
  }

  /** x drawn from {@code levels} equally spaced values in [−2, 2] (or, with {@code tiedFraction}, a tied value). */
  private static double[][] cubicPair(long seed, int n, int levels, double tiedFraction) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      if (rng.nextDouble() < tiedFraction) x[i] = 0.5;
      else x[i] = levels > 0 ? -2 + 4.0 * rng.nextInt(levels) / (levels - 1) : 4 * rng.nextDouble() - 2;
      y[i] = x[i] * x[i] * x[i] + 2 * (rng.nextDouble() - 0.5);
    }
    return new double[][] {x, y};
  }

  @Test
  void anmHandlesDiscreteAndTiedVariablesAndOrientsThemOverSeeds() {
    // before grouping tied values the eigen-solver failed on these kernel matrices ("kernel regression failed
    // for every bandwidth"); y = x³ + uniform noise is identifiable whenever x takes many levels.
    // n = 150 (was 300, 8× the CPU): still right in 10 of 10 seeds for every case, the smallest score
    // ln p(x→y) − ln p(y→x) being 22.8 (measured 2026-12-07), so the 8-of-10 acceptance keeps its margin
    Anm anm = new Anm(Anm.Options.defaults());
    int[][] cases = {{5, 0}, {9, 0}, {15, 0}, {0, 50}, {15, 50}};
    for (int[] c : cases) {
      int right = 0;
      int seeds = 10;
      for (long seed = 1; seed <= seeds; seed++) {
        double[][] p = cubicPair(seed, 150, c[0], c[1] / 100.0);
        PairwiseResult r = anm.direction("x", "y", p[0], p[1]);
        PairwiseResult back = anm.direction("y", "x", p[1], p[0]);
        if (r.direction() == PairwiseResult.Direction.X_CAUSES_Y) right++;
        // the same decision with the columns swapped
        PairwiseResult.Direction mirror = switch (r.direction()) {
          case X_CAUSES_Y -> PairwiseResult.Direction.Y_CAUSES_X;
          case Y_CAUSES_X -> PairwiseResult.Direction.X_CAUSES_Y;
          case UNDECIDED -> PairwiseResult.Direction.UNDECIDED;
        };
        assertThat(back.direction()).as("levels %d tied %d%% seed %d", c[0], c[1], seed).isEqualTo(mirror);
      }
      // x in {0..4}: five levels are few, but x³ on them still leaves y's noise independent of x only one way
      assertThat(right).as("levels %d tied %d%%: right in %d of %d seeds", c[0], c[1], right, seeds).isGreaterThanOrEqualTo(8);
    }
  }

  @Test
  void anmOnTwoBinaryVariablesIsUndecidedOrDecidedWithoutAnException() {
    SplittableRandom rng = new SplittableRandom(3);
    int n = 200;
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = rng.nextInt(2);
      y[i] = rng.nextDouble() < 0.8 ? x[i] : 1 - x[i];
    }
    PairwiseResult r = new Anm(Anm.Options.defaults()).direction("x", "y", x, y);
    // two binary variables: each regression is the two group means; no exception, a finite score or a reason
    assertThat(Double.isFinite(r.score()) || !r.reason().isEmpty()).isTrue();
  }

  @Test
  void everyTuebingenColumnPairGoesThroughAnmWithoutAnException() throws Exception {
    // the real pair, and the same pair rounded to few levels (heavy ties, as in 18 of the 99 pairs)
    DescriptorTable t = pair1();
    double[] alt = t.column("X1");
    double[] temp = t.column("X2");
    double[] coarse = new double[temp.length];
    for (int i = 0; i < temp.length; i++) coarse[i] = Math.round(temp[i] / 5) * 5;
    Anm anm = new Anm(Anm.Options.defaults());
    PairwiseResult r = anm.direction("altitude", "temperature", alt, coarse);
    assertThat(r.direction()).as(r.toString()).isNotNull();
    assertThat(Double.isFinite(r.score()) || !r.reason().isEmpty()).isTrue();
  }
}
