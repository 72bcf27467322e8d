package org.causalem.workflow;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;
import org.causalem.bayes.Collinearity;
import org.causalem.data.BadInputException;
import org.causalem.sparse.LawDiscovery;
import org.causalem.sparse.SavitzkyGolay;
import org.causalem.sparse.SparseLaw;
import org.causalem.sparse.SparsityPath;
import org.causalem.table.DescriptorTable;

/**
 * Parsimonious governing equations dx/dt = f(x) from time series (SINDy): Savitzky–Golay derivatives, a
 * polynomial library, sequentially thresholded least squares, bootstrap inclusion probabilities, the Pareto
 * front of error against number of terms, and a simulation of the found law from the first smoothed state.
 *
 * <pre>{@code
 * LawsAnalysis.Result r = new LawsAnalysis(LawsAnalysis.Options.of("t", List.of("x", "y"))).run(Path.of("series.csv"));
 * r.discovery().law().describe("t").forEach(System.out::println);
 * }</pre>
 */
public final class LawsAnalysis {
  /** How each equation's model is chosen along the sparsity path (see {@link SparsityPath.Criterion}). */
  public enum Criterion {
    AIC, BIC;

    /** The name in outputs and on the command line. */
    public String label() { return name().toLowerCase(Locale.ROOT); }
  }

  /**
   * The series and the search.
   *
   * @param time the time column (strictly increasing)
   * @param state the state columns, one equation each
   * @param degree polynomial library degree, 1..5
   * @param threshold STLSQ threshold on |coefficient|; empty: each equation's model chosen along the path by {@code criterion}
   * @param criterion the model choice along the sparsity path
   * @param window Savitzky–Golay half-width in samples (window 2H+1)
   * @param sgOrder Savitzky–Golay polynomial order, below the window
   * @param bootstrap resamples for the inclusion probabilities, ≥ 2
   * @param errorFloor residuals below this fraction of RMS(dx/dt) count as exact when the criterion chooses, in [0, 1)
   * @param seed seed of the bootstrap
   */
  public record Options(String time, List<String> state, int degree, OptionalDouble threshold, Criterion criterion, int window, int sgOrder,
      int bootstrap, double errorFloor, long seed) {
    public Options {
      Objects.requireNonNull(time, "time");
      state = List.copyOf(state);
      Objects.requireNonNull(threshold, "threshold");
      Objects.requireNonNull(criterion, "criterion");
      if (state.isEmpty()) throw new IllegalArgumentException("state must name at least one column");
      if (state.contains(time)) throw new IllegalArgumentException("`state` contains the time column '" + time + "'");
      if (state.stream().distinct().count() != state.size()) throw new IllegalArgumentException("`state` lists a column twice: " + state);
      if (window < 1) throw new IllegalArgumentException("`window` must be ≥ 1, got " + window);
      if (sgOrder < 1) throw new IllegalArgumentException("`sgOrder` must be ≥ 1, got " + sgOrder);
      if (sgOrder >= 2 * window + 1) {
        throw new IllegalArgumentException("`sgOrder` " + sgOrder + " needs a window wider than the order: `window` " + window + " gives " + (2 * window + 1)
            + " samples; use `window` " + (sgOrder / 2 + 1) + " or more");
      }
      lawDiscovery(degree, threshold, criterion, window, sgOrder, bootstrap, errorFloor, seed);
    }

    /** The law of each of {@code state} over {@code time}: degree 2, chosen by BIC, window 7, order 3, 50 resamples, floor 1e-3, seed 1. */
    public static Options of(String time, List<String> state) {
      return new Options(time, state, 2, OptionalDouble.empty(), Criterion.BIC, 7, 3, 50, 1e-3, 1);
    }

    public Options withTime(String t) { return new Options(t, state, degree, threshold, criterion, window, sgOrder, bootstrap, errorFloor, seed); }

    public Options withState(List<String> s) { return new Options(time, s, degree, threshold, criterion, window, sgOrder, bootstrap, errorFloor, seed); }

    public Options withDegree(int d) { return new Options(time, state, d, threshold, criterion, window, sgOrder, bootstrap, errorFloor, seed); }

    public Options withThreshold(OptionalDouble v) { return new Options(time, state, degree, v, criterion, window, sgOrder, bootstrap, errorFloor, seed); }

    public Options withCriterion(Criterion c) { return new Options(time, state, degree, threshold, c, window, sgOrder, bootstrap, errorFloor, seed); }

    public Options withWindow(int h) { return new Options(time, state, degree, threshold, criterion, h, sgOrder, bootstrap, errorFloor, seed); }

    public Options withSgOrder(int o) { return new Options(time, state, degree, threshold, criterion, window, o, bootstrap, errorFloor, seed); }

    /** The Savitzky–Golay half-width and order together (each alone must fit the other's current value). */
    public Options withDerivative(int h, int order) { return new Options(time, state, degree, threshold, criterion, h, order, bootstrap, errorFloor, seed); }

    public Options withBootstrap(int b) { return new Options(time, state, degree, threshold, criterion, window, sgOrder, b, errorFloor, seed); }

    public Options withErrorFloor(double f) { return new Options(time, state, degree, threshold, criterion, window, sgOrder, bootstrap, f, seed); }

    public Options withSeed(long s) { return new Options(time, state, degree, threshold, criterion, window, sgOrder, bootstrap, errorFloor, s); }

    /** The options of the law search these give (40 thresholds on the sparsity path). */
    public LawDiscovery.Options lawDiscovery() {
      return lawDiscovery(degree, threshold, criterion, window, sgOrder, bootstrap, errorFloor, seed);
    }

    private static LawDiscovery.Options lawDiscovery(int degree, OptionalDouble threshold, Criterion criterion, int window, int sgOrder, int bootstrap,
        double errorFloor, long seed) {
      return new LawDiscovery.Options(degree, threshold.orElse(Double.NaN), SparsityPath.Criterion.valueOf(criterion.name()),
          new SavitzkyGolay.Options(window, sgOrder), bootstrap, 40, errorFloor, seed);
    }
  }

