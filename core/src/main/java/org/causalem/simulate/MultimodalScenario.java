package org.causalem.simulate;

import java.util.List;
import java.util.SplittableRandom;
import org.causalem.data.Axis;
import org.causalem.data.Image;
import org.causalem.data.Metadata;
import org.causalem.data.Pixels;
import org.causalem.data.SpectrumImage;

/**
 * A structure + EELS pair with a known cross-modal cause, behind {@code causalem multimodal --simulate}.
 *
 * <pre>
 *   valence v (per cell column; seen only in the EELS: the Ti L2,3 onset shifts by δ·(v − 0.5) eV)
 *        ├──→ a (a_px)  ──→  in-plane polarization (polarization_x_px)
 *        └──→ out-of-plane polarization (polarization_y_px)
 * </pre>
 *
 * The image is {@link FerroicScenario}'s with the composition field as the valence and no A-site intensity
 * contrast ({@code intensityPerComposition = 0}), so the image alone does not reveal the driver: only the
 * spectrum does. The spectrum image has one pixel per unit cell (height = rows, width = cols): a power-law
 * background, a Ti L2,3 edge whose onset carries the valence shift plus a small uniform per-cell scatter,
 * and an O K edge at its tabulated onset, both sigmoid steps decaying as a power law, with Poisson noise.
 * SI pixel (r, c) covers the image region of cell (r, c): offset (10, 10) px, scale aPx × bPx px per pixel.
 */
public final class MultimodalScenario {
  /** Tabulated Ti L2,3 and O K onsets (eV), as in {@link org.causalem.spectra.EdgeTable}. */
  public static final double TI_L23_EV = 456;
  public static final double O_K_EV = 532;

  /** The joint-table name of the EELS descriptor that carries the valence. */
  public static final String SHIFT_COLUMN = "eels_Ti-L23_shift_eV";

  /** The true causal edges between joint-table columns (cause, effect). */
  public static final List<String[]> TRUE_EDGES = List.of(
      new String[] {SHIFT_COLUMN, "a_px"},
      new String[] {"a_px", "polarization_x_px"},
      new String[] {SHIFT_COLUMN, "polarization_y_px"});

  /**
   * @param structure the image's scenario (its composition field is the valence)
   * @param shiftPerValenceEv δ: Ti L2,3 onset shift per unit of valence (eV)
   * @param shiftNoiseEv half-width of the uniform per-cell scatter of the onset (eV)
   * @param backgroundCounts background counts per channel at the first channel
   * @param jumpRatio edge step height relative to the background at the onset
   * @param fromEv first channel (eV); {@code stepEv} channel width; {@code channels} count
   */
  public record Options(FerroicScenario.Options structure, double shiftPerValenceEv, double shiftNoiseEv,
                        double backgroundCounts, double jumpRatio, double fromEv, double stepEv, int channels, long seed) {
    public Options {
      if (structure == null) throw new IllegalArgumentException("structure options are required");
      if (!Double.isFinite(shiftPerValenceEv)) throw new IllegalArgumentException("shiftPerValenceEv must be finite, got " + shiftPerValenceEv);
      if (!(shiftNoiseEv >= 0)) throw new IllegalArgumentException("shiftNoiseEv must be >= 0, got " + shiftNoiseEv);
      if (!(backgroundCounts > 0)) throw new IllegalArgumentException("backgroundCounts must be > 0, got " + backgroundCounts);
      if (!(jumpRatio > 0)) throw new IllegalArgumentException("jumpRatio must be > 0, got " + jumpRatio);
      if (!(fromEv > 0 && stepEv > 0) || channels < 2) throw new IllegalArgumentException("energy axis must start above 0 eV with >= 2 channels");
      double to = fromEv + stepEv * (channels - 1);
      if (fromEv > TI_L23_EV - 45 || to < O_K_EV + 40) {
        throw new IllegalArgumentException("energy axis " + fromEv + ".." + to + " eV must cover " + (TI_L23_EV - 45) + ".." + (O_K_EV + 40) + " eV");
      }
    }

    /** rows × cols cells of 16 px, δ = 4 eV, 400–700 eV at 0.5 eV. */
    public static Options defaults(int rows, int cols, long seed) {
      HaadfRenderer.Options render = HaadfRenderer.Options.defaults(seed).withColumnSigmaPx(2.2).withDose(500, 10, 1);
      FerroicScenario.Options s = new FerroicScenario.Options(rows, cols, 16.0, 16.0, 0.0, -2.0, 0.4, 0.6, 0.6, 0.25, render, seed);
      return new Options(s, 4.0, 0.05, 3000, 0.5, 400, 0.5, 601, seed ^ 0x5DEECE66DL);
    }
  }

