package org.causalem.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where a per-pixel map (spectrum image, 4D-STEM scan) lies on an image: its pixel (0, 0) corner sits at
 * ({@code offsetXPx}, {@code offsetYPx}) image px and each of its pixels spans {@code scaleXPx} × {@code
 * scaleYPx} image px. A point (x, y) of the image falls in map pixel
 * {@code (floor((y − offsetY)/scaleY), floor((x − offsetX)/scaleX))}.
 */
public record Registration(double offsetXPx, double offsetYPx, double scaleXPx, double scaleYPx) {
  public Registration {
    if (!Double.isFinite(offsetXPx) || !Double.isFinite(offsetYPx)) {
      throw new IllegalArgumentException("registration offset must be finite, got " + offsetXPx + "," + offsetYPx);
    }
    if (!(scaleXPx > 0 && scaleYPx > 0 && Double.isFinite(scaleXPx) && Double.isFinite(scaleYPx))) {
      throw new IllegalArgumentException("registration scale must be > 0 image px per map pixel, got " + scaleXPx + "," + scaleYPx);
    }
  }

  /** The map spans the image exactly: offset 0, scale = image size / map size. */
  public static Registration spanning(int imageWidth, int imageHeight, int mapWidth, int mapHeight) {
    if (mapWidth < 1 || mapHeight < 1) throw new IllegalArgumentException("map must be at least 1×1, got " + mapWidth + "×" + mapHeight);
    return new Registration(0, 0, (double) imageWidth / mapWidth, (double) imageHeight / mapHeight);
  }

  /** Map column of image x (may lie outside the map). */
  public int mapCol(double x) { return (int) Math.floor((x - offsetXPx) / scaleXPx); }

  /** Map row of image y (may lie outside the map). */
  public int mapRow(double y) { return (int) Math.floor((y - offsetYPx) / scaleYPx); }

  /**
   * Registered columns and how many cells fell outside the map (their registered values are NaN).
   *
   * @param table the cells table with the registered columns appended
   * @param registered the appended column names
   */
  public record Registered(DescriptorTable table, List<String> registered, int outside) {}

  /**
   * Appends to {@code cells} (which has {@code x_px}, {@code y_px}) the value of each map column of
   * {@code pixels} (one row per map pixel, with {@code row}, {@code col}) at the map pixel under the
   * cell's centre, named {@code prefix + name}, with the role the map table gives it. Cells outside the map, or with no position, get NaN and
   * are counted; none is dropped. Inputs are not modified.
   *
   * @param columns the {@code pixels} columns to register
   * @throws IllegalArgumentException when a column is missing or a registered name already exists in {@code cells}
   */
  public Registered register(DescriptorTable cells, DescriptorTable pixels, int mapWidth, int mapHeight, List<String> columns,
                             String prefix) {
    double[] x = require(cells, "x_px", "cells table");
    double[] y = require(cells, "y_px", "cells table");
    double[] pr = require(pixels, "row", "map table");
    double[] pc = require(pixels, "col", "map table");
    // map pixel (row, col) -> row of the pixels table
    int[] at = new int[Math.multiplyExact(mapWidth, mapHeight)];
    Arrays.fill(at, -1);
    for (int i = 0; i < pixels.rows(); i++) {
      int r = (int) pr[i];
      int c = (int) pc[i];
      if (r >= 0 && r < mapHeight && c >= 0 && c < mapWidth) at[r * mapWidth + c] = i;
    }
    int n = cells.rows();
    int[] src = new int[n];
    int outside = 0;
    for (int i = 0; i < n; i++) {
      src[i] = -1;
      if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
        int r = mapRow(y[i]);
        int c = mapCol(x[i]);
        if (r >= 0 && r < mapHeight && c >= 0 && c < mapWidth) src[i] = at[r * mapWidth + c];
      }
      if (src[i] < 0) outside++;
    }
    List<String> names = new ArrayList<>(cells.names());
    List<String> units = new ArrayList<>(cells.units());
    List<Descriptor.Role> roles = new ArrayList<>(cells.roles());
    List<double[]> cols = new ArrayList<>(Arrays.asList(cells.columns()));
    List<String> added = new ArrayList<>();
    for (String name : columns) {
      double[] v = require(pixels, name, "map table");
      String out = prefix + name;
      if (names.contains(out)) throw new IllegalArgumentException("registered column " + out + " already exists in the cells table");
      double[] reg = new double[n];
      for (int i = 0; i < n; i++) reg[i] = src[i] < 0 ? Double.NaN : v[src[i]];
      names.add(out);
      units.add(pixels.units().get(pixels.indexOf(name)));
      roles.add(pixels.roles().get(pixels.indexOf(name)));
      cols.add(reg);
      added.add(out);
    }
    return new Registered(new DescriptorTable(names, units, cols.toArray(new double[0][]), roles), List.copyOf(added), outside);
  }

  private static double[] require(DescriptorTable t, String name, String what) {
    int i = t.indexOf(name);
    if (i < 0) throw new IllegalArgumentException(what + " has no column '" + name + "'; it has " + t.names());
    return t.columns()[i];
  }
}
