package org.causalem.bayes;

import java.util.List;

/**
 * A parametric physical model used as the mean of a structured Gaussian process: the GP models only
 * what the physics misses. Written with {@link Var} so its parameter gradient is automatic; every
 * parameter has a Gaussian prior.
 */
public interface MeanFunction {
  String name();

  List<String> parameterNames();

  /** Prior means of the parameters. */
  double[] priorMean();

  /** Prior standard deviations of the parameters (all &gt; 0). */
  double[] priorSd();

  /** The model's value at input {@code x} (original units; not modified) for parameters {@code theta}. */
  Var value(double[] x, Var[] theta);

  /**
   * Data-driven starting values of the parameters for the optimiser, besides the prior means (e.g. a wall's position at
   * the largest step of the data): a model whose likelihood has several basins (a position parameter) is fitted from each
   * start and the best mode kept. None by default.
   */
  default double[][] starts(double[][] x, double[] y) { return new double[0][]; }

  /**
   * One configuration of a model whose evidence is a sum over configurations: a mean function with some of the model's
   * parameters held fixed, and the prior probability of the region those fixed values stand for.
   *
   * @param model the mean function of the other parameters
   * @param logPriorMass log prior probability of the region (e.g. of a step lying between two given measurements)
   * @param fixedNames names of the parameters held fixed
   * @param fixedValues their values (a point of the region)
   * @param rows the measurements the piece's GP is fitted on (null: all)
   * @param heldOut the likelihood of the measurements left out, given the fitted parameters (null when none are)
   */
  record Piece(MeanFunction model, double logPriorMass, List<String> fixedNames, double[] fixedValues, int[] rows, HeldOut heldOut) {
    /** A piece fitted on every measurement. */
    public Piece(MeanFunction model, double logPriorMass, List<String> fixedNames, double[] fixedValues) {
      this(model, logPriorMass, fixedNames, fixedValues, null, null);
    }
  }

  /** The log likelihood of the measurements a {@link Piece} leaves out of its GP, given its fitted mean parameters and noise sd. */
  interface HeldOut {
    double logLikelihood(double[] meanParameters, double noiseSd);
  }

  /**
   * For a model with a parameter the likelihood is piecewise flat in (a sharp step's position: between two neighbouring
   * measurements the data cannot tell where it lies), the configurations to sum the evidence over: {@code Z = Σ P(region)·
   * Z(region)}, each Z(region) with the parameter held at a point of the region, exact as long as the likelihood is flat
   * there; a Laplace approximation over that parameter would instead take its sd from the prior and overrate the model
   * by log(prior width / region width). Null (default): the model's evidence is evaluated as a whole.
   */
  default List<Piece> pieces(double[][] x, double[] y) { return null; }

  /** A mean function from a lambda. */
  static MeanFunction of(String name, List<String> parameters, double[] priorMean, double[] priorSd, java.util.function.BiFunction<double[], Var[], Var> f) {
    return of(name, parameters, priorMean, priorSd, f, null);
  }

  /** A mean function from a lambda, with data-driven starting values ({@link #starts}; null: none). */
  static MeanFunction of(String name, List<String> parameters, double[] priorMean, double[] priorSd, java.util.function.BiFunction<double[], Var[], Var> f,
                         java.util.function.BiFunction<double[][], double[], double[][]> starts) {
    if (parameters.size() != priorMean.length || parameters.size() != priorSd.length) {
      throw new IllegalArgumentException("mean function " + name + ": " + parameters.size() + " parameters, " + priorMean.length + " prior means, " + priorSd.length + " prior sds");
    }
    for (double s : priorSd) if (!(s > 0)) throw new IllegalArgumentException("mean function " + name + ": prior sd must be > 0, got " + s);
    List<String> names = List.copyOf(parameters);
    double[] pm = priorMean.clone();
    double[] ps = priorSd.clone();
    return new MeanFunction() {
      @Override public String name() { return name; }

      @Override public List<String> parameterNames() { return names; }

      @Override public double[] priorMean() { return pm.clone(); }

      @Override public double[] priorSd() { return ps.clone(); }

      @Override public Var value(double[] x, Var[] theta) { return f.apply(x, theta); }

      @Override public double[][] starts(double[][] x, double[] y) {
        if (starts == null) return new double[0][];
        double[][] s = starts.apply(x, y);
        for (double[] row : s) {
          if (row.length != names.size()) throw new IllegalStateException("mean function " + name + ": a start has " + row.length + " values for " + names.size() + " parameters");
        }
        return s;
      }
    };
  }
}
