package org.causalem.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class SuggestAcquisitionTest {
  @Test
  void hypothesisLearningOnAMapMeasuredAlongOneRowSaysWhichAxisDoesNotVary() {
    double[][] x = {{1, 0}, {5, 0}, {9, 0}, {14, 0}};
    double[] v = {0.1, 0.2, 1.9, 2.0};
    SuggestAnalysis.Options o = SuggestAnalysis.Options.defaults(SuggestAnalysis.Acquisition.HYPOTHESIS, 1).withBudget(1);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SuggestAnalysis.run(x, v, SuggestLoop.grid(20, 20), o, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("all 4 are at position 0.0 on axis 2");
  }

  @Test
  void modelInformationIsZeroForAgreeingModelsAndLog2ForTwoSeparatedEqualOnes() {
    double[] p = {0.5, 0.5};
    double[][] sd = {{1, 1, 1}, {1, 1, 1}};
    // identical predictions: nothing to learn; far apart (20 sd): one measurement tells which model, ln 2 nats
    double[] info = SuggestAnalysis.modelInformation(p, new double[][] {{0, 0, 0}, {0, 1, 20}}, sd);
    assertThat(info[0]).isCloseTo(0, Offset.offset(1e-9));
    assertThat(info[2]).isCloseTo(Math.log(2), Offset.offset(1e-3));
    // in between: 1 sd apart gives the mutual information of two unit Gaussians one sd apart (numerically, 0.1114 nats)
    assertThat(info[1]).isBetween(0.10, 0.125);
    // a model already ruled out (p = 0.999 against 0.001) leaves little to learn even where they differ most
    double[] skew = SuggestAnalysis.modelInformation(new double[] {0.999, 0.001}, new double[][] {{0}, {20}}, new double[][] {{1}, {1}});
    double h = -(0.999 * Math.log(0.999) + 0.001 * Math.log(0.001));
    assertThat(skew[0]).isCloseTo(h, Offset.offset(1e-3));
  }

  @Test
  void errorAcquisitionLooksAtTheStepThatTheStationaryGpSmoothsOver() {
    // a 1-D scan of 61 cells: flat at 0 left of 30, flat at 1 right of it; measured every 6 cells (both ends included). The
    // GP's own variance is the same in every gap; its leave-one-out errors are large only next to the step, so the picks go there
    List<double[]> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (int i = 0; i <= 60; i += 6) {
      xs.add(new double[] {i + 0.5});
      ys.add(i + 0.5 < 30 ? 0.0 : 1.0);
    }
    double[][] x = xs.toArray(new double[0][]);
    double[] y = ys.stream().mapToDouble(Double::doubleValue).toArray();
    List<double[]> cs = new ArrayList<>();
    for (int i = 0; i <= 60; i++) if (i % 6 != 0) cs.add(new double[] {i + 0.5});
    double[][] cand = cs.toArray(new double[0][]);
    SuggestAnalysis.Hyper h = new SuggestAnalysis.Hyper(0.5, new double[] {6}, 0.01, 0.5);
    SuggestAnalysis.Result r = SuggestAnalysis.run(x, y, cand, SuggestAnalysis.Options.defaults(SuggestAnalysis.Acquisition.ERROR, 1).withBudget(2), h);
    assertThat(r.ranked().get(0).position()[0]).as("first pick: in the gap holding the step").isBetween(24.5, 30.5);
    // the second pick (with the first one's variance reduction accounted for) is in a gap next to it
    assertThat(r.ranked().get(1).position()[0]).as("second pick").isBetween(18.5, 36.5);
    assertThat(Math.abs(r.ranked().get(0).position()[0] - r.ranked().get(1).position()[0])).isGreaterThan(3);
  }
}
