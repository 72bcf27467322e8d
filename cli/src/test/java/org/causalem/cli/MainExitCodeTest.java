package org.causalem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.junit.jupiter.api.Test;

/** Exit codes and messages of the handler: usage errors, internal errors, and running out of memory or stack. */
class MainExitCodeTest {
  @Command(name = "boom")
  static final class Boom implements Callable<Integer> {
    @Option(names = "--what") String what;

    @Override public Integer call() throws Exception {
      switch (what) {
        case "oom" -> throw new OutOfMemoryError("Java heap space");
        case "oom-in-worker" -> throw new java.util.concurrent.ExecutionException(new OutOfMemoryError("Java heap space"));
        case "stack" -> throw new StackOverflowError();
        case "usage" -> throw new UsageException("--what: not that");
        default -> throw new IllegalStateException(what);
      }
    }
  }

  private static String[] run(String what, int[] code) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new Main()).addSubcommand("boom", new Boom());
    code[0] = Main.execute(cl, new String[] {"boom", "--what", what}, new PrintWriter(out), new PrintWriter(err));
    return new String[] {out.toString(), err.toString()};
  }

  @Test
  void runningOutOfMemoryIsOneLineWithWhatToDo() {
    for (String what : new String[] {"oom", "oom-in-worker"}) {
      int[] code = new int[1];
      String err = run(what, code)[1];
      assertThat(code[0]).isEqualTo(Main.UNEXPECTED);
      assertThat(err.strip().lines().count()).as(err).isEqualTo(1);
      assertThat(err).startsWith("causalem boom: ran out of memory").contains("CAUSALEM_JAVA_OPTS").contains("-Xmx")
          .doesNotContain("\tat ").doesNotContain("OutOfMemoryError");
    }
    int[] code = new int[1];
    String err = run("stack", code)[1];
    assertThat(code[0]).isEqualTo(Main.UNEXPECTED);
    assertThat(err.strip().lines().count()).isEqualTo(1);
    assertThat(err).contains("ran out of stack").contains("-Xss").doesNotContain("\tat ");
  }

  @Test
  void usageExceptionsAreExitTwoWithTheirMessage() {
    int[] code = new int[1];
    String err = run("usage", code)[1];
    assertThat(code[0]).isEqualTo(Main.USAGE);
    assertThat(err.strip()).isEqualTo("causalem boom: --what: not that");
  }

  private static IllegalArgumentException thrownAt(String... frames) {
    IllegalArgumentException e = new IllegalArgumentException("x");
    StackTraceElement[] st = new StackTraceElement[frames.length];
    for (int i = 0; i < frames.length; i++) {
      int dot = frames[i].lastIndexOf('.');
      st[i] = new StackTraceElement(frames[i].substring(0, dot), frames[i].substring(dot + 1), "F.java", 1);
    }
    e.setStackTrace(st);
    return e;
  }

  @Test
  void anIllegalArgumentFromInsideAnAnalysisIsNotBadUsage() {
    // the command line's own check, an options record it builds from the user's values, a lookup it calls directly
    assertThat(Main.exitCode(thrownAt("org.causalem.cli.EelsCommand.execute", "picocli.CommandLine.execute"))).isEqualTo(Main.USAGE);
    assertThat(Main.exitCode(thrownAt("org.causalem.workflow.FerroicAnalysis$Options.<init>",
        "org.causalem.workflow.FerroicAnalysis$Options.withBootstrap", "org.causalem.cli.DemoCommand.execute"))).isEqualTo(Main.USAGE);
    assertThat(Main.exitCode(thrownAt("org.causalem.spectra.EdgeTable.find", "org.causalem.cli.EelsCommand.execute"))).isEqualTo(Main.USAGE);
    // deep inside an analysis: a bug, exit 1 with the exception's name in its one line
    IllegalArgumentException deep = thrownAt("org.causalem.linalg.Matrix.<init>", "org.causalem.causal.Pc.search",
        "org.causalem.causal.Pc.run", "org.causalem.workflow.FerroicAnalysis.analyse", "org.causalem.cli.FerroicCommand.lambda$execute$1");
    assertThat(Main.exitCode(deep)).isEqualTo(Main.UNEXPECTED);
    assertThat(Main.exitCode(thrownAt("org.causalem.linalg.Matrix.multiply", "java.lang.Thread.run"))).isEqualTo(Main.UNEXPECTED);
  }

  @Test
  void theLibrarysParametersAreNamedAsOptions() {
    assertThat(OptionChecks.asFlags("give `latticeConstant` (e.g. 3.905A); `bin` must be ≥ 1; `g` > 0"))
        .isEqualTo("give --lattice-constant (e.g. 3.905A); --bin must be ≥ 1; --g > 0");
    assertThat(OptionChecks.asFlags("a -> b, no parameter")).isEqualTo("a -> b, no parameter");
    assertThat(OptionChecks.asFlags(null)).isNull();
  }
}
