package org.causalem.lattice;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.causalem.data.Image;
import org.causalem.image.ColumnPresence;
import org.causalem.image.Columns;
import org.causalem.image.FitStatus;
import org.causalem.image.GaussianRefiner;
import org.causalem.numeric.Stats;
import org.causalem.table.DescriptorTable;

/**
 * Decides whether a lattice site without a detected column is really empty. The detector's threshold
 * is global; a dim but real column (70–100 % of the normal intensity on a noisy image) can fall under
 * it. Every site is therefore tested where the lattice predicts it with {@link ColumnPresence} (matched
 * filter at the sublattice's median width, in the refinement window's radius), giving the filter
 * amplitude Â and its standard error:
 * <ul>
 *   <li>{@code column_z = Â/se ≥ minZ}: a column is there; it is refined there (with the known columns'
 *       models subtracted) and becomes a found column;</li>
 *   <li>{@code vacancy_z = (Â_ref − Â)/se ≥ minZ}, Â_ref the median filter amplitude of the sublattice's
 *       well-fitted columns: a typical column is ruled out; the site is missing ({@code found = 0}, a
 *       vacancy);</li>
 *   <li>neither (or, for a site first tested before its neighbours were fitted, both): the image cannot
 *       tell (a sublattice near the noise level); the site is undecided ({@code found = -1}), neither a
 *       column nor a vacancy.</li>
 * </ul>
 */
final class SitePresence {
  /** The columns and lattice with the columns found by the test appended, and their start positions. */
  record Added(Columns columns, Lattice lattice, double[] startX, double[] startY, int tested, int added) {}

  private SitePresence() {}

  /**
   * @param sites the site table of {@link UnitCells} for {@code cols} and {@code lattice}
   * @param startX where each column of {@code cols} was detected
   */
  static Added addMissing(Image image, Columns cols, Lattice lattice, DescriptorTable sites, double[] startX, double[] startY,
                          GaussianRefiner refiner, double radiusPx, double minZ) {
    double[] found = sites.column("found");
    double[] sx = sites.column("x_px");
    double[] sy = sites.column("y_px");
    double[] sub = sites.column("sublattice");
    double[] row = sites.column("row");
    double[] col = sites.column("col");
    double[] width = medianWidths(cols, lattice);
    List<Integer> missing = new ArrayList<>();
    for (int k = 0; k < found.length; k++) if (found[k] == 0 && Double.isFinite(sx[k]) && Double.isFinite(sy[k])) missing.add(k);
    int m = missing.size();
    double[] tx = new double[m];
    double[] ty = new double[m];
    double[] sig = new double[m];
    int[] self = new int[m];
    Arrays.fill(self, -1);
    for (int t = 0; t < m; t++) {
      int k = missing.get(t);
      tx[t] = sx[k];
      ty[t] = sy[k];
      sig[t] = width[(int) sub[k]];
    }
    double[][] f = ColumnPresence.amplitude(image, cols, tx, ty, self, sig, radiusPx);
    List<Integer> present = new ArrayList<>();
    for (int t = 0; t < m; t++) if (f[0][t] / f[1][t] >= minZ) present.add(t);
    if (present.isEmpty()) return new Added(cols, lattice, startX, startY, m, 0);
    int a = present.size();
    double[] ax = new double[a];
    double[] ay = new double[a];
    for (int u = 0; u < a; u++) {
      ax[u] = tx[present.get(u)];
      ay[u] = ty[present.get(u)];
    }
    Columns more = refiner.refineAmong(image, cols, ax, ay);
    int n = cols.size();
    int[] site = Arrays.copyOf(lattice.site(), n + a);
    int[] r = Arrays.copyOf(lattice.row(), n + a);
    int[] c = Arrays.copyOf(lattice.col(), n + a);
    for (int u = 0; u < a; u++) {
      int k = missing.get(present.get(u));
      site[n + u] = (int) sub[k];
      r[n + u] = (int) row[k];
      c[n + u] = (int) col[k];
    }
    Lattice grown = new Lattice(lattice.kind(), lattice.ax(), lattice.ay(), lattice.bx(), lattice.by(), lattice.siteOffsets(),
        lattice.siteNames(), site, r, c);
    return new Added(cols.concat(more), grown, cat(startX, ax), cat(startY, ay), m, a);
  }

