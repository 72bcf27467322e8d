package org.causalem.data;

import java.util.List;
import java.util.Objects;

/**
 * A movie: frames of equal shape, (frame, y, x) in C order.
 *
 * @param frameTimesS per-frame acquisition time in seconds from the first frame, or null when the file gives none
 * @param frameDose per-frame electron dose (e⁻/Å²), or null when the file gives none
 */
public record ImageStack(String name, Pixels pixels, Axis frame, Axis y, Axis x, double[] frameTimesS,
                         double[] frameDose, Metadata metadata) implements Dataset {
  public ImageStack {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(pixels, "pixels");
    Objects.requireNonNull(metadata, "metadata");
    long expected = (long) frame.size() * y.size() * x.size();
    if (pixels.count() != expected) {
      throw new IllegalArgumentException("stack " + name + ": pixels has " + pixels.count() + " values, expected "
          + frame.size() + "×" + y.size() + "×" + x.size());
    }
    if (frameTimesS != null && frameTimesS.length != frame.size()) {
      throw new IllegalArgumentException("stack " + name + ": " + frameTimesS.length + " frame times for " + frame.size() + " frames");
    }
    if (frameDose != null && frameDose.length != frame.size()) {
      throw new IllegalArgumentException("stack " + name + ": " + frameDose.length + " frame doses for " + frame.size() + " frames");
    }
  }

  public int frames() { return frame.size(); }

  public int width() { return x.size(); }

  public int height() { return y.size(); }

  /** Frame {@code k} as an image sharing this stack's storage where it can. */
  public Image frame(int k) {
    Objects.checkIndex(k, frame.size());
    long n = (long) y.size() * x.size();
    return new Image(name + "[" + k + "]", pixels.slice(k * n, n), y, x, metadata);
  }

  @Override public Kind kind() { return Kind.STACK; }

  @Override public List<Axis> axes() { return List.of(frame, y, x); }

  @Override public PixelType pixelType() { return pixels.type(); }
}
