package org.causalem.causal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.causalem.data.BadInputException;
import org.causalem.numeric.LeastSquares;
import org.causalem.numeric.Stats;
import org.causalem.table.DescriptorTable;

/**
 * DirectLiNGAM (Shimizu et al. 2011, JMLR 12:1225): the causal order of a linear non-Gaussian acyclic
 * model, found by repeatedly taking the variable most independent of its regression residuals, then
 * the coefficients on that order.
 *
 * <p>Independence is judged with the pairwise likelihood-ratio measure, the differential entropies
 * approximated as in Hyvärinen (1998) with both the {@code log cosh u} and the {@code u·exp(−u²/2)}
 * terms: {@code H(u) ≈ (1 + ln 2π)/2 − k1 (E log cosh u − γ)² − k2 (E u e^{−u²/2})²} (the two
 * functions tabulated, see {@link EntropyTerms}). Each step costs
 * O(p² n); the pairs are spread over {@code threads} cores.
 */
public final class DirectLingam {
  private static final double K1 = 79.047;
  private static final double K2 = 7.4129;
  private static final double GAMMA = 0.37457;
  private static final double H_GAUSS = 0.5 * (1 + Math.log(2 * Math.PI));

  /** How the coefficients are estimated on the found order. */
  public enum Estimator {
    /** least squares on every earlier variable (a dense lower-triangular B) */
    LEAST_SQUARES,
    /** adaptive lasso with BIC-chosen penalty selects the parents, least squares refits them */
    ADAPTIVE_LASSO
  }

  /**
   * @param estimator coefficient estimator
   * @param prior prior knowledge, or null
   * @param threads worker threads, ≥ 1
   */
  public record Options(Estimator estimator, LingamPrior prior, int threads) {
    public Options {
      Objects.requireNonNull(estimator, "estimator");
      if (threads < 1) throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
    }

    public static Options defaults() {
      return new Options(Estimator.ADAPTIVE_LASSO, null, Runtime.getRuntime().availableProcessors());
    }

    public Options withPrior(LingamPrior p) { return new Options(estimator, p, threads); }

    public Options withEstimator(Estimator e) { return new Options(e, prior, threads); }
  }

  private final Options options;

  public DirectLingam(Options options) { this.options = Objects.requireNonNull(options); }

  /** Fits every column of {@code table} (complete rows; not modified). */
  public LingamResult fit(DescriptorTable table) { return fit(table.names(), table.columns()); }

  /** @param columns column-major data, not modified */
  public LingamResult fit(List<String> names, double[][] columns) {
    int p = columns.length;
    if (names.size() != p) throw new IllegalArgumentException(names.size() + " names for " + p + " columns");
    if (p == 0) throw new IllegalArgumentException("no variables");
    int n = columns[0].length;
    if (n < 3) throw new BadInputException("DirectLiNGAM needs at least 3 rows, got " + n);
    if (options.prior() != null && options.prior().size() != p) {
      throw new IllegalArgumentException("prior knowledge is for " + options.prior().size() + " variables, data has " + p);
    }
    LingamPrior prior = options.prior() != null ? options.prior() : LingamPrior.none(p);
    double[][] x = new double[p][];
    for (int j = 0; j < p; j++) {
      if (columns[j].length != n) throw new IllegalArgumentException("column " + names.get(j) + " has " + columns[j].length + " rows, expected " + n);
      for (double v : columns[j]) {
        if (!Double.isFinite(v)) throw new BadInputException("column '" + names.get(j) + "' has a missing or infinite value; drop incomplete rows first");
      }
      x[j] = columns[j].clone();
      if (!standardize(x[j])) throw new BadInputException("column '" + names.get(j) + "' is constant");
    }
    int[] order = order(x, prior, options.threads(), false);
    double[][] cov = LeastSquares.covariance(columns);
    double[][] b = coefficients(cov, n, order, prior);
    return new LingamResult(names, order, b, totalEffects(b));
  }

