package org.causalem.simulate;

import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.causalem.data.Image;

/**
 * HAADF image of a 2-D hexagonal transition-metal dichalcogenide (MoS2/WS2-like) seen along [001]: a
 * honeycomb of metal columns and chalcogen columns, with dopants (metal sites of another intensity)
 * and vacancies (missing columns).
 *
 * <p>Site (row i, col j): metal at {@code origin + (j + ⌊i/2⌋)·a1 + i·a2} with
 * {@code a1 = a(cos θ, sin θ)} and {@code a2} at 120° from it, so rows stay in a rectangular band;
 * its chalcogen at the metal position plus {@code (a1 + 2·a2)/3}, at distance a/√3. Per-site
 * displacement fields ({@code [row][col]}, may be null) move the sites off the ideal lattice (strain,
 * rippling). The structure is built separately from rendering, so a movie is a series of structures
 * (e.g. {@link Structure#withOccupancy}) rendered with {@link HaadfRenderer} and per-frame seeds.
 *
 * @see Structure sublattice 0 = metal, 1 = chalcogen
 */
public final class HexagonalSimulator {
  /**
   * @param rows rows of metal sites
   * @param cols metal sites per row
   * @param aPx lattice constant (px)
   * @param metalIntensity relative intensity of a metal column
   * @param chalcogenIntensity relative intensity of a chalcogen column
   * @param dopantIntensity relative intensity of a dopant on a metal site
   * @param dopantFraction fraction of metal sites substituted
   * @param metalVacancyFraction fraction of metal sites left empty
   * @param chalcogenVacancyFraction fraction of chalcogen columns left empty
   * @param metalDxPx per-site displacement fields (px), or null
   * @param structureSeed seed of the dopant and vacancy placement
   */
  public record Options(int rows, int cols, double aPx, double rotationDeg, double originXPx, double originYPx,
                        double metalIntensity, double chalcogenIntensity, double dopantIntensity,
                        double dopantFraction, double metalVacancyFraction, double chalcogenVacancyFraction,
                        double[][] metalDxPx, double[][] metalDyPx, double[][] chalcogenDxPx, double[][] chalcogenDyPx,
                        long structureSeed, int widthPx, int heightPx, HaadfRenderer.Options render) {
    public Options {
      if (rows < 1 || cols < 1) throw new IllegalArgumentException("rows and cols must be >= 1, got " + rows + "×" + cols);
      if (!(aPx > 1) || !Double.isFinite(aPx)) throw new IllegalArgumentException("aPx must be > 1, got " + aPx);
      for (double f : new double[] {dopantFraction, metalVacancyFraction, chalcogenVacancyFraction}) {
        if (!(f >= 0 && f <= 1)) throw new IllegalArgumentException("fractions must be within [0, 1], got " + f);
      }
      for (double v : new double[] {metalIntensity, chalcogenIntensity, dopantIntensity}) {
        if (!(v >= 0) || !Double.isFinite(v)) throw new IllegalArgumentException("intensities must be >= 0, got " + v);
      }
      for (double[][] f : new double[][][] {metalDxPx, metalDyPx, chalcogenDxPx, chalcogenDyPx}) {
        if (f == null) continue;
        if (f.length != rows) throw new IllegalArgumentException("displacement field has " + f.length + " rows, expected " + rows);
        for (double[] r : f) if (r.length != cols) throw new IllegalArgumentException("displacement field row has " + r.length + " entries, expected " + cols);
      }
      if (widthPx < 0 || heightPx < 0) throw new IllegalArgumentException("image size must be >= 0 (0 = automatic)");
      Objects.requireNonNull(render, "render");
    }

    /** MoS2-like: metal 1, chalcogen 0.45, dopant 1.8 (W-like), no dopants or vacancies, origin (10, 10). */
    public static Options of(int rows, int cols, double aPx, HaadfRenderer.Options render) {
      return new Options(rows, cols, aPx, 0, 10 + aPx / 2, 10, 1, 0.45, 1.8, 0, 0, 0, null, null, null, null, 1, 0, 0, render);
    }

    public Options withDefects(double dopant, double metalVacancy, double chalcogenVacancy, long seed) {
      return new Options(rows, cols, aPx, rotationDeg, originXPx, originYPx, metalIntensity, chalcogenIntensity, dopantIntensity,
          dopant, metalVacancy, chalcogenVacancy, metalDxPx, metalDyPx, chalcogenDxPx, chalcogenDyPx, seed, widthPx, heightPx, render);
    }

    public Options withDisplacements(double[][] mdx, double[][] mdy, double[][] cdx, double[][] cdy) {
      return new Options(rows, cols, aPx, rotationDeg, originXPx, originYPx, metalIntensity, chalcogenIntensity, dopantIntensity,
          dopantFraction, metalVacancyFraction, chalcogenVacancyFraction, mdx, mdy, cdx, cdy, structureSeed, widthPx, heightPx, render);
    }

    public Options withPlacement(double ox, double oy, double rotDeg) {
      return new Options(rows, cols, aPx, rotDeg, ox, oy, metalIntensity, chalcogenIntensity, dopantIntensity,
          dopantFraction, metalVacancyFraction, chalcogenVacancyFraction, metalDxPx, metalDyPx, chalcogenDxPx, chalcogenDyPx, structureSeed, widthPx, heightPx, render);
    }

    public Options withRender(HaadfRenderer.Options r) {
      return new Options(rows, cols, aPx, rotationDeg, originXPx, originYPx, metalIntensity, chalcogenIntensity, dopantIntensity,
          dopantFraction, metalVacancyFraction, chalcogenVacancyFraction, metalDxPx, metalDyPx, chalcogenDxPx, chalcogenDyPx, structureSeed, widthPx, heightPx, r);
    }
  }

