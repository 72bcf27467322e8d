package org.causalem.causal;

import java.util.Objects;

/**
 * An edge between two named variables read from {@code from} to {@code to}: the key of per-edge values (bootstrap
 * confidences, coefficients, labels). Its {@link #toString()} is {@code from→to}, the form results.json uses for such
 * keys (Jackson writes a map key through {@code toString()}).
 */
public record EdgeKey(String from, String to) {
  public EdgeKey {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }

  /** The edge {@code a}→{@code b} of {@code g}, by node name. */
  public static EdgeKey of(Graph g, int a, int b) { return new EdgeKey(g.nodes().get(a), g.nodes().get(b)); }

  /** The same pair read the other way. */
  public EdgeKey reversed() { return new EdgeKey(to, from); }

  @Override public String toString() { return from + "→" + to; }
}
