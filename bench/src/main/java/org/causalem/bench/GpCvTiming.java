package org.causalem.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.causalem.bayes.CrossValidation;
import org.causalem.bayes.GaussianProcess;
import org.causalem.bayes.GpModel;
import org.causalem.bayes.PredictabilityMap;
import org.causalem.io.TableReader;
import org.causalem.table.DescriptorTable;

/**
 * GP cross-validation, fixed hyperparameters from one factorisation against hyperparameters refitted per fold,
 * on a cells table (complete rows of the target, the inputs and the two position columns; spatial blocks):
 * process CPU and wall time of each, and R² / RMSE per held-out block.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.causalem.bench.GpCvTiming cells.csv TARGET IN1,IN2,... X,Y [BLOCKS] [REFIT 0|1]
 * </pre>
 */
public final class GpCvTiming {
  private GpCvTiming() {}

  public static void main(String[] args) throws Exception {
    DescriptorTable t = TableReader.readKeepingMissing(Path.of(args[0])).table();
    String target = args[1];
    List<String> inputs = List.of(args[2].split(","));
    String[] coords = args[3].split(",");
    int nb = args.length > 4 ? Integer.parseInt(args[4]) : 3;
    boolean refit = args.length <= 5 || !args[5].equals("0");
    int rows = t.rows();
    boolean[] ok = new boolean[rows];
    Arrays.fill(ok, true);
    for (String c : concat(target, inputs, coords)) {
      double[] col = t.column(c);
      for (int i = 0; i < rows; i++) if (!Double.isFinite(col[i])) ok[i] = false;
    }
    int n = 0;
    for (boolean b : ok) if (b) n++;
    double[][] x = new double[n][inputs.size()];
    double[] y = new double[n];
    double[] px = new double[n];
    double[] py = new double[n];
    int r = 0;
    for (int i = 0; i < rows; i++) {
      if (!ok[i]) continue;
      for (int j = 0; j < inputs.size(); j++) x[r][j] = t.column(inputs.get(j))[i];
      y[r] = t.column(target)[i];
      px[r] = t.column(coords[0])[i];
      py[r] = t.column(coords[1])[i];
      r++;
    }
    int[] fold = PredictabilityMap.spatialBlocks(px, py, nb, nb);
    GaussianProcess.Options o = GaussianProcess.Options.defaults(1);
    System.out.printf(Locale.ROOT, "%d complete rows x %d inputs, %dx%d blocks, load %.1f%n", n, inputs.size(), nb, nb, load());
    double c0 = cpu();
    long w0 = System.nanoTime();
    GpModel model = GaussianProcess.fit(x, y, o);
    double fitCpu = cpu() - c0;
    double fitWall = (System.nanoTime() - w0) / 1e9;
    System.out.printf(Locale.ROOT, "fit on all rows: cpu %.2f s, wall %.2f s%n", fitCpu, fitWall);
    for (int round = 0; round < 2; round++) {
      c0 = cpu();
      w0 = System.nanoTime();
      CrossValidation fast = model.crossValidate(y, fold);
      report("fixed hyperparameters (round " + round + ")", fast, y, fold, cpu() - c0, (System.nanoTime() - w0) / 1e9);
    }
    if (refit) {
      c0 = cpu();
      w0 = System.nanoTime();
      CrossValidation slow = GaussianProcess.crossValidate(x, y, null, fold, o);
      report("refitted per fold", slow, y, fold, cpu() - c0, (System.nanoTime() - w0) / 1e9);
    }
    System.out.printf(Locale.ROOT, "load %.1f%n", load());
  }

  private static void report(String what, CrossValidation cv, double[] y, int[] fold, double cpu, double wall) {
    System.out.printf(Locale.ROOT, "%s: cpu %.2f s, wall %.2f s; all rows R2 %.4f RMSE %.5f coverage95 %.3f MLPD %.4f%n", what, cpu, wall, cv.r2(), cv.rmse(),
        cv.coverage95(), cv.meanLogPredictiveDensity());
    StringBuilder sb = new StringBuilder("  per block (label: rows, R2, RMSE):");
    for (int label : Arrays.stream(fold).distinct().sorted().toArray()) {
      double m = 0;
      int k = 0;
      for (int i = 0; i < y.length; i++) if (fold[i] == label) { m += y[i]; k++; }
      m /= k;
      double sse = 0;
      double sst = 0;
      for (int i = 0; i < y.length; i++) {
        if (fold[i] != label) continue;
        double e = y[i] - cv.mean()[i];
        sse += e * e;
        sst += (y[i] - m) * (y[i] - m);
      }
      sb.append(String.format(Locale.ROOT, " %d: %d, %.3f, %.5f;", label, k, 1 - sse / sst, Math.sqrt(sse / k)));
    }
    System.out.println(sb);
  }

  private static String[] concat(String target, List<String> inputs, String[] coords) {
    String[] all = new String[1 + inputs.size() + coords.length];
    all[0] = target;
    for (int i = 0; i < inputs.size(); i++) all[1 + i] = inputs.get(i);
    System.arraycopy(coords, 0, all, 1 + inputs.size(), coords.length);
    return all;
  }

  static double cpu() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getProcessCpuTime() / 1e9;
    return Double.NaN;
  }

  static double load() { return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(); }
}
