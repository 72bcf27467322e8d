package org.causalem.structure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.causalem.lattice.AtomsResult;
import org.causalem.lattice.ReferenceLattice;
import org.causalem.table.DescriptorTable;

/**
 * A 2-D projected structural model from an atomic-resolution image: one atom per lattice site of the field of view.
 *
 * <p>Frame: Cartesian x to the right of the image, y down, z along the beam (into the image), in Å; the origin is
 * the centre of the image's first pixel. The out-of-plane axis is not measured: every atom is at z = 0 and the cell
 * vector c is a placeholder of length {@code cLengthA} (the length of the refined a vector) along z.
 *
 * <p>The cell is the field of view as a supercell of the refined (whole-image mean) lattice: {@code na × nb} unit
 * cells, vectors {@code na·a} and {@code nb·b}, from the lattice point ({@code colMin}, {@code rowMin}) at
 * {@code originA}. Fractional coordinates are along these supercell vectors.
 *
 * @param aA refined unit-cell vector a (x, y) in Å
 * @param bA refined unit-cell vector b (x, y) in Å
 * @param cLengthA placeholder out-of-plane length (Å)
 * @param originA Cartesian position of the supercell origin (x, y) in Å
 * @param na unit cells along a in the supercell
 * @param nb unit cells along b
 * @param sigmaX standard error of x (Å); NaN for a vacancy (its position is the lattice's prediction)
 * @param occupancy 1 for a found column, 0 for a vacant site
 * @param flags {@code ok}, or {@code +}-joined: {@code vacancy}, {@code outlier} (intensity), {@code failed_fit}
 *     (the Gaussian fit did not converge; the position is the centre of mass)
 */
