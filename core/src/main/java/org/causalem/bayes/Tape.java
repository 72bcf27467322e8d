package org.causalem.bayes;

/**
 * Reverse-mode automatic differentiation: a tape of elementary operations, each node with at most two
 * parents and the local partial derivatives to them. Build an expression with {@link Var} operations,
 * then {@link #gradient} sweeps the tape backwards once. Not thread-safe: use one tape per thread.
 */
public final class Tape {
  double[] value = new double[256];
  int[] parentA = new int[256];
  int[] parentB = new int[256];
  double[] partialA = new double[256];
  double[] partialB = new double[256];
  int size;
  private double[] adjoint = new double[256];

  /** Forgets all nodes (keeps the storage). */
  public void reset() { size = 0; }

  /** Number of nodes recorded. */
  public int size() { return size; }

  /** A new independent variable. */
  public Var variable(double v) { return new Var(this, push(v, -1, 0, -1, 0)); }

  /** Independent variables for every entry of {@code values}. */
  public Var[] variables(double[] values) {
    Var[] out = new Var[values.length];
    for (int i = 0; i < values.length; i++) out[i] = variable(values[i]);
    return out;
  }

  /** A constant node (derivative zero). */
  public Var constant(double v) { return new Var(this, push(v, -1, 0, -1, 0)); }

  int push(double v, int a, double da, int b, double db) {
    if (size == value.length) grow();
    value[size] = v;
    parentA[size] = a;
    partialA[size] = da;
    parentB[size] = b;
    partialB[size] = db;
    return size++;
  }

  private void grow() {
    int n = value.length * 2;
    value = java.util.Arrays.copyOf(value, n);
    parentA = java.util.Arrays.copyOf(parentA, n);
    parentB = java.util.Arrays.copyOf(parentB, n);
    partialA = java.util.Arrays.copyOf(partialA, n);
    partialB = java.util.Arrays.copyOf(partialB, n);
  }

  /** {@code ∂output/∂inputs[i]} for every input, by one reverse sweep. */
  public double[] gradient(Var output, Var[] inputs) {
    double[] g = new double[inputs.length];
    gradient(output, inputs, g);
    return g;
  }

  /** As {@link #gradient(Var, Var[])}, into {@code out}. */
  public void gradient(Var output, Var[] inputs, double[] out) {
    if (output.tape != this) throw new IllegalArgumentException("output belongs to another tape");
    if (adjoint.length < size) adjoint = new double[value.length];
    java.util.Arrays.fill(adjoint, 0, size, 0);
    adjoint[output.index] = 1;
    for (int i = output.index; i >= 0; i--) {
      double a = adjoint[i];
      if (a == 0) continue;
      int pa = parentA[i];
      if (pa >= 0) adjoint[pa] += a * partialA[i];
      int pb = parentB[i];
      if (pb >= 0) adjoint[pb] += a * partialB[i];
    }
    for (int k = 0; k < inputs.length; k++) out[k] = adjoint[inputs[k].index];
  }
}
