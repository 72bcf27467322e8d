package org.causalem.bayes;

/** A scalar recorded on a {@link Tape}; every operation records a node with its local derivatives. */
public final class Var {
  final Tape tape;
  final int index;

  Var(Tape tape, int index) {
    this.tape = tape;
    this.index = index;
  }

  public double value() { return tape.value[index]; }

  private Var unary(double v, double d) { return new Var(tape, tape.push(v, index, d, -1, 0)); }

  private Var binary(Var o, double v, double da, double db) {
    if (o.tape != tape) throw new IllegalArgumentException("operands belong to different tapes");
    return new Var(tape, tape.push(v, index, da, o.index, db));
  }

  public Var add(Var o) { return binary(o, value() + o.value(), 1, 1); }

  public Var add(double c) { return unary(value() + c, 1); }

  public Var sub(Var o) { return binary(o, value() - o.value(), 1, -1); }

  public Var sub(double c) { return unary(value() - c, 1); }

  /** {@code c − this}. */
  public Var rsub(double c) { return unary(c - value(), -1); }

  public Var mul(Var o) { return binary(o, value() * o.value(), o.value(), value()); }

  public Var mul(double c) { return unary(value() * c, c); }

  public Var div(Var o) {
    double b = o.value();
    double q = value() / b;
    return binary(o, q, 1 / b, -q / b);
  }

  public Var div(double c) { return unary(value() / c, 1 / c); }

  public Var neg() { return unary(-value(), -1); }

  public Var square() { return unary(value() * value(), 2 * value()); }

  public Var sqrt() {
    double s = Math.sqrt(value());
    return unary(s, 0.5 / s);
  }

  public Var exp() {
    double e = Math.exp(value());
    return unary(e, e);
  }

  public Var log() { return unary(Math.log(value()), 1 / value()); }

  public Var log1p() { return unary(Math.log1p(value()), 1 / (1 + value())); }

  public Var pow(double k) { return unary(Math.pow(value(), k), k * Math.pow(value(), k - 1)); }

  public Var sin() { return unary(Math.sin(value()), Math.cos(value())); }

  public Var cos() { return unary(Math.cos(value()), -Math.sin(value())); }

  public Var tanh() {
    double t = Math.tanh(value());
    return unary(t, 1 - t * t);
  }

  /** Logistic sigmoid. */
  public Var sigmoid() {
    double s = 1 / (1 + Math.exp(-value()));
    return unary(s, s * (1 - s));
  }

  /** Sum of several variables (one node per addition). */
  public static Var sum(Var... terms) {
    Var s = terms[0];
    for (int i = 1; i < terms.length; i++) s = s.add(terms[i]);
    return s;
  }

  /** log N(x | mean, sd²) for a data value x. */
  public static Var normalLogDensity(double x, Var mean, Var sd) {
    Var z = mean.rsub(x).div(sd);
    return z.square().mul(-0.5).sub(sd.log()).sub(0.5 * Math.log(2 * Math.PI));
  }

  /** log N(this | mean, sd²) for constant mean and sd. */
  public Var normalLogDensity(double mean, double sd) {
    return sub(mean).div(sd).square().mul(-0.5).sub(Math.log(sd) + 0.5 * Math.log(2 * Math.PI));
  }
}
