package org.causalem.sparse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * STLSQ along a grid of thresholds: every distinct support with its least-squares refit, residual,
 * AIC and BIC; the Pareto front of error against number of terms; and the model chosen by a criterion.
 */
public final class SparsityPath {
  /** Which information criterion picks the model. */
  public enum Criterion { AIC, BIC }

  /**
   * One model on the path.
   *
   * @param threshold a threshold that gives this support (geometric middle of the grid range that did)
   * @param coefficients refitted coefficients (zero outside the support)
   * @param terms number of non-zero coefficients
   * @param rss residual sum of squares
   * @param aic {@code n ln(rss/n) + 2k}
   * @param bic {@code n ln(rss/n) + k ln n}
   */
  public record Point(double threshold, double[] coefficients, int terms, double rss, double aic, double bic) {
    /** Root-mean-square error per sample. */
    public double rmse(double rows) { return Math.sqrt(rss / rows); }
  }

  private final List<Point> points;
  private final double rows;

  private SparsityPath(List<Point> points, double rows) {
    this.points = List.copyOf(points);
    this.rows = rows;
  }

  /**
   * Runs STLSQ for {@code steps} thresholds spaced logarithmically between {@code 1e-4·max|c|} and
   * {@code max|c|} (c the full least-squares fit), for target {@code j}.
   *
   * @param relativeErrorFloor residuals below this fraction of the target's root mean square count as
   *     exact in AIC/BIC (derivatives estimated from samples are never exact; without a floor, near
   *     noise-free data let the criteria buy ever smaller improvements with spurious terms). 0 = none.
   */
  public static SparsityPath compute(NormalEquations ne, int j, int steps, double ridge, double relativeErrorFloor) {
    if (!(relativeErrorFloor >= 0)) throw new IllegalArgumentException("relativeErrorFloor must be ≥ 0, got " + relativeErrorFloor);
    if (steps < 2) throw new IllegalArgumentException("steps must be ≥ 2, got " + steps);
    boolean[] all = new boolean[ne.features];
    Arrays.fill(all, true);
    double[] full = ne.solve(j, all, ridge);
    double max = 0;
    for (double c : full) max = Math.max(max, Math.abs(c));
    double n = ne.rows;
    java.util.Map<String, double[]> range = new java.util.LinkedHashMap<>();
    java.util.Map<String, double[]> coefs = new java.util.HashMap<>();
    double lo = Math.log(max * 1e-4);
    double hi = Math.log(max * 1.0001);
    for (int s = -1; s < steps; s++) {
      double thr = s < 0 ? 0 : Math.exp(lo + (hi - lo) * s / (steps - 1));
      double[] c = new Stlsq(new Stlsq.Options(thr, ridge, 50)).fit(ne, j).coefficients();
      StringBuilder key = new StringBuilder();
      for (double v : c) key.append(v != 0 ? '1' : '0');
      String k = key.toString();
      double[] r = range.get(k);
      if (r == null) {
        range.put(k, new double[] {thr, thr});
        coefs.put(k, c);
      } else {
        r[1] = Math.max(r[1], thr);
      }
    }
    List<Point> pts = new ArrayList<>();
    for (java.util.Map.Entry<String, double[]> e : range.entrySet()) {
      double[] c = coefs.get(e.getKey());
      double[] r = e.getValue();
      // a representative threshold: the geometric middle of the grid range that gave this support
      double thr = r[0] > 0 ? Math.sqrt(r[0] * r[1]) : r[1] > 0 ? r[1] / 2 : 0;
      int k = 0;
      for (double v : c) if (v != 0) k++;
      double rss = ne.rss(j, c);
      double floor = relativeErrorFloor * relativeErrorFloor * ne.yy[j];
      double ll = n * Math.log(Math.max(Math.max(rss, floor), 1e-300) / n);
      pts.add(new Point(thr, c, k, rss, ll + 2 * k, ll + k * Math.log(n)));
    }
    return new SparsityPath(pts, n);
  }

  public List<Point> points() { return points; }

  /** Number of (weighted) rows of the regression. */
  public double rows() { return rows; }

  /** The model minimising the criterion (ties: fewer terms). */
  public Point best(Criterion criterion) {
    Point best = null;
    for (Point p : points) {
      double v = criterion == Criterion.AIC ? p.aic() : p.bic();
      double b = best == null ? Double.POSITIVE_INFINITY : criterion == Criterion.AIC ? best.aic() : best.bic();
      if (v < b || (v == b && best != null && p.terms() < best.terms())) best = p;
    }
    return best;
  }

  /** For each number of terms the lowest error, keeping only those no sparser model beats: ascending in terms. */
  public List<Point> pareto() {
    List<Point> sorted = new ArrayList<>(points);
    sorted.sort((a, b) -> a.terms() != b.terms() ? Integer.compare(a.terms(), b.terms()) : Double.compare(a.rss(), b.rss()));
    List<Point> front = new ArrayList<>();
    double bestRss = Double.POSITIVE_INFINITY;
    for (Point p : sorted) {
      if (!front.isEmpty() && front.get(front.size() - 1).terms() == p.terms()) continue;
      if (p.rss() < bestRss) {
        front.add(p);
        bestRss = p.rss();
      }
    }
    return front;
  }
}
