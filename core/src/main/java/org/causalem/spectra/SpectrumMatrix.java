package org.causalem.spectra;

import org.causalem.data.SpectrumImage;

/** The spectra of a spectrum image as a pixels × channels row-major float matrix (no copy when float-backed). */
final class SpectrumMatrix {
  final float[] data;
  final int rows;
  final int cols;

  SpectrumMatrix(float[] data, int rows, int cols) {
    this.data = data;
    this.rows = rows;
    this.cols = cols;
  }

  static SpectrumMatrix of(SpectrumImage si) {
    return new SpectrumMatrix(si.pixels().toFloatArray(), si.width() * si.height(), si.channels());
  }
}
