package org.causalem.lattice;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.causalem.data.BadInputException;
import org.causalem.image.PointGrid;
import org.causalem.numeric.Stats;

/**
 * Finds the lattice of a set of columns and places every column on it.
 *
 * <ol>
 *   <li>Neighbour statistics: the vectors from (interior) columns to their nearest neighbours are
 *       histogrammed; a peak that nearly every column shows (≥ 70 %) is a lattice translation of the
 *       column arrangement, one that only some show is a basis vector (e.g. metal→chalcogen). The two
 *       shortest non-collinear translations, Gauss-reduced, span the geometric cell; the other peaks
 *       give the offsets between sites.</li>
 *   <li>Indexing: a breadth-first walk over the neighbour graph from a central column gives each
 *       column fractional lattice coordinates, snapping every step to the nearest allowed site
 *       (so errors never accumulate and local strain is tolerated).</li>
 *   <li>Cell: a perovskite's A and B columns form a centred arrangement, so its cell is
 *       {@code a = t1 + t2}, {@code b = t1 − t2}; a honeycomb has two sites at ⅓, ⅔. In {@code AUTO} and
 *       {@code SIMPLE}, a one-site arrangement whose intensities alternate (median ratio of the two
 *       parity classes ≥ {@code contrastRatio}) gets the larger cell: centred (read as a perovskite in
 *       {@code AUTO}) or doubled along one vector (alternating rows). Sublattices are ranked by median
 *       column intensity (brightest = A or metal, at the cell corner).</li>
 * </ol>
 */
public final class LatticeFinder {
  /**
   * @param kind the arrangement to expect
   * @param contrastRatio in {@code AUTO}, the ratio of median intensities above which a centred
   *     arrangement is read as a perovskite (two sublattices) rather than one sublattice
   */
  public record Options(LatticeKind kind, double contrastRatio) {
    public Options {
      Objects.requireNonNull(kind, "kind");
      if (!(contrastRatio >= 1)) throw new IllegalArgumentException("contrastRatio must be >= 1, got " + contrastRatio);
    }

    public static Options of(LatticeKind kind) { return new Options(kind, 1.15); }
  }

  private final Options options;

  public LatticeFinder(Options options) { this.options = Objects.requireNonNull(options, "options"); }

