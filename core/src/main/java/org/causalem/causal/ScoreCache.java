package org.causalem.causal;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/** A thread-safe memo of local scores keyed by node and parent set (order of parents ignored). */
final class ScoreCache {
  private record Key(int node, int[] parents) {
    @Override public boolean equals(Object o) {
      return o instanceof Key k && k.node == node && Arrays.equals(k.parents, parents);
    }

    @Override public int hashCode() { return 31 * node + Arrays.hashCode(parents); }
  }

  private final ConcurrentHashMap<Key, Double> map = new ConcurrentHashMap<>();
  private final int limit;

  ScoreCache(int limit) { this.limit = limit; }

  /** The cached value, or {@code compute(sortedParents)} stored for next time. */
  double get(int node, int[] parents, ToDoubleFunction<int[]> compute) {
    int[] sorted = parents.clone();
    Arrays.sort(sorted);
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i] == sorted[i - 1]) throw new IllegalArgumentException("duplicate parent " + sorted[i]);
    }
    Key key = new Key(node, sorted);
    Double v = map.get(key);
    if (v != null) return v;
    double s = compute.applyAsDouble(sorted);
    if (map.size() < limit) map.putIfAbsent(key, s);
    return s;
  }
}