  /**
   * The law found.
   *
   * @param source the series (as the caller named it)
   * @param options the options of the run
   * @param t the time column
   * @param x {@code x[variable][sample]} the state columns
   * @param discovery the law, its thresholds, derivatives, inclusion probabilities and sparsity paths
   * @param simulation {@code [variable][sample]} the law integrated (RK4) from the first smoothed state; NaN after a divergence
   * @param notes what the user should know (text columns left out of the table)
   */
  public record Result(String source, Options options, double[] t, double[][] x, LawDiscovery.Result discovery, double[][] simulation, List<String> notes) {
    public Result {
      notes = List.copyOf(notes);
    }

    /** Whether the simulation diverged before the end of the series. */
    public boolean diverged() {
      for (double[] s : simulation) for (double v : s) if (!Double.isFinite(v)) return true;
      return false;
    }
  }

  private final Options options;

  public LawsAnalysis(Options options) { this.options = Objects.requireNonNull(options); }

  /** Reads the series from {@code file} (rows in time order) and finds its law. */
  public Result run(Path file) throws IOException {
    List<String> used = new ArrayList<>(options.state());
    used.add(options.time());
    List<String> notes = new ArrayList<>();
    return run(Tables.read(file, used, notes), file.toString(), notes);
  }

  /** Finds the law of a series already read ({@code source} names it in messages). */
  public Result run(DescriptorTable csv, String source) { return run(csv, source, List.of()); }

  private Result run(DescriptorTable csv, String source, List<String> notes) {
    LawDiscovery.Options opt = options.lawDiscovery();
    String time = options.time();
    List<String> names = options.state();
        double[] t = Tables.column(csv, source, time, "`time`");
    double[][] x = new double[names.size()][];
    for (int v = 0; v < names.size(); v++) x[v] = Tables.column(csv, source, names.get(v), "`state`");
    List<String> all = new ArrayList<>(names);
    all.add(time);
    if (Tables.completeRows(csv, source, all, "`state`").length != csv.rows()) throw new BadInputException(source + ": missing values in the time or state columns");
    for (int v = 0; v < names.size(); v++) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (double a : x[v]) {
        lo = Math.min(lo, a);
        hi = Math.max(hi, a);
      }
      if (!(hi - lo > 1e-12 * Math.max(Math.abs(hi), Math.abs(lo)))) {
        throw new BadInputException(source + ": state column '" + names.get(v) + "' is constant (" + lo + " on every row): its law cannot be"
            + " identified (every library term in it is collinear with the constant); leave it out of `state`");
      }
    }
    if (names.size() > 1) {
      double[][] design = new double[t.length][names.size() + 1];
      for (int i = 0; i < t.length; i++) {
        design[i][0] = 1;
        for (int v = 0; v < names.size(); v++) design[i][v + 1] = x[v][i];
      }
      Collinearity.Dependence dep = Collinearity.find(design);
      if (dep != null) {
        List<String> with = new ArrayList<>();
        for (int c : dep.combination()) with.add(c == 0 ? "a constant" : "'" + names.get(c - 1) + "'");
        throw new BadInputException(source + ": state column '" + names.get(dep.column() - 1) + "' is a linear function of " + String.join(" and ", with)
            + " on every row: the terms of the library are collinear and no law can be identified; leave it out of `state`");
      }
    }
    for (int i = 1; i < t.length; i++) {
      if (!(t[i] > t[i - 1])) {
        throw new BadInputException(source + ": time column '" + options.time() + "' must increase strictly; data row " + (i + 1) + " has " + t[i] + " after " + t[i - 1]);
      }
    }
    int w = 2 * options.window() + 1;
    if (t.length < Math.max(w, 10)) throw new BadInputException(source + ": " + t.length + " samples; need at least " + Math.max(w, 10));
    LawDiscovery.Result res;
    try {
      res = new LawDiscovery(opt).discover(t, x, names);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().contains("singular")) {
        throw new BadInputException(source + ": the library terms are collinear on this data (" + e.getMessage() + "); lower `degree` or give more varied data", e);
      }
      throw e;
    }
    SparseLaw law = res.law();
    double[] x0 = new double[names.size()];
    SavitzkyGolay sg = new SavitzkyGolay(opt.derivative());
    double[][] smooth = new double[names.size()][];
    for (int v = 0; v < names.size(); v++) {
      smooth[v] = sg.smooth(t, x[v]);
      x0[v] = smooth[v][0];
    }
    double maxStep = (t[t.length - 1] - t[0]) / t.length;
    double[][] sim = law.simulate(x0, t, maxStep);

    return new Result(source, options, t, x, res, sim, notes);
  }
}
