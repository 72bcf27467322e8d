package org.causalem.fourd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.causalem.data.DataCube4D;
import org.causalem.simulate.FourdSimulator;
import org.junit.jupiter.api.Test;

class StrainMapperTest {
  static final int W = 16;
  static final int H = 10;
  static final int DET = 128;
  static final double[] G0 = {22.0, 1.5, -2.0, 21.0};
  static final double CX = 63.3;
  static final double CY = 64.1;
  static final double RADIUS = 4;

  /** Truth per position: {exx, eyy, exy, omega}. */
  interface Truth {
    double[] at(int col, int row);
  }

  static DataCube4D cube(Truth truth, long seed) {
    float[][] g1 = new float[2][W * H];
    float[][] g2 = new float[2][W * H];
    for (int r = 0; r < H; r++) {
      for (int q = 0; q < W; q++) {
        double[] t = truth.at(q, r);
        double[] g = FourdSimulator.strainedBasis(G0[0], G0[1], G0[2], G0[3], t[0], t[1], t[2], t[3]);
        int p = r * W + q;
        g1[0][p] = (float) g[0];
        g1[1][p] = (float) g[1];
        g2[0][p] = (float) g[2];
        g2[1][p] = (float) g[3];
      }
    }
    return FourdSimulator.braggCube(W, H, DET, RADIUS, CX, CY, g1, g2, 40, 1e5, seed);
  }

  static Lattice initial(DataCube4D cube) {
    CubeMaps maps = new CubeScan(new CubeScan.Options(List.of(), null)).scan(cube, 2, (d, t) -> { });
    float[] mean = new float[DET * DET];
    for (int i = 0; i < mean.length; i++) mean[i] = (float) maps.meanPattern()[i];
    BraggDiskFinder finder = new BraggDiskFinder(BraggDiskFinder.Options.forRadius(RADIUS), DET, DET);
    Disks disks = finder.find(mean, finder.workspace());
    return new LatticeFitter(LatticeFitter.Options.defaults()).guess(disks, CX, CY).lattice();
  }

  private static void assertRecovered(StrainMaps s, Truth truth) {
    double[] ss = new double[4];
    for (int r = 0; r < H; r++) {
      for (int q = 0; q < W; q++) {
        int p = r * W + q;
        double[] t = truth.at(q, r);
        ss[0] += sq(s.exx()[p] - t[0]);
        ss[1] += sq(s.eyy()[p] - t[1]);
        ss[2] += sq(s.exy()[p] - t[2]);
        ss[3] += sq(s.rotationDeg()[p] - Math.toDegrees(t[3]));
      }
    }
    int n = W * H;
    assertThat(Math.sqrt(ss[0] / n)).as("RMS error of εxx").isLessThan(5e-4);
    assertThat(Math.sqrt(ss[1] / n)).as("RMS error of εyy").isLessThan(5e-4);
    assertThat(Math.sqrt(ss[2] / n)).as("RMS error of εxy").isLessThan(5e-4);
    assertThat(Math.sqrt(ss[3] / n)).as("RMS error of rotation (deg)").isLessThan(0.03);
  }

  private static double sq(double v) { return v * v; }

  @Test
  void mostDisksOfThePatternAreFoundAtTheirTrueCentres() {
    float[][] g1 = {{(float) G0[0]}, {(float) G0[1]}};
    float[][] g2 = {{(float) G0[2]}, {(float) G0[3]}};
    DataCube4D cube = FourdSimulator.braggCube(1, 1, DET, RADIUS, CX, CY, g1, g2, 40, 1e5, 1);
    float[] frame = new float[DET * DET];
    cube.readFrame(0, 0, frame);
    BraggDiskFinder finder = new BraggDiskFinder(BraggDiskFinder.Options.forRadius(RADIUS), DET, DET);
    Disks d = finder.find(frame, finder.workspace());
    assertThat(d.count()).isGreaterThanOrEqualTo(20);
    double worst = 0;
    for (int i = 0; i < d.count(); i++) {
      // nearest true lattice point
      double best = Double.POSITIVE_INFINITY;
      for (int h = -3; h <= 3; h++) {
        for (int k = -3; k <= 3; k++) {
          double x = CX + h * G0[0] + k * G0[2];
          double y = CY + h * G0[1] + k * G0[3];
          best = Math.min(best, Math.hypot(d.x()[i] - x, d.y()[i] - y));
        }
      }
      worst = Math.max(worst, best);
    }
    assertThat(worst).isLessThan(0.1);
  }

  @Test
  void initialLatticeOfTheMeanPatternIsTheSimulatedOne() {
    Lattice l = initial(cube((q, r) -> new double[4], 2));
    // the reduced basis may be any of ±g1, ±g2 order: compare the set of the two vectors up to sign
    double[][] found = {{l.g1x(), l.g1y()}, {l.g2x(), l.g2y()}};
    double[][] truth = {{G0[0], G0[1]}, {G0[2], G0[3]}};
    for (double[] t : truth) {
      double best = Double.POSITIVE_INFINITY;
      for (double[] f : found) best = Math.min(best, Math.min(Math.hypot(f[0] - t[0], f[1] - t[1]), Math.hypot(f[0] + t[0], f[1] + t[1])));
      assertThat(best).isLessThan(0.05);
    }
    assertThat(l.ox()).isCloseTo(CX, within(0.05));
    assertThat(l.oy()).isCloseTo(CY, within(0.05));
  }

  @Test
  void uniformOnePercentStrainIsRecovered() {
    Truth truth = (q, r) -> q < 5 ? new double[4] : new double[] {0.01, 0.01, 0, 0};
    DataCube4D cube = cube(truth, 3);
    StrainMaps s = new StrainMapper(new StrainMapper.Options(BraggDiskFinder.Options.forRadius(RADIUS),
        LatticeFitter.Options.defaults(), new ScanRegion(0, 0, 5, H))).map(cube, initial(cube), 2, (d, t) -> { });
    assertRecovered(s, truth);
    assertThat((double) s.exx()[5 * W + 12]).isCloseTo(0.01, within(5e-4));
    assertThat(s.indexed()[0]).isGreaterThanOrEqualTo(20f);
  }

  @Test
  void strainGradientWithShearAndRotationIsRecovered() {
    Truth truth = (q, r) -> q < 3 ? new double[4] : new double[] {
        0.02 * (q - 2) / (W - 3.0), -0.01 * (q - 2) / (W - 3.0) * r / (H - 1.0), 0.006 * Math.sin(0.3 * r) * (q - 2) / W,
        Math.toRadians(0.4) * (q - 2) / W};
    DataCube4D cube = cube(truth, 4);
    StrainMaps s = new StrainMapper(new StrainMapper.Options(BraggDiskFinder.Options.forRadius(RADIUS),
        LatticeFitter.Options.defaults(), new ScanRegion(0, 0, 3, H))).map(cube, initial(cube), 2, (d, t) -> { });
    assertRecovered(s, truth);
  }
}
