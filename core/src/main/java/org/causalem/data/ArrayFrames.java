package org.causalem.data;

/** Frames held in memory as {@link Pixels} in (ry, rx, qy, qx) C order. */
public final class ArrayFrames implements FrameSource {
  private final Pixels pixels;
  private final int frameValues;

  public ArrayFrames(Pixels pixels, int frameValues) {
    if (frameValues <= 0 || pixels.count() % frameValues != 0) {
      throw new IllegalArgumentException(pixels.count() + " values are not a whole number of frames of " + frameValues);
    }
    this.pixels = pixels;
    this.frameValues = frameValues;
  }

  @Override public int frameValues() { return frameValues; }

  @Override public void readFrame(long index, float[] into) {
    pixels.copyFloats(index * frameValues, into, 0, frameValues);
  }
}
