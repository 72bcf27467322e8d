package org.causalem.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.causalem.data.BadInputException;
import org.causalem.io.TableReader;
import org.causalem.table.DescriptorTable;

/**
 * The numeric table of {@code bayes}, {@code gp} and {@code laws}, read with the shared {@link TableReader}
 * (missing values kept as NaN: each command drops only the rows missing a column it uses), and the
 * columns that command-line options name, resolved with messages naming the file and the option.
 */
final class TableOptions {
  private TableOptions() {}

  /** Reads {@code file}; refuses a missing file and a table without data rows. */
  static DescriptorTable read(Path file) throws IOException {
    return read(file, null);
  }

  /**
   * Reads {@code file}, leaving out text columns (a pandas index, a label) that are not in {@code used}; refuses a
   * missing file and a table without data rows.
   *
   * @param used the columns the command uses; null: every column must be numeric
   */
  static DescriptorTable read(Path file, java.util.Collection<String> used) throws IOException {
    if (!Files.isRegularFile(file)) throw new BadInputException(file + ": no such file");
    DescriptorTable table = TableReader.read(file, used, true).table();
    if (table.rows() == 0) throw new BadInputException(file + ": no data rows after the header");
    return table;
  }

  /**
   * The column called {@code name} (the stored array).
   *
   * @param option the command-line option that named it, for the message
   */
  static double[] column(DescriptorTable table, Path file, String name, String option) {
    int j = table.indexOf(name);
    if (j < 0) throw new BadInputException(file + ": no column '" + name + "' (from " + option + "); columns are " + table.names());
    return table.columns()[j];
  }

  /** Indices of rows with no missing value in any of the named columns. */
  static int[] completeRows(DescriptorTable table, Path file, List<String> names, String option) {
    for (String n : names) column(table, file, n, option);
    return table.select(names).completeRows();
  }

  static double[] take(double[] col, int[] rows) {
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) out[i] = col[rows[i]];
    return out;
  }

  /** Splits a comma-separated option value into names. */
  static List<String> names(picocli.CommandLine.Model.CommandSpec spec, String value, String option) {
    List<String> out = new ArrayList<>();
    for (String s : value.split(",")) {
      String t = s.strip();
      if (t.isEmpty()) throw OptionChecks.usage(spec, option + " '" + value + "': empty name");
      if (out.contains(t)) throw OptionChecks.usage(spec, option + " '" + value + "': '" + t + "' given twice");
      out.add(t);
    }
    return out;
  }
}
