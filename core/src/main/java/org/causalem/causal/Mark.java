package org.causalem.causal;

/** The mark at one end of an edge: tail ({@code -}), arrowhead ({@code >}) or circle ({@code o}). */
public enum Mark {
  TAIL, ARROW, CIRCLE
}
