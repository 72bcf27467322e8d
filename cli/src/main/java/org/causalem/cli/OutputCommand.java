package org.causalem.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command that writes its results into {@code --out DIR}: it works in a temporary sibling that is
 * moved into place only when everything succeeded, and records {@code DIR/run.json}.
 */
public abstract class OutputCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created).")
  protected Path out;

  @Option(names = "--force", description = "Replace DIR if it exists and is not empty.")
  protected boolean force;

  @Mixin protected CommonOptions common;

  @Spec protected picocli.CommandLine.Model.CommandSpec spec;

  /** Does the work, writing into {@code dir.path()} and recording steps, seed and inputs in {@code run}. */
  protected abstract void execute(OutputDirectory dir, RunRecord run) throws Exception;

  @Override public final Integer call() throws Exception {
    OutputDirectory dir = OutputDirectory.stage(out, force);
    RunRecord run = new RunRecord(spec.qualifiedName(), spec.commandLine().getParseResult().originalArgs());
    try {
      execute(dir, run);
      run.write(dir.path().resolve("run.json"));
      dir.commit();
    } catch (Exception | Error e) {
      dir.discard();
      throw e;
    }
    return Main.OK;
  }

  /** A progress reporter for a long step: a bar on stderr when it is a terminal and not {@code --quiet}. */
  protected ProgressBars.Bar progress(String task) { return ProgressBars.create(task, common.quiet); }

  /** A note to the user on stderr (silenced by {@code --quiet}). */
  protected void note(String message) {
    if (!common.quiet) spec.commandLine().getErr().println(message);
  }
}
