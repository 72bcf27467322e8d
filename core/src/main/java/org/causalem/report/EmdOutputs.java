package org.causalem.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.causalem.data.Axis;
import org.causalem.data.DataCube4D;
import org.causalem.data.Image;
import org.causalem.data.SpectrumImage;
import org.causalem.fourd.FourdResult;
import org.causalem.io.EmdWriter;
import org.causalem.spectra.Decomposition;
import org.causalem.spectra.Edge;
import org.causalem.spectra.EelsPipeline;
import org.causalem.spectra.EelsResult;

/**
 * The maps and cubes of each command as one Berkeley EMD file ({@link EmdWriter}) whose axes are the input file's:
 * what HyperSpy, ncempy and py4DSTEM open with their calibration. One call per command.
 */
public final class EmdOutputs {
  private EmdOutputs() {}

  /** {@code atoms}: the image as read (before any {@code --contrast dark} inversion), with the input's axes. */
  public static void atoms(Path file, Image image) throws IOException {
    new EmdWriter().add("image", image).write(file);
  }

  /**
   * {@code eels}: per edge the background-subtracted signal ({@code map_<edge>}), onset and chemical shift (eV) with
   * their standard errors and the onset flags; the thickness t/λ; PCA/NMF loadings (component, y, x) and factors
   * (component, energy). Scan axes are the input's ({@code bin} times the step, offset at the first bin's centre when
   * binned), the energy axis is the input's.
   */
  public static void eels(Path file, SpectrumImage si, EelsResult r, int bin) throws IOException {
    int h = r.height();
    int w = r.width();
    Axis y = binned(si.y(), bin, h);
    Axis x = binned(si.x(), bin, w);
    EmdWriter emd = new EmdWriter();
    for (Edge e : r.edges()) {
      String n = safe(e.name());
      var om = r.onsets().get(e.name());
      emd.add("map_" + n, r.edgeSignal().get(e.name()), y, x)
          .add("onset_" + n, r.onsetEv().get(e.name()), y, x)
          .add("onset_sigma_" + n, om.sigmaEv(), y, x)
          .add("shift_" + n, r.shiftEv().get(e.name()), y, x)
          .add("shift_sigma_" + n, om.shiftSigmaEv(), y, x);
      int[] flags = new int[om.flags().length];
      for (int i = 0; i < flags.length; i++) flags[i] = om.flags()[i];
      emd.add("flag_" + n, flags, y, x);
    }
    if (r.tOverLambda() != null) emd.add("thickness", r.tOverLambda(), y, x);
    decomposition(emd, r.pca(), "pca", y, x, si.energy());
    decomposition(emd, r.nmf(), "nmf", y, x, si.energy());
    if (!emd.names().isEmpty()) emd.write(file);
  }

  /**
   * {@code fourd}: every map (virtual images, CoM/DPC, strain, clusters) on the scan axes (ry, rx) and the mean
   * diffraction pattern on the detector axes (qy, qx), all as in the input cube.
   */
  public static void fourd(Path file, DataCube4D cube, FourdResult r) throws IOException {
    Axis ry = sized(cube.ry(), r.height());
    Axis rx = sized(cube.rx(), r.width());
    EmdWriter emd = new EmdWriter();
    for (Map.Entry<String, float[]> m : r.maps().entrySet()) {
      if (m.getKey().equals("clusters") && r.clusters() != null) {
        emd.add("clusters", r.clusters(), ry, rx);
      } else {
        emd.add(safe(m.getKey()), m.getValue(), ry, rx);
      }
    }
    float[] mean = new float[r.meanPattern().length];
    for (int i = 0; i < mean.length; i++) mean[i] = (float) r.meanPattern()[i];
    emd.add("mean_pattern", mean, sized(cube.qy(), r.detY()), sized(cube.qx(), r.detX()));
    emd.write(file);
  }

  private static void decomposition(EmdWriter emd, Decomposition d, String name, Axis y, Axis x, Axis energy) {
    if (d == null || d.components() == 0) return;
    Axis k = Axis.pixels("component", d.components());
    emd.add(name + "_loadings", stack(d.loadings()), k, y, x);
    emd.add(name + "_factors", stack(d.factors()), k, energy.withSize(d.channels()));
  }

  private static float[] stack(float[][] rows) {
    int inner = rows[0].length;
    float[] flat = new float[rows.length * inner];
    for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, flat, i * inner, inner);
    return flat;
  }

  /** The axis of a map made of {@code bin × bin} pixels: {@code bin} times the step, offset at the first bin's centre. */
  private static Axis binned(Axis a, int bin, int size) {
    return bin == 1 ? sized(a, size) : EelsPipeline.binnedAxis(a, bin, size);
  }

  /** The axis itself when the sizes agree, else an uncalibrated axis of that size (never a wrong calibration). */
  private static Axis sized(Axis a, int size) {
    return a.size() == size ? a : Axis.pixels(a.name(), size);
  }

  private static String safe(String name) { return org.causalem.io.AtomicFiles.safeName(name); }
}
