package org.causalem.data;

import java.util.List;
import java.util.Objects;

/** Any other n-dimensional array a file holds (a table, a 5-D simulation), C order. */
public record NdArray(String name, Pixels pixels, List<Axis> axes, Metadata metadata) implements Dataset {
  public NdArray {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(metadata, "metadata");
    axes = List.copyOf(axes);
    long expected = 1;
    for (Axis a : axes) expected *= a.size();
    if (pixels.count() != expected) {
      throw new IllegalArgumentException("array " + name + ": pixels has " + pixels.count() + " values, expected " + expected);
    }
  }

  @Override public Kind kind() { return Kind.ARRAY; }

  @Override public PixelType pixelType() { return pixels.type(); }
}
