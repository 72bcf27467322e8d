package org.causalem.workflow;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.causalem.data.Progress;
import org.causalem.lattice.AtomsPipeline;
import org.causalem.lattice.AtomsResult;
import org.causalem.lattice.LatticeKind;
import org.causalem.simulate.FerroicScenario;
import org.causalem.simulate.ScanDistortion;
import org.junit.jupiter.api.Test;

/**
 * Makes and checks the calibration of {@link EdgeConfidence} (a program, not a CI test: it runs only with
 * {@code -Dcausalem.calibration=N}, N images per seed set). Seed set A (seeds 1001…) and set B (2001…)
 * each hold N/2 null scenes and N/2 demo-mechanism scenes ({@link FerroicScenario}, 16 × 16 cells,
 * lattice 17° to the scan, realistic scan distortions, bootstrap 20). For every consensus edge it records
 * the status, the bootstrap frequency and whether the edge is true; fits an isotonic (pool-adjacent-
 * violators) map frequency → fraction true per status on A; and writes, for B, the reliability table of
 * the raw frequency and of the calibrated confidence, and the knots, to
 * {@code target/confidence-calibration.md}.
 *
 * <pre>./mvnw -B -o test -pl core -Dtest=ConfidenceCalibrationRun -Dcausalem.calibration=100</pre>
 */
class ConfidenceCalibrationRun {
  record Row(FerroicAnalysis.Status status, double frequency, boolean truth) {}

