package org.causalem.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.causalem.bayes.Roc;
import org.causalem.simulate.TransitionMovieSimulator.Lattice;
import org.causalem.simulate.TransitionMovieSimulator.Mechanism;
import org.junit.jupiter.api.Test;

/**
 * The simulator's own truth, without any image analysis: the strain field has the requested rms local strain, the
 * strain mechanism puts its nuclei where the true local strain is high (noise-free AUC), its control does not though its
 * visible field is the same, and both lattices have the coordination they claim.
 */
class TransitionMovieSimulatorTest {
  private static TransitionMovieSimulator.Movie movie(Mechanism m, Lattice lattice, long seed) {
    HaadfRenderer.Options render = HaadfRenderer.Options.defaults(seed).withColumnSigmaPx(1.6).withDose(150, 10, 1);
    return new TransitionMovieSimulator(new TransitionMovieSimulator.Options(20, 20, 12, 3, 6, 1, 0.05, 0.015, m, 0.7, -0.4,
        render, seed, lattice)).simulate();
  }

  private static double truthAuc(TransitionMovieSimulator.Movie m) {
    int[] y = new int[m.sites()];
    for (int s = 0; s < y.length; s++) y[s] = m.nucleationFrame()[s] >= 0 ? 1 : 0;
    return Roc.auc(m.localStrain(), y);
  }

  @Test
  void strainNucleiSitWhereTheTrueLocalStrainIsHighAndTheControlsDoNot() {
    double strain = 0;
    double control = 0;
    for (long seed = 1; seed <= 10; seed++) {
      TransitionMovieSimulator.Movie s = movie(Mechanism.STRAIN, Lattice.HEXAGONAL, seed);
      TransitionMovieSimulator.Movie c = movie(Mechanism.STRAIN_CONTROL, Lattice.HEXAGONAL, seed);
      // the same visible strain field: the control differs only in where it nucleates
      assertThat(c.localStrain()).containsExactly(s.localStrain());
      assertThat(c.structure().x()).containsExactly(s.structure().x());
      double rms = 0;
      int k = 0;
      for (int i = 0; i < s.sites(); i++) {
        int row = i / 20;
        int col = i % 20;
        if (row == 0 || row == 19 || col == 0 || col == 19) continue;
        rms += s.localStrain()[i] * s.localStrain()[i];
        k++;
      }
      assertThat(Math.sqrt(rms / k)).isCloseTo(0.015, within(0.002));
      strain += truthAuc(s) / 10;
      control += truthAuc(c) / 10;
    }
    assertThat(strain).as("noise-free AUC of the true local strain, strain mechanism").isGreaterThanOrEqualTo(0.88);
    assertThat(control).as("the same for its control").isBetween(0.4, 0.6);
  }

  @Test
  void squareLatticeHasFourNeighboursAndAnAnionAtEachSquareCentre() {
    TransitionMovieSimulator.Movie m = movie(Mechanism.DOPANT, Lattice.SQUARE, 3);
    int[][] nb = TransitionMovieSimulator.metalNeighbours(m.structure(), m.sites(), 12);
    assertThat(nb[5 * 20 + 5]).hasSize(4);
    assertThat(nb[0]).hasSize(2);
    Structure s = m.structure();
    int metal = 5 * 20 + 5;
    int anion = m.sites() + metal;
    assertThat(s.sublattice()[anion]).isEqualTo(1);
    assertThat(Math.hypot(s.x()[anion] - s.x()[metal], s.y()[anion] - s.y()[metal]) / 12).isCloseTo(Math.sqrt(0.5), within(0.05));
    int nuclei = 0;
    for (int f : m.nucleationFrame()) if (f >= 0) nuclei++;
    assertThat(nuclei).isEqualTo(6);
  }
}
