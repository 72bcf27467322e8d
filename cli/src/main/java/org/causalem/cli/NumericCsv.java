package org.causalem.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.causalem.data.BadInputException;

/**
 * A minimal numeric CSV table for {@code bayes}, {@code gp} and {@code laws}: a header row, then
 * comma-separated numbers; empty cells and {@code NA}/{@code NaN} are missing (NaN). To be replaced by
 * the shared table reader once it exists.
 */
final class NumericCsv {
  private final Path file;
  private final List<String> header;
  private final double[][] columns;

  private NumericCsv(Path file, List<String> header, double[][] columns) {
    this.file = file;
    this.header = header;
    this.columns = columns;
  }

  static NumericCsv read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) throw new BadInputException(file + ": no such file");
    List<String> header = null;
    List<double[]> rows = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int lineNo = 0;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) continue;
        String[] cells = line.split(",", -1);
        if (header == null) {
          header = new ArrayList<>();
          for (String c : cells) {
            String name = unquote(c.strip());
            if (lineNo == 1 && header.isEmpty() && name.startsWith("\uFEFF")) name = name.substring(1);
            if (name.isEmpty()) throw new BadInputException(file + ": line " + lineNo + ": empty column name in the header");
            if (header.contains(name)) throw new BadInputException(file + ": line " + lineNo + ": duplicate column '" + name + "'");
            header.add(name);
          }
          continue;
        }
        if (cells.length != header.size()) {
          throw new BadInputException(file + ": line " + lineNo + ": " + cells.length + " cells, the header has " + header.size());
        }
        double[] row = new double[cells.length];
        for (int j = 0; j < cells.length; j++) {
          String c = unquote(cells[j].strip());
          if (c.isEmpty() || c.equalsIgnoreCase("NA") || c.equalsIgnoreCase("NaN")) {
            row[j] = Double.NaN;
            continue;
          }
          try {
            row[j] = Double.parseDouble(c);
          } catch (NumberFormatException e) {
            throw new BadInputException(file + ": line " + lineNo + ", column '" + header.get(j) + "': '" + c + "' is not a number");
          }
          if (Double.isInfinite(row[j])) throw new BadInputException(file + ": line " + lineNo + ", column '" + header.get(j) + "': infinite value");
        }
        rows.add(row);
      }
    }
    if (header == null) throw new BadInputException(file + ": empty file (expected a header row)");
    if (rows.isEmpty()) throw new BadInputException(file + ": no data rows after the header");
    double[][] cols = new double[header.size()][rows.size()];
    for (int i = 0; i < rows.size(); i++) for (int j = 0; j < header.size(); j++) cols[j][i] = rows.get(i)[j];
    return new NumericCsv(file, List.copyOf(header), cols);
  }

  private static String unquote(String s) {
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
  }

  Path file() { return file; }

  List<String> header() { return header; }

  int rows() { return columns[0].length; }

  /**
   * The column called {@code name} (the stored array).
   *
   * @param option the command-line option that named it, for the message
   */
  double[] column(String name, String option) {
    int j = header.indexOf(name);
    if (j < 0) throw new BadInputException(file + ": no column '" + name + "' (from " + option + "); columns are " + header);
    return columns[j];
  }

  /** Indices of rows with no missing value in any of the named columns. */
  int[] completeRows(List<String> names, String option) {
    List<double[]> cols = new ArrayList<>();
    for (String n : names) cols.add(column(n, option));
    int[] keep = new int[rows()];
    int k = 0;
    for (int i = 0; i < rows(); i++) {
      boolean ok = true;
      for (double[] c : cols) if (Double.isNaN(c[i])) ok = false;
      if (ok) keep[k++] = i;
    }
    return java.util.Arrays.copyOf(keep, k);
  }

  static double[] take(double[] col, int[] rows) {
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) out[i] = col[rows[i]];
    return out;
  }

  /** Splits a comma-separated option value into names. */
  static List<String> names(String value, String option) {
    List<String> out = new ArrayList<>();
    for (String s : value.split(",")) {
      String t = s.strip();
      if (t.isEmpty()) throw new IllegalArgumentException(option + " '" + value + "': empty name");
      if (out.contains(t)) throw new IllegalArgumentException(option + " '" + value + "': '" + t + "' given twice");
      out.add(t);
    }
    return out;
  }
}
