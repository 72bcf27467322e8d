package org.causalem.fourd;

/** How the pattern's drift with scan position (descan) is removed from centre-of-mass maps. */
public enum Descan {
  /** Only the mean centre is subtracted: shifts are from the mean pattern centre. */
  NONE,
  /** A plane {@code a + b·rx + c·ry}, fitted to each CoM component by least squares, is subtracted. */
  PLANE
}
