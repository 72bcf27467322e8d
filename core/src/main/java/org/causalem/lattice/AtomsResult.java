package org.causalem.lattice;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalem.image.Columns;
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
 * @param positionErrors column position uncertainties calibrated on the image ({@link PositionCalibration});
 *     the Fisher values of {@code columns} are the shot-noise part alone
 */
public record AtomsResult(Detection detection, Columns columns, Lattice lattice, ReferenceLattice reference,
                          ScanCorrection correction, DescriptorTable cells, DescriptorTable sites, double pixelSizeNm,
                          String pixelSizeSource, Map<String, Double> timingsS, PositionErrors positionErrors) {
  /**
   * One row per column: position, width, uncertainty (calibrated; the Fisher part alone in
   * {@code x_uncertainty_fisher_px}), intensity, sublattice index (-1 unindexed), cell.
   */
  public DescriptorTable atoms() {
    Columns c = columns;
    PositionErrors e = positionErrors;
    int n = c.size();
    double[][] cols = new double[17][n];
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
      cols[13][i] = c.converged()[i] ? 1 : 0;
      cols[14][i] = c.intensityErr()[i];
      cols[15][i] = c.xErrPx()[i];
      cols[16][i] = c.yErrPx()[i];
    }
    return new DescriptorTable(
        List.of("x_px", "y_px", "sigma_x_px", "sigma_y_px", "uncertainty_px", "x_uncertainty_px", "y_uncertainty_px",
            "intensity", "amplitude", "background", "sublattice", "row", "col", "converged", "intensity_uncertainty",
            "x_uncertainty_fisher_px", "y_uncertainty_fisher_px"),
        List.of("px", "px", "px", "px", "px", "px", "px", "", "", "", "", "", "", "", "", "px", "px"), cols);
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
    Map<String, Object> missing = new LinkedHashMap<>();
    Map<String, Object> outliers = new LinkedHashMap<>();
    double[] sub = sites.column("sublattice");
    double[] found = sites.column("found");
    double[] out = sites.column("outlier");
    for (int s = 0; s < lattice.sites(); s++) {
      int miss = 0;
      int o = 0;
      for (int i = 0; i < sub.length; i++) {
        if (sub[i] != s) continue;
        if (found[i] == 0) miss++;
        if (out[i] == 1) o++;
      }
      missing.put(lattice.siteNames().get(s), miss);
      outliers.put(lattice.siteNames().get(s), o);
    }
    m.put("missing_sites", missing);
    m.put("intensity_outliers", outliers);
    int complete = 0;
    double[] ms = cells.column("missing_sites");
    for (double v : ms) if (v == 0) complete++;
    m.put("cells", cells.rows());
    m.put("cells_complete", complete);
    Map<String, Object> sites = new LinkedHashMap<>();
    for (int s = 0; s < lattice.sites(); s++) sites.put(lattice.siteNames().get(s), lattice.siteOffsets()[s].clone());
    m.put("site_offsets_fractional", sites);
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
    m.put("mean_lattice_vectors", vec);
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
    m.put("position_uncertainty", pos);
    m.put("timings_s", new LinkedHashMap<>(timingsS));
    return m;
  }
}
