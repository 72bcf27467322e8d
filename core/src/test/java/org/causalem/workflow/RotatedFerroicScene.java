package org.causalem.workflow;

import java.util.List;
import java.util.SplittableRandom;
import org.causalem.data.Image;
import org.causalem.simulate.FerroicScenario;
import org.causalem.simulate.PerovskiteSimulator;
import org.causalem.simulate.ScanDistortion;
import org.causalem.simulate.Structure;

/**
 * The demo's structural causal model ({@link FerroicScenario}: composition → a → polarization_x,
 * composition → polarization_y) with the lattice rotated against the scan, as real specimens are (the
 * shared SrTiO3 image is rotated 17°). The scenario's composition bands run along the lattice's x; with
 * the lattice aligned to the scan they would be functions of the scan column alone, exactly like a
 * fast-scan magnification artefact, and no analysis could tell the two apart. Rotated, a scan column
 * crosses many composition bands and the scan's own structure is separable from the specimen's.
 * A null scene (no composition contrast, no mechanism) is the same with every coupling zero.
 */
final class RotatedFerroicScene {
  private RotatedFerroicScene() {}

  record Scene(Image image, List<String[]> trueEdges) {}

  /**
   * @param cells cells per side
   * @param mechanism true: the demo's couplings; false: the null scene
   */
  static Scene simulate(int cells, boolean mechanism, ScanDistortion distortion, double rotationDeg, long seed) {
    FerroicScenario.Options d = FerroicScenario.Options.defaults(seed);
    double intensityPerComp = mechanism ? d.intensityPerComposition() : 0;
    double aPerComp = mechanism ? d.aPerComposition() : 0;
    double pxPerA = mechanism ? d.polarizationXPerA() : 0;
    double pyPerComp = mechanism ? d.polarizationYPerComposition() : 0;
    double latticeNoise = mechanism ? d.latticeNoisePx() : 0;
    double polNoise = mechanism ? d.polarizationNoisePx() : 0;
    int rows = cells;
    int cols = cells;
    SplittableRandom rng = new SplittableRandom(seed);
    double[] smooth = new double[cols];
    double phase1 = rng.nextDouble() * 2 * Math.PI;
    double phase2 = rng.nextDouble() * 2 * Math.PI;
    double f1 = 2 * Math.PI * (1.5 + rng.nextDouble()) / 36;
    double f2 = 2 * Math.PI * (3.5 + 2 * rng.nextDouble()) / 36;
    for (int c = 0; c < cols; c++) smooth[c] = Math.sin(f1 * c + phase1) + 0.5 * Math.sin(f2 * c + phase2);
    double mean = 0;
    for (double v : smooth) mean += v / cols;
    double sd = 0;
    for (double v : smooth) sd += (v - mean) * (v - mean) / cols;
    sd = Math.sqrt(sd);
    double[] comp = new double[cols];
    for (int c = 0; c < cols; c++) comp[c] = Math.max(0.15, Math.min(0.85, 0.5 + 0.2 * (smooth[c] - mean) / sd + uniform(rng, 0.15)));
    double[] corner = new double[cols + 1];
    for (int j = 0; j <= cols; j++) {
      double s = 0;
      int n = 0;
      for (int c = j - 1; c <= j; c++) if (c >= 0 && c < cols) {
        s += comp[c];
        n++;
      }
      corner[j] = s / n;
    }
    double[] m = new double[cols];
    for (int c = 0; c < cols; c++) m[c] = (corner[c] + corner[c + 1]) / 2;
    double[][] ia = new double[rows][cols];
    double[][] ib = new double[rows][cols];
    double[][] a = new double[rows][cols];
    double[][] b = new double[rows][cols];
    double[][] px = new double[rows][cols];
    double[][] py = new double[rows][cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        ia[r][c] = 1 + intensityPerComp * (comp[c] - 0.5);
        ib[r][c] = 0.7;
        a[r][c] = d.aPx() + aPerComp * (m[c] - 0.5) + uniform(rng, latticeNoise);
        b[r][c] = d.bPx() + uniform(rng, latticeNoise);
      }
    }
    double th = Math.toRadians(rotationDeg);
    double extentA = cols * d.aPx();
    double extentB = rows * d.bPx();
    double ox = 14 + extentB * Math.sin(th);
    double oy = 14;
    int w = (int) Math.ceil(extentA * Math.cos(th) + extentB * Math.sin(th) + 28);
    int h = (int) Math.ceil(extentA * Math.sin(th) + extentB * Math.cos(th) + 28);
    PerovskiteSimulator.Options geometry = PerovskiteSimulator.Options.uniform(rows, cols, d.aPx(), d.bPx(),
        d.render().withDistortion(distortion)).withLattice(a, b).withPlacement(ox, oy, rotationDeg).withSize(w, h);
    Structure lattice = new PerovskiteSimulator(geometry).structure();
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        double aMeasured = (edge(lattice, r, c, cols) + edge(lattice, r + 1, c, cols)) / 2;
        px[r][c] = pxPerA * (aMeasured - d.aPx()) + uniform(rng, polNoise);
        py[r][c] = pyPerComp * (m[c] - 0.5) + uniform(rng, polNoise);
      }
    }
    PerovskiteSimulator.Simulation s = new PerovskiteSimulator(geometry.withDisplacement(px, py).withIntensities(ia, ib)).simulate();
    return new Scene(s.image(), mechanism ? FerroicScenario.TRUE_EDGES : List.of());
  }

  private static double edge(Structure s, int i, int j, int cols) {
    int k = i * (cols + 1) + j;
    return Math.hypot(s.x()[k + 1] - s.x()[k], s.y()[k + 1] - s.y()[k]);
  }

  private static double uniform(SplittableRandom rng, double h) { return h == 0 ? 0 : (2 * rng.nextDouble() - 1) * h; }
}
