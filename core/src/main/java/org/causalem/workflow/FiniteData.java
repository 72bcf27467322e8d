package org.causalem.workflow;

import java.nio.file.Path;
import java.util.Locale;
import org.causalem.data.BadInputException;
import org.causalem.data.DataCube4D;
import org.causalem.data.Image;
import org.causalem.data.SpectrumImage;

/**
 * Refuses data holding NaN or infinite values before an analysis would turn them into a misleading result
 * (an all-NaN decomposition, "no columns found", "every pattern is empty"). The message names the file,
 * how many values are not finite and where the first one is. Integer pixel types are not scanned.
 */
public final class FiniteData {
  private FiniteData() {}

  private static final String ADVICE = "; CausalEM needs finite values (replace or crop them before the analysis)";

  /** Refuses an image with a non-finite pixel. */
  public static void require(Path file, Image img) {
    if (!img.pixelType().floating()) return;
    int w = img.width();
    long bad = 0;
    long first = -1;
    long n = (long) w * img.height();
    for (long i = 0; i < n; i++) {
      if (!Float.isFinite(img.pixels().getFloat(i))) {
        if (bad++ == 0) first = i;
      }
    }
    if (bad > 0) {
      throw new BadInputException(file.getFileName() + ": " + bad + " of " + n + " pixels of image '" + img.name() + "' are NaN or infinite, the first at column "
          + first % w + ", row " + first / w + ADVICE);
    }
  }

  /** Refuses a spectrum image with a non-finite value, saying how many channels hold one. */
  public static void require(Path file, SpectrumImage si) {
    if (!si.pixelType().floating()) return;
    int c = si.channels();
    long n = (long) si.width() * si.height() * c;
    boolean[] channelBad = new boolean[c];
    long bad = 0;
    long first = -1;
    for (long i = 0; i < n; i++) {
      if (!Float.isFinite(si.pixels().getFloat(i))) {
        if (bad++ == 0) first = i;
        channelBad[(int) (i % c)] = true;
      }
    }
    if (bad == 0) return;
    int channels = 0;
    for (boolean b : channelBad) if (b) channels++;
    long pixel = first / c;
    int ch = (int) (first % c);
    throw new BadInputException(file.getFileName() + ": " + bad + " of " + n + " values of spectrum image '" + si.name() + "' are NaN or infinite, in "
        + channels + " of " + c + " energy channels; the first at pixel (x " + pixel % si.width() + ", y " + pixel / si.width() + "), channel " + ch
        + String.format(Locale.ROOT, " (%.2f %s)", si.energy().value(ch), si.energy().unit()) + ADVICE);
  }

  /** Refuses a 4D-STEM cube with a non-finite detector value (one pass over the frames). */
  public static void require(Path file, DataCube4D cube) {
    if (!cube.pixelType().floating()) return;
    float[] frame = new float[cube.detY() * cube.detX()];
    long bad = 0;
    long badFrames = 0;
    int fx = -1;
    int fy = -1;
    for (int ry = 0; ry < cube.scanY(); ry++) {
      for (int rx = 0; rx < cube.scanX(); rx++) {
        cube.readFrame(rx, ry, frame);
        long here = 0;
        for (float v : frame) if (!Float.isFinite(v)) here++;
        if (here > 0) {
          if (badFrames++ == 0) {
            fx = rx;
            fy = ry;
          }
          bad += here;
        }
      }
    }
    if (bad > 0) {
      throw new BadInputException(file.getFileName() + ": " + bad + " detector values in " + badFrames + " of " + cube.frameCount() + " diffraction patterns of '"
          + cube.name() + "' are NaN or infinite, the first in the pattern at scan position (x " + fx + ", y " + fy + ")" + ADVICE);
    }
  }
}
