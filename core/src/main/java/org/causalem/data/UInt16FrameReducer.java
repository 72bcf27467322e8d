package org.causalem.data;

/**
 * A {@link FrameReducer} that can also fold the raw unsigned 16-bit counts of a frame, skipping the
 * conversion to float. {@link DataCube4D#reduce} calls {@link #acceptUInt16} instead of
 * {@link #accept} when the cube's source {@linkplain FrameSource#hasUInt16Frames() holds uint16 frames}
 * and {@link #wantsUInt16(int, int)} agrees; both must give the same result within float rounding.
 *
 * @param <A> the accumulator
 */
public interface UInt16FrameReducer<A> extends FrameReducer<A> {
  /** Whether the integer path can handle patterns of {@code detX × detY} (e.g. without overflow). */
  default boolean wantsUInt16(int detX, int detY) { return true; }

  /**
   * Folds the frame at scan position (ry, rx), given as raw counts packed four per long as
   * {@link FrameSource#readFrameUInt16} describes. {@code packed} is reused: do not keep it.
   */
  void acceptUInt16(A acc, int ry, int rx, long[] packed);
}
