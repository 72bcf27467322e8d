package org.causalem.causal;

/** Enumerates k-subsets of an int array in lexicographic order of positions, into a reused buffer. */
final class Combinations {
  private final int[] items;
  private final int k;
  private final int[] pos;
  private final int[] current;
  private boolean started;
  private boolean done;

  Combinations(int[] items, int k) {
    this.items = items;
    this.k = k;
    this.pos = new int[k];
    this.current = new int[k];
    this.done = k > items.length;
  }

  /** The next subset (the same array, overwritten), or null when exhausted. */
  int[] next() {
    if (done) return null;
    if (!started) {
      started = true;
      for (int i = 0; i < k; i++) pos[i] = i;
    } else {
      int i = k - 1;
      while (i >= 0 && pos[i] == items.length - k + i) i--;
      if (i < 0) {
        done = true;
        return null;
      }
      pos[i]++;
      for (int j = i + 1; j < k; j++) pos[j] = pos[j - 1] + 1;
    }
    for (int i = 0; i < k; i++) current[i] = items[pos[i]];
    return current;
  }
}