public record StructureModel(double[] aA, double[] bA, double cLengthA, double[] originA, int na, int nb,
                             String[] label, String[] element, String[] sublattice, int[] row, int[] col,
                             double[] x, double[] y, double[] z, double[] sigmaX, double[] sigmaY, double[] occupancy,
                             String[] flags, List<String> notes) {
  public StructureModel {
    int n = label.length;
    for (Object a : new Object[] {element, sublattice, row, col, x, y, z, sigmaX, sigmaY, occupancy, flags}) {
      if (java.lang.reflect.Array.getLength(Objects.requireNonNull(a)) != n) throw new IllegalArgumentException("per-atom arrays must have " + n + " entries");
    }
    if (na < 1 || nb < 1) throw new IllegalArgumentException("supercell must be at least 1×1, got " + na + "×" + nb);
    notes = List.copyOf(notes);
  }

  public int size() { return label.length; }

  /** The note every exported file carries about what an image cannot tell. */
  public static final String PROJECTION_NOTE = "2-D projection along the beam: z and the c axis are not measured "
      + "(all atoms at z = 0, c = |a| as a placeholder); each position is a projected column, not a single atom";

  /** Supercell vectors as rows [A, B, C] in Å (3×3). */
  public double[][] supercell() {
    return new double[][] {{na * aA[0], na * aA[1], 0}, {nb * bA[0], nb * bA[1], 0}, {0, 0, cLengthA}};
  }

  /** Fractional coordinates (along the supercell vectors) of atom i: {fa, fb, fc}. */
  public double[] fractional(int i) {
    double ax = na * aA[0];
    double ay = na * aA[1];
    double bx = nb * bA[0];
    double by = nb * bA[1];
    double det = ax * by - ay * bx;
    double dx = x[i] - originA[0];
    double dy = y[i] - originA[1];
    return new double[] {(dx * by - dy * bx) / det, (ax * dy - ay * dx) / det, z[i] / cLengthA};
  }

  /** Standard errors of the fractional coordinates of atom i (x and y errors propagated, taken independent). */
  public double[] fractionalSigma(int i) {
    double ax = na * aA[0];
    double ay = na * aA[1];
    double bx = nb * bA[0];
    double by = nb * bA[1];
    double det = ax * by - ay * bx;
    double sa = Math.hypot(by * sigmaX[i], bx * sigmaY[i]) / Math.abs(det);
    double sb = Math.hypot(ay * sigmaX[i], ax * sigmaY[i]) / Math.abs(det);
    return new double[] {sa, sb};
  }

  /** Unit-cell lengths |a|, |b| (Å) and the angle gamma between them (deg). */
  public double aLength() { return Math.hypot(aA[0], aA[1]); }

  public double bLength() { return Math.hypot(bA[0], bA[1]); }

  public double gammaDeg() {
    return Math.toDegrees(Math.acos((aA[0] * bA[0] + aA[1] * bA[1]) / (aLength() * bLength())));
  }

  /**
   * The model of an atoms result: every lattice site of {@code res.sites()} (found or vacant); unindexed columns are
   * left out (counted in the notes).
   *
   * @param elements sublattice name → element symbol; an unmapped sublattice gets {@link Elements#UNKNOWN}
   * With {@code --scan-correction} (a non-identity {@code res.correction()}) positions, lattice vectors and
   * uncertainties are mapped through the correction, so the model is in the ideal cell.
   *
   * @throws IllegalArgumentException when the result has no pixel size (positions in Å need one) or the mapping
   *     names an unknown sublattice
   */
  public static StructureModel of(AtomsResult res, Map<String, String> elements) {
    double nm = res.pixelSizeNm();
    if (!(nm > 0) || !Double.isFinite(nm)) {
      throw new IllegalArgumentException("no pixel size: positions in Å need a calibration (give a lattice constant)");
    }
    List<String> names = res.lattice().siteNames();
    Elements.requireKnown(elements, names);
    double s = nm * 10;   // Å per px
    ReferenceLattice ref = res.reference();
    org.causalem.lattice.ScanCorrection corr = res.correction();
    DescriptorTable sites = res.sites();
    double[] sRow = sites.column("row");
    double[] sCol = sites.column("col");
    double[] sSub = sites.column("sublattice");
    double[] sx = sites.column("x_px");
    double[] sy = sites.column("y_px");
    double[] found = sites.column("found");
    double[] column = sites.column("column");
    double[] outlier = sites.column("outlier");
    int n = sites.rows();
    int rowMin = Integer.MAX_VALUE;
    int rowMax = Integer.MIN_VALUE;
    int colMin = Integer.MAX_VALUE;
    int colMax = Integer.MIN_VALUE;
    for (int k = 0; k < n; k++) {
      rowMin = Math.min(rowMin, (int) sRow[k]);
      rowMax = Math.max(rowMax, (int) sRow[k]);
      colMin = Math.min(colMin, (int) sCol[k]);
      colMax = Math.max(colMax, (int) sCol[k]);
    }
    if (n == 0) throw new IllegalArgumentException("no lattice sites to export");
    String[] label = new String[n];
    String[] element = new String[n];
    String[] sub = new String[n];
    int[] row = new int[n];
    int[] col = new int[n];
    double[] x = new double[n];
    double[] y = new double[n];
    double[] sigX = new double[n];
    double[] sigY = new double[n];
    double[] occ = new double[n];
    String[] flags = new String[n];
    int[] perSub = new int[names.size()];
    int vacancies = 0;
    int failed = 0;
    for (int k = 0; k < n; k++) {
      int si = (int) sSub[k];
      sub[k] = names.get(si);
      element[k] = elements.getOrDefault(sub[k], Elements.UNKNOWN);
      label[k] = sub[k] + (++perSub[si]);
      row[k] = (int) sRow[k];
      col[k] = (int) sCol[k];
      List<String> f = new ArrayList<>();
      if (found[k] == 1 && column[k] >= 0) {
        int c = (int) column[k];
        double px = res.columns().x()[c];
        double py = res.columns().y()[c];
        double ex = res.positionErrors().xErr()[c];
        double ey = res.positionErrors().yErr()[c];
        x[k] = corr.x(px, py) * s;
        y[k] = corr.y(px, py) * s;
        sigX[k] = Math.hypot(corr.m00() * ex, corr.m01() * ey) * s;
        sigY[k] = Math.hypot(corr.m10() * ex, corr.m11() * ey) * s;
        occ[k] = 1;
        if (!res.columns().converged(c)) {
          f.add("failed_fit");
          failed++;
        }
      } else {
        x[k] = corr.x(sx[k], sy[k]) * s;
        y[k] = corr.y(sx[k], sy[k]) * s;
        sigX[k] = Double.NaN;
        sigY[k] = Double.NaN;
        occ[k] = 0;
        f.add("vacancy");
        vacancies++;
      }
      if (outlier[k] == 1) f.add("outlier");
      flags[k] = f.isEmpty() ? "ok" : String.join("+", f);
    }
    List<String> notes = notes(res, elements, colMax - colMin + 1, rowMax - rowMin + 1, vacancies, failed);
    double ox = ref.x(colMin, rowMin);
    double oy = ref.y(colMin, rowMin);
    double[] origin = {corr.x(ox, oy) * s, corr.y(ox, oy) * s};
    double[] a = {corr.x(ref.ax(), ref.ay()) * s, corr.y(ref.ax(), ref.ay()) * s};
    double[] b = {corr.x(ref.bx(), ref.by()) * s, corr.y(ref.bx(), ref.by()) * s};
    if (!corr.identity()) notes.add("scan correction applied: positions, lattice and uncertainties mapped onto the ideal cell (x and y errors taken independent)");
    return new StructureModel(a, b, Math.hypot(a[0], a[1]), origin, colMax - colMin + 1, rowMax - rowMin + 1, label, element,
        sub, row, col, x, y, new double[n], sigX, sigY, occ, flags, notes);
  }

  /** What the model is and is not: projection, calibration, supercell, vacancies, failed fits, unnamed sublattices. */
  private static List<String> notes(AtomsResult res, Map<String, String> elements, int cols, int rows, int vacancies,
                                    int failed) {
    List<String> notes = new ArrayList<>();
    notes.add(PROJECTION_NOTE);
    notes.add("pixel size " + res.pixelSizeNm() + " nm (" + res.pixelSizeSource() + ")");
    notes.add("cell: the field of view as a " + cols + " x " + rows
        + " supercell of the refined mean lattice; positions are the measured ones, not symmetrised");
    if (vacancies > 0) notes.add(vacancies + " vacant site(s): occupancy 0 at the lattice's predicted position, no uncertainty");
    if (failed > 0) notes.add(failed + " column(s) whose Gaussian fit failed: centre-of-mass positions, flagged failed_fit");
    int unindexed = res.lattice().unindexed();
    if (unindexed > 0) notes.add(unindexed + " unindexed column(s) left out (not on the lattice)");
    for (String name : res.lattice().siteNames()) {
      if (!elements.containsKey(name)) notes.add("sublattice " + name + " has no element (`elements` " + name + "=Symbol): written as " + Elements.UNKNOWN);
    }
    return notes;
  }
}
