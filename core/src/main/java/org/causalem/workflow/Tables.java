package org.causalem.workflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.causalem.data.BadInputException;
import org.causalem.io.TableReader;
import org.causalem.table.DescriptorTable;

/**
 * The numeric table of {@link BayesAnalysis}, {@link GpAnalysis} and {@link LawsAnalysis}, read with the shared
 * {@link TableReader} (missing values kept as NaN: each analysis drops only the rows missing a column it uses), and
 * the columns the options name, resolved with messages naming the table and the option.
 */
final class Tables {
  private Tables() {}

  /**
   * Reads {@code file}, leaving out text columns (a pandas index, a label) that are not in {@code used}; refuses a
   * missing file and a table without data rows.
   *
   * @param used the columns the analysis uses
   * @param notes receives a note naming the text columns left out, if any
   */
  static DescriptorTable read(Path file, java.util.Collection<String> used, List<String> notes) throws IOException {
    if (!Files.isRegularFile(file)) throw new BadInputException(file + ": no such file");
    TableReader.Result read = TableReader.read(file, used, true);
    DescriptorTable table = read.table();
    if (table.rows() == 0) throw new BadInputException(file + ": no data rows after the header");
    if (!read.textColumns().isEmpty()) notes.add(file + ": left out text column(s) not among the columns used: " + String.join(", ", read.textColumns()));
    return table;
  }

  /**
   * The column called {@code name} (the stored array).
   *
   * @param option the option that named it, for the message
   */
  static double[] column(DescriptorTable table, String source, String name, String option) {
    int j = table.indexOf(name);
    if (j < 0) throw new BadInputException(source + ": no column '" + name + "' (from " + option + "); columns are " + table.names());
    return table.columns()[j];
  }

  /** Indices of rows with no missing value in any of the named columns. */
  static int[] completeRows(DescriptorTable table, String source, List<String> names, String option) {
    for (String n : names) column(table, source, n, option);
    return table.select(names).completeRows();
  }

  static double[] take(double[] col, int[] rows) {
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) out[i] = col[rows[i]];
    return out;
  }
}
