package org.causalem.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.causalem.image.FitStatus;
import org.causalem.io.CsvWriter;
import org.causalem.table.DescriptorTable;

/**
 * Writes the atom-column tables (atoms.csv, cells.csv, sites.csv) as CSV (header row, NaN as an empty field, integer-valued columns
 * without a decimal point, other values in full double precision with infinities as {@code inf}, the
 * sublattice column as its name), through the shared {@link CsvWriter}.
 */
public final class AtomsCsv {
  private static final Set<String> INTEGER_COLUMNS = Set.of("row", "col", "found", "column", "outlier", "missing_sites", "converged");

  private AtomsCsv() {}

  /** @param sublatticeNames names for the values of a {@code sublattice} column (index; -1 = unindexed) */
  public static void write(Path file, DescriptorTable table, List<String> sublatticeNames) throws IOException {
    List<String> names = table.names();
    int cols = table.width();
    boolean[] integer = new boolean[cols];
    boolean[] sub = new boolean[cols];
    boolean[] status = new boolean[cols];
    for (int j = 0; j < cols; j++) {
      integer[j] = INTEGER_COLUMNS.contains(names.get(j));
      sub[j] = names.get(j).equals("sublattice");
      status[j] = names.get(j).equals("fit_status");
    }
    CsvWriter.write(file, table, (sb, j, v) -> {
      if (status[j]) {
        if (!Double.isNaN(v)) sb.append(FitStatus.values()[(int) v].label());
      } else if (sub[j]) {
        int k = (int) v;
        sb.append(k >= 0 && k < sublatticeNames.size() ? sublatticeNames.get(k) : "unindexed");
      } else if (integer[j] && CsvWriter.isWhole(v)) {
        sb.append((long) v);
      } else {
        sb.append(format(v));
      }
    });
  }

  private static String format(double v) {
    if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
    return Double.toString(v);   // shortest exact representation; numpy and pandas read it back unchanged
  }
}
