package org.causalem.workflow;

import java.util.Locale;
import org.causalem.data.Image;
import org.causalem.lattice.LatticeConstant;
import org.causalem.lattice.LatticeKind;

/** The choices every image workflow shares: which lattice to expect and whether the columns are bright or dark. */
public final class ImageInput {
  private ImageInput() {}

  /**
   * A lattice constant with its unit ({@code 3.905A}, {@code 0.3905nm}, {@code 390.5pm}) in nm.
   *
   * @throws IllegalArgumentException when it cannot be read or is out of range
   */
  public static double latticeConstantNm(String text) { return LatticeConstant.parseNm(text); }

  /** The arrangement of columns to expect (see {@link LatticeKind}). */
  public enum Lattice {
    AUTO, PEROVSKITE, HEXAGONAL, SIMPLE;

    /** The name in outputs and on the command line. */
    public String label() { return kind().label(); }

    /** The lattice package's kind. */
    public LatticeKind kind() { return LatticeKind.valueOf(name()); }
  }

  /** Column contrast: bright (HAADF) or dark (ABF, BF: the image is inverted before the columns are found). */
  public enum Contrast {
    BRIGHT, DARK;

    /** The name in outputs and on the command line. */
    public String label() { return name().toLowerCase(Locale.ROOT); }

    /** {@code image} with bright columns: itself, or (dark) every pixel replaced by the image's maximum minus its value. */
    public Image apply(Image image) {
      if (this == BRIGHT) return image;
      float[] px = image.toFloat();
      float max = Float.NEGATIVE_INFINITY;
      for (float v : px) if (v > max) max = v;
      float[] out = new float[px.length];
      for (int i = 0; i < px.length; i++) out[i] = max - px[i];
      return image.withPixels(out);
    }
  }
}
