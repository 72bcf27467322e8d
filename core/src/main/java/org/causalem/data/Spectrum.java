package org.causalem.data;

import java.util.List;
import java.util.Objects;

/** A single spectrum along a calibrated energy axis (eV). */
public record Spectrum(String name, Pixels pixels, Axis energy, Metadata metadata) implements Dataset {
  public Spectrum {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(metadata, "metadata");
    if (pixels.count() != energy.size()) {
      throw new IllegalArgumentException("spectrum " + name + ": " + pixels.count() + " values for " + energy.size() + " channels");
    }
  }

  public int channels() { return energy.size(); }

  /** The counts as floats (see {@link Pixels#toFloatArray()}: do not modify). */
  public float[] toFloat() { return pixels.toFloatArray(); }

  /** The energy of each channel in eV. */
  public double[] energiesEv() {
    double[] e = new double[energy.size()];
    for (int i = 0; i < e.length; i++) e[i] = energy.value(i);
    return e;
  }

  @Override public Kind kind() { return Kind.SPECTRUM; }

  @Override public List<Axis> axes() { return List.of(energy); }

  @Override public PixelType pixelType() { return pixels.type(); }
}
