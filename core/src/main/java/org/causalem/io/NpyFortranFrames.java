package org.causalem.io;

import org.causalem.data.FrameSource;
import org.causalem.data.Pixels;

/**
 * Frames of a Fortran-order (first axis fastest) 4-D array (ry, rx, qy, qx), read by strided gathers
 * from memory-mapped pixels. Slow compared with C order (each frame touches pages across the whole
 * file) but never copies the cube.
 */
final class NpyFortranFrames implements FrameSource {
  private final Pixels pixels;
  private final int scanY;
  private final int scanX;
  private final int detY;
  private final int detX;

  NpyFortranFrames(Pixels pixels, int scanY, int scanX, int detY, int detX) {
    this.pixels = pixels;
    this.scanY = scanY;
    this.scanX = scanX;
    this.detY = detY;
    this.detX = detX;
  }

  @Override public int frameValues() { return detY * detX; }

  @Override public void readFrame(long index, float[] into) {
    long ry = index / scanX;
    long rx = index % scanX;
    long scan = (long) scanY * scanX;
    long nav = ry + (long) scanY * rx;
    int k = 0;
    for (int qy = 0; qy < detY; qy++) {
      for (int qx = 0; qx < detX; qx++) {
        into[k++] = pixels.getFloat(nav + scan * (qy + (long) detY * qx));
      }
    }
  }
}
