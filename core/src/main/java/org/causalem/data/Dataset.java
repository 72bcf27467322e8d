package org.causalem.data;

import java.util.List;

/** One dataset read from a file. Shapes and axes list the slowest axis first (NumPy order). */
public sealed interface Dataset permits Image, ImageStack, Spectrum, SpectrumImage, DataCube4D, NdArray {
  String name();

  Kind kind();

  List<Axis> axes();

  PixelType pixelType();

  Metadata metadata();

  /** The size of each axis, slowest first. */
  default long[] shape() {
    List<Axis> a = axes();
    long[] s = new long[a.size()];
    for (int i = 0; i < s.length; i++) s[i] = a.get(i).size();
    return s;
  }
}
