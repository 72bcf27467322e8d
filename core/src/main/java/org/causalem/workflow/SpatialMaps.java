package org.causalem.workflow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalem.bayes.CrossValidation;
import org.causalem.bayes.GaussianProcess;
import org.causalem.bayes.Kernel;
import org.causalem.bayes.PredictabilityMap;
import org.causalem.causal.Edge;
import org.causalem.causal.EdgeKey;
import org.causalem.causal.FisherZTest;
import org.causalem.causal.Graph;
import org.causalem.causal.Knowledge;
import org.causalem.causal.PcStable;
import org.causalem.table.DescriptorTable;
import org.causalem.workflow.FerroicAnalysis.Options;
import org.causalem.workflow.FerroicAnalysis.Predictability;
import org.causalem.workflow.FerroicAnalysis.Windows;

/**
 * The spatial side of {@link FerroicAnalysis}: sliding-window maps of each consensus edge's coefficient
 * (and whether PC finds it locally), and the Gaussian-process predictability map of the polarization.
 */
final class SpatialMaps {
  private final Options options;

  SpatialMaps(Options options) { this.options = options; }

  Windows windows(DescriptorTable data, List<String> names, Graph consensus, Knowledge k, int[] cellRow, int[] cellCol) {
    int maxRow = Arrays.stream(cellRow).max().orElse(0) + 1;
    int maxCol = Arrays.stream(cellCol).max().orElse(0) + 1;
    int w = options.windowCells() > 0 ? options.windowCells() : Math.max(6, Math.min(maxRow, maxCol) / 3);
    int step = Math.max(1, w / 2);
    int ny = Math.max(1, (maxRow - w) / step + 1);
    int nx = Math.max(1, (maxCol - w) / step + 1);
    Map<EdgeKey, double[]> coef = new LinkedHashMap<>();
    Map<EdgeKey, double[]> presence = new LinkedHashMap<>();
    List<int[]> edges = new ArrayList<>();
    for (Edge e : consensus.edges()) {
      EdgeKey key = new EdgeKey(names.get(e.a()), names.get(e.b()));
      coef.put(key, new double[ny * nx]);
      presence.put(key, new double[ny * nx]);
      edges.add(new int[] {e.a(), e.b()});
    }
    for (int wy = 0; wy < ny; wy++) {
      for (int wx = 0; wx < nx; wx++) {
        int r0 = wy * step;
        int c0 = wx * step;
        int[] idx = new int[data.rows()];
        int m = 0;
        for (int i = 0; i < data.rows(); i++) {
          if (cellRow[i] >= r0 && cellRow[i] < r0 + w && cellCol[i] >= c0 && cellCol[i] < c0 + w) idx[m++] = i;
        }
        DescriptorTable sub = data.rows(Arrays.copyOf(idx, m));
        boolean enough = m >= Math.max(20, 3 * names.size());
        Graph local = null;
        if (enough) {
          try {
            local = new PcStable(PcStable.Options.defaults().withKnowledge(k).withThreads(1))
                .search(new FisherZTest(names, sub.columns(), options.alpha()));
          } catch (RuntimeException e) {
            local = null;
          }
        }
        int cell = wy * nx + wx;
        for (int[] e : edges) {
          EdgeKey key = new EdgeKey(names.get(e[0]), names.get(e[1]));
          if (!enough) {
            coef.get(key)[cell] = Double.NaN;
            presence.get(key)[cell] = Double.NaN;
            continue;
          }
          int[] parents = consensus.parents(e[1]);
          double[] beta = FerroicAnalysis.ols(sub, names, e[1], parents);
          int p = Arrays.binarySearch(parents, e[0]);
          coef.get(key)[cell] = p >= 0 ? beta[p] : Double.NaN;
          presence.get(key)[cell] = local == null ? Double.NaN : (local.adjacent(e[0], e[1]) ? 1 : 0);
        }
      }
    }
    return new Windows(w, step, ny, nx, coef, presence);
  }

  Predictability predictability(DescriptorTable cells, int[] rowIdx, double[] x, double[] y) {
    List<String> structural = new ArrayList<>();
    for (String v : List.of("intensity_A", "intensity_B", "a_px", "b_px", "gamma_deg")) if (cells.indexOf(v) >= 0) structural.add(v);
    if (structural.isEmpty() || cells.indexOf("polarization_x_px") < 0 || cells.indexOf("polarization_y_px") < 0) return null;
    int n = rowIdx.length;
    double[] px = FerroicAnalysis.pick(cells, "polarization_x_px", rowIdx);
    double[] py = FerroicAnalysis.pick(cells, "polarization_y_px", rowIdx);
    double[] target = new double[n];
    for (int i = 0; i < n; i++) target[i] = Math.hypot(px[i], py[i]);
    int kNb = Math.min(4, n - 1);
    double[][] features = new double[n][2 * structural.size()];
    List<String> predictors = new ArrayList<>();
    for (int s = 0; s < structural.size(); s++) {
      double[] v = FerroicAnalysis.pick(cells, structural.get(s), rowIdx);
      double[][] nb = PredictabilityMap.neighbourFeatures(x, y, v, kNb);
      for (int i = 0; i < n; i++) {
        features[i][2 * s] = v[i];
        double m = 0;
        for (double q : nb[i]) m += q / kNb;
        features[i][2 * s + 1] = m;
      }
      predictors.add(structural.get(s));
      predictors.add(structural.get(s) + " (neighbours)");
    }
    GaussianProcess.Options gp = new GaussianProcess.Options(Kernel.MATERN52, false, 1, 30, 200, Double.POSITIVE_INFINITY, options.seed());
    CrossValidation cv = PredictabilityMap.compute(x, y, features, target, new PredictabilityMap.Options(3, 3, gp));
    return new Predictability("polarization magnitude (px)", predictors, cv.mean(), cv.sd(), target, cv.r2(), cv.rmse(), cv.coverage95());
  }
}
