package org.causalem.fourd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.causalem.data.BadInputException;
import org.causalem.data.DataCube4D;
import org.causalem.simulate.FourdSimulator;
import org.junit.jupiter.api.Test;

class FourdPipelineTest {
  private static final int SX = 24;
  private static final int SY = 20;

  /** A CoM field u = ∇φ seen by a detector rotated by −angle (so that rotating by +angle undoes it). */
  private static double[][] gradientField(double angleDeg) {
    double[] ux = new double[SX * SY];
    double[] uy = new double[SX * SY];
    double c = Math.cos(Math.toRadians(-angleDeg));
    double s = Math.sin(Math.toRadians(-angleDeg));
    for (int r = 0; r < SY; r++) {
      for (int q = 0; q < SX; q++) {
        double gx = 1.2 * Math.cos(2 * Math.PI * q / 12) * Math.cos(2 * Math.PI * r / 10);
        double gy = -1.2 * 12 / 10.0 * Math.sin(2 * Math.PI * q / 12) * Math.sin(2 * Math.PI * r / 10);
        ux[r * SX + q] = c * gx - s * gy;
        uy[r * SX + q] = s * gx + c * gy;
      }
    }
    return new double[][] {ux, uy};
  }

  @Test
  void comMapsAndRotationFromASimulatedCube() {
    double[][] f = gradientField(35);
    DataCube4D cube = FourdSimulator.comCube(SX, SY, 64, 8, 31.2, 32.7, f[0], f[1], null, 1e6, 9);
    FourdPipeline.Options o = new FourdPipeline.Options(List.of("bf", "abf", "adf", "haadf"), List.of(), true, Descan.NONE,
        Double.NaN, false, Double.NaN, null, 0, 2, 1);
    FourdResult r = new FourdPipeline(o).run(cube, (d, t) -> { });
    assertThat(r.probe().centreX()).isCloseTo(31.2, within(0.3));
    assertThat(r.probe().centreY()).isCloseTo(32.7, within(0.3));
    assertThat(r.probe().radiusPx()).isCloseTo(8, within(0.5));
    assertThat(r.maps().keySet()).containsExactly("virtual_bf", "virtual_abf", "virtual_adf", "virtual_haadf", "com_x",
        "com_y", "dpc_x", "dpc_y", "divergence", "curl", "dpc_phase");
    double mx = 0;
    double my = 0;
    for (int i = 0; i < SX * SY; i++) {
      mx += f[0][i];
      my += f[1][i];
    }
    mx /= SX * SY;
    my /= SX * SY;
    double ss = 0;
    for (int i = 0; i < SX * SY; i++) {
      ss += Math.pow(r.maps().get("com_x")[i] - (f[0][i] - mx), 2) + Math.pow(r.maps().get("com_y")[i] - (f[1][i] - my), 2);
    }
    assertThat(Math.sqrt(ss / (SX * SY))).isLessThan(0.02);
    assertThat(r.rotation().angleDeg()).isCloseTo(35, within(1.0));
    assertThat(r.rotation().flip()).isFalse();
    assertThat(r.pixels().rows()).isEqualTo(SX * SY);
    assertThat(r.pixels().names()).startsWith("row", "col", "x_px", "y_px").contains("virtual_bf", "com_x", "curl");
    // the shifts and what derives from them are signed (diverging colours), the virtual images are counts
    for (String m : r.maps().keySet()) assertThat(FourdPipeline.signed(m)).as(m).isEqualTo(!m.startsWith("virtual_"));
    // every map is spectral, whatever its name
    assertThat(r.pixels().descriptor("curl").role()).isEqualTo(org.causalem.table.Descriptor.Role.SPECTRAL);
  }

