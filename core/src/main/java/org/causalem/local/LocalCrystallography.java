package org.causalem.local;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.causalem.bayes.GaussianMixture;
import org.causalem.data.Image;
import org.causalem.image.PointGrid;
import org.causalem.lattice.AtomsResult;
import org.causalem.lattice.Lattice;
import org.causalem.lattice.ReferenceLattice;
import org.causalem.table.DescriptorTable;

/**
 * Local crystallography: order parameters and phases from the neighbourhood of every atom column.
 *
 * <p>Descriptor of a column of sublattice s: for each of its {@code neighbours} nearest ideal neighbour offsets
 * e<sub>k</sub> (from the whole-image mean lattice and the site offsets; the same list, in the same order, for every
 * column of s), the displacement of the column found nearest {@code p + e_k} from where the mean lattice puts it,
 * {@code p_j − p − e_k} (px; 2 values each). A neighbour not found within a third of the shortest offset makes the
 * neighbourhood incomplete: such columns (image edges, vacancies) are not classified. Optionally the image patch around
 * the column (bilinear samples on a square grid of at most 15 × 15, mean removed, in units of the image's standard deviation).
 *
 * <p>Per sublattice (the same offsets mean different things on different sublattices): principal components of the
 * centred descriptors (the leading scores are continuous order parameters, sign fixed so the largest loading is
 * positive), then a Gaussian mixture on the leading scores with the number of classes chosen by BIC. The classes of
 * the other sublattices are given the label of the sublattice-0 class they most often neighbour (a new label when
 * two would share one), so a phase has one label on all sublattices. A column is on a wall when one of its neighbours
 * has another class.
 */
public final class LocalCrystallography {
  /** What each column is described by. */
  public enum Descriptor {
    POSITIONS, PATCH, BOTH;

    public static Descriptor parse(String s) {
      for (Descriptor d : values()) if (d.name().equalsIgnoreCase(s)) return d;
      throw new IllegalArgumentException("descriptor must be positions, patch or both, got '" + s + "'");
    }

    public String label() { return name().toLowerCase(Locale.ROOT); }
  }

  /**
   * @param neighbours ideal neighbour offsets per column (2..24)
   * @param components principal components kept as order parameters and clustered (1..10, at most the descriptor size)
   * @param maxClasses largest number of classes BIC may choose (1..10)
   * @param patchRadiusPx half-width of the image patch (px); NaN for the shortest neighbour offset (the patch then holds the
   *     nearest neighbours); sampled every {@code ceil(r/7)} px, at most 15 × 15 values
   * @param seed seed of the mixture's random starts
   * @param scanCorrected describe neighbourhoods in scan-corrected positions ({@link ScanWarp}): the fast-scan
   *     magnification and the line offsets of the atoms' scan model taken out (default); {@code false} for the positions
   *     as measured
   */
  public record Options(int neighbours, int components, int maxClasses, Descriptor descriptor, double patchRadiusPx, long seed,
                        boolean scanCorrected) {
    public Options {
      Objects.requireNonNull(descriptor, "descriptor");
      if (neighbours < 2 || neighbours > 24) throw new IllegalArgumentException("neighbours must be in [2, 24], got " + neighbours);
      if (components < 1 || components > 10) throw new IllegalArgumentException("components must be in [1, 10], got " + components);
      if (maxClasses < 1 || maxClasses > 10) throw new IllegalArgumentException("maxClasses must be in [1, 10], got " + maxClasses);
      if (!Double.isNaN(patchRadiusPx) && !(patchRadiusPx >= 1 && patchRadiusPx <= 50)) {
        throw new IllegalArgumentException("patchRadiusPx must be in [1, 50] or NaN (automatic), got " + patchRadiusPx);
      }
    }

    public static Options defaults() { return new Options(4, 4, 6, Descriptor.POSITIONS, Double.NaN, 1, true); }

    public Options withDescriptor(Descriptor d) { return new Options(neighbours, components, maxClasses, d, patchRadiusPx, seed, scanCorrected); }

    public Options withSeed(long s) { return new Options(neighbours, components, maxClasses, descriptor, patchRadiusPx, s, scanCorrected); }

    public Options withComponents(int k) { return new Options(neighbours, k, maxClasses, descriptor, patchRadiusPx, seed, scanCorrected); }

    /** {@code false}: neighbourhoods from the positions as measured, the scan's local magnification left in. */
    public Options withScanCorrection(boolean on) { return new Options(neighbours, components, maxClasses, descriptor, patchRadiusPx, seed, on); }
  }

