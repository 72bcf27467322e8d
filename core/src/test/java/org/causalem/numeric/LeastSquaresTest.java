package org.causalem.numeric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Contract of ordinary least squares: hand-worked fits, a dependent regressor, the covariance route. */
class LeastSquaresTest {
  @Test void exactLineHasZeroResiduals() {
    // y = 1 + 2x
    LeastSquares.Fit f = LeastSquares.ols(new double[][] {{0, 1, 2, 3}}, new double[] {1, 3, 5, 7});
    assertThat(f.coefficients()).containsExactly(2);
    assertThat(f.residualSumOfSquares()).isZero();
    assertThat(f.degreesOfFreedom()).isEqualTo(2);
    assertThat(f.standardError(0)).isZero();
  }

  @Test void noisyLineByHand() {
    // x − x̄ = (−1, 0, 1), y − ȳ = (−1, 1, 0): β = 1/2, residuals (−½, 1, −½), RSS = 3/2, dof 1,
    // (XᵀX)⁻¹ = 1/2, se = √(3/2 · 1/2)
    LeastSquares.Fit f = LeastSquares.ols(new double[][] {{0, 1, 2}}, new double[] {0, 2, 1});
    assertThat(f.coefficients()).containsExactly(new double[] {0.5}, within(1e-15));
    assertThat(f.residualSumOfSquares()).isCloseTo(1.5, within(1e-15));
    assertThat(f.residualVariance()).isCloseTo(1.5, within(1e-15));
    assertThat(f.unscaledCovariance()[0][0]).isCloseTo(0.5, within(1e-15));
    assertThat(f.standardError(0)).isCloseTo(Math.sqrt(0.75), within(1e-15));
  }

  @Test void dependentRegressorGetsZero() {
    double[] x = {0, 1, 2, 3};
    double[] twice = {0, 2, 4, 6};
    LeastSquares.Fit f = LeastSquares.ols(new double[][] {x, twice}, new double[] {1, 3, 5, 7});
    assertThat(f.coefficients()).containsExactly(new double[] {2, 0}, within(1e-12));
    assertThat(f.unscaledCovariance()[1]).containsExactly(0, 0);
  }

  @Test void normalEquationsWithADependentRow() {
    double[][] gram = {{1, 1}, {1, 1}};
    assertThat(LeastSquares.solve(gram, new double[] {2, 2})).containsExactly(2, 0);
    assertThat(LeastSquares.inverse(gram)).isDeepEqualTo(new double[][] {{1, 0}, {0, 0}});
  }

  @Test void covarianceRouteByHand() {
    // x = (0, 1, 2), y = (0, 2, 1): cov (divisor 3) = [[2/3, 1/3], [1/3, 2/3]]; slope 1/2, residual variance 2/3 − 1/6 = 1/2
    double[][] cov = LeastSquares.covariance(new double[][] {{0, 1, 2}, {0, 2, 1}});
    assertThat(cov[0][0]).isCloseTo(2 / 3.0, within(1e-15));
    assertThat(cov[0][1]).isCloseTo(1 / 3.0, within(1e-15));
    assertThat(LeastSquares.coefficients(cov, 1, new int[] {0})).containsExactly(new double[] {0.5}, within(1e-15));
    assertThat(LeastSquares.residualVariance(cov, 1, new int[] {0})).isCloseTo(0.5, within(1e-15));
    assertThat(LeastSquares.residualVariance(cov, 1, new int[0])).isCloseTo(2 / 3.0, within(1e-15));
    assertThat(LeastSquares.centre(new double[] {1, 2, 6})).containsExactly(-2, -1, 3);
  }
}
