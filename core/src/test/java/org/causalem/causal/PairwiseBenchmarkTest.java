package org.causalem.causal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.causalem.SharedData;
import org.causalem.io.TableReader;
import org.causalem.simulate.CauseEffectPairs;
import org.causalem.simulate.CauseEffectPairs.Family;
import org.causalem.table.DescriptorTable;
import org.junit.jupiter.api.Test;

/**
 * Per-method accuracy on the generated benchmark families (100 pairs each; 62 right of 100 is above chance at
 * p &lt; 0.01, one-sided binomial). The thresholds follow what each method's theory promises, set below the
 * accuracies measured with these seeds (BENCHMARKS.md, "Pairwise directions").
 */
class PairwiseBenchmarkTest {
  static final String[] METHODS = {"igci", "anm", "reci", "mdl"};

  /** Correct decisions of IGCI, ANM, RECI, MDL over {@code pairs} pairs of a family ({@code anm} false: ANM skipped, −1). */
  static int[] accuracy(Family family, int pairs, int n, long seed, boolean anm) {
    List<CauseEffectPairs.Pair> list = CauseEffectPairs.generate(family, pairs, n, seed);
    Igci igci = new Igci(Igci.Options.defaults());
    Anm anmMethod = new Anm(new Anm.Options(n, seed));
    Reci reci = new Reci(Reci.Options.defaults());
    SlopeMdl mdl = new SlopeMdl();
    int[] right = new int[4];
    if (!anm) right[1] = -1;
    for (CauseEffectPairs.Pair p : list) {
      PairwiseResult.Direction truth = p.firstCausesSecond() ? PairwiseResult.Direction.X_CAUSES_Y : PairwiseResult.Direction.Y_CAUSES_X;
      if (igci.direction("a", "b", p.first(), p.second()).direction() == truth) right[0]++;
      if (anm && anmMethod.direction("a", "b", p.first(), p.second()).direction() == truth) right[1]++;
      PairwiseResult r = reci.direction("a", "b", p.first(), p.second());
      PairwiseResult m = mdl.direction("a", "b", p.first(), p.second());
      assertThat(r.direction()).isNotEqualTo(PairwiseResult.Direction.UNDECIDED);
      assertThat(m.direction()).isNotEqualTo(PairwiseResult.Direction.UNDECIDED);
      if (r.direction() == truth) right[2]++;
      if (m.direction() == truth) right[3]++;
    }
    return right;
  }

  @Test
  void everyFamilyIsBalancedAndSeeded() {
    for (Family f : Family.values()) {
      List<CauseEffectPairs.Pair> a = CauseEffectPairs.generate(f, 100, 50, 1);
      List<CauseEffectPairs.Pair> b = CauseEffectPairs.generate(f, 100, 50, 1);
      long forward = a.stream().filter(CauseEffectPairs.Pair::firstCausesSecond).count();
      assertThat(forward).as(f + ": pairs shown cause first").isBetween(35L, 65L);
      assertThat(b.get(7).first()).containsExactly(a.get(7).first());
    }
  }

  @Test
  void regressionErrorAndMdlMethodsBeatChanceWhereTheirTheoryHolds() {
    // measured (seed 1, n = 250): RECI additive 82, low-noise 83, discrete 97, confounded 68;
    // MDL additive 88, low-noise 83, discrete 90, confounded 66; IGCI additive 56, low-noise 84, discrete 100, confounded 57
    int[] add = accuracy(Family.ADDITIVE, 100, 250, 1, false);
    int[] low = accuracy(Family.LOW_NOISE, 100, 250, 1, false);
    int[] disc = accuracy(Family.DISCRETE_CAUSE, 100, 250, 1, false);
    int[] conf = accuracy(Family.CONFOUNDED, 100, 250, 1, false);
    // RECI: invertible mechanism with small noise (the regression error of the anti-causal fit is larger)
    assertThat(low[2]).as("RECI low-noise").isGreaterThanOrEqualTo(75);
    assertThat(add[2]).as("RECI additive").isGreaterThanOrEqualTo(70);
    // IGCI: the deterministic limit; with 10–50 % noise it is not promised anything (56 measured: chance)
    assertThat(low[0]).as("IGCI low-noise").isGreaterThanOrEqualTo(75);
    // MDL: compresses better in the causal direction, including a discretised cause (local fit)
    assertThat(add[3]).as("MDL additive").isGreaterThanOrEqualTo(75);
    assertThat(disc[3]).as("MDL discrete cause").isGreaterThanOrEqualTo(80);
    assertThat(disc[2]).as("RECI discrete cause").isGreaterThanOrEqualTo(80);
    // a hidden common cause breaks every method's assumption: none is reliable there (each below 80 %)
    for (int m : new int[] {0, 2, 3}) assertThat(conf[m]).as(METHODS[m] + " confounded").isLessThan(80);
  }

  @Test
  void anmOrientsAdditiveNoisePairs() {
    // ANM's own model: 99 of 100 measured at n = 250; here n = 120 keeps the test to seconds
    int[] add = accuracy(Family.ADDITIVE, 100, 120, 2, true);
    assertThat(add[1]).as("ANM additive").isGreaterThanOrEqualTo(85);
  }

  @Test
  void realTuebingenPairAltitudeCausesTemperature() throws Exception {
    // MANIFEST: pair 1 of the Tübingen cause–effect pairs, the first column (altitude) causes the second
    DescriptorTable t = TableReader.read(SharedData.causal("tuebingen_pair0001.txt")).table();
    double[] alt = t.column("X1");
    double[] temp = t.column("X2");
    PairwiseResult reci = new Reci(Reci.Options.defaults()).direction("altitude", "temperature", alt, temp);
    PairwiseResult mdl = new SlopeMdl().direction("altitude", "temperature", alt, temp);
    assertThat(reci.direction()).as(reci.toString()).isEqualTo(PairwiseResult.Direction.X_CAUSES_Y);
    assertThat(mdl.direction()).as(mdl.toString()).isEqualTo(PairwiseResult.Direction.X_CAUSES_Y);
    // antisymmetric: the same decision with the columns swapped
    assertThat(new Reci(Reci.Options.defaults()).direction("temperature", "altitude", temp, alt).score()).isCloseTo(-reci.score(),
        org.assertj.core.data.Offset.offset(1e-9));
    assertThat(new SlopeMdl().direction("temperature", "altitude", temp, alt).direction()).isEqualTo(PairwiseResult.Direction.Y_CAUSES_X);
  }
}
