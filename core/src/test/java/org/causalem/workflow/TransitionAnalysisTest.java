package org.causalem.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import org.causalem.data.Progress;
import org.causalem.simulate.TransitionMovieSimulator;
import org.causalem.simulate.TransitionMovieSimulator.Mechanism;
import org.junit.jupiter.api.Test;

class TransitionAnalysisTest {
  private static TransitionAnalysis.Result run(Mechanism mechanism, long seed) {
    TransitionMovieSimulator.Movie movie = new TransitionMovieSimulator(TransitionMovieSimulator.Options.defaults(mechanism, seed)).simulate();
    return new TransitionAnalysis(TransitionAnalysis.Options.defaults(seed)).analyse(movie.frames(), Progress.NONE);
  }

  @Test
  void nucleationNextToDopantsIsPredicted() {
    TransitionAnalysis.Result r = run(Mechanism.DOPANT, 1);
    assertThat(r.classes()).isEqualTo(2);
    assertThat(r.auc().auc()).isGreaterThanOrEqualTo(0.85);
    assertThat(r.shuffledAuc()).isBetween(0.4, 0.6);
  }

  @Test
  void randomNucleationIsNotPredicted() {
    TransitionAnalysis.Result r = run(Mechanism.RANDOM, 2);
    assertThat(r.auc().auc()).isBetween(0.4, 0.6);
  }
}
