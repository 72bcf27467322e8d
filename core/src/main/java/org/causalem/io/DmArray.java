package org.causalem.io;

/**
 * A tag array left in the file rather than copied into the metadata tree (image data, lookup tables,
 * long arrays): where its bytes are and what they hold.
 *
 * @param offset file offset of the first element
 * @param count number of elements
 * @param elementBytes bytes per element
 * @param typeLabel the element type, e.g. {@code float32} or {@code struct(float32,float32)}
 */
record DmArray(long offset, long count, long elementBytes, String typeLabel) {
  /** Total bytes. */
  long byteLength() { return count * elementBytes; }

  /** How the array appears in the metadata tree. */
  String describe() { return "<array " + count + " of " + typeLabel + ">"; }
}
