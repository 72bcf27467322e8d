package org.causalem.causal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EntropyTermsTest {
  @Test
  void tabulatedFunctionsMatchTheClosedFormsEverywhere() {
    SplittableRandom rng = new SplittableRandom(1);
    double worst1 = 0;
    double worst2 = 0;
    for (int k = 0; k < 200_000; k++) {
      double u = (rng.nextDouble() * 2 - 1) * 15;
      worst1 = Math.max(worst1, Math.abs(EntropyTerms.g1(u) - EntropyTerms.logCoshExact(u)));
      worst2 = Math.max(worst2, Math.abs(EntropyTerms.g2(u) - EntropyTerms.gaussExact(u)));
    }
    for (double u : new double[] {0, -12, 12, 11.9999999, -11.9999999, 1e-9, 3.5}) {
      worst1 = Math.max(worst1, Math.abs(EntropyTerms.g1(u) - EntropyTerms.logCoshExact(u)));
      worst2 = Math.max(worst2, Math.abs(EntropyTerms.g2(u) - EntropyTerms.gaussExact(u)));
    }
    assertThat(worst1).isLessThan(1e-10);
    assertThat(worst2).isLessThan(1e-10);
  }
}