  /**
   * @param x column x (px), not modified
   * @param intensity column intensities (for sublattice ranking)
   * @throws BadInputException when the columns show no two-dimensional lattice
   */
  public Lattice find(double[] x, double[] y, double[] intensity) {
    int n = x.length;
    if (n < 8) throw new BadInputException("only " + n + " columns found; need at least 8 to find a lattice");
    double d0 = PointGrid.medianNearestDistance(x, y, 1e9);
    PointGrid grid = new PointGrid(x, y, 2 * d0);
    int[] sample = interiorSample(x, y, d0, 3000);
    double[][] peaks = vectorPeaks(grid, x, y, sample, d0);
    // translations and basis differences
    List<double[]> trans = new ArrayList<>();
    List<double[]> diffs = new ArrayList<>();
    for (double[] p : peaks) {
      if (p[2] >= 0.7) trans.add(p);
      else if (p[2] >= 0.2) diffs.add(p);
    }
    trans.sort((u, v) -> Double.compare(Math.hypot(u[0], u[1]), Math.hypot(v[0], v[1])));
    if (trans.isEmpty()) throw new BadInputException("no lattice: no neighbour vector is shared by most columns ("
        + n + " columns, nearest-neighbour distance " + String.format("%.2f", d0) + " px)");
    double[] t1 = trans.get(0);
    double[] t2 = null;
    for (double[] t : trans) {
      double sin = Math.abs(t1[0] * t[1] - t1[1] * t[0]) / (Math.hypot(t1[0], t1[1]) * Math.hypot(t[0], t[1]));
      if (sin > 0.5) {
        t2 = t;
        break;
      }
    }
    if (t2 == null) throw new BadInputException("no lattice: the columns' neighbour vectors are all parallel (rows, not a 2-D lattice)");
    double[][] basis = gaussReduce(new double[] {t1[0], t1[1]}, new double[] {t2[0], t2[1]});
    double[] u = basis[0];
    double[] v = basis[1];
    List<double[]> dfrac = candidateSites(diffs, u, v, d0);
    double[][] frac = walk(grid, x, y, u, v, dfrac, d0);
    // site classes: fractional parts of the walk's coordinates
    int[] site = new int[n];
    List<double[]> sites = classifySites(frac, site);
    LatticeKind kind = options.kind();
    boolean centred = sites.size() == 1;
    boolean honeycomb = sites.size() == 2 && isHoneycomb(sites);
    // an arrangement whose column intensities alternate on its largest site class has a larger cell:
    // centred (perovskite A/B) or doubled along one lattice vector (alternating rows, e.g. the SrO and
    // TiO columns of a perovskite seen along [110], whose O columns form a second class)
    int superCell = honeycomb || !(kind == LatticeKind.AUTO || kind == LatticeKind.SIMPLE) ? -1
        : alternatingSuperCell(frac, intensity, site, sites);   // 0 centred, 1 doubled along u, 2 doubled along v
    if (kind == LatticeKind.AUTO) {
      if (honeycomb) kind = LatticeKind.HEXAGONAL;
      else if (centred && superCell == 0 && perovskiteCell(u, v) == null) kind = LatticeKind.PEROVSKITE;
      else kind = LatticeKind.SIMPLE;
    }
    if (kind == LatticeKind.SIMPLE && superCell > 0) {
      int axis = superCell - 1;
      if (axis == 0) u = new double[] {2 * u[0], 2 * u[1]};
      else v = new double[] {2 * v[0], 2 * v[1]};
      for (double[] f : frac) if (f != null) f[axis] /= 2;
    } else if (kind == LatticeKind.SIMPLE && superCell == 0) {
      double[] nu = {u[0] + v[0], u[1] + v[1]};
      double[] nv = {u[0] - v[0], u[1] - v[1]};
      u = nu;
      v = nv;
      toDiagonalCell(frac);
    }
    double[] a = u;
    double[] b = v;
    if (kind == LatticeKind.PEROVSKITE) {
      String why = centred ? perovskiteCell(u, v) : sites.size() == 2 && isCentre(sites) ? perovskiteShape(u, v, "") : null;
      if (why != null) throw new BadInputException(why);
      if (centred) {
        a = new double[] {u[0] + v[0], u[1] + v[1]};
        b = new double[] {u[0] - v[0], u[1] - v[1]};
        toDiagonalCell(frac);
      } else if (!(sites.size() == 2 && isCentre(sites))) {
        throw new BadInputException("not a perovskite [001] arrangement: the columns form " + sites.size()
            + " sites per cell of " + String.format("%.2f × %.2f px", Math.hypot(u[0], u[1]), Math.hypot(v[0], v[1]))
            + "; try the simple lattice kind");
      }
    } else if (kind == LatticeKind.HEXAGONAL && !honeycomb) {
      throw new BadInputException("not a hexagonal (honeycomb) arrangement: the columns form " + sites.size()
          + " site(s) per cell of " + String.format("%.2f × %.2f px at %.1f°", Math.hypot(u[0], u[1]), Math.hypot(v[0], v[1]),
          Math.toDegrees(Math.acos((u[0] * v[0] + u[1] * v[1]) / (Math.hypot(u[0], u[1]) * Math.hypot(v[0], v[1])))))
          + "; try the simple or auto lattice kind");
    }
    return placeColumns(kind, a, b, frac, site, x, y, intensity);
  }

