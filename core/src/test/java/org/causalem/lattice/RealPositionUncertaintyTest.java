package org.causalem.lattice;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.causalem.SharedData;
import org.causalem.data.DataFile;
import org.causalem.data.Image;
import org.causalem.data.Progress;
import org.causalem.io.Readers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Tag;

/**
 * On every real atomic-resolution image the pipeline indexes, the calibrated column uncertainties match the
 * scatter of the columns about their lattice. The scatter is computed here, independently of
 * {@link PositionCalibration}: each column is predicted from its 8 nearest same-sublattice neighbours by an
 * unweighted least-squares affine map of the lattice indices; z = residual / sqrt(σ² + Σ w²σ_k²) with the
 * reported σ; the RMS of z must lie within [0.67, 1.5] per sublattice and axis (sublattices with at least 30
 * columns that have a full neighbourhood).
 *
 * <p>SI-HAADF.dm3 is not included: the pipeline finds no lattice in it (its 32 × 32 sub-pixel sampling of the
 * SI scan leaves no neighbour vector shared by most columns), so it has no position uncertainties to check.
 */
@Tag("slow")
class RealPositionUncertaintyTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({"STO_HAADF_noisy.emd, bright", "SI-Survey_Image.dm3, bright", "test_ABF_cropped.hdf5, dark"})
  void reportedUncertaintyMatchesTheScatterAboutTheLattice(String name, String contrast) throws Exception {
    Path file = SharedData.real(name);
    AtomsResult res;
    try (DataFile df = Readers.open(file)) {
      Image image = df.first(Image.class);
      if (contrast.equals("dark")) image = inverted(image);
      res = new AtomsPipeline(AtomsPipeline.Options.of(LatticeKind.AUTO)).run(image, Progress.NONE);
    }
    double[] x = res.columns().x();
    double[] y = res.columns().y();
    PositionErrors e = res.positionErrors();
    Lattice lat = res.lattice();
    int checked = 0;
    for (int s = 0; s < lat.sites(); s++) {
      List<Integer> members = new ArrayList<>();
      for (int i = 0; i < x.length; i++) if (lat.site()[i] == s && res.columns().converged(i)) members.add(i);
      List<double[]> z = new ArrayList<>();
      for (int i : members) {
        double[] zi = zScore(i, members, x, y, e, lat);
        if (zi != null) z.add(zi);
      }
      if (z.size() < 30) continue;
      checked++;
      for (int axis = 0; axis < 2; axis++) {
        double ss = 0;
        for (double[] v : z) ss += v[axis] * v[axis];
        double rms = Math.sqrt(ss / z.size());
        assertThat(rms).as("%s %s %s: observed scatter / reported uncertainty (%d columns)", name, lat.siteNames().get(s),
            axis == 0 ? "x" : "y", z.size()).isBetween(0.67, 1.5);
      }
    }
    assertThat(checked).as("sublattices checked").isGreaterThanOrEqualTo(1);
  }

  /** (z_x, z_y) of column i against its 8 nearest same-sublattice neighbours, or null without a full neighbourhood. */
  private static double[] zScore(int i, List<Integer> members, double[] x, double[] y, PositionErrors e, Lattice lat) {
    int m = members.size();
    double[] d2 = new double[m];
    Integer[] order = new Integer[m];
    for (int k = 0; k < m; k++) {
      int j = members.get(k);
      d2[k] = j == i ? Double.POSITIVE_INFINITY : (x[j] - x[i]) * (x[j] - x[i]) + (y[j] - y[i]) * (y[j] - y[i]);
      order[k] = k;
    }
    Arrays.sort(order, (a, b) -> Double.compare(d2[a], d2[b]));
    if (m < 9) return null;
    double near = (d2[order[0]] + d2[order[1]] + d2[order[2]] + d2[order[3]]) / 4;
    if (d2[order[7]] > 2.5 * near) return null;   // at an edge or a gap: no full neighbourhood
    int[] nb = new int[8];
    for (int k = 0; k < 8; k++) nb[k] = members.get(order[k]);
    // unweighted least squares of position on (1, Δcol, Δrow); prediction at Δ = 0: w = e0ᵀ(AᵀA)⁻¹Aᵀ
    double[][] ata = new double[3][3];
    double[][] a = new double[8][];
    for (int k = 0; k < 8; k++) {
      a[k] = new double[] {1, lat.col()[nb[k]] - lat.col()[i], lat.row()[nb[k]] - lat.row()[i]};
      for (int p = 0; p < 3; p++) for (int q = 0; q < 3; q++) ata[p][q] += a[k][p] * a[k][q];
    }
    double[][] inv = invert3(ata);
    if (inv == null) return null;
    double px = 0;
    double py = 0;
    double vx = e.xErr()[i] * e.xErr()[i];
    double vy = e.yErr()[i] * e.yErr()[i];
    for (int k = 0; k < 8; k++) {
      double w = inv[0][0] * a[k][0] + inv[0][1] * a[k][1] + inv[0][2] * a[k][2];
      px += w * x[nb[k]];
      py += w * y[nb[k]];
      vx += w * w * e.xErr()[nb[k]] * e.xErr()[nb[k]];
      vy += w * w * e.yErr()[nb[k]] * e.yErr()[nb[k]];
    }
    if (!(vx > 0) || !(vy > 0)) return null;
    return new double[] {(x[i] - px) / Math.sqrt(vx), (y[i] - py) / Math.sqrt(vy)};
  }

  private static double[][] invert3(double[][] m) {
    double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    if (Math.abs(det) < 1e-9) return null;
    double[][] r = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        int i1 = (j + 1) % 3;
        int i2 = (j + 2) % 3;
        int j1 = (i + 1) % 3;
        int j2 = (i + 2) % 3;
        r[i][j] = (m[i1][j1] * m[i2][j2] - m[i1][j2] * m[i2][j1]) / det;
      }
    }
    return r;
  }

  private static Image inverted(Image img) {
    float[] px = img.toFloat();
    float max = Float.NEGATIVE_INFINITY;
    for (float v : px) max = Math.max(max, v);
    float[] out = new float[px.length];
    for (int i = 0; i < px.length; i++) out[i] = max - px[i];
    return img.withPixels(out);
  }
}