  /**
   * The final site table with more columns: {@code column_z} and {@code vacancy_z} (the two statistics
   * at the site: at the fitted column for a found site, at the predicted position otherwise),
   * {@code fit_status} (index into {@link FitStatus}; NaN without a column), {@code found} set to -1 where
   * the site is not a clear vacancy, and a failed fit's detected position in place of the NaN
   * the descriptors got. An intensity outlier must also deviate from its sublattice's median by more than
   * {@code outlierZ} of its own standard error, so a fit whose intensity is merely uncertain (a wide,
   * shallow fit) is never reported as a dopant.
   */
  static DescriptorTable annotate(DescriptorTable sites, Image image, Columns cols, Lattice lattice, double radiusPx,
                                  double outlierZ, double minZ) {
    int rows = sites.rows();
    double[] found = sites.column("found").clone();
    double[] column = sites.column("column");
    double[] sub = sites.column("sublattice");
    double[] x = sites.column("x_px").clone();
    double[] y = sites.column("y_px").clone();
    double[] outlier = sites.column("outlier").clone();
    double[] intensity = sites.column("intensity");
    double[] width = medianWidths(cols, lattice);
    double[] median = medianIntensities(cols, lattice);
    double[] status = new double[rows];
    int[] self = new int[rows];
    double[] sig = new double[rows];
    for (int k = 0; k < rows; k++) {
      sig[k] = width[(int) sub[k]];
      if (found[k] == 1) {
        int i = (int) column[k];
        self[k] = i;
        x[k] = cols.x()[i];
        y[k] = cols.y()[i];
        status[k] = cols.status()[i].ordinal();
        if (outlier[k] == 1 && !(Math.abs(intensity[k] - median[(int) sub[k]]) > outlierZ * cols.intensityErr()[i])) outlier[k] = 0;
      } else {
        self[k] = -1;
        status[k] = Double.NaN;
      }
    }
    double[][] f = ColumnPresence.amplitude(image, cols, x, y, self, sig, radiusPx);
    // the typical filter amplitude of each sublattice's well-fitted columns
    double[] ref = new double[lattice.sites()];
    for (int s = 0; s < ref.length; s++) {
      double[] v = new double[rows];
      int m = 0;
      for (int k = 0; k < rows; k++) {
        if (sub[k] == s && found[k] == 1 && cols.converged((int) column[k]) && Double.isFinite(f[0][k])) v[m++] = f[0][k];
      }
      Arrays.sort(v, 0, m);
      ref[s] = m == 0 ? Double.NaN : v[m / 2];
    }
    double[] z = new double[rows];
    double[] vz = new double[rows];
    for (int k = 0; k < rows; k++) {
      z[k] = f[0][k] / f[1][k];
      vz[k] = (ref[(int) sub[k]] - f[0][k]) / f[1][k];
      // a vacancy needs a normal column ruled out and no column seen (a site first tested before its
      // neighbours were fitted can show one only now: undecided, not a vacancy)
      if (found[k] == 0 && !(vz[k] >= minZ && z[k] < minZ)) found[k] = -1;
    }
    List<String> names = new ArrayList<>(sites.names());
    List<String> units = new ArrayList<>(sites.units());
    double[][] data = new double[names.size() + 3][];
    for (int j = 0; j < names.size(); j++) data[j] = sites.columns()[j];
    data[names.indexOf("x_px")] = x;
    data[names.indexOf("y_px")] = y;
    data[names.indexOf("outlier")] = outlier;
    data[names.indexOf("found")] = found;
    data[names.size()] = z;
    data[names.size() + 1] = vz;
    data[names.size() + 2] = status;
    names.addAll(List.of("column_z", "vacancy_z", "fit_status"));
    units.addAll(List.of("", "", ""));
    return new DescriptorTable(names, units, data);
  }

  /** Median geometric-mean width of the successful fits of each sublattice (of all, when it has none). */
  static double[] medianWidths(Columns cols, Lattice lattice) {
    double[] out = new double[lattice.sites()];
    double all = median(cols, lattice, -2, true);
    for (int s = 0; s < out.length; s++) {
      double m = median(cols, lattice, s, true);
      out[s] = Double.isFinite(m) ? m : all;
    }
    return out;
  }

  private static double[] medianIntensities(Columns cols, Lattice lattice) {
    double[] out = new double[lattice.sites()];
    for (int s = 0; s < out.length; s++) out[s] = median(cols, lattice, s, false);
    return out;
  }

  /** Median width (or intensity) of the successful fits of sublattice s (-2: all). */
  private static double median(Columns cols, Lattice lattice, int s, boolean width) {
    double[] v = new double[cols.size()];
    int m = 0;
    for (int i = 0; i < cols.size(); i++) {
      if (!cols.converged(i) || (s != -2 && lattice.site()[i] != s)) continue;
      double val = width ? cols.widthPx(i) : cols.intensity()[i];
      if (Double.isFinite(val)) v[m++] = val;
    }
    return Stats.upperMedian(v, m);
  }

  private static double[] cat(double[] a, double[] b) {
    double[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
