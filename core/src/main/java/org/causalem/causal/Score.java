package org.causalem.causal;

import java.util.List;

/**
 * A decomposable score of a DAG given data: the sum over nodes of {@link #localScore(int, int[])}.
 * Higher is better. Implementations: BIC (linear Gaussian), BDeu (discrete). Thread-safe.
 */
public interface Score {
  /** The variable names, in index order. */
  List<String> variables();

  /** The score of {@code node} with the given parents. */
  double localScore(int node, int[] parents);
}
