package org.causalem.spectra;

import java.util.Objects;
import java.util.stream.IntStream;
import org.causalem.data.Axis;
import org.causalem.data.SpectrumImage;

/**
 * Edge-integral maps (Egerton ch. 4): at every pixel a background is fitted in a pre-edge window
 * {@code [onset − gap − preEdgeWidth, onset − gap)}, extrapolated, and the counts above it summed over
 * {@code [onset − gap, onset + integrationWidth)}.
 */
public final class EdgeMapper {
  /**
   * @param preEdgeWidthEv width of the background-fit window
   * @param gapEv distance between the end of the fit window and the tabulated onset (room for chemical
   *              shifts and miscalibration); the integral starts there too
   * @param integrationWidthEv the integral ends this far above the tabulated onset
   */
  public record Options(double preEdgeWidthEv, double gapEv, double integrationWidthEv, BackgroundModel model) {
    public Options {
      if (!(preEdgeWidthEv > 0)) throw new IllegalArgumentException("preEdgeWidthEv must be > 0, got " + preEdgeWidthEv);
      if (!(gapEv >= 0)) throw new IllegalArgumentException("gapEv must be >= 0, got " + gapEv);
      if (!(integrationWidthEv > 0)) throw new IllegalArgumentException("integrationWidthEv must be > 0, got " + integrationWidthEv);
      Objects.requireNonNull(model, "model");
    }

    public static Options defaults() { return new Options(30, 5, 30, BackgroundModel.POWER_LAW); }
  }

  /**
   * One edge's maps, each row-major (height × width).
   *
   * @param signal background-subtracted counts summed over the integration window (NaN where the fit failed)
   * @param exponent fitted background exponent (r of the power law, b of the exponential)
   */
  public record EdgeMap(Edge edge, EnergyWindow fitWindow, EnergyWindow integrationWindow, float[] signal,
                        float[] exponent) {}

  private final Options options;

  public EdgeMapper(Options options) { this.options = Objects.requireNonNull(options); }

  public Options options() { return options; }

  /** The background-fit window for {@code edge} on {@code axis}. */
  public EnergyWindow fitWindow(Axis axis, Edge edge) {
    double end = edge.onsetEv() - options.gapEv();
    return EnergyWindow.of(axis, end - options.preEdgeWidthEv(), end);
  }

  /** The integration window for {@code edge} on {@code axis}. */
  public EnergyWindow integrationWindow(Axis axis, Edge edge) {
    return EnergyWindow.of(axis, edge.onsetEv() - options.gapEv(), edge.onsetEv() + options.integrationWidthEv());
  }

  /** Whether both windows of {@code edge} lie within {@code axis}, with at least 3 channels to fit. */
  public boolean covers(Axis axis, Edge edge) {
    EnergyWindow fit = fitWindow(axis, edge);
    EnergyWindow integ = integrationWindow(axis, edge);
    return fit.inside(axis) && integ.inside(axis) && fit.channels() >= 3 && integ.channels() >= 1
        && axis.value(fit.from()) > 0;
  }

  /**
   * Maps {@code edge} over {@code si} (not modified).
   *
   * @throws IllegalArgumentException if the edge's windows do not lie within the energy axis
   */
  public EdgeMap map(SpectrumImage si, Edge edge) {
    Axis axis = si.energy();
    if (!covers(axis, edge)) {
      throw new IllegalArgumentException("edge " + edge.name() + " (onset " + edge.onsetEv() + " eV) needs "
          + (edge.onsetEv() - options.gapEv() - options.preEdgeWidthEv()) + ".." + (edge.onsetEv() + options.integrationWidthEv())
          + " eV; spectrum image " + si.name() + " covers " + axis.value(0) + ".." + axis.value(axis.size() - 1) + " eV");
    }
    EnergyWindow fit = fitWindow(axis, edge);
    EnergyWindow integ = integrationWindow(axis, edge);
    int channels = si.channels();
    double[] u = new double[channels];
    double[] e = new double[channels];
    for (int i = 0; i < channels; i++) {
      e[i] = axis.value(i);
      u[i] = e[i] > 0 ? options.model().abscissa(e[i]) : Double.NaN;
    }
    int width = si.width();
    int height = si.height();
    float[] signal = new float[width * height];
    float[] exponent = new float[width * height];
    IntStream.range(0, height).parallel().forEach(row -> {
      float[] s = new float[channels];
      for (int col = 0; col < width; col++) {
        si.spectrum(row, col, s);
        BackgroundFit bg = BackgroundFit.fit(options.model(), u, s, fit.from(), fit.to());
        int p = row * width + col;
        if (!bg.valid()) {
          signal[p] = Float.NaN;
          exponent[p] = Float.NaN;
          continue;
        }
        double sum = 0;
        for (int i = integ.from(); i < integ.to(); i++) sum += s[i] - bg.value(e[i]);
        signal[p] = (float) sum;
        exponent[p] = (float) bg.exponent();
      }
    });
    return new EdgeMap(edge, fit, integ, signal, exponent);
  }
}
