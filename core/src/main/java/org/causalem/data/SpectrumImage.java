package org.causalem.data;

import java.util.List;
import java.util.Objects;

/** A spectrum image, (y, x, energy) in C order: the spectrum of each pixel is contiguous. */
public record SpectrumImage(String name, Pixels pixels, Axis y, Axis x, Axis energy, Metadata metadata)
    implements Dataset {
  public SpectrumImage {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(metadata, "metadata");
    long expected = (long) y.size() * x.size() * energy.size();
    if (pixels.count() != expected) {
      throw new IllegalArgumentException("spectrum image " + name + ": pixels has " + pixels.count()
          + " values, expected " + y.size() + "×" + x.size() + "×" + energy.size());
    }
  }

  public int width() { return x.size(); }

  public int height() { return y.size(); }

  public int channels() { return energy.size(); }

  /** Copies the spectrum at (row, col) into {@code into} (length ≥ channels); no allocation. */
  public void spectrum(int row, int col, float[] into) {
    Objects.checkIndex(row, y.size());
    Objects.checkIndex(col, x.size());
    int c = energy.size();
    pixels.copyFloats(((long) row * x.size() + col) * c, into, 0, c);
  }

  /** The spectrum at (row, col) as a {@link Spectrum}. */
  public Spectrum spectrumAt(int row, int col) {
    int c = energy.size();
    float[] s = new float[c];
    spectrum(row, col, s);
    return new Spectrum(name + "[" + row + "," + col + "]", Pixels.ofFloats(s), energy, metadata);
  }

  @Override public Kind kind() { return Kind.SPECTRUM_IMAGE; }

  @Override public List<Axis> axes() { return List.of(y, x, energy); }

  @Override public PixelType pixelType() { return pixels.type(); }
}