  @Test
  void calibrate() throws Exception {
    int n = Integer.getInteger("causalem.calibration", 0);
    assumeTrue(n > 0, "skipped: the calibration run needs -Dcausalem.calibration=N");
    List<Row> a = run(1001, n);
    List<Row> b = run(2001, n);
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "Seed set A: %d images, %d consensus edges; seed set B: %d images, %d edges.%n%n", n, a.size(), n, b.size()));
    List<double[]> knots = new ArrayList<>();
    for (FerroicAnalysis.Status s : FerroicAnalysis.Status.values()) {
      double[][] k = isotonic(a, s);
      knots.add(k[0]);
      knots.add(k[1]);
      md.append("knots ").append(s.label()).append(": freq ").append(fmt(k[0])).append(" → true ").append(fmt(k[1]))
          .append(" (edges per step ").append(fmt(k[2])).append(")\n");
    }
    md.append("\nSet B, reliability (edges reported at confidence ≥ c: how many, fraction true); calibrated = the map fitted on A,"
        + " shipped = EdgeConfidence as in the code:\n\n");
    md.append("| c | raw frequency: edges | fraction true | calibrated: edges | fraction true | shipped: edges | fraction true |\n"
        + "|---|---|---|---|---|---|---|\n");
    for (double c : new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95}) {
      int nr = 0, tr = 0, nc = 0, tc = 0, ns = 0, ts = 0;
      for (Row r : b) {
        double cal = apply(knots, r);
        if (EdgeConfidence.calibrated(r.frequency(), r.status()) >= c) {
          ns++;
          if (r.truth()) ts++;
        }
        if (r.frequency() >= c) {
          nr++;
          if (r.truth()) tr++;
        }
        if (cal >= c) {
          nc++;
          if (r.truth()) tc++;
        }
      }
      md.append(String.format(Locale.ROOT, "| %.2f | %d | %s | %d | %s | %d | %s |%n", c, nr, nr == 0 ? "–" : String.format(Locale.ROOT, "%.3f", (double) tr / nr),
          nc, nc == 0 ? "–" : String.format(Locale.ROOT, "%.3f", (double) tc / nc),
          ns, ns == 0 ? "–" : String.format(Locale.ROOT, "%.3f", (double) ts / ns)));
    }
    md.append("\nSet B, by status:\n\n| status | edges | true |\n|---|---|---|\n");
    for (FerroicAnalysis.Status s : FerroicAnalysis.Status.values()) {
      int e = 0, t = 0;
      for (Row r : b) if (r.status() == s) {
        e++;
        if (r.truth()) t++;
      }
      md.append("| ").append(s.label()).append(" | ").append(e).append(" | ").append(t).append(" |\n");
    }
    Files.writeString(Path.of("target", "confidence-calibration.md"), md.toString());
  }

  private static List<Row> run(long firstSeed, int images) {
    List<Row> rows = new ArrayList<>();
    for (int k = 0; k < images; k++) {
      long seed = firstSeed + k;
      boolean mechanism = k % 2 == 1;
      FerroicScenario.Options s = (mechanism ? FerroicScenario.Options.defaults(seed) : FerroicScenario.Options.nullScene(seed))
          .withSize(16, 16).withDistortion(ScanDistortion.realistic());
      AtomsResult atoms = new AtomsPipeline(AtomsPipeline.Options.of(LatticeKind.PEROVSKITE), false)
          .run(new FerroicScenario(s).simulate().image(), Progress.NONE);
      FerroicAnalysis.Result r = new FerroicAnalysis(FerroicAnalysis.Options.defaults(seed).withBootstrap(20)
          .withPredictability(false).withPairwise(false).withThreads(1)).run(atoms.cells(), Progress.NONE);
      Set<String> truth = new HashSet<>();
      for (String[] e : s.trueEdges()) {
        truth.add(FerroicAnalysis.searchedName(r.variables(), e[0]) + ">" + FerroicAnalysis.searchedName(r.variables(), e[1]));
      }
      for (FerroicAnalysis.EdgeCheck c : r.edgeChecks()) {
        rows.add(new Row(c.status(), c.bootstrapFrequency(), truth.contains(c.from() + ">" + c.to())));
      }
    }
    return rows;
  }

  /** Pool-adjacent-violators fit of truth on frequency for one status: {knot frequencies, fitted fractions}. */
  static double[][] isotonic(List<Row> rows, FerroicAnalysis.Status status) {
    List<Row> r = new ArrayList<>();
    for (Row x : rows) if (x.status() == status) r.add(x);
    r.sort((p, q) -> Double.compare(p.frequency(), q.frequency()));
    if (r.isEmpty()) return new double[][] {{0, 1}, {0, 0}, {0, 0}};
    // blocks of equal frequency first, then pool violators
    List<double[]> blocks = new ArrayList<>(); // {sum truth, count, max frequency}
    for (Row x : r) {
      double[] last = blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
      if (last != null && last[2] == x.frequency()) {
        last[0] += x.truth() ? 1 : 0;
        last[1]++;
      } else {
        blocks.add(new double[] {x.truth() ? 1 : 0, 1, x.frequency()});
      }
      while (blocks.size() > 1) {
        double[] q = blocks.get(blocks.size() - 1);
        double[] p = blocks.get(blocks.size() - 2);
        if (p[0] / p[1] <= q[0] / q[1]) break;
        p[0] += q[0];
        p[1] += q[1];
        p[2] = q[2];
        blocks.remove(blocks.size() - 1);
      }
    }
    double[] f = new double[blocks.size()];
    double[] t = new double[blocks.size()];
    double[] c = new double[blocks.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = blocks.get(i)[2];
      t[i] = blocks.get(i)[0] / blocks.get(i)[1];
      c[i] = blocks.get(i)[1];
    }
    return new double[][] {f, t, c};
  }

  /** A step map: the fitted fraction of the last knot at or below the frequency (0 below the first). */
  static double apply(List<double[]> knots, Row r) {
    int s = r.status().ordinal();
    double[] f = knots.get(2 * s);
    double[] t = knots.get(2 * s + 1);
    double v = 0;
    for (int i = 0; i < f.length; i++) if (r.frequency() >= f[i]) v = t[i];
    return v;
  }

  private static String fmt(double[] v) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < v.length; i++) sb.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.3f", v[i]));
    return sb.append('}').toString();
  }
}
