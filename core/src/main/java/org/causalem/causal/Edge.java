package org.causalem.causal;

/**
 * An edge between nodes {@code a} and {@code b} with the mark at each end. For a directed edge a is the
 * tail end and b the head ({@code a --> b}).
 */
public record Edge(int a, int b, Mark atA, Mark atB) {
  /** {@code a --> b}. */
  public boolean directed() { return atA == Mark.TAIL && atB == Mark.ARROW; }

  /** {@code a --- b}. */
  public boolean undirected() { return atA == Mark.TAIL && atB == Mark.TAIL; }

  /** {@code a <-> b}. */
  public boolean bidirected() { return atA == Mark.ARROW && atB == Mark.ARROW; }

  /** The type read from a to b ({@link EdgeType#DIRECTED} for {@code a --> b}). */
  public EdgeType type() { return EdgeType.of(atA, atB); }
}
