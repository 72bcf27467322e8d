package org.causalem.data;

/** What a dataset is, as printed by {@code causalem info}. */
public enum Kind {
  IMAGE("image"),
  STACK("stack"),
  SPECTRUM("spectrum"),
  SPECTRUM_IMAGE("spectrum-image"),
  CUBE_4D("4d"),
  /** Any other n-dimensional array (tables, 5-D data) that a file holds. */
  ARRAY("array");

  private final String label;

  Kind(String label) { this.label = label; }

  public String label() { return label; }
}