  /**
   * @param columns one row per atom column: x_px, y_px, sublattice, row, col, complete, pc1..pcK, class, wall
   *     (class −1 and NaN scores for an unclassified column)
   * @param cells one row per lattice cell that holds classified columns: row, col, x_px, y_px (mean of its columns),
   *     mean pc1..pcK per sublattice-0 scale, class (majority of its columns), wall (any of its columns)
   * @param classes number of phase/domain classes over all sublattices
   * @param perSublattice per sublattice: classes, classified columns, explained-variance ratios, BIC per class count
   * @param scanCorrection whether the scan's magnification was divided out and, if so, its ranges, the classes of the
   *     positions as measured and their agreement with these
   */
  public record Result(DescriptorTable columns, DescriptorTable cells, int classes, Map<String, Object> perSublattice,
                       List<String> notes, Map<String, Object> scanCorrection) {
    public int[] classOf() {
      double[] c = columns.column("class");
      int[] out = new int[c.length];
      for (int i = 0; i < c.length; i++) out[i] = (int) c[i];
      return out;
    }

    /**
     * {@code cells} (the atoms pipeline's per-cell table, with {@code row} and {@code col}) with this result's per-cell
     * order parameters appended as {@code local_pc1..}, {@code local_class}, {@code local_wall} (NaN for a cell without
     * classified columns): the table the causal workflows take, now with the order parameters.
     */
    public DescriptorTable joinCells(DescriptorTable atomsCells) {
      double[] r0 = cells.column("row");
      double[] c0 = cells.column("col");
      Map<Long, Integer> at = new java.util.HashMap<>();
      for (int i = 0; i < r0.length; i++) at.put(((long) r0[i] << 32) ^ ((long) c0[i] & 0xffffffffL), i);
      List<String> extra = new ArrayList<>();
      for (String nm : cells.names()) if (nm.startsWith("pc") || nm.equals("class") || nm.equals("wall")) extra.add(nm);
      List<String> names = new ArrayList<>(atomsCells.names());
      List<String> units = new ArrayList<>(atomsCells.units());
      double[][] cols = java.util.Arrays.copyOf(atomsCells.columns(), atomsCells.width() + extra.size());
      double[] rr = atomsCells.column("row");
      double[] cc = atomsCells.column("col");
      for (int e = 0; e < extra.size(); e++) {
        names.add("local_" + extra.get(e));
        units.add("");
        double[] src = cells.column(extra.get(e));
        double[] dst = new double[rr.length];
        for (int i = 0; i < rr.length; i++) {
          Integer k = at.get(((long) rr[i] << 32) ^ ((long) cc[i] & 0xffffffffL));
          dst[i] = k == null ? Double.NaN : src[k];
        }
        cols[atomsCells.width() + e] = dst;
      }
      return new DescriptorTable(names, units, cols);
    }

    public Map<String, Object> summary() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("columns", columns.rows());
      int classified = 0;
      int walls = 0;
      for (double c : columns.column("class")) if (c >= 0) classified++;
      for (double w : columns.column("wall")) if (w == 1) walls++;
      m.put("classified_columns", classified);
      m.put("classes", classes);
      m.put("wall_columns", walls);
      m.put("sublattices", perSublattice);
      m.put("scan_correction", scanCorrection);
      m.put("notes", notes);
      return m;
    }
  }

  private final Options options;

  public LocalCrystallography(Options options) { this.options = Objects.requireNonNull(options, "options"); }

  public Options options() { return options; }

  /** Describes, decomposes and classifies every indexed column of {@code atoms} found in {@code image}. */
  public Result run(Image image, AtomsResult atoms) {
    double[] x = atoms.columns().x();
    double[] y = atoms.columns().y();
    Lattice lat = atoms.lattice();
    int kc = options.components();
    double cell = Math.min(atoms.reference().aPx(), atoms.reference().bPx());
    if (!options.scanCorrected() || atoms.scan() == null) {
      Classes raw = classify(image, atoms, x, y, atoms.reference(), null);
      Map<String, Object> off = new LinkedHashMap<>();
      off.put("applied", false);
      scanAxisNote(raw, x, y, cell);
      return raw.result(x, y, lat, kc, off);
    }
    ScanWarp warp = ScanWarp.of(atoms.scan());
    double[] ux = warp.x(x, y);
    Classes corrected = classify(image, atoms, ux, y, ReferenceLattice.fit(ux, y, lat), warp);
    Classes raw = classify(image, atoms, x, y, atoms.reference(), null);
    scanAxisNote(corrected, x, y, cell);
    return corrected.result(x, y, lat, kc, scanComparison(warp.rangeX(x), warp.lineOffsetRms(), corrected, raw));
  }

  /** Share of the class labels' variance between bands of one scan axis from which the classes are said to follow it. */
  static final double AXIS_SHARE = 0.5;
  /** ... provided the share between bands of the other axis is at most this. */
  static final double OTHER_AXIS_SHARE = 0.1;

  /**
   * A note when the classes change along one scan axis only (η² of the labels between bands one cell wide at least
   * {@link #AXIS_SHARE} along it, at most {@link #OTHER_AXIS_SHARE} along the other): along y, the slow scan, is along the
   * time of the frame, so a band parallel to the lines cannot be told from the microscope changing during the frame;
   * along x, from the fast scan's response. What the tool cannot tell, said.
   */
  private static void scanAxisNote(Classes c, double[] x, double[] y, double cell) {
    if (c.classes() < 2 || !(cell > 0)) return;
    double alongY = bandShare(c.global(), y, cell);
    double alongX = bandShare(c.global(), x, cell);
    if (alongY >= AXIS_SHARE && alongX <= OTHER_AXIS_SHARE) {
      c.notes().add(String.format(Locale.ROOT, "the classes change along y only (%.0f %% of their variance between rows of cells, "
          + "%.0f %% between columns): y is the slow scan, i.e. the time of the frame, so a band parallel to the scan lines cannot "
          + "be told from the microscope changing during the frame (drift, beam current, contamination); a frame scanned at 90° "
          + "would tell", 100 * alongY, 100 * alongX));
    } else if (alongX >= AXIS_SHARE && alongY <= OTHER_AXIS_SHARE) {
      c.notes().add(String.format(Locale.ROOT, "the classes change along x only (%.0f %% of their variance between columns of "
          + "cells, %.0f %% between rows): x is the fast scan, whose response along the line is the same in every line, so "
          + "they cannot be told from the scan; a frame scanned at 90° would tell", 100 * alongX, 100 * alongY));
    }
  }

  /** η² of the labels (one indicator per class) between bands of {@code coord} {@code width} wide; labels −1 left out. */
  static double bandShare(int[] label, double[] coord, double width) {
    int n = 0;
    for (int i = 0; i < label.length; i++) if (label[i] >= 0 && Double.isFinite(coord[i])) n++;
    int[] kept = new int[n];
    int[] band = new int[n];
    int m = 0;
    for (int i = 0; i < label.length; i++) {
      if (label[i] < 0 || !Double.isFinite(coord[i])) continue;
      kept[m] = label[i];
      band[m++] = (int) Math.floor(coord[i] / width);
    }
    return groupShare(kept, band);
  }

  /**
   * η² of non-negative labels between groups: the share of their variance (summed over one indicator per class) that
   * lies between the groups; 1 when every group holds one class, 0 when every group holds the classes in the same
   * proportions (and for one class).
   */
  static double groupShare(int[] label, int[] group) {
    int k = 0;
    for (int l : label) k = Math.max(k, l + 1);
    int classes = Math.max(1, k);
    Map<Integer, int[]> byGroup = new java.util.HashMap<>();
    int[] total = new int[classes];
    for (int q = 0; q < label.length; q++) {
      int[] g = byGroup.computeIfAbsent(group[q], key -> new int[classes + 1]);
      g[label[q]]++;
      g[classes]++;
      total[label[q]]++;
    }
    double n = label.length;
    double all = 0;
    for (int t : total) all += n * (t / n) * (1 - t / n);
    double within = 0;
    for (int[] g : byGroup.values()) {
      double m = g[classes];
      for (int c = 0; c < classes; c++) within += m * (g[c] / m) * (1 - g[c] / m);
    }
    return all <= 0 ? 0 : 1 - within / all;
  }


  /** The classes of one description of the columns (scan-corrected or as measured), before the tables are built. */
  private record Classes(int[] global, boolean[] wall, boolean[] complete, double[][] scores, int classes,
                         Map<String, Object> perSublattice, List<String> notes) {
    Result result(double[] x, double[] y, Lattice lat, int kc, Map<String, Object> scan) {
      DescriptorTable table = columnTable(x, y, lat, complete, scores, global, wall, kc);
      return new Result(table, cells(table, kc, classes), classes, perSublattice, notes, scan);
    }
  }

  /**
   * What the scan correction changed: the magnification ranges divided out, and the classes the positions as measured
   * give, with the share of columns (classified both ways) whose class agrees under the best many-to-one mapping of the
   * corrected classes onto those. Adds a note saying what was corrected and, when the classes differ, that the
   * difference follows the scan.
   */
  private static Map<String, Object> scanComparison(double[] rx, double lineRms, Classes corrected, Classes raw) {
    int both = 0;
    int[][] table = new int[Math.max(1, corrected.classes())][Math.max(1, raw.classes())];
    for (int i = 0; i < corrected.global().length; i++) {
      if (corrected.global()[i] < 0 || raw.global()[i] < 0) continue;
      table[corrected.global()[i]][raw.global()[i]]++;
      both++;
    }
    int agree = 0;
    for (int[] row : table) {
      int best = 0;
      for (int v : row) best = Math.max(best, v);
      agree += best;
    }
    // many-to-one in both directions: a split in either description is a disagreement
    int agreeBack = 0;
    for (int r = 0; r < table[0].length; r++) {
      int best = 0;
      for (int[] row : table) best = Math.max(best, row[r]);
      agreeBack += best;
    }
    double agreement = both == 0 ? Double.NaN : (double) Math.min(agree, agreeBack) / both;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("applied", true);
    m.put("sampling_x_range", rx);
    m.put("line_offset_rms_px", lineRms);
    m.put("classes_as_measured", raw.classes());
    m.put("agreement_with_as_measured", agreement);
    corrected.notes().add(String.format(Locale.ROOT, "neighbourhoods are measured in scan-corrected positions: the fast "
        + "scan's local magnification (%.3f-%.3f at the columns' x, the image's edges included) and the scan lines' x offsets (%.2f px RMS), both from the atoms' "
        + "scan model, are taken out, so a change of the x spacing that depends on x alone, or an x shift of whole lines, "
        + "cannot be told from the scan and is not classified (--raw-positions keeps the positions as measured)", rx[0], rx[1], lineRms));
    if (raw.classes() != corrected.classes() || agreement < AGREEMENT) {
      corrected.notes().add(String.format(Locale.ROOT, "as measured, without that correction, the columns fall into %d class%s "
          + "(%.0f %% of the columns classified both ways agree with the %d here): the difference follows the scan's magnification, "
          + "not the specimen", raw.classes(), raw.classes() == 1 ? "" : "es", 100 * agreement, corrected.classes()));
    }
    return m;
  }

  /** Agreement between the corrected and the as-measured classes below which the difference is named in a note. */
  static final double AGREEMENT = 0.95;

  private Classes classify(Image image, AtomsResult atoms, double[] x, double[] y, ReferenceLattice ref, ScanWarp warp) {
    Lattice lat = atoms.lattice();
    int n = x.length;
    int[] site = lat.site();
    int ns = lat.sites();
    int k = options.neighbours();
    // ideal offsets per sublattice
    double[][][] offsets = new double[ns][][];
    double shortest = Double.POSITIVE_INFINITY;
    for (int s = 0; s < ns; s++) {
      offsets[s] = idealOffsets(ref, lat.siteOffsets(), s, k);
      shortest = Math.min(shortest, Math.hypot(offsets[s][0][0], offsets[s][0][1]));
    }
    int[][] nb = new int[n][];
    double[][] pos = new double[n][];
    boolean[] complete = new boolean[n];
    neighbourhoods(atoms, x, y, offsets, shortest, nb, pos, complete);
    double patchR = Double.isNaN(options.patchRadiusPx()) ? Math.max(2, Math.round(shortest)) : options.patchRadiusPx();
    double[][] patch = options.descriptor() == Descriptor.POSITIONS ? null
        : patches(image, atoms.columns().x(), atoms.columns().y(), site, (int) Math.round(patchR), complete, warp);

    int kc = options.components();
    double[][] scores = new double[n][];
    int[] localClass = new int[n];
    Arrays.fill(localClass, -1);
    Map<String, Object> per = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    int[] classesPerSub = new int[ns];
    for (int s = 0; s < ns; s++) {
      classesPerSub[s] = classifySublattice(s, lat, complete, pos, patch, per, notes, localClass, scores);
    }
    int[] global = mergeLabels(localClass, site, nb, ns, classesPerSub);
    int classes = 0;
    for (int g : global) classes = Math.max(classes, g + 1);
    boolean[] wall = new boolean[n];
    for (int i = 0; i < n; i++) {
      if (global[i] < 0) continue;
      for (int j : nb[i]) if (j >= 0 && global[j] >= 0 && global[j] != global[i]) wall[i] = true;
    }
    return new Classes(global, wall, complete, scores, classes, per, notes);
  }

  /**
   * Every indexed column's neighbours ({@code nb}: the column nearest each ideal offset within a third of the shortest,
   * or −1) and its descriptor of displacements ({@code pos}); {@code complete} when all were found with a settled fit.
   */
  private void neighbourhoods(AtomsResult atoms, double[] x, double[] y, double[][][] offsets, double shortest, int[][] nb,
                              double[][] pos, boolean[] complete) {
    int[] site = atoms.lattice().site();
    int k = options.neighbours();
    double tol = shortest / 3;
    PointGrid grid = new PointGrid(x, y, Math.max(1, shortest));
    int[][] found = {new int[16]};
    int[] foundCount = new int[1];
    for (int i = 0; i < x.length; i++) {
      if (site[i] < 0) continue;
      double[][] e = offsets[site[i]];
      nb[i] = new int[k];
      pos[i] = new double[2 * k];
      // a failed fit keeps only its detected (whole-pixel) position: its neighbourhood is not measured
      boolean ok = atoms.columns().converged(i);
      for (int q = 0; q < k; q++) {
        double tx = x[i] + e[q][0];
        double ty = y[i] + e[q][1];
        int j = nearestIndexed(grid, x, y, site, tx, ty, tol, found, foundCount);
        nb[i][q] = j;
        if (j < 0 || !atoms.columns().converged(j)) {
          ok = false;
          continue;
        }
        pos[i][2 * q] = x[j] - tx;
        pos[i][2 * q + 1] = y[j] - ty;
      }
      complete[i] = ok;
    }
  }

  /**
   * Classifies the columns of sublattice {@code s} with a complete neighbourhood: PCA of their descriptors, then the
   * Gaussian mixture with the lowest BIC. Writes their classes into {@code localClass} and scores into {@code scores},
   * the sublattice's summary into {@code per}; returns the number of classes (0 when too few columns to classify).
   */
  private int classifySublattice(int s, Lattice lat, boolean[] complete, double[][] pos, double[][] patch,
                                 Map<String, Object> per, List<String> notes, int[] localClass, double[][] scores) {
    int[] site = lat.site();
    int n = site.length;
    int k = options.neighbours();
    int kc = options.components();
    List<Integer> members = new ArrayList<>();
    for (int i = 0; i < n; i++) if (site[i] == s && complete[i]) members.add(i);
    Map<String, Object> info = new LinkedHashMap<>();
    per.put(lat.siteNames().get(s), info);
    info.put("classified_columns", members.size());
    int dim = descriptorSize(k, patch == null ? 0 : patch[firstNonNull(patch)].length);
    int kk = Math.min(kc, dim);
    if (members.size() < Math.max(10, 4 * (kk + 1))) {
      notes.add("sublattice " + lat.siteNames().get(s) + ": " + members.size() + " columns with a complete neighbourhood, too few to classify");
      info.put("classes", 0);
      return 0;
    }
    double[][] d = new double[members.size()][];
    for (int m = 0; m < d.length; m++) d[m] = descriptor(pos[members.get(m)], patch == null ? null : patch[members.get(m)]);
    Pca pca = Pca.fit(d, kk);
    info.put("explained_variance_ratio", pca.explainedRatio());
    double[][] sc = pca.scores();
    GaussianMixture.Options go = new GaussianMixture.Options(options.maxClasses(), 3, 300, 1e-7, 1e-6, options.seed() * 1009 + s);
    GaussianMixture gm = new GaussianMixture(go);
    GaussianMixture.Model best = null;
    GaussianMixture.Model one = null;
    List<Double> bics = new ArrayList<>();
    int limit = Math.min(options.maxClasses(), Math.max(1, sc.length / (2 * (kk + 1))));
    for (int c = 1; c <= limit; c++) {
      GaussianMixture.Model mdl = gm.fit(sc, c);
      if (c == 1) one = mdl;
      bics.add(mdl.bic());
      if (best == null || mdl.bic() < best.bic()) best = mdl;
    }
    info.put("bic_by_classes", bics);
    int[] cl = best.classify(sc);
    if (best.classes() > 1) {
      Coherence coh = Coherence.test(members, cl, lat, options.seed() * 7919 + s);
      info.put("spatial_coherence", coh.summary());
      if (!coh.coherent()) {
        notes.add("sublattice " + lat.siteNames().get(s) + ": the mixture's " + best.classes() + " classes are not spatially "
            + "coherent (" + coh.sentence() + "): read as one class, no domains or phases");
        best = one;
        cl = best.classify(sc);
      }
    }
    info.put("classes", best.classes());
    for (int m = 0; m < cl.length; m++) {
      int i = members.get(m);
      localClass[i] = cl[m];
      scores[i] = sc[m];
    }
    return best.classes();
  }

  /**
   * Whether the classes of one sublattice form regions: the fraction of lattice-adjacent pairs of its columns that share
   * a class, against the same fraction under random relabelling of the same columns (a join-count permutation test,
   * {@link #PERMUTATIONS} seeded permutations), counted separately for pairs one lattice column apart (along a) and one
   * lattice row apart (along b). Domains and phases are contiguous in both directions, so their columns' neighbours share
   * their class far more often than labels dealt at random; a mixture that splits a homogeneous crystal's noise (or its
   * outliers) into classes does not, nor one that splits it by scan lines: line jitter shifts whole lines, so classes
   * dealt row by row are coherent along the rows but not across them: when the rows hold most of the labels' variance
   * ({@link #rowShare} ≥ {@link #ROW_SHARE}) the rows are the units of the test across them ({@link #rowRuns}), since
   * the columns of one row do not vary independently. Coherent = both p-values at most {@link #ALPHA}.
   *
   * @param pairs adjacent pairs of classified columns
   * @param observed fraction of those pairs in one class
   * @param expected mean fraction over the permutations
   * @param pValue (1 + permutations with a fraction ≥ the observed) / (1 + permutations), all pairs
   * @param pValueA the same for the pairs along a
   * @param pValueB the same for the pairs along b (or, for labels that mostly follow the rows, of {@link #rowRuns})
   */
  record Coherence(int pairs, double observed, double expected, double pValue, double pValueA, double pValueB) {
    /** Permutations of the labels. */
    static final int PERMUTATIONS = 999;
    /** Largest p-value read as spatially coherent. */
    static final double ALPHA = 0.01;

    boolean coherent() { return pValueA <= ALPHA && pValueB <= ALPHA; }

    Map<String, Object> summary() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("adjacent_pairs", pairs);
      m.put("same_class_fraction", observed);
      m.put("same_class_fraction_if_random", expected);
      m.put("p_value", pValue);
      m.put("p_value_along_a", pValueA);
      m.put("p_value_along_b", pValueB);
      m.put("coherent", coherent());
      return m;
    }

    String sentence() {
      return String.format(Locale.ROOT, "%.2f of %d adjacent pairs share a class, %.2f expected for random labels, p = %.3f "
          + "along a and %.3f along b", observed, pairs, expected, pValueA, pValueB);
    }

    static Coherence test(List<Integer> members, int[] label, Lattice lat, long seed) {
      int m = members.size();
      Map<Long, Integer> at = new java.util.HashMap<>();
      for (int q = 0; q < m; q++) at.put(key(lat.row()[members.get(q)], lat.col()[members.get(q)]), q);
      int[] a = new int[2 * m];
      int[] b = new int[2 * m];
      boolean[] alongA = new boolean[2 * m];
      int pairs = 0;
      for (int q = 0; q < m; q++) {
        int i = members.get(q);
        for (int dir = 0; dir < 2; dir++) {
          Integer r = at.get(dir == 0 ? key(lat.row()[i], lat.col()[i] + 1) : key(lat.row()[i] + 1, lat.col()[i]));
          if (r == null) continue;
          a[pairs] = q;
          b[pairs] = r;
          alongA[pairs++] = dir == 0;
        }
      }
      if (pairs == 0) return new Coherence(0, Double.NaN, Double.NaN, 1, 1, 1);
      double[] obs = same(a, b, alongA, pairs, label);
      int[] perm = label.clone();
      java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
      int[] atLeast = new int[3];
      double sum = 0;
      for (int t = 0; t < PERMUTATIONS; t++) {
        for (int q = perm.length - 1; q > 0; q--) {
          int r = rnd.nextInt(q + 1);
          int tmp = perm[q];
          perm[q] = perm[r];
          perm[r] = tmp;
        }
        double[] f = same(a, b, alongA, pairs, perm);
        sum += f[0];
        for (int k = 0; k < 3; k++) if (f[k] >= obs[k]) atLeast[k]++;
      }
      double n1 = 1.0 + PERMUTATIONS;
      double pB = (1.0 + atLeast[2]) / n1;
      if (rowShare(members, label, lat) >= ROW_SHARE) pB = Math.max(pB, rowRuns(members, label, lat, rnd));
      return new Coherence(pairs, obs[0], sum / PERMUTATIONS, (1.0 + atLeast[0]) / n1, (1.0 + atLeast[1]) / n1, pB);
    }

    /** Share of the labels' variance (one indicator per class) between lattice rows, above which the rows are the units. */
    static final double ROW_SHARE = 0.5;

    /**
     * Share of the labels' variance between lattice rows (η², summed over the classes' indicators): 1 when every row
     * holds one class, as when classes follow scan lines, 0 when every row holds the classes in the same proportions.
     */
    static double rowShare(List<Integer> members, int[] label, Lattice lat) {
      int[] row = new int[label.length];
      for (int q = 0; q < label.length; q++) row[q] = lat.row()[members.get(q)];
      return groupShare(label, row);
    }

    /**
     * With the rows as the units (each row's majority class, rows in order): the p-value of the share of consecutive rows
     * with the same class against the rows in random order. Labels that follow scan lines dealt at random are not
     * coherent across the rows; a band of rows (a boundary parallel to the rows) is.
     */
    static double rowRuns(List<Integer> members, int[] label, Lattice lat, java.util.SplittableRandom rnd) {
      int max = 0;
      for (int l : label) max = Math.max(max, l + 1);
      int k = Math.max(1, max);
      Map<Integer, int[]> byRow = new java.util.TreeMap<>();
      for (int q = 0; q < label.length; q++) byRow.computeIfAbsent(lat.row()[members.get(q)], r -> new int[k])[label[q]]++;
      int m = byRow.size();
      int[] rowIndex = new int[m];
      int[] major = new int[m];
      int t = 0;
      for (Map.Entry<Integer, int[]> e : byRow.entrySet()) {
        rowIndex[t] = e.getKey();
        int best = 0;
        for (int c = 1; c < k; c++) if (e.getValue()[c] > e.getValue()[best]) best = c;
        major[t++] = best;
      }
      double obs = consecutiveSame(rowIndex, major);
      if (Double.isNaN(obs)) return 1;
      int[] perm = major.clone();
      int atLeast = 0;
      for (int p = 0; p < PERMUTATIONS; p++) {
        for (int q = m - 1; q > 0; q--) {
          int r = rnd.nextInt(q + 1);
          int tmp = perm[q];
          perm[q] = perm[r];
          perm[r] = tmp;
        }
        if (consecutiveSame(rowIndex, perm) >= obs) atLeast++;
      }
      return (1.0 + atLeast) / (1.0 + PERMUTATIONS);
    }

    private static double consecutiveSame(int[] rowIndex, int[] major) {
      int same = 0;
      int pairs = 0;
      for (int t = 1; t < rowIndex.length; t++) {
        if (rowIndex[t] != rowIndex[t - 1] + 1) continue;
        pairs++;
        if (major[t] == major[t - 1]) same++;
      }
      return pairs == 0 ? Double.NaN : (double) same / pairs;
    }

    /** Same-class fractions: all pairs, pairs along a, pairs along b (NaN where there are none, which any fraction meets). */
    private static double[] same(int[] a, int[] b, boolean[] alongA, int pairs, int[] label) {
      int[] same = new int[2];
      int[] count = new int[2];
      for (int p = 0; p < pairs; p++) {
        int d = alongA[p] ? 0 : 1;
        count[d]++;
        if (label[a[p]] == label[b[p]]) same[d]++;
      }
      return new double[] {(double) (same[0] + same[1]) / pairs, count[0] == 0 ? Double.NEGATIVE_INFINITY : (double) same[0] / count[0],
          count[1] == 0 ? Double.NEGATIVE_INFINITY : (double) same[1] / count[1]};
    }

    private static long key(int row, int col) { return ((long) row << 32) ^ (col & 0xffffffffL); }
  }

  /** The per-column table: position, sublattice, cell, completeness, PCA scores, class and wall flag. */
  private static DescriptorTable columnTable(double[] x, double[] y, Lattice lat, boolean[] complete, double[][] scores,
                                            int[] global, boolean[] wall, int kc) {
    int n = x.length;
    int[] site = lat.site();
    List<String> names = new ArrayList<>(List.of("x_px", "y_px", "sublattice", "row", "col", "complete"));
    for (int c = 1; c <= kc; c++) names.add("pc" + c);
    names.add("class");
    names.add("wall");
    double[][] cols = new double[names.size()][n];
    for (int i = 0; i < n; i++) {
      cols[0][i] = x[i];
      cols[1][i] = y[i];
      cols[2][i] = site[i];
      cols[3][i] = site[i] < 0 ? Double.NaN : lat.row()[i];
      cols[4][i] = site[i] < 0 ? Double.NaN : lat.col()[i];
      cols[5][i] = complete[i] ? 1 : 0;
      for (int c = 0; c < kc; c++) cols[6 + c][i] = scores[i] != null && c < scores[i].length ? scores[i][c] : Double.NaN;
      cols[6 + kc][i] = global[i];
      cols[7 + kc][i] = wall[i] ? 1 : 0;
    }
    List<String> units = new ArrayList<>();
    for (String nm : names) units.add(nm.endsWith("_px") ? "px" : "");
    return new DescriptorTable(names, units, cols);
  }

  private static int firstNonNull(double[][] a) {
    for (int i = 0; i < a.length; i++) if (a[i] != null) return i;
    return 0;
  }

  private int descriptorSize(int k, int patchLen) {
    return switch (options.descriptor()) {
      case POSITIONS -> 2 * k;
      case PATCH -> patchLen;
      case BOTH -> 2 * k + patchLen;
    };
  }

  private double[] descriptor(double[] pos, double[] patch) {
    return switch (options.descriptor()) {
      case POSITIONS -> pos.clone();
      case PATCH -> patch.clone();
      case BOTH -> {
        double[] d = Arrays.copyOf(pos, pos.length + patch.length);
        System.arraycopy(patch, 0, d, pos.length, patch.length);
        yield d;
      }
    };
  }

  /** The {@code k} shortest offsets from site s to any site (cells −2..2), ordered by length then angle. */
  static double[][] idealOffsets(ReferenceLattice ref, double[][] siteOffsets, int s, int k) {
    List<double[]> all = new ArrayList<>();
    for (int t = 0; t < siteOffsets.length; t++) {
      for (int dr = -2; dr <= 2; dr++) {
        for (int dc = -2; dc <= 2; dc++) {
          double fu = siteOffsets[t][0] + dc - siteOffsets[s][0];
          double fv = siteOffsets[t][1] + dr - siteOffsets[s][1];
          if (Math.abs(fu) < 1e-9 && Math.abs(fv) < 1e-9) continue;
          double ox = fu * ref.ax() + fv * ref.bx();
          double oy = fu * ref.ay() + fv * ref.by();
          all.add(new double[] {ox, oy, Math.hypot(ox, oy), Math.atan2(oy, ox)});
        }
      }
    }
    // lengths within 2 % count as equal, so the order does not hinge on noise in the mean lattice
    double unit = Math.min(ref.aPx(), ref.bPx());
    all.sort((p, q) -> {
      long lp = Math.round(p[2] / (0.02 * unit));
      long lq = Math.round(q[2] / (0.02 * unit));
      return lp != lq ? Long.compare(lp, lq) : Double.compare(p[3], q[3]);
    });
    double[][] out = new double[k][];
    for (int q = 0; q < k; q++) out[q] = new double[] {all.get(q)[0], all.get(q)[1]};
    return out;
  }

  /**
   * Image patches around every indexed column, on a grid of physical (fast-scan-corrected) steps along x when {@code warp}
   * is given: a step of {@code dx} px in corrected coordinates is {@code dx·samplingX} px in the image.
   */
  private static double[][] patches(Image image, double[] x, double[] y, int[] site, int r, boolean[] complete, ScanWarp warp) {
    float[] px = image.toFloat();
    int w = image.width();
    int h = image.height();
    double mean = 0;
    for (float v : px) mean += v;
    mean /= px.length;
    double var = 0;
    for (float v : px) var += (v - mean) * (v - mean);
    double sd = Math.sqrt(var / px.length);
    if (!(sd > 0)) sd = 1;
    // at most 15 × 15 samples: a step of ceil(r / 7) px
    int step = Math.max(1, (int) Math.ceil(r / 7.0));
    int half = r / step;
    int side = 2 * half + 1;
    double[][] out = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      if (site[i] < 0) continue;
      if (x[i] - r < 0 || y[i] - r < 0 || x[i] + r > w - 1 || y[i] + r > h - 1) {
        complete[i] = false;
        continue;
      }
      double[] p = new double[side * side];
      double m = 0;
      double sx = warp == null ? step : step * warp.samplingX(x[i]);
      double sy = step;
      if (x[i] - half * sx < 0 || y[i] - half * sy < 0 || x[i] + half * sx > w - 1 || y[i] + half * sy > h - 1) {
        complete[i] = false;
        continue;
      }
      for (int dy = -half; dy <= half; dy++) {
        for (int dx = -half; dx <= half; dx++) {
          double v = bilinear(px, w, x[i] + dx * sx, y[i] + dy * sy);
          p[(dy + half) * side + dx + half] = v;
          m += v;
        }
      }
      m /= p.length;
      for (int q = 0; q < p.length; q++) p[q] = (p[q] - m) / sd;
      out[i] = p;
    }
    return out;
  }

  private static double bilinear(float[] px, int w, double x, double y) {
    int x0 = (int) Math.floor(x);
    int y0 = (int) Math.floor(y);
    double fx = x - x0;
    double fy = y - y0;
    int x1 = Math.min(x0 + 1, w - 1);
    int y1 = y0 + 1 < px.length / w ? y0 + 1 : y0;
    return (1 - fy) * ((1 - fx) * px[y0 * w + x0] + fx * px[y0 * w + x1]) + fy * ((1 - fx) * px[y1 * w + x0] + fx * px[y1 * w + x1]);
  }

  /**
   * A sublattice that shows no classes of its own while sublattice 0 does: each of its columns takes the class most
   * of its sublattice-0 neighbours have (the smaller label on a tie), so a phase found on sublattice 0 covers all its
   * columns instead of the whole sublattice taking one phase's label.
   */
  private static void inheritFromSiteZero(int[] local, int[] site, int[][] nb, int s, int classes0, int[] global) {
    int[] votes = new int[classes0];
    int[] all = new int[classes0];
    for (int i = 0; i < local.length; i++) {
      if (site[i] != s || local[i] < 0) continue;
      for (int j : nb[i]) if (j >= 0 && site[j] == 0 && local[j] >= 0) all[local[j]]++;
    }
    int fallback = argMax(all);
    for (int i = 0; i < local.length; i++) {
      if (site[i] != s || local[i] < 0) continue;
      Arrays.fill(votes, 0);
      int cast = 0;
      for (int j : nb[i]) {
        if (j < 0 || site[j] != 0 || local[j] < 0) continue;
        votes[local[j]]++;
        cast++;
      }
      // no classified sublattice-0 neighbour: the class the sublattice neighbours most, as for a whole sublattice
      global[i] = cast == 0 ? fallback : argMax(votes);
    }
  }

  private static int argMax(int[] v) {
    int best = 0;
    for (int c = 1; c < v.length; c++) if (v[c] > v[best]) best = c;
    return best;
  }

  /**
   * Global labels: sublattice 0's classes; the others mapped by neighbourhood co-occurrence, or column by column from
   * their sublattice-0 neighbours when they show one class; ordered by size.
   */
  static int[] mergeLabels(int[] local, int[] site, int[][] nb, int ns, int[] classesPerSub) {
    int n = local.length;
    int[] global = new int[n];
    Arrays.fill(global, -1);
    int next = classesPerSub.length == 0 ? 0 : classesPerSub[0];
    for (int i = 0; i < n; i++) if (site[i] == 0 && local[i] >= 0) global[i] = local[i];
    for (int s = 1; s < ns; s++) {
      int cs = classesPerSub[s];
      if (cs == 0) continue;
      if (cs == 1 && classesPerSub[0] > 1) {
        inheritFromSiteZero(local, site, nb, s, classesPerSub[0], global);
        continue;
      }
      int c0 = Math.max(1, classesPerSub[0]);
      long[][] co = new long[cs][c0];
      long[] size = new long[cs];
      for (int i = 0; i < n; i++) {
        if (site[i] != s || local[i] < 0) continue;
        size[local[i]]++;
        for (int j : nb[i]) if (j >= 0 && site[j] == 0 && local[j] >= 0) co[local[i]][local[j]]++;
      }
      Integer[] order = new Integer[cs];
      for (int c = 0; c < cs; c++) order[c] = c;
      Arrays.sort(order, (p, q) -> Long.compare(size[q], size[p]));
      int[] map = new int[cs];
      boolean[] taken = new boolean[c0];
      for (int c : order) {
        int best = -1;
        for (int g = 0; g < c0; g++) if (co[c][g] > 0 && (best < 0 || co[c][g] > co[c][best])) best = g;
        if (best >= 0 && !taken[best]) {
          map[c] = best;
          taken[best] = true;
        } else {
          map[c] = next++;
        }
      }
      for (int i = 0; i < n; i++) if (site[i] == s && local[i] >= 0) global[i] = map[local[i]];
    }
    // relabel by decreasing size, so labels do not depend on the mixture's internal order
    int max = 0;
    for (int g : global) max = Math.max(max, g + 1);
    long[] count = new long[max];
    for (int g : global) if (g >= 0) count[g]++;
    Integer[] order = new Integer[max];
    for (int g = 0; g < max; g++) order[g] = g;
    Arrays.sort(order, (p, q) -> count[q] != count[p] ? Long.compare(count[q], count[p]) : Integer.compare(p, q));
    int[] rank = new int[max];
    int used = 0;
    for (int r = 0; r < max; r++) if (count[order[r]] > 0) rank[order[r]] = used++;
    for (int i = 0; i < n; i++) if (global[i] >= 0) global[i] = rank[global[i]];
    return global;
  }

  /** Per-cell aggregation by the lattice's (row, col): mean position and scores, majority class, any wall. */
  private static DescriptorTable cells(DescriptorTable t, int kc, int classes) {
    double[] row = t.column("row");
    double[] col = t.column("col");
    double[] cls = t.column("class");
    Map<Long, List<Integer>> byCell = new LinkedHashMap<>();
    for (int i = 0; i < row.length; i++) {
      if (Double.isNaN(row[i]) || cls[i] < 0) continue;
      long key = ((long) row[i] << 32) ^ ((long) col[i] & 0xffffffffL);
      byCell.computeIfAbsent(key, q -> new ArrayList<>()).add(i);
    }
    List<String> names = new ArrayList<>(List.of("row", "col", "x_px", "y_px", "columns"));
    for (int c = 1; c <= kc; c++) names.add("pc" + c);
    names.add("class");
    names.add("wall");
    int m = byCell.size();
    double[][] out = new double[names.size()][m];
    int r = 0;
    for (List<Integer> members : byCell.values()) {
      int i0 = members.get(0);
      out[0][r] = row[i0];
      out[1][r] = col[i0];
      int[] votes = new int[Math.max(1, classes)];
      double wall = 0;
      for (int i : members) {
        out[2][r] += t.column("x_px")[i] / members.size();
        out[3][r] += t.column("y_px")[i] / members.size();
        votes[(int) cls[i]]++;
        if (t.column("wall")[i] == 1) wall = 1;
      }
      out[4][r] = members.size();
      // scores of the sublattice-0 column of the cell (the scores of different sublattices are different coordinates)
      int s0 = -1;
      for (int i : members) if (t.column("sublattice")[i] == 0) s0 = i;
      for (int c = 0; c < kc; c++) out[5 + c][r] = s0 < 0 ? Double.NaN : t.column("pc" + (c + 1))[s0];
      int best = 0;
      for (int c = 1; c < votes.length; c++) if (votes[c] > votes[best]) best = c;
      out[5 + kc][r] = best;
      out[6 + kc][r] = wall;
      r++;
    }
    List<String> units = new ArrayList<>();
    for (String nm : names) units.add(nm.endsWith("_px") ? "px" : "");
    return new DescriptorTable(names, units, out);
  }

  /** The indexed column ({@code site >= 0}) nearest to (px, py) within {@code tol}, or -1. */
  private static int nearestIndexed(PointGrid grid, double[] x, double[] y, int[] site, double px, double py, double tol,
      int[][] buf, int[] count) {
    buf[0] = grid.within(px, py, tol, buf[0], count);
    int best = -1;
    double bd = Double.POSITIVE_INFINITY;
    for (int t = 0; t < count[0]; t++) {
      int i = buf[0][t];
      if (site[i] < 0) continue;
      double d = (x[i] - px) * (x[i] - px) + (y[i] - py) * (y[i] - py);
      if (d < bd) {
        bd = d;
        best = i;
      }
    }
    return best;
  }
}