  /**
   * Candidate sites in fractional coordinates of the cell (u, v): 0 plus ± every basis-vector peak, merged when closer
   * than a quarter of the nearest-neighbour distance {@code d0}, rounded to sixths when within 0.03.
   */
  private static List<double[]> candidateSites(List<double[]> diffs, double[] u, double[] v, double d0) {
    double det = u[0] * v[1] - u[1] * v[0];
    List<double[]> cands = new ArrayList<>();
    cands.add(new double[] {0, 0});
    for (double[] p : diffs) {
      for (int sign = -1; sign <= 1; sign += 2) {
        double fu = sign * (p[0] * v[1] - p[1] * v[0]) / det;
        double fv = sign * (u[0] * p[1] - u[1] * p[0]) / det;
        cands.add(new double[] {fu - Math.floor(fu), fv - Math.floor(fv)});
      }
    }
    List<double[]> dfrac = new ArrayList<>();
    List<Integer> members = new ArrayList<>();
    for (double[] c : cands) {
      int hit = -1;
      for (int k = 0; k < dfrac.size(); k++) {
        double[] q = dfrac.get(k);
        double du = c[0] - q[0] - Math.rint(c[0] - q[0]);
        double dv = c[1] - q[1] - Math.rint(c[1] - q[1]);
        if (Math.hypot(du * u[0] + dv * v[0], du * u[1] + dv * v[1]) < 0.25 * d0) hit = k;
      }
      if (hit < 0) {
        dfrac.add(c.clone());
        members.add(1);
      } else if (hit > 0) {
        // running circular mean, anchored at the first member
        double[] q = dfrac.get(hit);
        int m = members.get(hit);
        double du = c[0] - q[0] - Math.rint(c[0] - q[0]);
        double dv = c[1] - q[1] - Math.rint(c[1] - q[1]);
        q[0] += du / (m + 1);
        q[1] += dv / (m + 1);
        members.set(hit, m + 1);
      }
    }
    for (double[] q : dfrac) {
      for (int c = 0; c < 2; c++) {
        double sixth = Math.rint(q[c] * 6) / 6;
        if (Math.abs(q[c] - sixth) < 0.03) q[c] = sixth;
        q[c] -= Math.floor(q[c]);
      }
    }
    return dfrac;
  }

  /**
   * The larger cell that the column intensities alternate on, judged on the largest site class: 0 centred,
   * 1 doubled along u, 2 doubled along v, or −1 when no contrast reaches {@code contrastRatio}.
   */
  private int alternatingSuperCell(double[][] frac, double[] intensity, int[] site, List<double[]> sites) {
    int superCell = -1;
    int[] classSize = new int[sites.size()];
    for (int s0 : site) if (s0 >= 0) classSize[s0]++;
    int largest = 0;
    for (int k = 1; k < classSize.length; k++) if (classSize[k] > classSize[largest]) largest = k;
    double best = 0;
    for (int mode = 0; mode < 3; mode++) {
      double c = contrast(frac, intensity, mode, site, largest, sites.get(largest));
      if (c > best) {
        best = c;
        superCell = mode;
      }
    }
    if (best < options.contrastRatio()) superCell = -1;
    return superCell;
  }

