package org.causalem.data;

import java.util.List;
import java.util.Objects;

/**
 * A 2-D image, row-major, {@code y} (rows) slowest. Pixel (col, row) has its centre at x = col, y = row
 * in pixel coordinates.
 */
public record Image(String name, Pixels pixels, Axis y, Axis x, Metadata metadata) implements Dataset {
  public Image {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(pixels, "pixels");
    Objects.requireNonNull(metadata, "metadata");
    if (pixels.count() != (long) y.size() * x.size()) {
      throw new IllegalArgumentException("image " + name + ": pixels has " + pixels.count() + " values, expected "
          + y.size() + "×" + x.size());
    }
  }

  /** An uncalibrated float image. The array is wrapped, not copied. */
  public static Image of(float[] pixels, int width, int height) {
    return new Image("image", Pixels.ofFloats(pixels), Axis.pixels("y", height), Axis.pixels("x", width), Metadata.EMPTY);
  }

  public int width() { return x.size(); }

  public int height() { return y.size(); }

  /** The value at column {@code col}, row {@code row}. */
  public float at(int col, int row) { return pixels.getFloat((long) row * x.size() + col); }

  /** The pixels as floats, row-major (see {@link Pixels#toFloatArray()}: do not modify). */
  public float[] toFloat() { return pixels.toFloatArray(); }

  /** The same geometry and calibration with other pixel values. */
  public Image withPixels(float[] values) { return new Image(name, Pixels.ofFloats(values), y, x, metadata); }

  @Override public Kind kind() { return Kind.IMAGE; }

  @Override public List<Axis> axes() { return List.of(y, x); }

  @Override public PixelType pixelType() { return pixels.type(); }
}
