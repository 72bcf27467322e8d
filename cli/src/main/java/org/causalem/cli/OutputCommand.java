package org.causalem.cli;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * A command that writes its results into {@code --out DIR}, through {@link OutputDirectory}: built in a hidden sibling,
 * moved into place only when everything succeeded, with {@code DIR/run.json}; an existing DIR is replaced only with
 * {@code --force} and only when it is a CausalEM output.
 */
public abstract class OutputCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created).")
  protected Path out;

  @Option(names = "--force", description = "Replace DIR if it holds an earlier CausalEM output (never anything else).")
  protected boolean force;

  @Mixin protected CommonOptions common;

  @Spec protected CommandSpec spec;

  /** Does the work, writing into {@code dir.path()} and recording steps, seed and inputs in {@code run}. */
  protected abstract void execute(OutputDirectory dir, RunRecord run) throws Exception;

  @Override public final Integer call() throws Exception {
    RunRecord run = new RunRecord(spec.qualifiedName(), spec.commandLine().getParseResult().originalArgs());
    return OutputDirectory.run(out, force, null, inputs(spec), run, spec.commandLine().getErr(), this::execute);
  }

  /**
   * Every path the user gave the command but {@code --out}: Path-typed options and parameters, and any text value that
   * names an existing file (or does after a {@code NAME=} prefix, as {@code fourd --mask}). None may lie inside --out.
   */
  static List<Path> inputs(CommandSpec spec) {
    List<Path> found = new ArrayList<>();
    ParseResult pr = spec.commandLine().getParseResult();
    List<ArgSpec> args = new ArrayList<>(pr.matchedOptions());
    args.addAll(pr.matchedPositionals());
    for (ArgSpec a : args) {
      if (a.isOption() && ((picocli.CommandLine.Model.OptionSpec) a).longestName().equals("--out")) continue;
      Object v = a.getValue();
      if (v instanceof Collection<?> c) {
        for (Object x : c) addPath(x, found);
      } else if (v != null && v.getClass().isArray() && !v.getClass().getComponentType().isPrimitive()) {
        for (Object x : (Object[]) v) addPath(x, found);
      } else {
        addPath(v, found);
      }
    }
    return found;
  }

  private static void addPath(Object v, List<Path> found) {
    if (v instanceof Path p) {
      found.add(p);
    } else if (v instanceof String s && !s.isEmpty()) {
      for (String candidate : new String[] {s, s.substring(s.indexOf('=') + 1)}) {
        try {
          Path p = Path.of(candidate);
          if (!candidate.isEmpty() && Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            found.add(p);
            return;
          }
        } catch (java.nio.file.InvalidPathException notAPath) {
          // a text option that is not a path
        }
      }
    }
  }

  /**
   * Runs a workflow step, turning its {@link org.causalem.workflow.OptionsException} (options that do not fit the data)
   * into a usage error (exit 2) of this command.
   */
  protected <T> T usage(Callable<T> step) throws Exception {
    try {
      return step.call();
    } catch (org.causalem.workflow.OptionsException e) {
      throw OptionChecks.usage(spec, e.getMessage());
    }
  }

  /** A progress reporter for a long step: a bar on stderr when it is a terminal and not {@code --quiet}. */
  protected ProgressBars.Bar progress(String task) { return ProgressBars.create(task, common.quiet); }

  /** A note to the user on stderr (silenced by {@code --quiet}). */
  protected void note(String message) {
    if (!common.quiet) spec.commandLine().getErr().println(OptionChecks.asFlags(message));
  }
}
