package org.causalem.structure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Path;
import java.util.Map;
import org.causalem.data.Image;
import org.causalem.data.Progress;
import org.causalem.lattice.AtomsPipeline;
import org.causalem.lattice.AtomsResult;
import org.causalem.lattice.LatticeKind;
import org.causalem.simulate.HaadfRenderer;
import org.causalem.simulate.PerovskiteSimulator;
import org.causalem.simulate.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Structural models from simulated perovskite images: file round trips and positions against the generating structure. */
class StructureExportTest {
  static final double A_NM = 0.3905;
  static final double A_PX = 24;
  @TempDir Path tmp;

  /** A 10 × 11-cell SrTiO3-like image with small per-cell distortions; {@code vacancy} ≥ 0 removes that site. */
  static Sim simulate(long seed, int vacancy) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    int rows = 10;
    int cols = 11;
    double[][] dx = new double[rows][cols];
    double[][] dy = new double[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        dx[i][j] = 0.4 * (r.nextDouble() - 0.5);
        dy[i][j] = 0.4 * (r.nextDouble() - 0.5);
      }
    }
    HaadfRenderer.Options render = new HaadfRenderer.Options(2.5, 150, 5, 1, 0, 0, 0, true, seed * 7 + 1);
    PerovskiteSimulator.Options o = PerovskiteSimulator.Options.uniform(rows, cols, A_PX, A_PX, render)
        .withDisplacement(dx, dy).withPlacement(20.3, 18.7, 1.5);
    Structure s = new PerovskiteSimulator(o).structure();
    if (vacancy >= 0) {
      boolean[] present = s.present().clone();
      present[vacancy] = false;
      s = new Structure(s.x(), s.y(), s.intensity(), s.sublattice(), s.row(), s.col(), present, s.dopant(), s.sublatticeNames());
    }
    HaadfRenderer renderer = new HaadfRenderer(render);
    int w = (int) Math.ceil(java.util.Arrays.stream(s.x()).max().getAsDouble() + 20.3);
    int h = (int) Math.ceil(java.util.Arrays.stream(s.y()).max().getAsDouble() + 18.7);
    Image img = renderer.render(s, w, h);
    AtomsResult res = new AtomsPipeline(AtomsPipeline.Options.of(LatticeKind.PEROVSKITE).withLatticeConstantNm(A_NM)).run(img, Progress.NONE);
    return new Sim(s, res);
  }

  record Sim(Structure truth, AtomsResult res) {}

  @Test
  void xyzAndCifRoundTripToAMicroAngstrom() throws Exception {
    Sim sim = simulate(1, -1);
    StructureModel m = StructureModel.of(sim.res(), Map.of("A", "Sr", "B", "Ti"));
    StructureExport.writeXyz(tmp.resolve("s.xyz"), m);
    StructureExport.writeCif(tmp.resolve("s.cif"), m);
    // the provenance names the library and its version, not a command line
    assertThat(java.nio.file.Files.readString(tmp.resolve("s.cif")))
        .contains("_audit_creation_method 'CausalEM " + org.causalem.Version.get() + " atoms workflow, structure export'")
        .doesNotContain("--");
    for (StructureModel back : new StructureModel[] {StructureExport.readXyz(tmp.resolve("s.xyz")), StructureExport.readCif(tmp.resolve("s.cif"))}) {
      assertThat(back.size()).isEqualTo(m.size());
      assertThat(back.na()).isEqualTo(m.na());
      assertThat(back.nb()).isEqualTo(m.nb());
      assertThat(back.aLength()).isCloseTo(m.aLength(), offset(1e-6));
      assertThat(back.gammaDeg()).isCloseTo(m.gammaDeg(), offset(1e-6));
      for (int i = 0; i < m.size(); i++) {
        assertThat(back.x()[i]).isCloseTo(m.x()[i], offset(1e-6));
        assertThat(back.y()[i]).isCloseTo(m.y()[i], offset(1e-6));
        assertThat(back.z()[i]).isCloseTo(0, offset(1e-6));
        assertThat(back.sigmaX()[i]).isCloseTo(m.sigmaX()[i], offset(1e-6));
        assertThat(back.sigmaY()[i]).isCloseTo(m.sigmaY()[i], offset(1e-6));
        assertThat(back.occupancy()[i]).isEqualTo(m.occupancy()[i]);
        assertThat(back.element()[i]).isEqualTo(m.element()[i]);
        assertThat(back.sublattice()[i]).isEqualTo(m.sublattice()[i]);
        assertThat(back.flags()[i]).isEqualTo(m.flags()[i]);
        assertThat(back.row()[i]).isEqualTo(m.row()[i]);
        assertThat(back.col()[i]).isEqualTo(m.col()[i]);
      }
      assertThat(String.join(" ", back.notes())).contains("not measured");
    }
    // every fractional coordinate lies in the supercell
    for (int i = 0; i < m.size(); i++) {
      double[] f = m.fractional(i);
      assertThat(f[0]).isBetween(-0.05, 1.0);
      assertThat(f[1]).isBetween(-0.05, 1.0);
    }
  }

  /**
   * Positions against the generating structure over 5 seeds. The simulator's truth is in the image's pixel frame, the
   * same frame the model uses; nothing is removed but the calibration's scale (Å = px × 10 × pixel size in nm,
   * pixel size = 0.3905 nm / 24 px exactly as simulated).
   */
  @Test
  void positionsAgreeWithTheGeneratingStructureWithinTheReportedUncertainty() {
    int within = 0;
    int total = 0;
    double s = A_NM / A_PX * 10;
    for (long seed = 1; seed <= 5; seed++) {
      Sim sim = simulate(seed, -1);
      StructureModel m = StructureModel.of(sim.res(), Map.of("A", "Sr", "B", "Ti"));
      Structure t = sim.truth();
      assertThat(sim.res().pixelSizeNm() * 10).isCloseTo(s, offset(s * 2e-3));
      for (int i = 0; i < m.size(); i++) {
        int k = nearest(t, m.x()[i] / s, m.y()[i] / s);
        assertThat(Math.hypot(t.x()[k] * s - m.x()[i], t.y()[k] * s - m.y()[i])).as("atom %d matched", i).isLessThan(0.3);
        assertThat(m.element()[i]).isEqualTo(t.sublattice()[k] == 0 ? "Sr" : "Ti");
        assertThat(m.occupancy()[i]).isEqualTo(1.0);
        // the model's Å scale comes from the refined lattice, the truth's from the simulation: compare in the model's scale
        double sm = sim.res().pixelSizeNm() * 10;
        for (double z : new double[] {(m.x()[i] - t.x()[k] * sm) / m.sigmaX()[i], (m.y()[i] - t.y()[k] * sm) / m.sigmaY()[i]}) {
          total++;
          if (Math.abs(z) <= 2) within++;
        }
      }
    }
    double frac = within / (double) total;
    System.out.println("structure: " + within + " of " + total + " coordinates within 2 sigma (" + frac + ")");
    assertThat(frac).as("fraction of coordinates within 2σ of the truth (%d)", total).isBetween(0.90, 0.99);
  }

  /** A square lattice scanned with linear drift: with the scan correction the model is square again. */
  @Test
  void theScanCorrectionCarriesIntoTheModel() {
    HaadfRenderer.Options render = new HaadfRenderer.Options(2.5, 150, 5, 1, 0, 0.02, 0.04, true, 9);
    PerovskiteSimulator.Simulation sim = new PerovskiteSimulator(PerovskiteSimulator.Options.uniform(9, 10, A_PX, A_PX, render)).simulate();
    AtomsPipeline.Options o = AtomsPipeline.Options.of(LatticeKind.PEROVSKITE).withLatticeConstantNm(A_NM);
    StructureModel raw = StructureModel.of(new AtomsPipeline(o).run(sim.image(), Progress.NONE), Map.of());
    StructureModel corrected = StructureModel.of(new AtomsPipeline(o.withScanCorrection(true)).run(sim.image(), Progress.NONE), Map.of());
    assertThat(Math.abs(raw.bLength() / raw.aLength() - 1) + Math.abs(raw.gammaDeg() - 90) / 90).as("drift distorts the raw model").isGreaterThan(0.02);
    assertThat(corrected.aLength()).isCloseTo(A_NM * 10, offset(1e-6));
    assertThat(corrected.bLength() / corrected.aLength()).isCloseTo(1, offset(0.003));
    assertThat(corrected.gammaDeg()).isCloseTo(90, offset(0.2));
    assertThat(String.join(" ", corrected.notes())).contains("scan correction applied");
  }

  @Test
  void aVacantSiteIsWrittenWithOccupancyZero() throws Exception {
    Sim sim = simulate(2, 11 * 12 + 5 * 11 + 5);   // the B site of cell (5, 5)
    StructureModel m = StructureModel.of(sim.res(), Map.of("B", "Ti"));
    int vac = 0;
    for (int i = 0; i < m.size(); i++) {
      if (m.occupancy()[i] == 0) {
        vac++;
        assertThat(m.flags()[i]).contains("vacancy");
        assertThat(m.sublattice()[i]).isEqualTo("B");
        assertThat(m.sigmaX()[i]).isNaN();
      }
      assertThat(m.element()[i]).isEqualTo(m.sublattice()[i].equals("B") ? "Ti" : Elements.UNKNOWN);
    }
    assertThat(vac).isEqualTo(1);
    assertThat(String.join(" ", m.notes())).contains("sublattice A has no element");
    StructureExport.writeCif(tmp.resolve("v.cif"), m);
    assertThat(java.nio.file.Files.readString(tmp.resolve("v.cif"))).contains(" ? ? ").contains("vacancy");
  }

  @Test
  void refusesWithoutCalibrationAndValidatesTheMapping() {
    Sim sim = simulate(3, -1);
    AtomsResult r = sim.res();
    AtomsResult uncal = new AtomsResult(r.detection(), r.columns(), r.lattice(), r.reference(), r.correction(), r.cells(), r.sites(),
        Double.NaN, "none", r.timingsS(), r.siteTest(), r.positionErrors(), r.scan(), r.offCentring(), r.pixelNoise());
    assertThatThrownBy(() -> StructureModel.of(uncal, Map.of())).hasMessageContaining("lattice constant");
    assertThatThrownBy(() -> StructureModel.of(r, Map.of("C", "O"))).hasMessageContaining("'C'").hasMessageContaining("A, B");
    assertThatThrownBy(() -> Elements.parseMapping("A=Xx")).hasMessageContaining("Xx");
    assertThatThrownBy(() -> Elements.parseMapping("A")).hasMessageContaining("SUBLATTICE=Element");
    assertThatThrownBy(() -> Elements.parseMapping("A=Sr,A=Ba")).hasMessageContaining("twice");
    assertThat(Elements.parseMapping("A=Sr, B=Ti")).containsEntry("A", "Sr").containsEntry("B", "Ti");
  }

  private static int nearest(Structure t, double x, double y) {
    int best = -1;
    double bd = Double.POSITIVE_INFINITY;
    for (int k = 0; k < t.size(); k++) {
      double d = Math.hypot(t.x()[k] - x, t.y()[k] - y);
      if (d < bd) {
        bd = d;
        best = k;
      }
    }
    return best;
  }
}