  /**
   * @param image the HAADF image
   * @param spectra the spectrum image, one pixel per cell
   * @param valence per cell column (length cols)
   * @param onsetEv true Ti L2,3 onset per SI pixel (row-major)
   * @param offsetXPx x of the SI's pixel (0, 0) corner in the image; likewise {@code offsetYPx}
   * @param scaleXPx image px per SI pixel along x; likewise {@code scaleYPx}
   */
  public record Result(Image image, SpectrumImage spectra, FerroicScenario.Result structure, double[] valence,
                       double[] onsetEv, double offsetXPx, double offsetYPx, double scaleXPx, double scaleYPx) {}

  private final Options options;

  public MultimodalScenario(Options options) { this.options = options; }

  public Options options() { return options; }

  public Result simulate() {
    Options o = options;
    FerroicScenario.Result s = new FerroicScenario(o.structure()).simulate();
    int rows = o.structure().rows();
    int cols = o.structure().cols();
    double[] v = s.composition();
    int ch = o.channels();
    Axis energy = new Axis("energy", ch, o.fromEv(), o.stepEv(), "eV");
    double[] bgShape = new double[ch];
    double[] oEdge = new double[ch];
    for (int j = 0; j < ch; j++) {
      double e = energy.value(j);
      bgShape[j] = Math.pow(e / o.fromEv(), -3.0);
      oEdge[j] = step(e, O_K_EV) * o.jumpRatio() * o.backgroundCounts() * Math.pow(O_K_EV / o.fromEv(), -3.0);
    }
    double tiHeight = o.jumpRatio() * o.backgroundCounts() * Math.pow(TI_L23_EV / o.fromEv(), -3.0);
    SplittableRandom rng = new SplittableRandom(o.seed());
    float[] px = new float[Math.multiplyExact(rows * cols, ch)];
    double[] onset = new double[rows * cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        int p = r * cols + c;
        onset[p] = TI_L23_EV + o.shiftPerValenceEv() * (v[c] - 0.5) + (2 * rng.nextDouble() - 1) * o.shiftNoiseEv();
        for (int j = 0; j < ch; j++) {
          double mean = o.backgroundCounts() * bgShape[j] + tiHeight * step(energy.value(j), onset[p]) + oEdge[j];
          px[p * ch + j] = (float) SmoothField.poisson(mean, rng);
        }
      }
    }
    SpectrumImage si = new SpectrumImage("simulated EELS", Pixels.ofFloats(px), Axis.pixels("y", rows), Axis.pixels("x", cols),
        energy, Metadata.EMPTY.withSummary(Metadata.SIGNAL, "EELS"));
    PerovskiteSimulator.Options geometry = PerovskiteSimulator.Options.uniform(rows, cols, o.structure().aPx(), o.structure().bPx(),
        o.structure().render());
    return new Result(s.image(), si, s, v.clone(), onset, geometry.originXPx(), geometry.originYPx(), o.structure().aPx(),
        o.structure().bPx());
  }

  /** A sigmoid step of 0.5 eV width at {@code onset}, decaying as (E/onset)^−2 above it. */
  private static double step(double e, double onset) {
    return Math.pow(Math.max(e, onset) / onset, -2.0) / (1 + Math.exp(-(e - onset) / 0.5));
  }
}