  /**
   * The causal order of standardized columns {@code x} (residualized in place); {@code exhaustive} computes every
   * pair at every step (the reference the pruned search must reproduce).
   */
  static int[] order(double[][] x, LingamPrior prior, int threads, boolean exhaustive) {
    int p = x.length;
    int n = x[0].length;
    List<Integer> remaining = new ArrayList<>();
    for (int j = 0; j < p; j++) remaining.add(j);
    int[] order = new int[p];
    double[] lastScore = new double[p]; // each variable's score bound at the previous step: who to examine first
    double[][] lastGain = new double[p][p]; // what pair (i, j) added to i's score at the previous step
    ForkJoinPool pool = threads > 1 ? new ForkJoinPool(threads) : null;
    try {
      for (int step = 0; step < p; step++) {
        int[] u = remaining.stream().mapToInt(Integer::intValue).toArray();
        int chosen;
        if (u.length == 1) {
          chosen = u[0];
        } else {
          boolean[] candidate = candidates(u, prior);
          chosen = exhaustive ? mostExogenousExhaustive(x, u, candidate, n, pool)
              : mostExogenous(x, u, candidate, n, pool, threads, lastScore, lastGain);
        }
        order[step] = chosen;
        remaining.remove(Integer.valueOf(chosen));
        // residualize the rest on the chosen (all standardized: slope = correlation)
        double[] xm = x[chosen];
        for (int v : remaining) {
          double[] xv = x[v];
          double rho = Stats.dot(xv, xm) / n;
          for (int r = 0; r < n; r++) xv[r] -= rho * xm[r];
          if (!standardize(xv)) Arrays.fill(xv, 0);
        }
      }
    } finally {
      if (pool != null) pool.shutdown();
    }
    return order;
  }

  /** Which remaining variables may come next under the prior knowledge. */
  private static boolean[] candidates(int[] u, LingamPrior prior) {
    int k = u.length;
    boolean[] exo = new boolean[k];
    boolean anyExo = false;
    for (int a = 0; a < k; a++) {
      boolean all = true;
      for (int b = 0; b < k; b++) if (a != b && prior.path(u[a], u[b]) != LingamPrior.ABSENT) all = false;
      exo[a] = all;
      anyExo |= all;
    }
    if (anyExo) return exo;
    boolean[] noAncestor = new boolean[k];
    boolean anyNoAncestor = false;
    for (int a = 0; a < k; a++) {
      boolean ok = true;
      for (int b = 0; b < k; b++) if (a != b && prior.path(u[a], u[b]) == LingamPrior.PRESENT) ok = false;
      noAncestor[a] = ok;
      anyNoAncestor |= ok;
    }
    if (!anyNoAncestor) {
      Arrays.fill(noAncestor, true);
      return noAncestor;
    }
    // prefer a variable that no remaining one must follow: b should precede a when a is known not to
    // be an ancestor of b while b may be an ancestor of a
    boolean[] safe = new boolean[k];
    boolean anySafe = false;
    for (int a = 0; a < k; a++) {
      if (!noAncestor[a]) continue;
      boolean ok = true;
      for (int b = 0; b < k; b++) {
        if (a != b && prior.path(u[b], u[a]) == LingamPrior.ABSENT && prior.path(u[a], u[b]) != LingamPrior.ABSENT) ok = false;
      }
      safe[a] = ok;
      anySafe |= ok;
    }
    return anySafe ? safe : noAncestor;
  }

