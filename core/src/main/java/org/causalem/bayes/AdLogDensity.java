package org.causalem.bayes;

/**
 * A {@link LogDensity} whose gradient comes from reverse-mode automatic differentiation of a model
 * written with {@link Var}. Thread-safe: each thread records on its own {@link Tape}.
 */
public final class AdLogDensity implements LogDensity {
  /** A log density written with {@link Var} operations. */
  @FunctionalInterface
  public interface Model {
    Var logDensity(Var[] theta);
  }

  private final int dimension;
  private final Model model;
  private final ThreadLocal<Tape> tapes = ThreadLocal.withInitial(Tape::new);

  public AdLogDensity(int dimension, Model model) {
    if (dimension < 1) throw new IllegalArgumentException("dimension must be ≥ 1, got " + dimension);
    this.dimension = dimension;
    this.model = java.util.Objects.requireNonNull(model);
  }

  @Override public int dimension() { return dimension; }

  @Override public double evaluate(double[] theta, double[] gradient) {
    Tape tape = tapes.get();
    tape.reset();
    Var[] x = tape.variables(theta);
    Var out = model.logDensity(x);
    tape.gradient(out, x, gradient);
    return out.value();
  }
}
