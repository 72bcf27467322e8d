package org.causalem.fourd;

import java.util.Arrays;
import java.util.Objects;
import org.causalem.data.DataCube4D;
import org.causalem.data.FrameReducer;
import org.causalem.data.Progress;
import org.causalem.numeric.Stats;

/**
 * Strain mapping from Bragg disks (as in py4DSTEM; Ophus 2019): at every scan position the disks are
 * found ({@link BraggDiskFinder}) and a lattice fitted ({@link LatticeFitter}) against an initial
 * lattice; with G the matrix of reciprocal basis columns and G₀ that of the reference, the real-space
 * deformation is {@code F = G^(−T)·G₀^T}, the strain its symmetric part minus I and the rotation its
 * antisymmetric part. Streams over the cube; memory holds the output maps only.
 */
public final class StrainMapper {
  /** @param reference region whose mean lattice is unstrained; null = the whole scan (median) */
  public record Options(BraggDiskFinder.Options disks, LatticeFitter.Options fit, ScanRegion reference) {
    public Options {
      Objects.requireNonNull(disks, "disks");
      Objects.requireNonNull(fit, "fit");
    }
  }

  private final Options options;

  public StrainMapper(Options options) { this.options = Objects.requireNonNull(options); }

  /**
   * Maps strain over {@code cube}, indexing disks against {@code initial} (usually the lattice of
   * the mean pattern, from {@link LatticeFitter#guess}).
   */
  public StrainMaps map(DataCube4D cube, Lattice initial, int threads, Progress progress) {
    if (!initial.valid()) throw new IllegalArgumentException("initial lattice is not valid: " + initial);
    int w = cube.scanX();
    int h = cube.scanY();
    if (options.reference() != null) options.reference().requireWithin(w, h);
    int n = w * h;
    float[] g1x = new float[n];
    float[] g1y = new float[n];
    float[] g2x = new float[n];
    float[] g2y = new float[n];
    float[] count = new float[n];
    BraggDiskFinder finder = new BraggDiskFinder(options.disks(), cube.detX(), cube.detY());
    LatticeFitter fitter = new LatticeFitter(options.fit());
    cube.reduce(new FrameReducer<BraggDiskFinder.Workspace>() {
      @Override public BraggDiskFinder.Workspace create() { return finder.workspace(); }

      @Override public void accept(BraggDiskFinder.Workspace ws, int ry, int rx, float[] frame) {
        int p = ry * w + rx;
        LatticeFitter.Fit fit = fitter.fit(finder.find(frame, ws), initial);
        Lattice l = fit.lattice();
        g1x[p] = (float) l.g1x();
        g1y[p] = (float) l.g1y();
        g2x[p] = (float) l.g2x();
        g2y[p] = (float) l.g2y();
        count[p] = fit.indexed();
      }

      @Override public BraggDiskFinder.Workspace combine(BraggDiskFinder.Workspace a, BraggDiskFinder.Workspace b) { return a; }
    }, threads, progress);
    Lattice ref = reference(w, h, g1x, g1y, g2x, g2y);
    return strain(w, h, g1x, g1y, g2x, g2y, count, ref);
  }

  private Lattice reference(int w, int h, float[] g1x, float[] g1y, float[] g2x, float[] g2y) {
    ScanRegion region = options.reference() == null ? new ScanRegion(0, 0, w, h) : options.reference();
    int cap = (region.col1() - region.col0()) * (region.row1() - region.row0());
    double[][] vals = new double[4][cap];
    int m = 0;
    for (int r = region.row0(); r < region.row1(); r++) {
      for (int c = region.col0(); c < region.col1(); c++) {
        int p = r * w + c;
        if (Float.isNaN(g1x[p])) continue;
        vals[0][m] = g1x[p];
        vals[1][m] = g1y[p];
        vals[2][m] = g2x[p];
        vals[3][m] = g2y[p];
        m++;
      }
    }
    if (m == 0) {
      throw new org.causalem.data.BadInputException("no lattice could be fitted in the reference region cols "
          + region.col0() + ".." + region.col1() + ", rows " + region.row0() + ".." + region.row1());
    }
    double[] ref = new double[4];
    for (int k = 0; k < 4; k++) {
      double[] v = Arrays.copyOf(vals[k], m);
      if (options.reference() == null) {
        ref[k] = Stats.median(v);
      } else {
        double s = 0;
        for (double x : v) s += x;
        ref[k] = s / m;
      }
    }
    return new Lattice(0, 0, ref[0], ref[1], ref[2], ref[3]);
  }

  /** Strain of every position's basis against {@code ref}. */
  static StrainMaps strain(int w, int h, float[] g1x, float[] g1y, float[] g2x, float[] g2y, float[] count, Lattice ref) {
    int n = w * h;
    float[] exx = new float[n];
    float[] eyy = new float[n];
    float[] exy = new float[n];
    float[] rot = new float[n];
    for (int p = 0; p < n; p++) {
      double det = (double) g1x[p] * g2y[p] - (double) g1y[p] * g2x[p];
      if (!(Math.abs(det) > 1e-12)) {
        exx[p] = eyy[p] = exy[p] = rot[p] = Float.NaN;
        continue;
      }
      // inv(Gᵀ) with Gᵀ = [[g1x, g1y], [g2x, g2y]]
      double i00 = g2y[p] / det;
      double i01 = -g1y[p] / det;
      double i10 = -g2x[p] / det;
      double i11 = g1x[p] / det;
      // G0ᵀ = [[r1x, r1y], [r2x, r2y]]
      double f00 = i00 * ref.g1x() + i01 * ref.g2x();
      double f01 = i00 * ref.g1y() + i01 * ref.g2y();
      double f10 = i10 * ref.g1x() + i11 * ref.g2x();
      double f11 = i10 * ref.g1y() + i11 * ref.g2y();
      exx[p] = (float) (f00 - 1);
      eyy[p] = (float) (f11 - 1);
      exy[p] = (float) (0.5 * (f01 + f10));
      rot[p] = (float) Math.toDegrees(Math.atan2(f10 - f01, f00 + f11));
    }
    return new StrainMaps(w, h, exx, eyy, exy, rot, g1x, g1y, g2x, g2y, count, ref, "detector");
  }
}
