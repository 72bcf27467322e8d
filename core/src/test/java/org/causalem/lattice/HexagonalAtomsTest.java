package org.causalem.lattice;

import static org.assertj.core.api.Assertions.assertThat;

import org.causalem.data.Progress;
import org.causalem.image.ColumnFindingTestSupport;
import org.causalem.simulate.HaadfRenderer;
import org.causalem.simulate.HexagonalSimulator;
import org.causalem.simulate.Structure;
import org.causalem.table.DescriptorTable;
import org.junit.jupiter.api.Test;

/** The atoms pipeline on a simulated MoS2-like honeycomb with dopants and vacancies. */
class HexagonalAtomsTest {
  @Test
  void findsAndLabelsEverySiteReportsVacanciesAndDopants() {
    HaadfRenderer.Options render = new HaadfRenderer.Options(2.0, 150, 8, 1, 0, 0, 0, true, 5);
    HexagonalSimulator.Options o = HexagonalSimulator.Options.of(12, 14, 22, render)
        .withPlacement(60, 14, 7).withDefects(0.06, 0.02, 0.06, 21);
    HexagonalSimulator.Simulation sim = new HexagonalSimulator(o).simulate();
    Structure truth = sim.structure();
    AtomsResult res = new AtomsPipeline(AtomsPipeline.Options.of(LatticeKind.AUTO)).run(sim.image(), Progress.NONE);
    assertThat(res.lattice().kind()).isEqualTo(LatticeKind.HEXAGONAL);
    assertThat(res.reference().aPx()).isCloseTo(22, org.assertj.core.data.Offset.offset(0.05));
    assertThat(res.reference().bPx()).isCloseTo(22, org.assertj.core.data.Offset.offset(0.05));

    // every present site found once, with the right label; no extra columns
    int present = 0;
    int[] match = ColumnFindingTestSupport.matchOneToOne(truth.x(), truth.y(), res.columns().x(), res.columns().y(), 3.0);
    int vacancies = 0;
    int interiorVacancies = 0;
    int dopants = 0;
    for (int i = 0; i < truth.size(); i++) {
      if (!truth.present()[i]) {
        assertThat(match[i]).as("vacancy %d has no column", i).isLessThan(0);
        vacancies++;
        if (interior(truth, i, 12, 14)) interiorVacancies++;
        continue;
      }
      present++;
      if (truth.dopant()[i]) dopants++;
      assertThat(match[i]).as("site %d (%.1f, %.1f) found", i, truth.x()[i], truth.y()[i]).isGreaterThanOrEqualTo(0);
      assertThat(res.lattice().siteName(match[i])).isEqualTo(truth.sublatticeNames().get(truth.sublattice()[i]));
    }
    assertThat(res.columns().size()).isEqualTo(present);
    assertThat(vacancies).isGreaterThan(5);
    assertThat(dopants).isGreaterThan(3);
    assertThat(interiorVacancies).isGreaterThan(3);

    // the site table: missing sites are exactly the vacancies, outliers exactly the dopants
    DescriptorTable sites = res.sites();
    double[] sx = sites.column("x_px");
    double[] sy = sites.column("y_px");
    double[] found = sites.column("found");
    double[] outlier = sites.column("outlier");
    double[] sub = sites.column("sublattice");
    int reportedMissing = 0;
    int reportedOutliers = 0;
    int reportedInterior = 0;
    for (int k = 0; k < sx.length; k++) {
      int t = nearestTrue(truth, sx[k], sy[k], 3.0);
      assertThat(t).as("site-table row at (%.1f, %.1f) is a true site", sx[k], sy[k]).isGreaterThanOrEqualTo(0);
      assertThat(found[k] == 0).as("site %d missing iff vacancy", t).isEqualTo(!truth.present()[t]);
      if (found[k] == 0 && interior(truth, t, 12, 14)) reportedInterior++;
      assertThat(res.lattice().siteNames().get((int) sub[k])).isEqualTo(truth.sublatticeNames().get(truth.sublattice()[t]));
      if (found[k] == 0) reportedMissing++;
      if (outlier[k] == 1) {
        reportedOutliers++;
        assertThat(truth.dopant()[t]).as("outlier at (%.1f, %.1f) is a dopant", sx[k], sy[k]).isTrue();
      }
    }
    // every vacancy inside the crystal is reported (one on the crystal's rim is indistinguishable from the edge)
    assertThat(reportedInterior).isEqualTo(interiorVacancies);
    assertThat(reportedMissing).isBetween(interiorVacancies, vacancies);
    assertThat(reportedOutliers).isEqualTo(dopants);
  }

  /** Not on the outermost rows or columns of the simulated crystal. */
  private static boolean interior(Structure s, int i, int rows, int cols) {
    int row = s.row()[i];
    int j = s.col()[i] - row / 2;
    return row >= 1 && row <= rows - 2 && j >= 1 && j <= cols - 2;
  }

  private static int nearestTrue(Structure s, double x, double y, double tol) {
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
