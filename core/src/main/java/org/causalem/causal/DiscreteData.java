package org.causalem.causal;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.causalem.data.BadInputException;
import org.causalem.table.DescriptorTable;

/**
 * Discrete data for the contingency tests and BDeu: every column re-coded to states {@code 0..k-1} in
 * the order of its sorted distinct values (so the codes need not be contiguous in the input). Immutable.
 */
public final class DiscreteData {
  private final List<String> names;
  private final int[][] codes;
  private final int[] cardinalities;
  private final int rows;

  /** @param columns column-major values, each an integer code (not modified) */
  public DiscreteData(List<String> names, double[][] columns) {
    this.names = List.copyOf(names);
    if (names.size() != columns.length) throw new IllegalArgumentException(names.size() + " names for " + columns.length + " columns");
    this.rows = columns.length == 0 ? 0 : columns[0].length;
    this.codes = new int[columns.length][];
    this.cardinalities = new int[columns.length];
    for (int j = 0; j < columns.length; j++) {
      double[] c = Objects.requireNonNull(columns[j]);
      if (c.length != rows) throw new IllegalArgumentException("column " + names.get(j) + " has " + c.length + " rows, expected " + rows);
      for (int i = 0; i < rows; i++) {
        if (!(c[i] == Math.rint(c[i]))) {
          throw new BadInputException("column '" + names.get(j) + "' row " + (i + 1) + ": " + c[i] + " is not an integer state code");
        }
      }
      double[] distinct = Arrays.stream(c).distinct().sorted().toArray();
      int[] code = new int[rows];
      for (int i = 0; i < rows; i++) code[i] = Arrays.binarySearch(distinct, c[i]);
      codes[j] = code;
      cardinalities[j] = distinct.length;
    }
  }

  /** From a table (all columns). */
  public static DiscreteData of(DescriptorTable table) { return new DiscreteData(table.names(), table.columns()); }

  public List<String> names() { return names; }

  public int rows() { return rows; }

  public int width() { return codes.length; }

  /** Number of distinct states of column j. */
  public int cardinality(int j) { return cardinalities[j]; }

  /** The state codes of column j (the stored array: do not modify). */
  int[] codes(int j) { return codes[j]; }

  /**
   * The configuration of the variables {@code z} in every row, as compact ids {@code 0..m-1} in
   * ascending order of the mixed-radix key; {@code result[rows]} holds m.
   */
  int[] strata(int[] z) {
    int[] out = new int[rows + 1];
    if (z.length == 0) {
      out[rows] = rows > 0 ? 1 : 0;
      return out;
    }
    long[] key = new long[rows];
    double space = 1;
    for (int v : z) space *= cardinalities[v];
    if (space > 9e18) throw new IllegalArgumentException("conditioning set " + Arrays.toString(z) + " has too many joint states");
    for (int i = 0; i < rows; i++) {
      long k = 0;
      for (int v : z) k = k * cardinalities[v] + codes[v][i];
      key[i] = k;
    }
    if (space <= Math.max(4L * rows, 1 << 16)) {
      int[] id = new int[(int) space];
      for (long k : key) id[(int) k] = 1;
      int m = 0;
      for (int s = 0; s < id.length; s++) id[s] = id[s] == 1 ? m++ : -1;
      for (int i = 0; i < rows; i++) out[i] = id[(int) key[i]];
      out[rows] = m;
    } else {
      long[] sorted = key.clone();
      Arrays.sort(sorted);
      int m = 0;
      for (int i = 0; i < rows; i++) if (i == 0 || sorted[i] != sorted[i - 1]) sorted[m++] = sorted[i];
      long[] uniq = Arrays.copyOf(sorted, m);
      for (int i = 0; i < rows; i++) out[i] = Arrays.binarySearch(uniq, key[i]);
      out[rows] = m;
    }
    return out;
  }
}