  /**
   * The lattice in its final cell (a, b): a nearest the x axis with positive x, b with positive y, sites ranked by
   * median intensity (the brightest at the origin), every placed column given its cell's row and column.
   *
   * @param frac the walk's fractional coordinates in the cell (a, b), null for an unplaced column; rewritten
   * @param site site class of each column; rewritten to the ranked sites
   */
  private static Lattice placeColumns(LatticeKind kind, double[] a, double[] b, double[][] frac, int[] site, double[] x,
                                      double[] y, double[] intensity) {
    int n = x.length;
    // orientation: a nearest the x axis with positive x, b with positive y
    double[][] cand = {a, b};
    int ia = Math.abs(a[0]) / Math.hypot(a[0], a[1]) >= Math.abs(b[0]) / Math.hypot(b[0], b[1]) ? 0 : 1;
    double[] na = cand[ia].clone();
    double[] nb = cand[1 - ia].clone();
    double sa = na[0] < 0 ? -1 : 1;
    double sb = nb[1] < 0 ? -1 : 1;
    for (int c = 0; c < 2; c++) {
      na[c] *= sa;
      nb[c] *= sb;
    }
    for (double[] f : frac) {
      if (f == null) continue;
      double fa = f[ia] * sa;
      double fb = f[1 - ia] * sb;
      f[0] = fa;
      f[1] = fb;
    }
    // sites in the final cell, ranked by median intensity
    List<double[]> offs = classifySites(frac, site);
    int ns = offs.size();
    double[] med = new double[ns];
    for (int s = 0; s < ns; s++) {
      double[] vals = new double[n];
      int m = 0;
      for (int i = 0; i < n; i++) if (site[i] == s && Double.isFinite(intensity[i])) vals[m++] = intensity[i];
      Arrays.sort(vals, 0, m);
      med[s] = m == 0 ? Double.NaN : vals[m / 2];
    }
    Integer[] rank = new Integer[ns];
    for (int s = 0; s < ns; s++) rank[s] = s;
    Arrays.sort(rank, (p, q) -> Double.compare(med[q], med[p]));
    int[] newIndex = new int[ns];
    for (int r = 0; r < ns; r++) newIndex[rank[r]] = r;
    double[] origin = offs.get(rank[0]);
    double[][] siteOffsets = new double[ns][2];
    List<String> names = new ArrayList<>();
    for (int r = 0; r < ns; r++) {
      double[] o = offs.get(rank[r]);
      double fu = o[0] - origin[0];
      double fv = o[1] - origin[1];
      siteOffsets[r][0] = fu - Math.floor(fu + 1e-6);
      siteOffsets[r][1] = fv - Math.floor(fv + 1e-6);
      names.add(kind.siteName(r));
    }
    int[] row = new int[n];
    int[] col = new int[n];
    int minRow = Integer.MAX_VALUE;
    int minCol = Integer.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      if (frac[i] == null) continue;
      site[i] = newIndex[site[i]];
      double fu = frac[i][0] - origin[0];
      double fv = frac[i][1] - origin[1];
      col[i] = (int) Math.floor(fu - siteOffsets[site[i]][0] + 0.5);
      row[i] = (int) Math.floor(fv - siteOffsets[site[i]][1] + 0.5);
      minRow = Math.min(minRow, row[i]);
      minCol = Math.min(minCol, col[i]);
    }
    for (int i = 0; i < n; i++) {
      if (frac[i] == null) continue;
      row[i] -= minRow;
      col[i] -= minCol;
    }
    removeDuplicates(x, y, site, row, col, na, nb, siteOffsets);
    return new Lattice(kind, na[0], na[1], nb[0], nb[1], siteOffsets, names, site, row, col);
  }

  /** Two columns on the same site of the same cell: keep the one nearer its neighbours' prediction. */
  private static void removeDuplicates(double[] x, double[] y, int[] site, int[] row, int[] col, double[] a, double[] b,
                                       double[][] offs) {
    java.util.HashMap<Long, Integer> seen = new java.util.HashMap<>();
    // residual from the mean lattice through the seed-free fit: position minus lattice position, compared locally
    for (int i = 0; i < site.length; i++) {
      if (site[i] < 0) continue;
      long key = ((long) row[i] << 36) ^ ((long) col[i] << 8) ^ site[i];
      Integer j = seen.putIfAbsent(key, i);
      if (j == null) continue;
      // keep the one whose position agrees better with the other's lattice prediction from the pair's mean
      double ri = residual(x, y, i, row, col, site, a, b, offs, seen);
      double rj = residual(x, y, j, row, col, site, a, b, offs, seen);
      if (ri < rj) {
        site[j] = -1;
        seen.put(key, i);
      } else {
        site[i] = -1;
      }
    }
  }

  private static double residual(double[] x, double[] y, int i, int[] row, int[] col, int[] site, double[] a, double[] b,
                                 double[][] offs, java.util.Map<Long, Integer> seen) {
    // distance to the position predicted from a neighbouring corner column, when there is one
    for (int[] d : new int[][] {{0, 0}, {0, 1}, {1, 0}, {0, -1}, {-1, 0}}) {
      Integer j = seen.get(((long) (row[i] + d[0]) << 36) ^ ((long) (col[i] + d[1]) << 8));
      if (j == null || j == i) continue;
      double fu = -d[1] + offs[site[i]][0];
      double fv = -d[0] + offs[site[i]][1];
      return Math.hypot(x[j] + fu * a[0] + fv * b[0] - x[i], y[j] + fu * a[1] + fv * b[1] - y[i]);
    }
    return 0;
  }

  /**
   * Site classes from the fractional parts of {@code frac}: positions within 0.05 (on the unit torus) of
   * a class already seen join it (the last such class). Writes each column's class into {@code site}
   * (-1 where {@code frac} is null) and returns the classes' fractional offsets in order of discovery.
   */
  private static List<double[]> classifySites(double[][] frac, int[] site) {
    List<double[]> classes = new ArrayList<>();
    for (int i = 0; i < frac.length; i++) {
      if (frac[i] == null) {
        site[i] = -1;
        continue;
      }
      double fu = frac[i][0] - Math.floor(frac[i][0] + 1e-6);
      double fv = frac[i][1] - Math.floor(frac[i][1] + 1e-6);
      int k = -1;
      for (int s = 0; s < classes.size(); s++) if (torusDistance(classes.get(s)[0], classes.get(s)[1], fu, fv) < 0.05) k = s;
      if (k < 0) {
        classes.add(new double[] {fu, fv});
        k = classes.size() - 1;
      }
      site[i] = k;
    }
    return classes;
  }

  /** Re-expresses fractional coordinates (null entries skipped) in the cell spanned by u + v and u − v. */
  private static void toDiagonalCell(double[][] frac) {
    for (double[] f : frac) {
      if (f == null) continue;
      double g0 = (f[0] + f[1]) / 2;
      double g1 = (f[0] - f[1]) / 2;
      f[0] = g0;
      f[1] = g1;
    }
  }

  /**
   * Null when the centred cell {@code u + v, u − v} of a one-site arrangement is a perovskite [001] cell:
   * near-square (b/a within 0.85–1.18, allowing for scan distortion) at γ within 10° of 90°, the B column
   * at its centre by construction. Otherwise the reason, naming the cell found and, for a rectangular
   * arrangement of sides in the ratio √2, the [110] projection it suggests.
   */
  static String perovskiteCell(double[] u, double[] v) {
    double[] a = {u[0] + v[0], u[1] + v[1]};
    double[] b = {u[0] - v[0], u[1] - v[1]};
    double lu = Math.hypot(u[0], u[1]);
    double lv = Math.hypot(v[0], v[1]);
    double uvAngle = Math.toDegrees(Math.acos(Math.abs(u[0] * v[0] + u[1] * v[1]) / (lu * lv)));
    double uvRatio = Math.max(lu, lv) / Math.min(lu, lv);
    String hint = Math.abs(uvAngle - 90) <= 10 && Math.abs(uvRatio - Math.sqrt(2)) <= 0.12
        ? String.format(java.util.Locale.ROOT, "; the columns form a %.2f × %.2f px rectangle (sides in the ratio %.2f ≈ √2), as a "
            + "perovskite seen along [110] (SrO and TiO columns alternating), not [001]", Math.min(lu, lv), Math.max(lu, lv), uvRatio)
        : "";
    return perovskiteShape(a, b, hint);
  }

  /** Null when the cell (a, b) is near-square at γ ≈ 90°, else the reason (with {@code hint} appended). */
  private static String perovskiteShape(double[] a, double[] b, String hint) {
    double la = Math.hypot(a[0], a[1]);
    double lb = Math.hypot(b[0], b[1]);
    double gamma = Math.toDegrees(Math.acos(Math.abs(a[0] * b[0] + a[1] * b[1]) / (la * lb)));
    // the acute-or-right angle between the cell's edges: 90 for a rectangle
    double ratio = Math.max(la, lb) / Math.min(la, lb);
    if (ratio <= 1.18 && Math.abs(gamma - 90) <= 10) return null;
    return String.format(java.util.Locale.ROOT, "not a perovskite [001] arrangement: the cell of the columns is %.2f × %.2f px "
        + "at γ = %.1f° (a [001] perovskite cell is near-square, b/a within 0.85–1.18, with γ within 10° of 90° and a B column "
        + "at its centre)%s; its pixel size and descriptors would be wrong. Use the auto or simple lattice kind", la, lb, gamma, hint);
  }

  private static boolean isHoneycomb(List<double[]> sites) {
    double fu = sites.get(1)[0] - sites.get(0)[0];
    double fv = sites.get(1)[1] - sites.get(0)[1];
    // (1/3, 2/3) in a 120° basis, (1/3, 1/3) in a 60° one
    return torusDistance(fu, fv, 1.0 / 3, 2.0 / 3) < 0.08 || torusDistance(fu, fv, 2.0 / 3, 1.0 / 3) < 0.08
        || torusDistance(fu, fv, 1.0 / 3, 1.0 / 3) < 0.08 || torusDistance(fu, fv, 2.0 / 3, 2.0 / 3) < 0.08;
  }

  private static boolean isCentre(List<double[]> sites) {
    double fu = sites.get(1)[0] - sites.get(0)[0];
    double fv = sites.get(1)[1] - sites.get(0)[1];
    return torusDistance(fu, fv, 0.5, 0.5) < 0.08;
  }

  /**
   * Ratio of the median intensities of the two parity classes of the columns of site class {@code k}
   * (at fractional offset {@code offset}): mode 0 by {@code col + row} (centred cell), 1 by {@code col},
   * 2 by {@code row} (cell doubled along u or v).
   */
  private static double contrast(double[][] frac, double[] intensity, int mode, int[] site, int k, double[] offset) {
    double[] s0 = new double[frac.length];
    double[] s1 = new double[frac.length];
    int n0 = 0;
    int n1 = 0;
    for (int i = 0; i < frac.length; i++) {
      if (frac[i] == null || site[i] != k || !Double.isFinite(intensity[i])) continue;
      double fu = frac[i][0] - offset[0];
      double fv = frac[i][1] - offset[1];
      long parity = mode == 0 ? Math.round(fu + fv) : Math.round(mode == 1 ? fu : fv);
      if ((parity & 1) == 0) s0[n0++] = intensity[i];
      else s1[n1++] = intensity[i];
    }
    if (n0 < 4 || n1 < 4) return 1;
    Arrays.sort(s0, 0, n0);
    Arrays.sort(s1, 0, n1);
    double m0 = s0[n0 / 2];
    double m1 = s1[n1 / 2];
    if (!(m0 > 0 && m1 > 0)) return 1;
    return Math.max(m0, m1) / Math.min(m0, m1);
  }

  static double torusDistance(double u0, double v0, double u1, double v1) {
    double du = u0 - u1;
    double dv = v0 - v1;
    du -= Math.rint(du);
    dv -= Math.rint(dv);
    return Math.hypot(du, dv);
  }

  /** Up to {@code max} columns at least 3·d0 inside the columns' bounding box (all when too few). */
  private static int[] interiorSample(double[] x, double[] y, double d0, int max) {
    double x0 = Arrays.stream(x).min().orElse(0) + 3 * d0;
    double x1 = Arrays.stream(x).max().orElse(0) - 3 * d0;
    double y0 = Arrays.stream(y).min().orElse(0) + 3 * d0;
    double y1 = Arrays.stream(y).max().orElse(0) - 3 * d0;
    int[] in = new int[x.length];
    int m = 0;
    for (int i = 0; i < x.length; i++) if (x[i] >= x0 && x[i] <= x1 && y[i] >= y0 && y[i] <= y1) in[m++] = i;
    if (m < 20) {
      m = x.length;
      for (int i = 0; i < m; i++) in[i] = i;
    }
    int step = Math.max(1, m / max);
    int[] out = new int[(m + step - 1) / step];
    for (int k = 0; k < out.length; k++) out[k] = in[k * step];
    return out;
  }

  /** Peaks of the neighbour-vector histogram: {x, y, fraction of sampled columns that show it}. */
  private static double[][] vectorPeaks(PointGrid grid, double[] x, double[] y, int[] sample, double d0) {
    double range = 3.2 * d0;
    double bin = d0 / 10;
    int nb = (int) Math.ceil(2 * range / bin) + 1;
    double[] hist = new double[nb * nb];
    int[] buf = new int[64];
    int[] cnt = new int[1];
    List<double[]> vecs = new ArrayList<>();
    for (int i : sample) {
      buf = grid.within(x[i], y[i], range, buf, cnt);
      for (int k = 0; k < cnt[0]; k++) {
        int j = buf[k];
        if (j == i) continue;
        double dx = x[j] - x[i];
        double dy = y[j] - y[i];
        int bx = (int) ((dx + range) / bin);
        int by = (int) ((dy + range) / bin);
        if (bx < 0 || by < 0 || bx >= nb || by >= nb) continue;
        hist[by * nb + bx]++;
        vecs.add(new double[] {dx, dy});
      }
    }
    double[] sm = new double[hist.length];
    for (int by = 1; by < nb - 1; by++) {
      for (int bx = 1; bx < nb - 1; bx++) {
        double s = 0;
        for (int dy = -1; dy <= 1; dy++) for (int dx = -1; dx <= 1; dx++) s += hist[(by + dy) * nb + bx + dx];
        sm[by * nb + bx] = s;
      }
    }
    List<double[]> peaks = new ArrayList<>();
    double minCount = 0.15 * sample.length;
    for (int by = 1; by < nb - 1; by++) {
      for (int bx = 1; bx < nb - 1; bx++) {
        double c = sm[by * nb + bx];
        if (c < minCount) continue;
        boolean max = true;
        for (int dy = -1; dy <= 1 && max; dy++) {
          for (int dx = -1; dx <= 1; dx++) {
            if (dx == 0 && dy == 0) continue;
            double o = sm[(by + dy) * nb + bx + dx];
            if (o > c || (o == c && (dy < 0 || (dy == 0 && dx < 0)))) {
              max = false;
              break;
            }
          }
        }
        if (!max) continue;
        double px = (bx + 0.5) * bin - range;
        double py = (by + 0.5) * bin - range;
        if (Math.hypot(px, py) < 0.5 * d0) continue;
        peaks.add(new double[] {px, py});
      }
    }
    double tol = 0.25 * d0;
    double[][] out = new double[peaks.size()][];
    for (int p = 0; p < peaks.size(); p++) {
      double[] c = peaks.get(p);
      for (int it = 0; it < 3; it++) {
        double sx = 0;
        double sy = 0;
        int m = 0;
        for (double[] v : vecs) {
          if (Math.abs(v[0] - c[0]) < tol && Math.abs(v[1] - c[1]) < tol && Math.hypot(v[0] - c[0], v[1] - c[1]) < tol) {
            sx += v[0];
            sy += v[1];
            m++;
          }
        }
        if (m > 0) c = new double[] {sx / m, sy / m, (double) m / sample.length};
      }
      out[p] = c.length == 3 ? c : new double[] {c[0], c[1], 0};
    }
    return out;
  }

  /** Lagrange–Gauss reduction: the shortest basis of the 2-D lattice spanned by u and v. */
  static double[][] gaussReduce(double[] u, double[] v) {
    double[] a = u.clone();
    double[] b = v.clone();
    for (int it = 0; it < 100; it++) {
      if (Stats.dot(a, a) > Stats.dot(b, b)) {
        double[] t = a;
        a = b;
        b = t;
      }
      double mu = Math.rint(Stats.dot(a, b) / Stats.dot(a, a));
      if (mu == 0) break;
      b = new double[] {b[0] - mu * a[0], b[1] - mu * a[1]};
    }
    return new double[][] {a, b};
  }


  /**
   * Breadth-first walk giving each reachable column fractional coordinates along (u, v): the
   * neighbour's measured displacement is added to the column's coordinates and snapped to the nearest
   * candidate site (integer cell plus a site offset), so errors do not accumulate.
   */
  private static double[][] walk(PointGrid grid, double[] x, double[] y, double[] u, double[] v, List<double[]> dfrac,
                                 double d0) {
    int n = x.length;
    double cx = 0;
    double cy = 0;
    for (int i = 0; i < n; i++) {
      cx += x[i];
      cy += y[i];
    }
    final double mx = cx / n;
    final double my = cy / n;
    // seeds: the columns nearest the centre; keep the walk that indexes most columns (a spurious
    // column or a small grain near the centre must not decide the lattice of the whole image)
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i;
    Arrays.sort(order, (p, q) -> Double.compare(Math.hypot(x[p] - mx, y[p] - my), Math.hypot(x[q] - mx, y[q] - my)));
    double[][] best = null;
    int bestCount = -1;
    for (int k = 0; k < Math.min(n, 5); k++) {
      double[][] f = walkFrom(order[k], grid, x, y, u, v, dfrac, d0);
      int c = 0;
      for (double[] e : f) if (e != null) c++;
      if (c > bestCount) {
        best = f;
        bestCount = c;
      }
      if (bestCount >= n / 2) break;
    }
    return best;
  }

  private static double[][] walkFrom(int seed, PointGrid grid, double[] x, double[] y, double[] u, double[] v,
                                     List<double[]> dfrac, double d0) {
    int n = x.length;
    double det = u[0] * v[1] - u[1] * v[0];
    double[][] frac = new double[n][];
    int[] queue = new int[n];
    int head = 0;
    int tail = 0;
    double reach = 1.6 * Math.max(Math.hypot(u[0], u[1]), Math.hypot(v[0], v[1]));
    double tol = 0.3 * d0;
    boolean[] done = new boolean[n];
    // only the connected component of the central column is indexed; other grains stay unindexed
    {
      frac[seed] = new double[] {0, 0};
      done[seed] = true;
      queue[tail++] = seed;
      while (head < tail) {
        int p = queue[head++];
        int[] nb = grid.nearest(p, 10, reach);
        for (int q : nb) {
          if (done[q]) continue;
          double dx = x[q] - x[p];
          double dy = y[q] - y[p];
          double fu = frac[p][0] + (dx * v[1] - dy * v[0]) / det;
          double fv = frac[p][1] + (u[0] * dy - u[1] * dx) / det;
          double bestD = Double.POSITIVE_INFINITY;
          double bu = 0;
          double bv = 0;
          for (double[] d : dfrac) {
            double su = d[0] + Math.rint(fu - d[0]);
            double sv = d[1] + Math.rint(fv - d[1]);
            double eu = fu - su;
            double ev = fv - sv;
            double dist = Math.hypot(eu * u[0] + ev * v[0], eu * u[1] + ev * v[1]);
            if (dist < bestD) {
              bestD = dist;
              bu = su;
              bv = sv;
            }
          }
          if (bestD > tol) continue;
          frac[q] = new double[] {bu, bv};
          done[q] = true;
          queue[tail++] = q;
        }
      }
    }
    return frac;
  }
}