  @Test
  void strainAndClustersThroughThePipeline() {
    StrainMapperTest.Truth truth = (q, r) -> q < 5 ? new double[4] : new double[] {0.01, 0.01, 0, 0};
    DataCube4D cube = StrainMapperTest.cube(truth, 12);
    FourdPipeline.Options o = FourdPipeline.Options.defaults().withStrain(true, new ScanRegion(0, 0, 5, StrainMapperTest.H))
        .withClusters(2);
    FourdResult r = new FourdPipeline(o).run(cube, (d, t) -> { });
    float[] exx = r.maps().get("strain_xx");
    for (int row = 0; row < StrainMapperTest.H; row++) {
      assertThat((double) exx[row * StrainMapperTest.W + 1]).isCloseTo(0, within(1e-3));
      assertThat((double) exx[row * StrainMapperTest.W + 12]).isCloseTo(0.01, within(1e-3));
    }
    // the strained and unstrained halves are two phases
    int[] c = r.clusters();
    assertThat(c[0]).isNotEqualTo(c[12]);
    assertThat(r.pixels().names()).contains("strain_xx", "strain_yy", "strain_xy", "rotation", "clusters");
  }

  @Test
  void strainIsReportedInTheScanFrameWhenTheDetectorRotationIsKnown() {
    // uniaxial 1 % along the detector's x in the right half
    StrainMapperTest.Truth truth = (q, r) -> q < 5 ? new double[4] : new double[] {0.01, 0, 0, 0};
    DataCube4D cube = StrainMapperTest.cube(truth, 12);
    FourdPipeline.Options o = FourdPipeline.Options.defaults().withStrain(true, new ScanRegion(0, 0, 5, StrainMapperTest.H));
    FourdResult detector = new FourdPipeline(o).run(cube, (d, t) -> { });
    FourdResult scan = new FourdPipeline(o.withRotation(90)).run(cube, (d, t) -> { });
    assertThat(detector.strain().frame()).isEqualTo("detector");
    assertThat(detector.notes()).anyMatch(n -> n.contains("detector frame"));
    assertThat(scan.strain().frame()).isEqualTo("scan");
    int p = 2 * StrainMapperTest.W + 12;
    assertThat((double) detector.maps().get("strain_xx")[p]).isCloseTo(0.01, within(1e-3));
    assertThat((double) detector.maps().get("strain_yy")[p]).isCloseTo(0, within(1e-3));
    // a quarter turn moves the detector's x onto the scan's y
    assertThat((double) scan.maps().get("strain_xx")[p]).isCloseTo(0, within(1e-3));
    assertThat((double) scan.maps().get("strain_yy")[p]).isCloseTo(0.01, within(1e-3));
  }

  @Test
  void aNamedDetectorBeyondASmallDetectorIsSkippedWithANote() {
    double[][] f = gradientField(0);
    // 8 × 8 detector, bright-field disk of radius 4 at the centre: adf (6..12 px) lies beyond every pixel
    DataCube4D cube = FourdSimulator.comCube(SX, SY, 8, 4, 3.5, 3.5, f[0], f[1], null, 0, 1);
    FourdResult r = new FourdPipeline(FourdPipeline.Options.defaults()).run(cube, (d, t) -> { });
    assertThat(r.maps()).containsKey("virtual_bf").doesNotContainKey("virtual_adf");
    assertThat(r.notes()).anyMatch(n -> n.contains("adf") && n.contains("skipped"));
  }

  @Test
  void strainWithoutALatticeIsBadInput() {
    double[][] f = gradientField(0);
    DataCube4D cube = FourdSimulator.comCube(SX, SY, 64, 8, 31.2, 32.7, f[0], f[1], null, 0, 1);
    assertThatThrownBy(() -> new FourdPipeline(FourdPipeline.Options.defaults().withStrain(true, null)).run(cube, (d, t) -> { }))
        .isInstanceOf(BadInputException.class).hasMessageContaining("no Bragg-disk lattice");
  }

  @Test
  void unknownDetectorNameIsRejected() {
    assertThatThrownBy(() -> FourdPipeline.Options.defaults().withVirtual(List.of("df")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'df'").hasMessageContaining("haadf");
  }
}
