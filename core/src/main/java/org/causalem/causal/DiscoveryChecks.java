package org.causalem.causal;

import java.util.Locale;
import org.causalem.data.BadInputException;
import org.causalem.numeric.Cholesky;
import org.causalem.numeric.SingularMatrixException;
import org.causalem.table.DescriptorTable;

/**
 * Refuses tables a causal search cannot use: no columns, no more rows than variables, a constant
 * column, or (for continuous data) a column that is almost exactly a linear function of the others
 * (R² above {@link #MAX_R_SQUARED}), which violates faithfulness and makes searches delete true edges.
 */
public final class DiscoveryChecks {
  /** Largest R² of a column regressed on all others that is accepted. */
  public static final double MAX_R_SQUARED = 0.9999;

  private DiscoveryChecks() {}

  /**
   * @param source named in messages (the file name)
   * @param discrete true when every column is integer-coded (the determinism check is skipped)
   * @throws BadInputException naming the source, the column and what is wrong
   */
  public static void check(DescriptorTable table, String source, boolean discrete) {
    int p = table.width();
    int n = table.rows();
    if (p == 0) throw new BadInputException(source + ": no columns to analyse");
    if (p < 2) throw new BadInputException(source + ": only one column (" + table.names().get(0) + "); a causal search needs at least two");
    if (n <= p) {
      throw new BadInputException(source + ": " + n + " complete rows for " + p + " variables; a causal search needs more rows than variables");
    }
    for (int j = 0; j < p; j++) {
      double[] c = table.columns()[j];
      boolean constant = true;
      for (int i = 1; i < n && constant; i++) if (c[i] != c[0]) constant = false;
      if (constant) {
        throw new BadInputException(source + ": column '" + table.names().get(j) + "' is constant (every row is " + c[0]
            + "); remove it from the columns analysed");
      }
    }
    if (discrete) return;
    double[][] r = FisherZTest.correlation(table.names(), table.columns());
    // Cholesky in the given column order: the pivot of column j is 1 − R² of j on the columns before it
    try {
      Cholesky.of(r, 1 - MAX_R_SQUARED);
    } catch (SingularMatrixException e) {
      throw new BadInputException(String.format(Locale.ROOT,
          "%s: column '%s' is almost a linear function of the columns before it (R² = %.6f > %.4f); a derived "
              + "descriptor next to its inputs violates faithfulness: drop it or its inputs from the columns analysed",
          source, table.names().get(e.pivot()), 1 - Math.max(e.pivotValue(), 0), MAX_R_SQUARED));
    }
  }
}
