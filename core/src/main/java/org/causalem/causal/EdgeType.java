package org.causalem.causal;

import java.util.Arrays;

/**
 * The type of an edge read from one end ("from") to the other ("to"): the mark at each end. Written in graph files
 * and outputs as its {@link #symbol()}, e.g. {@code -->} for from → to; {@link #toString()} is the symbol too.
 * Declared in the order 3·(mark at from) + (mark at to), marks in {@link Mark} order (tail, arrowhead, circle).
 */
public enum EdgeType {
  /** {@code ---}: adjacent, orientation unknown (a CPDAG's undirected edge). */
  UNDIRECTED(Mark.TAIL, Mark.TAIL),
  /** {@code -->}: from causes to. */
  DIRECTED(Mark.TAIL, Mark.ARROW),
  /** {@code --o}: a PAG edge with a tail at from and a circle at to. */
  TAIL_CIRCLE(Mark.TAIL, Mark.CIRCLE),
  /** {@code <--}: to causes from. */
  REVERSED(Mark.ARROW, Mark.TAIL),
  /** {@code <->}: a latent common cause (neither causes the other). */
  BIDIRECTED(Mark.ARROW, Mark.ARROW),
  /** {@code <-o}: a PAG edge, to is not caused by from. */
  ARROW_CIRCLE(Mark.ARROW, Mark.CIRCLE),
  /** {@code o--}: a PAG edge with a circle at from and a tail at to. */
  CIRCLE_TAIL(Mark.CIRCLE, Mark.TAIL),
  /** {@code o->}: a PAG edge, from is not caused by to. */
  CIRCLE_ARROW(Mark.CIRCLE, Mark.ARROW),
  /** {@code o-o}: a PAG edge with both ends undetermined. */
  CIRCLE_CIRCLE(Mark.CIRCLE, Mark.CIRCLE);

  private static final EdgeType[] BY_MARKS = values();

  private final Mark atFrom;
  private final Mark atTo;
  private final String symbol;

  EdgeType(Mark atFrom, Mark atTo) {
    this.atFrom = atFrom;
    this.atTo = atTo;
    this.symbol = end(atFrom, true) + "-" + end(atTo, false);
  }

  /** The mark at the "from" end. */
  public Mark atFrom() { return atFrom; }

  /** The mark at the "to" end. */
  public Mark atTo() { return atTo; }

  /** As written in graph files: {@code -->, <--, ---, <->, o->, <-o, o-o, o--, --o}. */
  public String symbol() { return symbol; }

  /** The same edge read from the other end ({@code -->} becomes {@code <--}). */
  public EdgeType reversed() { return of(atTo, atFrom); }

  /** The type with these marks at the from and to ends. */
  public static EdgeType of(Mark atFrom, Mark atTo) { return BY_MARKS[3 * atFrom.ordinal() + atTo.ordinal()]; }

  /**
   * The type written as {@code symbol}.
   *
   * @throws IllegalArgumentException naming the symbol and the accepted ones
   */
  public static EdgeType parse(String symbol) {
    for (EdgeType t : BY_MARKS) if (t.symbol.equals(symbol)) return t;
    throw new IllegalArgumentException("unknown edge type '" + symbol + "'; expected one of "
        + Arrays.stream(BY_MARKS).map(EdgeType::symbol).toList());
  }

  /** The symbol, so that text built from an edge type reads as a graph file does. */
  @Override public String toString() { return symbol; }

  private static String end(Mark m, boolean from) {
    return switch (m) {
      case TAIL -> "-";
      case ARROW -> from ? "<" : ">";
      case CIRCLE -> "o";
    };
  }
}
