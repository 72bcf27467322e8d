package org.causalem.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.causalem.io.AtomicFiles;
import org.causalem.table.DescriptorTable;

/**
 * Writes the atoms command's tables as CSV (header row, NaN as an empty field, integer-valued columns
 * without a decimal point, the sublattice column as its name). Private to the atoms command until the
 * shared CSV writer lands.
 */
final class AtomsCsv {
  private static final Set<String> INTEGER_COLUMNS = Set.of("row", "col", "found", "column", "outlier", "missing_sites", "converged");

  private AtomsCsv() {}

  /** @param sublatticeNames names for the values of a {@code sublattice} column (index; -1 = unindexed) */
  static void write(Path file, DescriptorTable table, List<String> sublatticeNames) throws IOException {
    AtomicFiles.write(file, out -> {
      BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
      List<String> names = table.names();
      w.write(String.join(",", names));
      w.write('\n');
      int rows = table.rows();
      int cols = table.width();
      double[][] c = table.columns();
      boolean[] integer = new boolean[cols];
      boolean[] sub = new boolean[cols];
      for (int j = 0; j < cols; j++) {
        integer[j] = INTEGER_COLUMNS.contains(names.get(j));
        sub[j] = names.get(j).equals("sublattice");
      }
      StringBuilder sb = new StringBuilder(256);
      for (int i = 0; i < rows; i++) {
        sb.setLength(0);
        for (int j = 0; j < cols; j++) {
          if (j > 0) sb.append(',');
          double v = c[j][i];
          if (Double.isNaN(v)) continue;
          if (sub[j]) {
            int k = (int) v;
            sb.append(k >= 0 && k < sublatticeNames.size() ? sublatticeNames.get(k) : "unindexed");
          } else if (integer[j] && v == Math.rint(v) && Math.abs(v) < 1e15) {
            sb.append((long) v);
          } else {
            sb.append(format(v));
          }
        }
        sb.append('\n');
        w.write(sb.toString());
      }
      w.flush();
    });
  }

  private static String format(double v) {
    if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
    return Double.toString(v);   // shortest exact representation; numpy and pandas read it back unchanged
  }
}
