package org.causalem.causal;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test helper: a random DAG and Gaussian linear SEM data from it (seeded). */
final class LinearSem {
  final Graph dag;
  final double[][] columns;

  private LinearSem(Graph dag, double[][] columns) {
    this.dag = dag;
    this.columns = columns;
  }

  /** p nodes in a random order, each pair joined with probability degree/(p-1); weights ±U(0.2, 0.7) (as in Tetrad's simulations); noise N(0, 1). */
  static LinearSem random(int p, double degree, int n, long seed) {
    Random rnd = new Random(seed);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < p; i++) names.add("X" + (i + 1));
    int[] perm = new int[p];
    for (int i = 0; i < p; i++) perm[i] = i;
    for (int i = p - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    Graph g = new Graph(names);
    double[][] w = new double[p][p];
    double prob = degree / (p - 1);
    for (int a = 0; a < p; a++) {
      for (int b = a + 1; b < p; b++) {
        if (rnd.nextDouble() < prob) {
          g.addDirected(perm[a], perm[b]);
          w[perm[a]][perm[b]] = (0.2 + 0.5 * rnd.nextDouble()) * (rnd.nextBoolean() ? 1 : -1);
        }
      }
    }
    double[][] cols = new double[p][n];
    for (int a = 0; a < p; a++) {
      int v = perm[a];
      for (int i = 0; i < n; i++) {
        double s = rnd.nextGaussian();
        for (int u = 0; u < p; u++) if (w[u][v] != 0) s += w[u][v] * cols[u][i];
        cols[v][i] = s;
      }
    }
    return new LinearSem(g, cols);
  }
}
