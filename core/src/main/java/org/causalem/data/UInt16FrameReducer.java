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

  /** How many consecutive frames of a scan row {@link #acceptUInt16} takes at once (≥ 1). */
  default int uint16Group() { return 1; }

  /**
   * Folds the {@code count} frames at scan positions (ry, rx) … (ry, rx + count − 1), given in place as
   * raw counts (see {@link UInt16Frame}); {@code count} is at most {@link #uint16Group()}. A reduction
   * that keeps per-pixel sums can update them once per group. The locators are reused for the next
   * group: do not keep them.
   */
  void acceptUInt16(A acc, int ry, int rx, UInt16Frame[] frames, int count);
}
