package org.causalem.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.causalem.data.DataCube4D;
import org.causalem.io.NpyWriter;
import org.causalem.simulate.FourdSimulator;

/**
 * A simulated 4D-STEM cube with a known centre-of-mass shift field, written as a 4-D NPY file (scan y, scan x,
 * detector y, detector x): a bright-field disk moved by {@code ux = 1.2 sin(2π col / sx)},
 * {@code uy = -0.7 cos(2π row / sy)} detector px, Poisson noise at 10⁶ counts per pattern, seed 3.
 *
 * @param ux the true x shift of every scan position (row-major)
 * @param uy the true y shift
 * @param frames every pattern as written, position after position
 */
record ComCubeNpy(Path file, int sx, int sy, int det, double[] ux, double[] uy, float[] frames) {
  /** Writes the cube to {@code file}: {@code sx × sy} positions, {@code det × det} patterns, the disk's radius and centre in px. */
  static ComCubeNpy write(Path file, int sx, int sy, int det, double radiusPx, double centreX, double centreY) throws IOException {
    double[] ux = new double[sx * sy];
    double[] uy = new double[sx * sy];
    for (int r = 0; r < sy; r++) {
      for (int q = 0; q < sx; q++) {
        ux[r * sx + q] = 1.2 * Math.sin(2 * Math.PI * q / sx);
        uy[r * sx + q] = -0.7 * Math.cos(2 * Math.PI * r / sy);
      }
    }
    DataCube4D cube = FourdSimulator.comCube(sx, sy, det, radiusPx, centreX, centreY, ux, uy, null, 1e6, 3);
    float[] all = new float[sx * sy * det * det];
    float[] frame = new float[det * det];
    for (int r = 0; r < sy; r++) {
      for (int q = 0; q < sx; q++) {
        cube.readFrame(q, r, frame);
        System.arraycopy(frame, 0, all, (r * sx + q) * det * det, det * det);
      }
    }
    NpyWriter.write(file, all, sy, sx, det, det);
    return new ComCubeNpy(file, sx, sy, det, ux, uy, all);
  }
}
