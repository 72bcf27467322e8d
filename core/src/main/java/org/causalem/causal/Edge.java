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

  /** The type as written in graph files: {@code -->, ---, <->, o->, o-o, <-o, -o, o--}. */
  public String type() { return symbol(atA, true) + "-" + symbol(atB, false); }

  private static String symbol(Mark m, boolean left) {
    switch (m) {
      case TAIL: return "-";
      case ARROW: return left ? "<" : ">";
      default: return "o";
    }
  }
}
