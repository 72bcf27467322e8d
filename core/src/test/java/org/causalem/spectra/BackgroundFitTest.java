package org.causalem.spectra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BackgroundFitTest {
  @Test
  void powerLawIsRecoveredExactlyFromNoiselessCounts() {
    int n = 100;
    double[] e = new double[n];
    double[] u = new double[n];
    float[] c = new float[n];
    for (int i = 0; i < n; i++) {
      e[i] = 400 + i * 0.5;
      u[i] = Math.log(e[i]);
      c[i] = (float) (3.0e9 * Math.pow(e[i], -3.2));
    }
    BackgroundFit fit = BackgroundFit.fit(BackgroundModel.POWER_LAW, u, c, 10, 70);
    assertThat(fit.valid()).isTrue();
    assertThat(fit.exponent()).isCloseTo(3.2, within(1e-4));
    assertThat(fit.value(480)).isCloseTo(3.0e9 * Math.pow(480, -3.2), within(1e-4 * 3.0e9 * Math.pow(480, -3.2)));
  }

  @Test
  void exponentialIsRecoveredExactlyFromNoiselessCounts() {
    int n = 50;
    double[] u = new double[n];
    float[] c = new float[n];
    for (int i = 0; i < n; i++) {
      u[i] = 100 + i;
      c[i] = (float) (5000 * Math.exp(-0.02 * u[i]));
    }
    BackgroundFit fit = BackgroundFit.fit(BackgroundModel.EXPONENTIAL, u, c, 0, n);
    assertThat(fit.exponent()).isCloseTo(0.02, within(1e-6));
    assertThat(fit.value(200)).isCloseTo(5000 * Math.exp(-4), within(1e-3));
  }

  @Test
  void windowWithoutPositiveCountsIsInvalid() {
    double[] u = {1, 2, 3};
    float[] c = {0, -1, 5};
    BackgroundFit fit = BackgroundFit.fit(BackgroundModel.POWER_LAW, u, c, 0, 3);
    assertThat(fit.valid()).isFalse();
    assertThat(fit.value(10)).isNaN();
  }
}
