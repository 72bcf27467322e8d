package org.causalem.workflow;

import java.util.List;
import org.causalem.numeric.LeastSquares;
import org.causalem.lattice.UnitCells;
import org.causalem.table.Descriptor;
import org.causalem.table.DescriptorTable;

/**
 * Errors in variables: the measurement-error covariance of the searched descriptors, and the correlation
 * matrix of their true values. A descriptor measured with error does not block a path it mediates
 * (composition → a → polarization stays open through the error of a), and two descriptors computed from
 * the same columns have correlated errors (line jitter shears a cell and moves a, b and γ together): both
 * make associations that the specimen does not have.
 *
 * <p>Sources, per descriptor pair: the cell table's {@code errcov_<d1>_<d2>} column ({@link UnitCells#ERR_COV}:
 * identified measurement errors — shot noise and line jitter — propagated through the shared columns);
 * for a variance without one, the companion standard-error column ({@code a_px} → {@code a_sigma_px},
 * {@code intensity_A} → {@code intensity_A_sigma}); otherwise 0.
 */
public final class MeasurementError {
  /**
   * Smallest share of a descriptor's variance that must be signal for its error variance to be removed. The
   * reported error variances are unbiased over seeds (a, b, γ, polarization_x within 2 % of the realised, 100-200
   * seeds; polarization_y 7 % high on the null scene), but one image's realised error scatters about them with s.d.
   * 12-28 % (its cells share scan lines; ErrorCovarianceRun), so at a reliability of ½ the corrected true variance is
   * as uncertain as that, and a descriptor that is a near-exact
   * function of an instrument node (a_px of a null scene given the local sampling) gets corrected correlations near
   * ±1 and erratic partial correlations; at 0.5 the null scene's scan-driven intensity_B_norm – a_px association
   * flipped from instrument to unstable in 3 of 20 seeds once the line term was honest, at 0.6 in none.
   */
  static final double MIN_RELIABILITY = 0.6;

  private MeasurementError() {}

  /** The companion standard-error column of a descriptor: {@code a_px} → {@code a_sigma_px}, {@code intensity_A} → {@code intensity_A_sigma}. */
  static String sigmaColumn(String v) { return Descriptor.sigmaName(v); }

  /** Mean squared per-cell uncertainty of each descriptor from its standard-error column; 0 where there is none. */
  static double[] variances(DescriptorTable cells, int[] rows, List<String> names) {
    double[] out = new double[names.size()];
    for (int i = 0; i < names.size(); i++) {
      String sigma = sigmaColumn(names.get(i));
      if (cells.indexOf(sigma) >= 0) out[i] = meanOf(cells.column(sigma), rows, true);
    }
    return out;
  }

  /**
   * The mean measurement-error covariance matrix of {@code names} over {@code rows}: the {@code errcov_}
   * columns where the table has them, the standard-error columns for the other variances, 0 elsewhere.
   */
  static double[][] covariance(DescriptorTable cells, int[] rows, List<String> names) {
    int p = names.size();
    double[][] out = new double[p][p];
    double[] fallback = variances(cells, rows, names);
    for (int i = 0; i < p; i++) {
      for (int j = i; j < p; j++) {
        String col = UnitCells.errCovColumn(names.get(i), names.get(j));
        double v = col != null && cells.indexOf(col) >= 0 ? meanOf(cells.column(col), rows, false) : Double.NaN;
        if (!Double.isFinite(v)) v = i == j ? fallback[i] : 0;
        out[i][j] = v;
        out[j][i] = v;
      }
    }
    return out;
  }

  /** The diagonal matrix of {@code variances}. */
  static double[][] diagonal(double[] variances) {
    double[][] out = new double[variances.length][variances.length];
    for (int i = 0; i < variances.length; i++) out[i][i] = variances[i];
    return out;
  }

  /** The sub-matrix of {@code cov} over {@code idx}; indices beyond it (nodes without errors) get 0. */
  static double[][] select(double[][] cov, int[] idx) {
    double[][] out = new double[idx.length][idx.length];
    for (int a = 0; a < idx.length; a++) {
      for (int b = 0; b < idx.length; b++) {
        out[a][b] = idx[a] < cov.length && idx[b] < cov.length ? cov[idx[a]][idx[b]] : 0;
      }
    }
    return out;
  }

  /**
   * The correlation matrix of the true values: the sample covariance less the error covariance. Every
   * covariance between two descriptors loses its error part; a variance loses its error part only when
   * the descriptor's reliability (true over observed variance) is at least {@link #MIN_RELIABILITY} —
   * dividing by a small, poorly known true variance would inflate its correlations, so a noise-dominated
   * descriptor keeps its observed variance. A covariance loses at most its whole observed value ({@link #truePart}).
   * Correlations are clamped to ±0.999.
   */
  static double[][] correctedCorrelation(DescriptorTable t, List<String> names, double[][] errorCov) {
    int p = names.size();
    double[][] c = new double[p][];
    for (int i = 0; i < p; i++) c[i] = t.column(names.get(i));
    double[][] cov = LeastSquares.covariance(c);
    double[] var = new double[p];
    for (int i = 0; i < p; i++) {
      double reliability = 1 - errorCov[i][i] / cov[i][i];
      var[i] = reliability >= MIN_RELIABILITY ? cov[i][i] - errorCov[i][i] : cov[i][i];
    }
    double[][] corr = new double[p][p];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j < p; j++) {
        if (i == j) {
          corr[i][j] = 1;
          continue;
        }
        double r = truePart(cov[i][j], errorCov[i][j]) / Math.sqrt(var[i] * var[j]);
        corr[i][j] = Math.max(-0.999, Math.min(0.999, r));
      }
    }
    return corr;
  }

  /**
   * The observed covariance of a pair less its error part, truncated at 0 when the error part would reverse its
   * sign: the error part is the expected error covariance (b_px – gamma_deg: 1.008 ± 0.020 of the realised over 200
   * null seeds), and one image's realised error covariance scatters about it (s.d. 28 % of it on the 16 × 16 null
   * scene), so where the observed covariance is nearly all error the error part exceeds it on about 40 % of images;
   * the reversed remainder is that draw's deviation, not a property of the specimen (the positive-part rule of
   * moment estimators of variance components). The rule only ever moves a
   * corrected covariance towards 0: an error covariance of the opposite sign to the observed one (errors hiding part
   * of a true association) is removed in full, and a true association that errors of the opposite sign more than
   * hide is missed rather than a false one reported. Null scene seed 8 (ScanAcceptanceTest): b_px and gamma_deg's
   * observed covariance 0.077, line-jitter error covariance 0.103 (both error variances above the observed ones);
   * untruncated, the corrected correlation -0.27 (observed +0.83) made a_px → gamma_deg a supported edge.
   */
  static double truePart(double observed, double error) {
    double d = observed - error;
    return d * observed < 0 ? 0 : d;
  }

  private static double meanOf(double[] v, int[] rows, boolean squared) {
    double sum = 0;
    int n = 0;
    for (int r : rows) {
      double x = v[r];
      if (!Double.isFinite(x)) continue;
      sum += squared ? x * x : x;
      n++;
    }
    return n > 0 ? sum / n : squared ? 0 : Double.NaN;
  }
}
