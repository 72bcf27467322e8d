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
   * Folds the frame at scan position (ry, rx), given in place as raw counts (see {@link UInt16Frame}).
   * {@code frame} is reused for the next frame: do not keep it.
   */
  void acceptUInt16(A acc, int ry, int rx, UInt16Frame frame);

  /**
   * Folds the frames at (ry, rx) and (ry, rx + 1) together; by default one after the other. A
   * reduction that keeps per-pixel sums can update them once per pair.
   */
  default void acceptUInt16Pair(A acc, int ry, int rx, UInt16Frame first, UInt16Frame second) {
    acceptUInt16(acc, ry, rx, first);
    acceptUInt16(acc, ry, rx + 1, second);
  }
}
