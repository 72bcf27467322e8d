package org.causalem.image;

/**
 * Outcome of one column's Gaussian fit. Anything but {@link #OK} is a failed fit: the column is there
 * (it was detected or its site passed the presence test), but its fitted position and intensity are not
 * measurements and enter no descriptor and no outlier test.
 */
public enum FitStatus {
  /** Converged to a plausible column. */
  OK("ok"),
  /** The iterations did not settle (or the fit ran into the window's limits). */
  NOT_SETTLED("not_settled"),
  /** The fitted width is outside a factor of the median width of its sublattice: a runaway fit. */
  WIDTH("width"),
  /** The fitted background is far below that of the neighbouring columns: a broad Gaussian absorbed it. */
  BACKGROUND("background"),
  /** The fitted centre lies outside the image. */
  LEFT_IMAGE("left_image"),
  /** The fitted centre moved too far from where the column was detected. */
  MOVED("moved");

  private final String label;

  FitStatus(String label) { this.label = label; }

  /** The name written to the output tables and summaries. */
  public String label() { return label; }
}
