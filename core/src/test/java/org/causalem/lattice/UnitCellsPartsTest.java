package org.causalem.lattice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.causalem.image.Columns;
import org.causalem.simulate.HaadfRenderer;
import org.causalem.simulate.PerovskiteSimulator;
import org.causalem.table.DescriptorTable;
import org.junit.jupiter.api.Test;

/**
 * The parts of a {@link UnitCells} description that the site test and the window scan take alone: the oracle is the
 * whole description of the same columns, whose site table and geometric cell columns they must equal to the bit.
 */
class UnitCellsPartsTest {
  private static final HaadfRenderer.Options RENDER = new HaadfRenderer.Options(2.5, 150, 5, 1, 0, 0, 0, true, 12);

  @Test
  void theSiteTableAloneIsTheDescriptionsSiteTable() {
    PerovskiteSimulator.Simulation sim = PerovskiteAtomsTest.simulate(6, RENDER);
    AtomsResult res = AtomsPipelineThreadsTest.run(sim, 2);
    Columns cols = res.columns();
    Lattice lattice = res.lattice();
    UnitCells cells = new UnitCells(new UnitCells.Options(Double.NaN, ScanCorrection.NONE, 5, 3));
    int w = sim.image().width();
    int h = sim.image().height();
    DescriptorTable alone = cells.sites(cols.measuredX(), cols.measuredY(), cols.intensity(), lattice, w, h);
    DescriptorTable whole = cells.describe(cols.measuredX(), cols.measuredY(), cols.xErrPx(), cols.yErrPx(), cols.intensity(),
        cols.intensityErr(), lattice, w, h).sites();
    AtomsPipelineThreadsTest.assertSame("sites", whole, alone);
    assertThat(alone.rows()).isGreaterThan(100);
  }

  /** With a pixel size and a scan correction, so that the nm columns and the corrected geometry are compared too. */
  @Test
  void theGeometryAloneIsTheDescriptionsGeometryWithoutErrors() {
    PerovskiteSimulator.Simulation sim = PerovskiteAtomsTest.simulate(7, RENDER);
    AtomsResult res = AtomsPipelineThreadsTest.run(sim, 2);
    Columns cols = res.columns();
    ScanCorrection shear = new ScanCorrection(1.01, 0.02, -0.01, 0.99);
    UnitCells cells = new UnitCells(new UnitCells.Options(0.02, shear, 5, 3));
    int w = sim.image().width();
    int h = sim.image().height();
    DescriptorTable geometry = cells.geometry(cols.measuredX(), cols.measuredY(), cols.intensity(), res.lattice(), w, h);
    DescriptorTable whole = cells.describe(cols.measuredX(), cols.measuredY(), cols.xErrPx(), cols.yErrPx(), cols.intensity(),
        cols.intensityErr(), res.lattice(), w, h).cells();
    assertThat(geometry.names()).isEqualTo(whole.names());
    assertThat(geometry.rows()).isEqualTo(whole.rows()).isGreaterThan(100);
    List<String> errors = List.of("a_sigma_px", "b_sigma_px", "polarization_x_sigma_px", "polarization_y_sigma_px",
        "polarization_x_sigma_nm", "polarization_y_sigma_nm", "intensity_A_sigma", "intensity_B_sigma");
    for (String c : whole.names()) {
      if (errors.contains(c) || UnitCells.ERR_COV.contains(c)) {
        assertThat(geometry.column(c)).as(c).containsOnly(Double.NaN);
        assertThat(java.util.Arrays.stream(whole.column(c)).anyMatch(Double::isFinite)).as(c).isTrue();
      } else {
        assertThat(geometry.column(c)).as(c).isEqualTo(whole.column(c));
      }
    }
  }
}
