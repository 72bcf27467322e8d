package org.causalem.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.causalem.data.Progress;

/** Progress bars on stderr, shown only when stderr is a terminal and {@code --quiet} is off. */
public final class ProgressBars {
  private ProgressBars() {}

  /** A progress reporter for one long step; close it when the step ends. */
  public static Bar create(String task, boolean quiet) {
    boolean show = !quiet && System.console() != null;
    return new Bar(task, show);
  }

  /** A {@link Progress} that draws a bar; thread-safe. */
  public static final class Bar implements Progress, AutoCloseable {
    private final String task;
    private final boolean show;
    private ProgressBar bar;

    Bar(String task, boolean show) {
      this.task = task;
      this.show = show;
    }

    @Override public synchronized void update(long done, long total) {
      if (!show) return;
      if (bar == null) {
        bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
            .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build();
      }
      bar.maxHint(total);
      bar.stepTo(done);
    }

    @Override public synchronized void close() {
      if (bar != null) bar.close();
    }
  }
}
