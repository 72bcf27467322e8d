package org.causalem.data;

/**
 * A reduction over the frames of a {@link DataCube4D} (virtual images, centre of mass, sums). Each
 * worker thread gets its own accumulator from {@link #create()}; accumulators are merged at the end.
 *
 * @param <A> the accumulator
 */
public interface FrameReducer<A> {
  /** A fresh accumulator for one worker. */
  A create();

  /** Folds the frame at scan position (ry, rx) into {@code acc}. {@code frame} is reused: do not keep it. */
  void accept(A acc, int ry, int rx, float[] frame);

  /** Merges two accumulators (may return either, modified). */
  A combine(A a, A b);
}
