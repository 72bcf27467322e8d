package org.causalem.lattice;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.causalem.image.Columns;
import org.causalem.image.FitStatus;
import org.causalem.image.Detection;
import org.causalem.table.DescriptorTable;

/**
 * Everything the atoms pipeline found in one image.
 *
 * @param cells one row per unit cell ({@link UnitCells}); the table the causal workflows take
 * @param sites one row per lattice site inside the image, found or missing
 * @param pixelSizeNm pixel size used for the {@code *_nm} columns, NaN when unknown
 * @param pixelSizeSource {@code lattice-constant}, {@code image calibration} or {@code none}
 * @param timingsS seconds per step
 * @param siteTest what the column-presence test at sites without a detected column did
 * @param positionErrors column position uncertainties calibrated on the image ({@link PositionCalibration});
 *     the Fisher values of {@code columns} are the shot-noise part alone
 * @param scan the scan model estimated from the image (line offsets, local sampling)
 * @param offCentring the uniform B off-centring, its fit-window dependence and the reference region if named
 * @param pixelNoise the image's pixel-noise correlation ({@link InstrumentDescriptors#noiseCorrelation}), measured
 *     once and used by the aperture intensities' errors and the summaries
 */
public record AtomsResult(Detection detection, Columns columns, Lattice lattice, ReferenceLattice reference,
                          ScanCorrection correction, DescriptorTable cells, DescriptorTable sites, double pixelSizeNm,
                          String pixelSizeSource, Map<String, Double> timingsS, AtomsPipeline.SiteTest siteTest, PositionErrors positionErrors,
                          ScanModel scan, OffCentring offCentring, InstrumentDescriptors.NoiseCorrelation pixelNoise) {
  /** Failed-fit fraction above which the notes call it high. */
  public static final double HIGH_FAILED_FRACTION = 0.10;
  /** Vacancy fraction of a sublattice above which the notes warn. */
  public static final double HIGH_VACANCY_FRACTION = 0.05;

  /**
   * This result with polarization relative to a reference region {@code [x0, x1] × [y0, y1]} (px): the
   * region's mean off-centring goes into {@link #offCentring()} and the cells gain
   * {@code polarization_rel_x_px}, {@code polarization_rel_y_px} (off-centring minus the region's mean).
   *
   * @throws org.causalem.data.BadInputException when the region holds fewer than 3 complete cells
   */
  public AtomsResult withReferenceRegion(double x0, double y0, double x1, double y1) {
    double strip = Math.max(reference.aPx(), reference.bPx());
    OffCentring off = offCentring.withReference(cells, x0, y0, x1, y1, strip);
    double[] px = cells.column("polarization_x_px");
    double[] py = cells.column("polarization_y_px");
    double[] rx = new double[px.length];
    double[] ry = new double[py.length];
    for (int i = 0; i < px.length; i++) {
      rx[i] = px[i] - off.reference().meanXPx();
      ry[i] = py[i] - off.reference().meanYPx();
    }
    List<String> names = new ArrayList<>(cells.names());
    List<String> units = new ArrayList<>(cells.units());
    names.removeAll(List.of("polarization_rel_x_px", "polarization_rel_y_px"));
    double[][] cols = new double[names.size() + 2][];
    for (int j = 0; j < names.size(); j++) cols[j] = cells.column(names.get(j));
    units = new ArrayList<>();
    for (String nm : names) units.add(cells.units().get(cells.indexOf(nm)));
    names.add("polarization_rel_x_px");
    names.add("polarization_rel_y_px");
    units.add("px");
    units.add("px");
    cols[cols.length - 2] = rx;
    cols[cols.length - 1] = ry;
    return new AtomsResult(detection, columns, lattice, reference, correction, new DescriptorTable(names, units, cols), sites,
        pixelSizeNm, pixelSizeSource, timingsS, siteTest, positionErrors, scan, off, pixelNoise);
  }

  /**
   * One row per column: position, width, uncertainty (calibrated; the Fisher part alone in
   * {@code x_uncertainty_fisher_px}), intensity, sublattice index (-1 unindexed), cell, fit status (index into
   * {@link FitStatus}; a failed fit keeps its detected position and has NaN uncertainties and intensity).
   */
  public DescriptorTable atoms() {
    Columns c = columns;
    PositionErrors e = positionErrors;
    int n = c.size();
    double[][] cols = new double[18][n];
    for (int i = 0; i < n; i++) {
      cols[0][i] = c.x()[i];
      cols[1][i] = c.y()[i];
      cols[2][i] = c.sigmaXPx(i);
      cols[3][i] = c.sigmaYPx(i);
      cols[4][i] = Math.sqrt((e.xErr()[i] * e.xErr()[i] + e.yErr()[i] * e.yErr()[i]) / 2);
      cols[5][i] = e.xErr()[i];
      cols[6][i] = e.yErr()[i];
      cols[7][i] = c.intensity()[i];
      cols[8][i] = c.amplitude()[i];
      cols[9][i] = c.background()[i];
      cols[10][i] = lattice.site()[i];
      cols[11][i] = lattice.site()[i] < 0 ? Double.NaN : lattice.row()[i];
      cols[12][i] = lattice.site()[i] < 0 ? Double.NaN : lattice.col()[i];
      cols[13][i] = c.converged(i) ? 1 : 0;
      cols[14][i] = c.intensityErr()[i];
      cols[15][i] = c.xErrPx()[i];
      cols[16][i] = c.yErrPx()[i];
      cols[17][i] = c.status()[i].ordinal();
    }
    return new DescriptorTable(
        List.of("x_px", "y_px", "sigma_x_px", "sigma_y_px", "uncertainty_px", "x_uncertainty_px", "y_uncertainty_px",
            "intensity", "amplitude", "background", "sublattice", "row", "col", "converged", "intensity_uncertainty",
            "x_uncertainty_fisher_px", "y_uncertainty_fisher_px", "fit_status"),
        List.of("px", "px", "px", "px", "px", "px", "px", "", "", "", "", "", "", "", "", "px", "px", ""), cols);
  }

  /** RMS line offset and the range of the local sampling over the cells: how much the scan moved. */
  private Map<String, Object> scanSummary() {
    Map<String, Object> m = new LinkedHashMap<>();
    double[] off = cells.column("scan_line_offset_px");
    double ss = 0;
    int n = 0;
    for (double v : off) {
      if (!Double.isFinite(v)) continue;
      ss += v * v;
      n++;
    }
    m.put("line_offset_rms_px", n == 0 ? Double.NaN : Math.sqrt(ss / n));
    m.put("sampling_x_range", range(cells.column("sampling_x")));
    m.put("sampling_y_range", range(cells.column("sampling_y")));
    m.put("sampling_bandwidth_px", scan.samplingBandwidthPx());
    m.put("line_bandwidth_px", scan.lineBandwidthPx());
    m.put("columns_used", scan.columnsUsed());
    m.put("nuisance_columns", InstrumentDescriptors.NUISANCE);
    return m;
  }

  private static double[] range(double[] v) { return org.causalem.numeric.Stats.finiteRange(v); }

  /** Fraction of the column fits that failed. */
  public double failedFitFraction() {
    return columns.size() == 0 ? 0 : 1 - (double) columns.convergedCount() / columns.size();
  }

  /** Per sublattice: missing sites / all sites in the site table (undecided ones count as not missing). */
  public Map<String, Double> vacancyFractions() {
    Map<String, Double> out = new LinkedHashMap<>();
    double[] sub = sites.column("sublattice");
    double[] found = sites.column("found");
    for (int s = 0; s < lattice.sites(); s++) {
      int all = 0;
      int miss = 0;
      for (int i = 0; i < sub.length; i++) {
        if (sub[i] != s) continue;
        all++;
        if (found[i] == 0) miss++;
      }
      out.put(lattice.siteNames().get(s), all == 0 ? 0.0 : (double) miss / all);
    }
    return out;
  }

  /**
   * Plausibility notes a user needs: the failed-fit fraction, high vacancy fractions, what the site test
   * did. Written to stderr, summary.json and the reports.
   */
  public List<String> notes() {
    List<String> notes = new ArrayList<>();
    int failed = columns.size() - columns.convergedCount();
    if (failed > 0) {
      List<String> why = new ArrayList<>();
      for (FitStatus s : FitStatus.values()) if (s != FitStatus.OK && columns.count(s) > 0) why.add(columns.count(s) + " " + s.label());
      double f = failedFitFraction();
      notes.add(String.format(Locale.ROOT, "%d of %d column fits failed (%.1f %%: %s)%s; their positions and intensities are "
          + "not used in any descriptor and never flagged as outliers", failed, columns.size(), 100 * f, String.join(", ", why),
          f > HIGH_FAILED_FRACTION ? ", a high fraction: the image may be too noisy or the fit window too small for these columns" : ""));
    }
    if (siteTest != null && siteTest.tested() > 0) {
      double[] found = sites.column("found");
      int miss = 0;
      int und = 0;
      for (double f : found) {
        if (f == 0) miss++;
        if (f == -1) und++;
      }
      notes.add(String.format(Locale.ROOT, "site test: %d lattice sites had no detected column; %d columns were found there "
          + "(column_z >= %.3g) and fitted; missing (vacancy_z >= %.3g: a typical column is ruled out): %d; undecided (the "
          + "image can tell neither): %d", siteTest.tested(), siteTest.added(), siteTest.thresholdZ(),
          siteTest.thresholdZ(), miss, und));
    }
    double ratio = Math.max(reference.aPx(), reference.bPx()) / Math.min(reference.aPx(), reference.bPx());
    if (lattice.kind() == LatticeKind.SIMPLE && Math.abs(reference.gammaDeg() - 90) <= 10 && Math.abs(ratio - Math.sqrt(2)) <= 0.12) {
      notes.add(String.format(Locale.ROOT, "projection: a rectangular %.2f × %.2f px cell (sides in the ratio %.2f ≈ √2) with %d "
          + "sublattices, consistent with a perovskite seen along [110] (SrO, TiO and, in ABF, O columns) rather than [001]: "
          + "`lattice` perovskite and ferroic's [001] descriptors do not apply", Math.min(reference.aPx(), reference.bPx()),
          Math.max(reference.aPx(), reference.bPx()), ratio, lattice.sites()));
    }
    String fastScan = fastScanNote();
    if (fastScan != null) notes.add(fastScan);
    for (Map.Entry<String, Double> e : vacancyFractions().entrySet()) {
      if (e.getValue() > HIGH_VACANCY_FRACTION) {
        notes.add(String.format(Locale.ROOT, "%.1f %% of the %s sites are missing: more than most crystals hold; check the "
            + "lattice (projection, `lattice`, `contrast`) before reading them as vacancies", 100 * e.getValue(), e.getKey()));
      }
    }
    return notes;
  }

  /** Relative change of the fast scan's local magnification, in a band of cells, above which the notes name it. */
  public static final double FAST_SCAN_NOTE = 0.08;

  /** Cells a band of x must hold for its mean magnification to count (a few edge cells are the estimate's own scatter). */
  static final int FAST_SCAN_BAND_CELLS = 20;

  /**
   * A note when the fast scan's local magnification ({@code sampling_x} of the cells, from the scan model), averaged
   * over bands of x two cells wide holding at least {@link #FAST_SCAN_BAND_CELLS} cells, strays more than
   * {@link #FAST_SCAN_NOTE} from 1 in some band: where and by how much, and what follows it; null otherwise.
   */
  private String fastScanNote() {
    if (scan == null || cells == null || !cells.names().contains("sampling_x")) return null;
    double[] s = cells.column("sampling_x");
    double[] x = cells.column("x_px");
    double band = 2 * Math.max(reference.aPx(), reference.bPx());
    double right = range(x)[1];
    int bands = (int) Math.ceil((Double.isFinite(right) ? Math.max(0, right) + 1 : 1) / band);
    double[] sum = new double[bands];
    int[] count = new int[bands];
    for (int i = 0; i < s.length; i++) {
      if (!Double.isFinite(s[i]) || !Double.isFinite(x[i]) || x[i] < 0) continue;
      int k = Math.min(bands - 1, (int) (x[i] / band));
      sum[k] += s[i];
      count[k]++;
    }
    int worst = -1;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < bands; k++) {
      if (count[k] < FAST_SCAN_BAND_CELLS) continue;
      double m = sum[k] / count[k];
      lo = Math.min(lo, m);
      hi = Math.max(hi, m);
      if (worst < 0 || Math.abs(m - 1) > Math.abs(sum[worst] / count[worst] - 1)) worst = k;
    }
    if (worst < 0) return null;
    double m = sum[worst] / count[worst];
    if (Math.abs(m - 1) <= FAST_SCAN_NOTE) return null;
    double[] all = range(s);
    return String.format(Locale.ROOT, "scan: the fast scan's local magnification, averaged over bands of x %.0f px wide, ranges "
        + "%.2f-%.2f (%.2f-%.2f at single cells' centres: scan model, sampling_x in cells.csv), farthest from 1 at x = %.0f-%.0f px%s: "
        + "cell lengths along x, column "
        + "widths and raw integrated intensities follow it there, not the specimen (the beam %s); the local command measures "
        + "neighbourhoods in corrected x and ferroic takes sampling_x as an instrument cause", band, lo, hi, all[0], all[1], worst * band,
        (worst + 1) * band, (worst + 1) * band <= 0.25 * bands * band ? ", near the start of the lines (settling after flyback)" : "",
        m < 1 ? "runs fast there: cells look shorter" : "runs slow there: cells look longer");
  }

  /** The summary written to summary.json: counts, lattice vectors, pixel size, timings. */
  public Map<String, Object> summary() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("lattice", lattice.kind().label());
    m.put("columns", columns.size());
    Map<String, Object> counts = new LinkedHashMap<>();
    for (int s = 0; s < lattice.sites(); s++) counts.put(lattice.siteNames().get(s), lattice.count(s));
    counts.put("unindexed", lattice.unindexed());
    m.put("columns_per_sublattice", counts);
    m.put("fits_converged", columns.convergedCount());
    Map<String, Object> failures = new LinkedHashMap<>();
    for (FitStatus s : FitStatus.values()) if (s != FitStatus.OK) failures.put(s.label(), columns.count(s));
    m.put("fits_failed", failures);
    m.put("failed_fit_fraction", failedFitFraction());
    putSiteCounts(m);
    m.put("vacancy_fraction", vacancyFractions());
    if (siteTest != null) {
      Map<String, Object> st = new LinkedHashMap<>();
      st.put("statistic", "matched filter at the predicted position and the sublattice median width: column_z = A/se, "
          + "vacancy_z = (A_typical - A)/se");
      st.put("threshold_z", siteTest.thresholdZ());
      st.put("window_radius_px", siteTest.radiusPx());
      st.put("sites_tested", siteTest.tested());
      st.put("columns_added", siteTest.added());
      m.put("site_test", st);
    }
    int complete = 0;
    double[] ms = cells.column("missing_sites");
    for (double v : ms) if (v == 0) complete++;
    m.put("cells", cells.rows());
    m.put("cells_complete", complete);
    Map<String, Object> sites = new LinkedHashMap<>();
    for (int s = 0; s < lattice.sites(); s++) sites.put(lattice.siteNames().get(s), lattice.siteOffsets()[s].clone());
    m.put("site_offsets_fractional", sites);
    m.put("mean_lattice_vectors", meanLatticeVectors());
    m.put("pixel_size_nm", pixelSizeNm);
    m.put("pixel_size_source", pixelSizeSource);
    if (!correction.identity()) {
      List<double[]> d = new ArrayList<>();
      d.add(new double[] {correction.m00(), correction.m01()});
      d.add(new double[] {correction.m10(), correction.m11()});
      m.put("scan_correction_matrix", d);
    }
    Map<String, Object> det = new LinkedHashMap<>();
    det.put("smoothing_sigma_px", detection.smoothingSigmaPx());
    det.put("min_separation_px", detection.minSeparationPx());
    det.put("threshold", detection.threshold());
    det.put("dominant_period_px", detection.periodPx());
    det.put("noise_sigma", detection.noiseSigma());
    det.put("noise_gain", columns.gain());
    m.put("detection", det);
    m.put("position_uncertainty", positionUncertainty());
    if (lattice.sites() > 1) m.put("off_centring", offCentring.toMap());
    m.put("scan_model", scanSummary());
    m.put("timings_s", new LinkedHashMap<>(timingsS));
    m.put("notes", notes());
    return m;
  }

  /** The missing, undecided and intensity-outlier sites of each sublattice, into {@code m} in that order. */
  private void putSiteCounts(Map<String, Object> m) {
    Map<String, Object> missing = new LinkedHashMap<>();
    Map<String, Object> undecided = new LinkedHashMap<>();
    Map<String, Object> outliers = new LinkedHashMap<>();
    double[] sub = sites.column("sublattice");
    double[] found = sites.column("found");
    double[] out = sites.column("outlier");
    for (int s = 0; s < lattice.sites(); s++) {
      int miss = 0;
      int und = 0;
      int o = 0;
      for (int i = 0; i < sub.length; i++) {
        if (sub[i] != s) continue;
        if (found[i] == 0) miss++;
        if (found[i] == -1) und++;
        if (out[i] == 1) o++;
      }
      missing.put(lattice.siteNames().get(s), miss);
      undecided.put(lattice.siteNames().get(s), und);
      outliers.put(lattice.siteNames().get(s), o);
    }
    m.put("missing_sites", missing);
    m.put("undecided_sites", undecided);
    m.put("intensity_outliers", outliers);
  }

  /** The mean lattice vectors, their lengths (in nm too when calibrated), angle, origin and fit residual. */
  private Map<String, Object> meanLatticeVectors() {
    Map<String, Object> vec = new LinkedHashMap<>();
    vec.put("a_px", new double[] {reference.ax(), reference.ay()});
    vec.put("b_px", new double[] {reference.bx(), reference.by()});
    vec.put("a_length_px", reference.aPx());
    vec.put("b_length_px", reference.bPx());
    vec.put("gamma_deg", reference.gammaDeg());
    vec.put("origin_px", new double[] {reference.ox(), reference.oy()});
    vec.put("rms_residual_px", reference.rmsResidualPx());
    if (Double.isFinite(pixelSizeNm)) {
      vec.put("a_length_nm", reference.aPx() * pixelSizeNm);
      vec.put("b_length_nm", reference.bPx() * pixelSizeNm);
    }
    return vec;
  }

  /** The calibrated position uncertainty of each sublattice. */
  private List<Map<String, Object>> positionUncertainty() {
    List<Map<String, Object>> pos = new ArrayList<>();
    for (PositionErrors.Sublattice s : positionErrors.sublattices()) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("sublattice", s.name());
      p.put("calibrated", s.calibrated());
      p.put("columns", s.columns());
      p.put("fisher_px", new double[] {s.fisherX(), s.fisherY()});
      p.put("observed_scatter_px", new double[] {s.observedX(), s.observedY()});
      p.put("excess_px", new double[] {s.excessX(), s.excessY()});
      p.put("line_jitter_px", new double[] {s.lineX(), s.lineY()});
      pos.add(p);
    }
    return pos;
  }
}
