package org.causalem.lattice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.causalem.data.BadInputException;
import org.causalem.simulate.HaadfRenderer;
import org.causalem.simulate.HexagonalSimulator;
import org.causalem.simulate.PerovskiteSimulator;
import org.causalem.simulate.Structure;
import org.junit.jupiter.api.Test;

/** The lattice finder on exact site positions (no image): known vectors, sublattices and refusals. */
class LatticeFinderTest {
  @Test
  void measuresAStrainedHoneycombFromItsDisplacementField() {
    int rows = 10;
    int cols = 12;
    double a = 22;
    HexagonalSimulator.Options o = HexagonalSimulator.Options.of(rows, cols, a, HaadfRenderer.Options.defaults(1));
    Structure ideal = new HexagonalSimulator(o).structure();
    // uniform 1.5 % stretch along x applied as per-site displacement fields
    double eps = 0.015;
    double[][] mdx = new double[rows][cols];
    double[][] cdx = new double[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        mdx[i][j] = eps * ideal.x()[i * cols + j];
        cdx[i][j] = eps * ideal.x()[rows * cols + i * cols + j];
      }
    }
    Structure s = new HexagonalSimulator(o.withDisplacements(mdx, null, cdx, null)).structure();
    double[] inten = new double[s.size()];
    for (int i = 0; i < s.size(); i++) inten[i] = s.sublattice()[i] == 0 ? 1 : 0.45;
    Lattice lat = new LatticeFinder(LatticeFinder.Options.of(LatticeKind.AUTO)).find(s.x(), s.y(), inten);
    assertThat(lat.kind()).isEqualTo(LatticeKind.HEXAGONAL);
    assertThat(lat.unindexed()).isZero();
    ReferenceLattice ref = ReferenceLattice.fit(s.x(), s.y(), lat);
    // stretched along x, the two shortest translations are the diagonal ones, (±a(1+ε)/2, a√3/2);
    // their difference is the stretched horizontal one
    double diag = Math.hypot(a / 2 * (1 + eps), a * Math.sqrt(3) / 2);
    assertThat(ref.aPx()).isCloseTo(diag, Offset.offset(1e-6));
    assertThat(ref.bPx()).isCloseTo(diag, Offset.offset(1e-6));
    assertThat(Math.hypot(ref.ax() - ref.bx(), ref.ay() - ref.by())).isCloseTo(a * (1 + eps), Offset.offset(1e-6));
    for (int i = 0; i < s.size(); i++) {
      assertThat(lat.siteName(i)).isEqualTo(s.sublattice()[i] == 0 ? "metal" : "chalcogen");
    }
  }

  @Test
  void refusesRandomPointsAndTheWrongKind() {
    SplittableRandom r = new SplittableRandom(5);
    double[] x = new double[400];
    double[] y = new double[400];
    double[] in = new double[400];
    for (int i = 0; i < 400; i++) {
      x[i] = 400 * r.nextDouble();
      y[i] = 400 * r.nextDouble();
      in[i] = 1;
    }
    assertThatThrownBy(() -> new LatticeFinder(LatticeFinder.Options.of(LatticeKind.AUTO)).find(x, y, in))
        .isInstanceOf(BadInputException.class).hasMessageContaining("no lattice");

    Structure p = new PerovskiteSimulator(PerovskiteSimulator.Options.uniform(8, 8, 24, 24, HaadfRenderer.Options.defaults(1))).structure();
    assertThatThrownBy(() -> new LatticeFinder(LatticeFinder.Options.of(LatticeKind.HEXAGONAL)).find(p.x(), p.y(), p.intensity()))
        .isInstanceOf(BadInputException.class).hasMessageContaining("not a hexagonal");
    Lattice ok = new LatticeFinder(LatticeFinder.Options.of(LatticeKind.AUTO)).find(p.x(), p.y(), p.intensity());
    assertThat(ok.kind()).isEqualTo(LatticeKind.PEROVSKITE);
    assertThat(ok.count(0)).isEqualTo(81);
    assertThat(ok.count(1)).isEqualTo(64);
    assertThat(ok.siteOffsets()[1]).containsExactly(0.5, 0.5);
  }
}
