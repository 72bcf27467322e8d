package org.causalem.lattice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.causalem.data.Progress;
import org.causalem.image.ColumnDetector;
import org.causalem.image.Detection;
import org.causalem.simulate.HaadfRenderer;
import org.causalem.simulate.HexagonalSimulator;
import org.causalem.simulate.Structure;
import org.causalem.table.DescriptorTable;
import org.junit.jupiter.api.Test;

/**
 * The site test against ground truth: on a simulated honeycomb with vacancies, the detection threshold
 * is raised to the median response of the (fainter) chalcogen columns, so about half of them are not
 * detected. Every present column must still be found (by the test, then fitted), every vacancy must stay
 * missing, and no site may be left undecided on so clean an image.
 */
class SitePresenceTest {
  @Test
  void findsUndetectedColumnsAndKeepsTrueVacancies() {
    HaadfRenderer.Options render = new HaadfRenderer.Options(2.0, 150, 8, 1, 0, 0, 0, true, 5);
    HexagonalSimulator.Options o = HexagonalSimulator.Options.of(12, 14, 22, render)
        .withPlacement(60, 14, 7).withDefects(0, 0.02, 0.06, 21);
    HexagonalSimulator.Simulation sim = new HexagonalSimulator(o).simulate();
    Structure truth = sim.structure();
    Detection all = new ColumnDetector(ColumnDetector.Options.defaults()).detect(sim.image());
    double[] chalcogen = new double[all.size()];
    int m = 0;
    for (int k = 0; k < all.size(); k++) {
      int t = nearest(truth, all.x()[k], all.y()[k], 3);
      if (t >= 0 && truth.sublattice()[t] == 1) chalcogen[m++] = all.response()[k];
    }
    Arrays.sort(chalcogen, 0, m);
    double threshold = chalcogen[m / 2];
    AtomsPipeline.Options opts = AtomsPipeline.Options.of(LatticeKind.HEXAGONAL)
        .withDetection(ColumnDetector.Options.defaults().withThreshold(threshold));
    AtomsResult res = new AtomsPipeline(opts).run(sim.image(), Progress.NONE);
    assertThat(res.detection().size()).isLessThan(all.size() - m / 3);   // a good third of the chalcogens undetected
    assertThat(res.siteTest().added()).as("undetected %d", all.size() - res.detection().size()).isGreaterThan(m / 4);
    DescriptorTable sites = res.sites();
    double[] sx = sites.column("x_px");
    double[] sy = sites.column("y_px");
    double[] found = sites.column("found");
    double[] cz = sites.column("column_z");
    double[] vz = sites.column("vacancy_z");
    int vacancies = 0;
    for (int k = 0; k < found.length; k++) {
      int t = nearest(truth, sx[k], sy[k], 3);
      assertThat(t).as("site row at (%.1f, %.1f) is a true site", sx[k], sy[k]).isGreaterThanOrEqualTo(0);
      if (truth.present()[t]) {
        assertThat(found[k]).as("present site %d (%.1f, %.1f) column_z %.2f vacancy_z %.2f", t, sx[k], sy[k], cz[k], vz[k]).isEqualTo(1);
      } else {
        assertThat(found[k]).as("vacancy %d (%.1f, %.1f)", t, sx[k], sy[k]).isEqualTo(0);
        vacancies++;
      }
    }
    assertThat(vacancies).isGreaterThan(3);
  }

  private static int nearest(Structure s, double x, double y, double tol) {
    int best = -1;
    double bd = tol;
    for (int i = 0; i < s.size(); i++) {
      double d = Math.hypot(s.x()[i] - x, s.y()[i] - y);
      if (d < bd) {
        bd = d;
        best = i;
      }
    }
    return best;
  }
}
