package org.causalem.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.causalem.SharedData;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;
import org.causalem.data.Image;
import org.causalem.data.Progress;
import org.causalem.io.Readers;
import org.causalem.lattice.AtomsPipeline;
import org.causalem.lattice.AtomsResult;
import org.causalem.lattice.LatticeKind;
import org.junit.jupiter.api.Test;

/**
 * The acid test of issue 13 on a real image: SrTiO3 [001] at room temperature is cubic, paraelectric and
 * of uniform composition (MANIFEST: no causal edge among composition, lattice and polarization descriptors
 * is physically real there). Before the instrument check the workflow reported intensity_B →
 * polarization_x_px at 0.96, a_px → polarization_x_px at 0.69 and gamma_deg → b_px at 0.63; none may now be
 * supported, and the scan-row banding that line jitter leaves in the lattice descriptors must be seen.
 */
class RealNullImageTest {
  @Test
  void paraelectricSrTiO3GivesNoSupportedEdge() throws Exception {
    Path file = SharedData.real("STO_HAADF_noisy.emd");
    Image image = null;
    DataFile df = Readers.open(file);
    for (Dataset d : df.datasets()) {
      if (d instanceof Image img) {
        image = img;
        break;
      }
    }
    assertThat(image).as("an image in " + file).isNotNull();
    AtomsResult atoms = new AtomsPipeline(AtomsPipeline.Options.of(LatticeKind.PEROVSKITE).withLatticeConstantNm(0.3905))
        .run(image, Progress.NONE);
    FerroicAnalysis.Result res = new FerroicAnalysis(FerroicAnalysis.Options.defaults(1).withBootstrap(10)
        .withPredictability(false).withPairwise(false)).run(atoms.cells(), Progress.NONE);
    assertThat(res.rowsUsed()).isGreaterThan(600);
    assertThat(res.edgeChecks()).hasSize(res.consensus().graph().edges().size());
    for (FerroicAnalysis.EdgeCheck c : res.edgeChecks()) {
      assertThat(c.status()).as(c.sentence()).isNotEqualTo(FerroicAnalysis.Status.SUPPORTED);
    }
    // the scan-independent composition proxies replace the raw integrated intensities
    assertThat(res.variables()).contains("intensity_A_norm", "intensity_B_norm").doesNotContain("intensity_A");
    // line jitter bands the lattice descriptors by scan row, far beyond chance
    boolean rowBanded = res.instrument().banding().stream()
        .filter(b -> b.descriptor().equals("b_px") || b.descriptor().equals("gamma_deg"))
        .anyMatch(b -> b.rowFraction() > 3 * b.rowChance());
    assertThat(rowBanded).isTrue();
    assertThat(res.instrument().nuisance()).contains("x_px", "y_px", "scan_line_offset_px", "sampling_x");
  }
}