  /**
   * The image and its truth (sites in image coordinates; vacancies included with {@code present = false}).
   *
   * @param specimen the same sites at their true specimen positions (before the scan)
   * @param scan the true scan that recorded the image
   */
  public record Simulation(Image image, Structure structure, Structure specimen, ScanMap scan) {}

  private final Options options;

  public HexagonalSimulator(Options options) { this.options = Objects.requireNonNull(options, "options"); }

  /** The structure: metal sites first (index {@code i·cols + j}), then chalcogen sites (same order). */
  public Structure structure() {
    int rows = options.rows();
    int cols = options.cols();
    int n = 2 * rows * cols;
    double th = Math.toRadians(options.rotationDeg());
    double a = options.aPx();
    double a1x = a * Math.cos(th);
    double a1y = a * Math.sin(th);
    double a2x = a * Math.cos(th + 2 * Math.PI / 3);
    double a2y = a * Math.sin(th + 2 * Math.PI / 3);
    double[] x = new double[n];
    double[] y = new double[n];
    double[] inten = new double[n];
    int[] sub = new int[n];
    int[] rr = new int[n];
    int[] cc = new int[n];
    boolean[] present = new boolean[n];
    boolean[] dopant = new boolean[n];
    SplittableRandom rng = new SplittableRandom(options.structureSeed());
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        int m = i * cols + j;
        int k = rows * cols + m;
        int jj = j + i / 2;
        x[m] = options.originXPx() + jj * a1x + i * a2x + at(options.metalDxPx(), i, j);
        y[m] = options.originYPx() + jj * a1y + i * a2y + at(options.metalDyPx(), i, j);
        x[k] = options.originXPx() + jj * a1x + i * a2x + (a1x + 2 * a2x) / 3 + at(options.chalcogenDxPx(), i, j);
        y[k] = options.originYPx() + jj * a1y + i * a2y + (a1y + 2 * a2y) / 3 + at(options.chalcogenDyPx(), i, j);
        rr[m] = i;
        cc[m] = jj;
        rr[k] = i;
        cc[k] = jj;
        sub[k] = 1;
        present[m] = rng.nextDouble() >= options.metalVacancyFraction();
        dopant[m] = present[m] && rng.nextDouble() < options.dopantFraction();
        inten[m] = dopant[m] ? options.dopantIntensity() : options.metalIntensity();
        present[k] = rng.nextDouble() >= options.chalcogenVacancyFraction();
        inten[k] = options.chalcogenIntensity();
      }
    }
    return new Structure(x, y, inten, sub, rr, cc, present, dopant, List.of("metal", "chalcogen"));
  }

  /** Renders the image; the returned structure holds apparent (scan-distorted) positions. */
  public Simulation simulate() {
    Structure s = structure();
    HaadfRenderer.Rendered r = new HaadfRenderer(options.render()).renderFitted(s, options.widthPx(), options.heightPx(), 10, 10);
    return new Simulation(r.image(), r.apparent(), s, r.scan());
  }

  private static double at(double[][] f, int i, int j) { return f == null ? 0 : f[i][j]; }
}
