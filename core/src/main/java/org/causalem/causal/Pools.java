package org.causalem.causal;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;

/** Runs parallel-stream work inside a given fork-join pool, so that it uses that pool's workers. */
final class Pools {
  private Pools() {}

  /**
   * Runs {@code work} in {@code pool} and waits for it. A runtime exception thrown by the work is rethrown
   * as is, any other failure wrapped in an {@link IllegalStateException}; an interrupt while waiting
   * restores the interrupt flag and throws {@code IllegalStateException("interrupted")}.
   */
  static void await(ForkJoinPool pool, Runnable work) {
    try {
      pool.submit(work).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) throw re;
      throw new IllegalStateException(e.getCause());
    }
  }
}
