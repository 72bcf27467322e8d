package org.causalem.simulate;

import java.util.Objects;
import java.util.SplittableRandom;
import org.causalem.causal.Graph;
import org.causalem.table.DescriptorTable;

/**
 * A linear structural equation model on a DAG: {@code x_i = Σ_j B[i][j]·x_j + e_i} with independent
 * noise. Coefficients are drawn uniformly from ±[low, high] unless given; noise is Gaussian, uniform or
 * Laplace, each scaled to the given standard deviation.
 */
public final class LinearSem {
  /** The noise distribution. */
  public enum Noise { GAUSSIAN, UNIFORM, LAPLACE }

  /**
   * @param coefficientLow smallest |coefficient|, ≥ 0
   * @param coefficientHigh largest |coefficient|, ≥ low
   * @param noise the noise distribution
   * @param noiseSd standard deviation of every noise term, > 0
   */
  public record Options(double coefficientLow, double coefficientHigh, Noise noise, double noiseSd) {
    public Options {
      Objects.requireNonNull(noise, "noise");
      if (!(coefficientLow >= 0)) throw new IllegalArgumentException("coefficientLow must be ≥ 0, got " + coefficientLow);
      if (!(coefficientHigh >= coefficientLow) || Double.isInfinite(coefficientHigh)) {
        throw new IllegalArgumentException("coefficientHigh must be finite and ≥ coefficientLow = " + coefficientLow + ", got " + coefficientHigh);
      }
      if (!(noiseSd > 0) || Double.isInfinite(noiseSd)) throw new IllegalArgumentException("noiseSd must be > 0, got " + noiseSd);
    }

    /** Coefficients in ±[0.5, 2], unit noise of the given kind. */
    public static Options of(Noise noise) { return new Options(0.5, 2.0, noise, 1.0); }
  }

  /**
   * A simulated data set.
   *
   * @param data one column per node, named as the nodes
   * @param dag the true DAG
   * @param coefficients {@code B[i][j]}: direct effect of node j on node i
   */
  public record Sample(DescriptorTable data, Graph dag, double[][] coefficients) {}

  private final Options options;

  public LinearSem(Options options) { this.options = Objects.requireNonNull(options); }

  /** Random coefficients on the edges of {@code dag}, drawn with {@code rng}. */
  public double[][] randomCoefficients(Graph dag, SplittableRandom rng) {
    int p = dag.size();
    double[][] b = new double[p][p];
    for (int i = 0; i < p; i++) {
      for (int j : dag.parents(i)) {
        double m = options.coefficientLow() + rng.nextDouble() * (options.coefficientHigh() - options.coefficientLow());
        b[i][j] = rng.nextBoolean() ? m : -m;
      }
    }
    return b;
  }

  /** n rows from {@code dag} with random coefficients. */
  public Sample simulate(Graph dag, int n, SplittableRandom rng) {
    return simulate(dag, randomCoefficients(dag, rng), n, rng);
  }

  /** n rows from {@code dag} with the given coefficients (B[i][j] ≠ 0 only where j → i; not modified). */
  public Sample simulate(Graph dag, double[][] coefficients, int n, SplittableRandom rng) {
    double[] sd = new double[dag.size()];
    java.util.Arrays.fill(sd, options.noiseSd());
    return simulate(dag, coefficients, sd, n, rng);
  }

  /**
   * n rows with the given coefficients and one noise standard deviation per node (overriding
   * {@link Options#noiseSd()}); arrays not modified.
   */
  public Sample simulate(Graph dag, double[][] coefficients, double[] noiseSds, int n, SplittableRandom rng) {
    int p = dag.size();
    if (noiseSds.length != p) throw new IllegalArgumentException("noiseSds has " + noiseSds.length + " entries, expected " + p);
    for (int i = 0; i < p; i++) {
      if (!(noiseSds[i] > 0) || Double.isInfinite(noiseSds[i])) {
        throw new IllegalArgumentException("noiseSds[" + i + "] must be > 0, got " + noiseSds[i]);
      }
    }
    if (n < 1) throw new IllegalArgumentException("n must be ≥ 1, got " + n);
    if (coefficients.length != p) throw new IllegalArgumentException("coefficients has " + coefficients.length + " rows, expected " + p);
    int[] order = dag.topologicalOrder();
    if (order == null || !dag.isDag()) throw new IllegalArgumentException("graph is not a DAG: " + dag);
    double[][] b = new double[p][];
    for (int i = 0; i < p; i++) {
      if (coefficients[i].length != p) throw new IllegalArgumentException("coefficients row " + i + " has " + coefficients[i].length + " entries, expected " + p);
      for (int j = 0; j < p; j++) {
        if (coefficients[i][j] != 0 && !dag.isDirected(j, i)) {
          throw new IllegalArgumentException("coefficient B[" + i + "][" + j + "] = " + coefficients[i][j] + " but there is no edge "
              + dag.nodes().get(j) + " → " + dag.nodes().get(i));
        }
      }
      b[i] = coefficients[i].clone();
    }
    double[][] cols = new double[p][n];
    for (int v : order) {
      double[] x = cols[v];
      double sd = noiseSds[v];
      for (int r = 0; r < n; r++) x[r] = sd * noise(rng);
      for (int j : dag.parents(v)) {
        double c = b[v][j];
        double[] xj = cols[j];
        for (int r = 0; r < n; r++) x[r] += c * xj[r];
      }
    }
    return new Sample(DescriptorTable.of(dag.nodes(), cols), dag.copy(), b);
  }

  /** A draw of unit standard deviation from the configured noise distribution. */
  private double noise(SplittableRandom rng) {
    double s = 1.0;
    switch (options.noise()) {
      case GAUSSIAN:
        return s * gaussian(rng);
      case UNIFORM:
        return s * Math.sqrt(3) * (2 * rng.nextDouble() - 1);
      default:
        double u = rng.nextDouble() - 0.5;
        while (u == -0.5) u = rng.nextDouble() - 0.5;
        double b = s / Math.sqrt(2);
        return -b * Math.signum(u) * Math.log(1 - 2 * Math.abs(u));
    }
  }

  /** A standard normal draw (Box–Muller; one of the pair is used). */
  static double gaussian(SplittableRandom rng) {
    double u1 = rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
  }
}
