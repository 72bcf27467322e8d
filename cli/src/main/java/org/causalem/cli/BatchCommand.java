package org.causalem.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code causalem batch WORKFLOW INPUT... --out DIR [--jobs N] [-- WORKFLOW OPTIONS]}. */
@Command(name = "batch", sortOptions = false,
    description = {"Run one workflow (info, atoms, local, ferroic, eels, fourd, ...) over many files: a list, a directory, "
        + "or a glob (quoted: expanded by CausalEM).",
        "Each file's usual outputs go to DIR/NAME (NAME from the file name); DIR gets the combined CSV tables (the file "
            + "as the first column), summary.json, report.html and run.json. Files run in parallel in this JVM. A rerun "
            + "skips files whose DIR/NAME is complete. Options after -- go to the workflow.",
        "Exit 0: every file has its results; 4: some files failed (summary.json and stderr say which and why); "
            + "2: bad usage; when every file failed and nothing was written, the files' common exit code."},
    footer = {"", "Example: causalem batch atoms 'day1/*.dm4' --out day1-atoms --jobs 4 -- --lattice perovskite"})
public final class BatchCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "WORKFLOW", description = "The per-file command to run: info, atoms, local, ferroic, eels, fourd, transition, discover...")
  String workflow;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "INPUT", description = "Files, directories (their files) or quoted globs ('data/*.dm4', 'runs/**/*.mib').")
  List<String> inputs;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory: new, empty, or an earlier batch of the same workflow and options (resumed).")
  Path out;

  @Option(names = "--jobs", paramLabel = "N", description = "Files analysed at once (default: the number of cores; use fewer for large cubes, each job holding its own maps).")
  @Range(min = 1, max = 1024)
  Integer jobs;

  @Option(names = "--force", description = "Redo every file, replacing its earlier output (only CausalEM's own, as every command).")
  boolean force;

  @Option(names = "--retry-failed", description = "Try again files that failed earlier on bad input (exit 3) though unchanged since (they are skipped by default).")
  boolean retryFailed;

  @Mixin CommonOptions common;

  @Spec CommandLine.Model.CommandSpec spec;

  @Override public Integer call() throws Exception {
    List<String> orig = spec.commandLine().getParseResult().originalArgs();
    int dd = orig.indexOf("--");
    List<String> options = dd < 0 ? List.of() : List.copyOf(orig.subList(dd + 1, orig.size()));
    List<String> files = new ArrayList<>(inputs.subList(0, inputs.size() - Math.min(options.size(), inputs.size())));
    if (files.isEmpty()) throw OptionChecks.usage(spec, "batch: give at least one INPUT before --");
    int cores = Runtime.getRuntime().availableProcessors();
    int n = jobs == null ? cores : jobs;
    int threads = Math.max(1, cores / n);
    PrintWriter err = spec.commandLine().getErr();
    checkOptions(options);
    try (Batch.Session s = Batch.Session.open(workflow, files, options, out, force, retryFailed, orig)) {
      s.runner("runner", "in process");
      s.runner("jobs", n);
      s.runner("threads_per_job", threads);
      List<Batch.Item> todo = s.todo();
      if (!common.quiet && todo.size() < s.items().size()) {
        err.println("batch: " + (s.items().size() - todo.size()) + " of " + s.items().size() + " files done earlier in " + out + ": skipped");
      }
      List<Batch.Outcome> outcomes = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(n, todo.size())), r -> {
        Thread t = new Thread(r, "causalem-batch");
        t.setDaemon(true);
        return t;
      });
      try {
        AtomicInteger done = new AtomicInteger();
        List<Future<Batch.Outcome>> futures = new ArrayList<>();
        for (Batch.Item it : todo) {
          futures.add(pool.submit(() -> {
            Batch.Outcome o = Batch.runOne(workflow, it.file(), s.dir(), it.name(), options, force, threads);
            if (!common.quiet) {
              synchronized (err) {
                err.println(String.format(Locale.ROOT, "batch: [%d/%d] %s: %s (%.1f s)", done.incrementAndGet(), todo.size(),
                    it.file(), o.status(), o.seconds()));
                err.flush();
              }
            }
            return o;
          }));
        }
        for (Future<Batch.Outcome> f : futures) outcomes.add(f.get());
      } finally {
        pool.shutdownNow();
      }
      return s.finish(outcomes, null, err, common.quiet);
    }
  }

  /** The workflow's options, parsed once before any file runs: a misspelt one is one usage error, not N failures. */
  private void checkOptions(List<String> options) {
    if (!Batch.workflows().contains(workflow)) {
      throw OptionChecks.usage(spec, "batch: unknown workflow '" + workflow + "'; expected one of " + String.join(", ", Batch.workflows()));
    }
    List<String> probe = new ArrayList<>(List.of(workflow, "FILE"));
    if (!workflow.equals("info")) probe.addAll(List.of("--out", "DIR"));
    probe.addAll(options);
    try {
      new CommandLine(new Main()).parseArgs(probe.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw OptionChecks.usage(spec, "batch: the options for " + workflow + " after --: " + e.getMessage());
    }
  }
}
