package org.causalem.sparse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureLibraryTest {
  @Test void polynomialTermsAreNamedAndOrdered() {
    FeatureLibrary lib = FeatureLibrary.polynomial(List.of("x", "y"), 3);
    assertThat(lib.names()).containsExactly("1", "x", "y", "x^2", "x*y", "y^2", "x^3", "x^2*y", "x*y^2", "y^3");
    double[][] theta = lib.evaluate(new double[][] {{2}, {3}});
    assertThat(theta[7][0]).isEqualTo(12.0); // x^2*y
    assertThat(FeatureLibrary.polynomial(List.of("x", "y", "z"), 3).size()).isEqualTo(20);
  }

  @Test void userFunctionsAndProducts() {
    FeatureLibrary base = FeatureLibrary.polynomial(List.of("x", "y"), 1);
    FeatureLibrary trig = FeatureLibrary.empty(List.of("x", "y")).with("sin(x)", s -> Math.sin(s[0]));
    FeatureLibrary lib = base.withProductsOf(trig);
    assertThat(lib.names()).containsExactly("1", "x", "y", "x*sin(x)", "y*sin(x)");
    double[][] theta = lib.evaluate(new double[][] {{0.5}, {2}});
    assertThat(theta[4][0]).isCloseTo(2 * Math.sin(0.5), within(1e-15));
    assertThatThrownBy(() -> base.with("x", s -> 0)).hasMessageContaining("duplicate");
  }

  @Test void recoversThePendulumWithAUserFunction() {
    // dθ/dt = ω, dω/dt = −(g/L) sin θ with g/L = 4; exact trajectory by fine RK4
    int n = 3000;
    double h = 0.005;
    double[] t = new double[n];
    double[][] x = new double[2][n];
    double th = 2.0;
    double om = 0;
    for (int i = 0; i < n; i++) {
      t[i] = i * h;
      x[0][i] = th;
      x[1][i] = om;
      for (int k = 0; k < 10; k++) {
        double dt = h / 10;
        double k1t = om;
        double k1o = -4 * Math.sin(th);
        double k2t = om + dt / 2 * k1o;
        double k2o = -4 * Math.sin(th + dt / 2 * k1t);
        double k3t = om + dt / 2 * k2o;
        double k3o = -4 * Math.sin(th + dt / 2 * k2t);
        double k4t = om + dt * k3o;
        double k4o = -4 * Math.sin(th + dt * k3t);
        th += dt / 6 * (k1t + 2 * k2t + 2 * k3t + k4t);
        om += dt / 6 * (k1o + 2 * k2o + 2 * k3o + k4o);
      }
    }
    FeatureLibrary lib = FeatureLibrary.polynomial(List.of("theta", "omega"), 2).with("sin(theta)", s -> Math.sin(s[0]));
    LawDiscovery.Result r = new LawDiscovery(new LawDiscovery.Options(2, 0.2, SparsityPath.Criterion.BIC, new SavitzkyGolay.Options(5, 3), 5, 20, 1e-3, 1))
        .discover(lib, t, x);
    double[][] c = r.law().coefficients();
    List<String> names = lib.names();
    for (int f = 0; f < names.size(); f++) {
      double e0 = names.get(f).equals("omega") ? 1 : 0;
      double e1 = names.get(f).equals("sin(theta)") ? -4 : 0;
      assertThat(c[0][f]).as("dtheta/dt %s", names.get(f)).isCloseTo(e0, within(1e-3));
      assertThat(c[1][f]).as("domega/dt %s", names.get(f)).isCloseTo(e1, within(4e-3));
      if (e0 == 0) assertThat(c[0][f]).isEqualTo(0.0);
      if (e1 == 0) assertThat(c[1][f]).isEqualTo(0.0);
    }
  }
}