  /**
   * The candidate with the smallest score {@code Σ_b min(0, diff_ab)²}, found without computing every pair: the
   * scores only grow as pairs are added, so the pairs are taken best-first — always extending the candidates whose
   * partial score is smallest — until one candidate is complete and every other candidate's partial score exceeds
   * its full score. The complete candidates' scores are then summed in the exhaustive search's order from the same
   * pair values, so the choice (ties to the first candidate included) is exactly that of {@link #mostExogenousExhaustive};
   * typically the winner's k − 1 pairs and one or two per other candidate are computed instead of k(k − 1)/2.
   * Each round extends {@code threads} candidates at once (one pair each, in parallel); rounds are synchronous, so
   * which pairs are computed does not depend on the scheduling.
   */
  static int mostExogenous(double[][] x, int[] u, boolean[] candidate, int n, ForkJoinPool pool, int threads, double[] lastScore, double[][] lastGain) {
    int k = u.length;
    double[] h = new double[k];
    boolean parallel = pool != null;
    run(() -> range(0, k, parallel).forEach(a -> h[a] = entropy(x[u[a]])), pool);
    double[][] diff = new double[k][k]; // diff[a][b] for a < b once computed
    boolean[][] known = new boolean[k][k];
    double[] partial = new double[k];
    int[] count = new int[k];
    int[][] partners = new int[k][];
    int[] next = new int[k];
    for (int a = 0; a < k; a++) {
      if (!candidate[a]) continue;
      Integer[] q = new Integer[k - 1];
      int m = 0;
      for (int b = 0; b < k; b++) if (b != a) q[m++] = b;
      final int fa = a;
      // partners that made this variable look like an effect last time first: its score grows fastest
      Arrays.sort(q, (b1, b2) -> {
        int c = Double.compare(lastGain[u[fa]][u[b2]], lastGain[u[fa]][u[b1]]);
        return c != 0 ? c : Integer.compare(b1, b2);
      });
      partners[a] = new int[k - 1];
      for (int j = 0; j < k - 1; j++) partners[a][j] = q[j];
    }
    double[] score = new double[k];
    boolean[] complete = new boolean[k];
    int[] pickA = new int[threads];
    int[] pickB = new int[threads];
    double[] pickD = new double[threads];
    Integer[] open = new Integer[k];
    while (true) {
      double bound = Double.POSITIVE_INFINITY;
      for (int a = 0; a < k; a++) if (complete[a]) bound = Math.min(bound, score[a]);
      bound = bound * (1 + 1e-12) + 1e-300; // partial sums in another order: keep any candidate within rounding
      int m = 0;
      for (int a = 0; a < k; a++) if (candidate[a] && !complete[a] && partial[a] <= bound) open[m++] = a;
      if (m == 0) break;
      Arrays.sort(open, 0, m, (a1, a2) -> {
        int c = Double.compare(partial[a1], partial[a2]);
        if (c == 0) c = Double.compare(lastScore[u[a1]], lastScore[u[a2]]);
        return c != 0 ? c : Integer.compare(a1, a2);
      });
      int picks = 0;
      for (int j = 0; j < m && picks < threads; j++) {
        int a = open[j];
        while (known[a][partners[a][next[a]]]) next[a]++;
        int b = partners[a][next[a]];
        int lo = Math.min(a, b);
        int hi = Math.max(a, b);
        boolean dup = false;
        for (int t = 0; t < picks; t++) if (pickA[t] == lo && pickB[t] == hi) dup = true;
        if (dup) continue;
        pickA[picks] = lo;
        pickB[picks++] = hi;
      }
      final int count0 = picks;
      run(() -> range(0, count0, parallel && count0 > 1).forEach(t -> {
        int a = pickA[t];
        int b = pickB[t];
        double r = Stats.dot(x[u[a]], x[u[b]]) / n;
        double[] hr = residualEntropies(x[u[a]], x[u[b]], r);
        // (H(xb) + H(r_a|b)) − (H(xa) + H(r_b|a)): ≥ 0 when a looks like the cause of b
        pickD[t] = (h[b] + hr[0]) - (h[a] + hr[1]);
      }), count0 > 1 ? pool : null);
      for (int t = 0; t < count0; t++) {
        int a = pickA[t];
        int b = pickB[t];
        double d = pickD[t];
        diff[a][b] = d;
        known[a][b] = known[b][a] = true;
        if (d < 0) partial[a] += d * d;
        else partial[b] += d * d;
        lastGain[u[a]][u[b]] = d < 0 ? d * d : 0;
        lastGain[u[b]][u[a]] = d < 0 ? 0 : d * d;
        for (int c : new int[] {a, b}) {
          if (++count[c] == k - 1 && candidate[c]) {
            complete[c] = true;
            score[c] = exhaustiveOrderScore(diff, c, k);
          }
        }
      }
    }
    for (int a = 0; a < k; a++) lastScore[u[a]] = complete[a] ? score[a] : partial[a];
    int best = -1;
    for (int a = 0; a < k; a++) {
      if (candidate[a] && complete[a] && (best < 0 || score[a] < score[best])) best = a;
    }
    return u[best];
  }

  /** Candidate c's score summed as {@link #mostExogenousExhaustive} sums it: over its pairs in increasing partner index. */
  private static double exhaustiveOrderScore(double[][] diff, int c, int k) {
    double s = 0;
    for (int b = 0; b < k; b++) {
      if (b < c) {
        double d = diff[b][c];
        if (!(d < 0)) s += d * d;
      } else if (b > c) {
        double d = diff[c][b];
        if (d < 0) s += d * d;
      }
    }
    return s;
  }

  /** Every pair of which at least one is a candidate, then the smallest score (the reference for {@link #mostExogenous}). */
  static int mostExogenousExhaustive(double[][] x, int[] u, boolean[] candidate, int n, ForkJoinPool pool) {
    int k = u.length;
    double[] h = new double[k];
    double[][] rho = new double[k][k];
    int pairs = k * (k - 1) / 2;
    int[] pa = new int[pairs];
    int[] pb = new int[pairs];
    int m = 0;
    for (int a = 0; a < k; a++) {
      for (int b = a + 1; b < k; b++) {
        if (candidate[a] || candidate[b]) {
          pa[m] = a;
          pb[m++] = b;
        }
      }
    }
    final int count = m;
    double[] diff = new double[count];
    boolean parallel = pool != null;
    Runnable work = () -> {
      range(0, k, parallel).forEach(a -> h[a] = entropy(x[u[a]]));
      range(0, count, parallel).forEach(q -> {
        int a = pa[q];
        int b = pb[q];
        double r = Stats.dot(x[u[a]], x[u[b]]) / n;
        rho[a][b] = rho[b][a] = r;
        double[] hr = residualEntropies(x[u[a]], x[u[b]], r);
        // (H(xb) + H(r_a|b)) − (H(xa) + H(r_b|a)): ≥ 0 when a looks like the cause of b
        diff[q] = (h[b] + hr[0]) - (h[a] + hr[1]);
      });
    };
    run(work, pool);
    double[] score = new double[k];
    for (int q = 0; q < count; q++) {
      double d = diff[q];
      if (d < 0) score[pa[q]] += d * d;
      else score[pb[q]] += d * d;
    }
    int best = -1;
    for (int a = 0; a < k; a++) {
      if (candidate[a] && (best < 0 || score[a] < score[best])) best = a;
    }
    return u[best];
  }

