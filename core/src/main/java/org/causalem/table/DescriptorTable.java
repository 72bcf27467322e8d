package org.causalem.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Named physical variables, one row per site, cell or pixel; stored column by column as primitive
 * doubles ({@code NaN} marks a missing value).
 *
 * @param names column names (unique)
 * @param units one unit per column ({@code ""} when dimensionless or unknown)
 * @param columns {@code columns[j][i]} is row i of column j; all of equal length
 * @param roles what each column measures ({@link Descriptor.Role})
 */
public record DescriptorTable(List<String> names, List<String> units, double[][] columns, List<Descriptor.Role> roles) {
  public DescriptorTable {
    names = List.copyOf(names);
    units = List.copyOf(units);
    roles = List.copyOf(roles);
    Objects.requireNonNull(columns, "columns");
    if (names.size() != columns.length || units.size() != columns.length || roles.size() != columns.length) {
      throw new IllegalArgumentException(names.size() + " names, " + units.size() + " units and " + roles.size()
          + " roles for " + columns.length + " columns");
    }
    if (new java.util.HashSet<>(names).size() != names.size()) throw new IllegalArgumentException("duplicate column names in " + names);
    for (int j = 1; j < columns.length; j++) {
      if (columns[j].length != columns[0].length) {
        throw new IllegalArgumentException("column " + names.get(j) + " has " + columns[j].length + " rows, "
            + names.get(0) + " has " + columns[0].length);
      }
    }
  }

  /** A table whose roles are read off its column names ({@link Descriptor#roleOf}). */
  public DescriptorTable(List<String> names, List<String> units, double[][] columns) {
    this(names, units, columns, roles(names));
  }

  // a loop, not a stream: a table read in a fresh JVM should not pay for the lambda machinery's start (≈ 20 ms)
  private static List<Descriptor.Role> roles(List<String> names) {
    List<Descriptor.Role> roles = new ArrayList<>(names.size());
    for (String n : names) roles.add(Descriptor.roleOf(n));
    return roles;
  }

  /** A table without units. */
  public static DescriptorTable of(List<String> names, double[][] columns) {
    List<String> units = new ArrayList<>();
    for (int j = 0; j < names.size(); j++) units.add("");
    return new DescriptorTable(names, units, columns);
  }

  public int rows() { return columns.length == 0 ? 0 : columns[0].length; }

  public int width() { return columns.length; }

  /** Index of the column called {@code name}, or -1. */
  public int indexOf(String name) { return names.indexOf(name); }

  /** The column called {@code name} (the stored array: do not modify). */
  public double[] column(String name) {
    int j = names.indexOf(name);
    if (j < 0) throw new IllegalArgumentException("no column '" + name + "'; columns are " + names);
    return columns[j];
  }

  /** Column {@code j} as a descriptor: name, unit and role. */
  public Descriptor descriptor(int j) { return new Descriptor(names.get(j), units.get(j), roles.get(j)); }

  /** The column called {@code name} as a descriptor. */
  public Descriptor descriptor(String name) {
    int j = names.indexOf(name);
    if (j < 0) throw new IllegalArgumentException("no column '" + name + "'; columns are " + names);
    return descriptor(j);
  }

  /** The columns called {@code selected}, in that order. */
  public DescriptorTable select(List<String> selected) {
    double[][] cols = new double[selected.size()][];
    List<String> u = new ArrayList<>();
    List<Descriptor.Role> r = new ArrayList<>();
    for (int k = 0; k < selected.size(); k++) {
      int j = names.indexOf(selected.get(k));
      if (j < 0) throw new IllegalArgumentException("no column '" + selected.get(k) + "'; columns are " + names);
      cols[k] = columns[j];
      u.add(units.get(j));
      r.add(roles.get(j));
    }
    return new DescriptorTable(selected, u, cols, r);
  }

  /** The rows at the given indices (copies). */
  public DescriptorTable rows(int[] rowIndices) {
    double[][] cols = new double[columns.length][rowIndices.length];
    for (int j = 0; j < columns.length; j++) {
      for (int i = 0; i < rowIndices.length; i++) cols[j][i] = columns[j][rowIndices[i]];
    }
    return new DescriptorTable(names, units, cols, roles);
  }

  /** Indices of the rows with no missing (NaN) value. */
  public int[] completeRows() {
    int n = rows();
    int[] keep = new int[n];
    int m = 0;
    outer:
    for (int i = 0; i < n; i++) {
      for (double[] c : columns) if (Double.isNaN(c[i])) continue outer;
      keep[m++] = i;
    }
    return Arrays.copyOf(keep, m);
  }

  /** Row-major copy: {@code [row][column]}. */
  public double[][] toRowMajor() {
    int n = rows();
    double[][] out = new double[n][columns.length];
    for (int j = 0; j < columns.length; j++) for (int i = 0; i < n; i++) out[i][j] = columns[j][i];
    return out;
  }
}
