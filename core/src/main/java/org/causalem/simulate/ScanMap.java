package org.causalem.simulate;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The true scan of one rendered image: where on the specimen each pixel was recorded. Built by
 * {@link HaadfRenderer#scanMap} from a {@link ScanDistortion}, an image size and the renderer's seed, and
 * kept with a simulation as ground truth (tests compare measurements against it).
 *
 * <p>Pixel (col, row) samples specimen {@code x = F(col) − jitter(row) − driftX·row},
 * {@code y = row·(1 − driftY)}; {@link ScanDistortion} defines F.
 */
public final class ScanMap {
  private final ScanDistortion distortion;
  private final int width;
  private final int height;
  private final double[] jitter;

  ScanMap(ScanDistortion distortion, int width, int height, long seed) {
    this.distortion = Objects.requireNonNull(distortion, "distortion");
    if (width < 1 || height < 1) throw new IllegalArgumentException("image size must be >= 1×1, got " + width + "×" + height);
    this.width = width;
    this.height = height;
    this.jitter = new double[height];
    double rms = distortion.jitterRmsPx();
    if (rms > 0) {
      // AR(1) with stationary variance rms²; with no correlation this is rms·z per line
      SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
      double rho = distortion.jitterLagOneCorrelation();
      double innovation = rms * Math.sqrt(1 - rho * rho);
      for (int i = 0; i < height; i++) {
        double z = HaadfRenderer.gaussian(r);
        jitter[i] = i == 0 ? rms * z : rho * jitter[i - 1] + innovation * z;
      }
    }
  }

  public ScanDistortion distortion() { return distortion; }

  public int width() { return width; }

  public int height() { return height; }

  /** The x offset of scan line {@code row} (px; positive moves the line's content to +x). */
  public double lineJitterPx(int row) { return jitter[row]; }

  /** The whole jitter series (a copy). */
  public double[] lineJitterPx() { return jitter.clone(); }

  /** F(col): specimen x reached at pixel column {@code col} of an undisturbed line (no jitter, no drift). */
  public double fastScanX(double col) {
    double s = distortion.flybackSlowdown();
    double l = distortion.flybackSettlePx();
    double g = distortion.lineGradient();
    double span = Math.max(1, width - 1);
    return col - s * l * (1 - Math.exp(-col / l)) + g * (col * col / (2 * span) - col / 2);
  }

  /** F'(col): specimen step per pixel (relative beam speed) at pixel column {@code col}. */
  public double specimenStepPx(double col) {
    double span = Math.max(1, width - 1);
    return 1 - distortion.flybackSlowdown() * Math.exp(-col / distortion.flybackSettlePx())
        + distortion.lineGradient() * (col / span - 0.5);
  }

  /** Local x magnification at pixel column {@code col}: image pixels per specimen pixel, 1/F'. */
  public double localMagnificationX(double col) { return 1 / specimenStepPx(col); }

  /** Specimen x sampled by pixel (col, row). */
  public double specimenX(double col, int row) {
    return fastScanX(col) - jitter[row] - distortion.driftXPxPerLine() * row;
  }

  /** Specimen y sampled by scan line {@code row}. */
  public double specimenY(double row) { return row * (1 - distortion.driftYPxPerLine()); }

  /** Image row (continuous) at which specimen y is scanned. */
  public double apparentY(double x, double y) { return y / (1 - distortion.driftYPxPerLine()); }

  /** Image column (continuous) at which specimen point (x, y) appears, line jitter not included. */
  public double apparentX(double x, double y) {
    double target = x + distortion.driftXPxPerLine() * apparentY(x, y);
    double col = target;
    for (int it = 0; it < 50; it++) {
      double step = (fastScanX(col) - target) / specimenStepPx(col);
      col -= step;
      if (Math.abs(step) < 1e-10) break;
    }
    return col;
  }

  /** {@code s} as it appears in the image: every site at its apparent position (line jitter not included). */
  public Structure apparent(Structure s) {
    double[] ax = new double[s.size()];
    double[] ay = new double[s.size()];
    for (int i = 0; i < ax.length; i++) {
      ax[i] = apparentX(s.x()[i], s.y()[i]);
      ay[i] = apparentY(s.x()[i], s.y()[i]);
    }
    return new Structure(ax, ay, s.intensity(), s.sublattice(), s.row(), s.col(), s.present(), s.dopant(), s.sublatticeNames());
  }
}