  private static IntStream range(int from, int to, boolean parallel) {
    IntStream s = IntStream.range(from, to);
    return parallel ? s.parallel() : s;
  }

  private static void run(Runnable work, ForkJoinPool pool) {
    if (pool == null) work.run();
    else Pools.await(pool, work);
  }

  /** Standardizes in place (population sd); false when constant. */
  static boolean standardize(double[] x) {
    int n = x.length;
    double mean = 0;
    for (double v : x) mean += v;
    mean /= n;
    double ss = 0;
    for (int r = 0; r < n; r++) {
      x[r] -= mean;
      ss += x[r] * x[r];
    }
    double sd = Math.sqrt(ss / n);
    if (!(sd > 1e-12)) return false;
    double inv = 1 / sd;
    for (int r = 0; r < n; r++) x[r] *= inv;
    return true;
  }

  /** Hyvärinen's maximum-entropy approximation of the differential entropy of a standardized u. */
  static double entropy(double[] u) {
    double lc = 0;
    double ge = 0;
    for (double v : u) {
      lc += EntropyTerms.g1(v);
      ge += EntropyTerms.g2(v);
    }
    return entropyFrom(lc / u.length, ge / u.length);
  }

  private static double entropyFrom(double meanLogCosh, double meanGauss) {
    double a = meanLogCosh - GAMMA;
    return H_GAUSS - K1 * a * a - K2 * meanGauss * meanGauss;
  }

  /**
   * Entropies of the standardized residuals of xa on xb and of xb on xa (both standardized inputs
   * with correlation rho), without allocating.
   */
  private static double[] residualEntropies(double[] xa, double[] xb, double rho) {
    int n = xa.length;
    double s = 1 - rho * rho;
    if (s <= 1e-12) return new double[] {H_GAUSS, H_GAUSS};
    double inv = 1 / Math.sqrt(s);
    double[] sums = new double[4];
    EntropyTerms.residualSums(xa, xb, rho, inv, sums);
    return new double[] {entropyFrom(sums[0] / n, sums[1] / n), entropyFrom(sums[2] / n, sums[3] / n)};
  }

  private double[][] coefficients(double[][] cov, int n, int[] order, LingamPrior prior) {
    int p = order.length;
    double[][] b = new double[p][p];
    for (int k = 1; k < p; k++) {
      int i = order[k];
      int[] pre = new int[k];
      int m = 0;
      for (int q = 0; q < k; q++) if (prior.path(i, order[q]) != LingamPrior.ABSENT) pre[m++] = order[q];
      pre = Arrays.copyOf(pre, m);
      if (m == 0) continue;
      double[] c = options.estimator() == Estimator.LEAST_SQUARES
          ? LeastSquares.coefficients(cov, i, pre)
          : AdaptiveLasso.fit(cov, n, i, pre);
      for (int q = 0; q < m; q++) b[i][pre[q]] = c[q];
    }
    return b;
  }

  /** {@code (I − B)^-1} by Gauss–Jordan elimination with partial pivoting. */
  static double[][] totalEffects(double[][] b) {
    int p = b.length;
    double[][] a = new double[p][2 * p];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j < p; j++) a[i][j] = (i == j ? 1 : 0) - b[i][j];
      a[i][p + i] = 1;
    }
    for (int c = 0; c < p; c++) {
      int piv = c;
      for (int r = c + 1; r < p; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
      double[] t = a[c];
      a[c] = a[piv];
      a[piv] = t;
      double d = a[c][c];
      if (Math.abs(d) < 1e-14) throw new IllegalStateException("I − B is singular");
      for (int j = 0; j < 2 * p; j++) a[c][j] /= d;
      for (int r = 0; r < p; r++) {
        if (r == c || a[r][c] == 0) continue;
        double f = a[r][c];
        for (int j = 0; j < 2 * p; j++) a[r][j] -= f * a[c][j];
      }
    }
    double[][] inv = new double[p][p];
    for (int i = 0; i < p; i++) System.arraycopy(a[i], p, inv[i], 0, p);
    return inv;
  }
}
