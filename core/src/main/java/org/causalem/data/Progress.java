package org.causalem.data;

/**
 * Reports progress of a long step. Analyses take one and call it from any thread; the command line
 * turns it into a progress bar. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Progress {
  /** Does nothing. */
  Progress NONE = (done, total) -> { };

  /** {@code done} of {@code total} units are finished. */
  void update(long done, long total);
}
