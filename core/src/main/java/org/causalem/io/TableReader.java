package org.causalem.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.causalem.data.BadInputException;
import org.causalem.table.DescriptorTable;

/**
 * Reads a numeric table: comma-separated with a header row (fields may be double-quoted, {@code ""} is
 * an escaped quote), or whitespace-separated text. A first line whose every field is a number is taken
 * as data, and the columns are then called {@code X1..Xn}. Rows with a missing value (empty field,
 * {@code NA}, {@code NaN}) are dropped and counted. A column whose every value is an integer is flagged
 * discrete.
 */
public final class TableReader {
  private TableReader() {}

  /**
   * The table read from a file.
   *
   * @param table the complete rows
   * @param discrete {@code discrete[j]} is true when column j holds only integers
   * @param droppedRows rows left out because they had a missing value
   */
  public record Result(DescriptorTable table, boolean[] discrete, int droppedRows) {
    /** The discrete flag of the column called {@code name}. */
    public boolean isDiscrete(String name) {
      int j = table.indexOf(name);
      if (j < 0) throw new IllegalArgumentException("no column '" + name + "'; columns are " + table.names());
      return discrete[j];
    }
  }

  /** Reads {@code file}. @throws BadInputException on ragged rows, non-numeric text or an empty table */
  public static Result read(Path file) throws IOException {
    return read(file, true);
  }

  /**
   * Reads {@code file} keeping every row: missing values stay in the table as {@code NaN} (for callers
   * that drop only the rows missing a column they use). {@code droppedRows} is then 0, and a column's
   * discrete flag looks at its present values only.
   *
   * @throws BadInputException on ragged rows, non-numeric text or an empty file
   */
  public static Result readKeepingMissing(Path file) throws IOException {
    return read(file, false);
  }

  private static Result read(Path file, boolean dropIncomplete) throws IOException {
    String name = file.getFileName().toString();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int lineNo = 0;
      List<String> header = null;
      boolean csv = false;
      List<double[]> rows = new ArrayList<>();
      int dropped = 0;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (lineNo == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
        if (line.isBlank()) continue;
        if (header == null) {
          csv = line.indexOf(',') >= 0;
          List<String> first = split(line, csv, name, lineNo);
          if (allNumeric(first)) {
            header = new ArrayList<>();
            for (int j = 0; j < first.size(); j++) header.add("X" + (j + 1));
          } else {
            header = first;
            checkHeader(header, name);
            continue;
          }
        }
        List<String> fields = split(line, csv, name, lineNo);
        if (fields.size() != header.size()) {
          throw new BadInputException(name + ": line " + lineNo + " has " + fields.size() + " fields, the header has " + header.size());
        }
        double[] row = new double[fields.size()];
        boolean missing = false;
        for (int j = 0; j < row.length; j++) {
          String f = fields.get(j).trim();
          if (isMissing(f)) {
            missing = true;
            row[j] = Double.NaN;
            continue;
          }
          try {
            row[j] = Double.parseDouble(f);
          } catch (NumberFormatException e) {
            throw new BadInputException(name + ": line " + lineNo + ", column '" + header.get(j) + "': '" + f + "' is not a number");
          }
          if (Double.isInfinite(row[j])) {
            throw new BadInputException(name + ": line " + lineNo + ", column '" + header.get(j) + "': '" + f + "' is infinite");
          }
        }
        if (missing && dropIncomplete) dropped++;
        else rows.add(row);
      }
      if (header == null) throw new BadInputException(name + ": the file is empty");
      int n = rows.size();
      int p = header.size();
      double[][] cols = new double[p][n];
      for (int i = 0; i < n; i++) {
        double[] r = rows.get(i);
        for (int j = 0; j < p; j++) cols[j][i] = r[j];
      }
      boolean[] discrete = new boolean[p];
      for (int j = 0; j < p; j++) {
        boolean integral = false;
        for (double v : cols[j]) {
          if (Double.isNaN(v)) continue;
          integral = true;
          if (v != Math.rint(v) || Math.abs(v) > 1e9) {
            integral = false;
            break;
          }
        }
        discrete[j] = integral;
      }
      return new Result(DescriptorTable.of(header, cols), discrete, dropped);
    }
  }

  private static boolean isMissing(String f) {
    return f.isEmpty() || f.equalsIgnoreCase("NA") || f.equalsIgnoreCase("NaN") || f.equals("?");
  }

  private static boolean allNumeric(List<String> fields) {
    for (String f : fields) {
      String t = f.trim();
      if (isMissing(t)) return false;
      try {
        Double.parseDouble(t);
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return true;
  }

  private static void checkHeader(List<String> header, String name) {
    for (int j = 0; j < header.size(); j++) {
      String h = header.get(j).trim();
      if (h.isEmpty()) throw new BadInputException(name + ": header column " + (j + 1) + " has no name");
      header.set(j, h);
    }
    if (header.stream().distinct().count() != header.size()) throw new BadInputException(name + ": duplicate column names in header " + header);
  }

  /** Splits one line: CSV with quotes, or runs of whitespace. */
  static List<String> split(String line, boolean csv, String name, int lineNo) {
    List<String> out = new ArrayList<>();
    if (!csv) {
      out.addAll(Arrays.asList(line.trim().split("\\s+")));
      return out;
    }
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            cur.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (quoted) throw new BadInputException(name + ": line " + lineNo + " has an unterminated quoted field");
    out.add(cur.toString());
    return out;
  }
}
