package org.causalem.causal;

import java.util.HashMap;
import java.util.Map;

/**
 * The separating set recorded for each pair of variables a search found independent (for the
 * skeleton search: the union of the separating sets found at the removal depth). Not thread-safe.
 */
public final class Sepsets {
  private final Map<Long, int[]> sets = new HashMap<>();

  private static long key(int x, int y) { return x < y ? ((long) x << 32) | y : ((long) y << 32) | x; }

  public void put(int x, int y, int[] z) { sets.put(key(x, y), z.clone()); }

  /** The separating set of x and y, or null when none was recorded. */
  public int[] get(int x, int y) {
    int[] z = sets.get(key(x, y));
    return z == null ? null : z.clone();
  }

  /** True when x and y have a recorded separating set that contains v. */
  public boolean contains(int x, int y, int v) {
    int[] z = sets.get(key(x, y));
    if (z == null) return false;
    for (int w : z) if (w == v) return true;
    return false;
  }

  public Sepsets copy() {
    Sepsets s = new Sepsets();
    s.sets.putAll(sets);
    return s;
  }
}
