package org.causalem.lattice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.data.Offset;
import org.causalem.data.BadInputException;
import org.junit.jupiter.api.Test;

/**
 * A perovskite seen along [110] in ADF: SrO and TiO columns on one rectangular a × a√2 grid, their
 * intensities alternating along a. Its centred cell is the γ = 70.5° rhombus (cos γ = −1/3) that
 * {@code --lattice perovskite} used to accept; it must be refused with the reason, and {@code auto} must
 * double the cell along a instead.
 */
class ProjectionTest {
  private static final double U = 20;                       // SrO–TiO distance along x (px)
  private static final double V = 20 * Math.sqrt(2);       // period along y (px)

  @Test
  void perovskiteRefusesTheRhombicCellOfA110Projection() {
    double[][] p = grid(16, 12, 0.17);
    assertThatThrownBy(() -> new LatticeFinder(LatticeFinder.Options.of(LatticeKind.PEROVSKITE)).find(p[0], p[1], p[2]))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("not a perovskite [001]")
        .hasMessageContaining("γ = 70.5°")
        .hasMessageContaining("[110]");
  }

  @Test
  void autoDoublesTheCellAlongTheAlternatingDirection() {
    double[][] p = grid(16, 12, 0.17);
    Lattice lat = new LatticeFinder(LatticeFinder.Options.of(LatticeKind.AUTO)).find(p[0], p[1], p[2]);
    assertThat(lat.kind()).isEqualTo(LatticeKind.SIMPLE);
    assertThat(lat.sites()).isEqualTo(2);
    assertThat(lat.unindexed()).isZero();
    assertThat(Math.hypot(lat.ax(), lat.ay())).isCloseTo(2 * U, Offset.offset(0.01));
    assertThat(Math.hypot(lat.bx(), lat.by())).isCloseTo(V, Offset.offset(0.01));
    // the brighter columns (even along u) are sublattice A
    for (int i = 0; i < p[0].length; i++) assertThat(lat.site()[i]).isEqualTo(p[2][i] > 0.8 ? 0 : 1);
    assertThat(lat.siteOffsets()[1][0]).isCloseTo(0.5, Offset.offset(1e-6));
    assertThat(lat.siteOffsets()[1][1]).isCloseTo(0.0, Offset.offset(1e-6));
  }

  @Test
  void perovskiteRefusesAnObliqueLattice() {
    // one site on an oblique 20 px lattice at 70°, checkerboard intensities: the centred cell is 1.43:1
    int n = 14;
    double g = Math.toRadians(70);
    double[] x = new double[n * n];
    double[] y = new double[n * n];
    double[] in = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        x[i * n + j] = 30 + j * 20 + i * 20 * Math.cos(g);
        y[i * n + j] = 30 + i * 20 * Math.sin(g);
        in[i * n + j] = (i + j) % 2 == 0 ? 1 : 0.5;
      }
    }
    assertThatThrownBy(() -> new LatticeFinder(LatticeFinder.Options.of(LatticeKind.PEROVSKITE)).find(x, y, in))
        .isInstanceOf(BadInputException.class).hasMessageContaining("near-square");
  }

  /** SrO (intensity 1) and TiO (0.55) columns alternating along x, rotated by {@code rot} rad. */
  private static double[][] grid(int nx, int ny, double rot) {
    double[][] p = new double[3][nx * ny];
    double c = Math.cos(rot);
    double s = Math.sin(rot);
    for (int j = 0; j < ny; j++) {
      for (int i = 0; i < nx; i++) {
        int k = j * nx + i;
        double px = i * U;
        double py = j * V;
        p[0][k] = 100 + c * px - s * py;
        p[1][k] = 100 + s * px + c * py;
        p[2][k] = i % 2 == 0 ? 1 : 0.55;
      }
    }
    return p;
  }
}
