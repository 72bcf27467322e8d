package org.causalem.cli;

import java.io.PrintWriter;
import org.causalem.Version;
import org.causalem.data.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code causalem} command. */
@Command(name = "causalem", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
    description = "From raw electron-microscopy data to causal knowledge.",
    subcommands = {
        InfoCommand.class,
        AtomsCommand.class,
        DiscoverCommand.class,
        BayesCommand.class,
        GpCommand.class,
        LawsCommand.class,
        EelsCommand.class,
        FourdCommand.class,
        FerroicCommand.class,
        TransitionCommand.class,
        MultimodalCommand.class,
        DemoCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  /** Exit code: success. */
  public static final int OK = 0;
  /** Exit code: anything unexpected. */
  public static final int UNEXPECTED = 1;
  /** Exit code: bad usage (unknown option, missing or invalid argument). */
  public static final int USAGE = 2;
  /** Exit code: bad input data. */
  public static final int BAD_INPUT = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command; try 'causalem --help'");
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line and returns the exit code (tests call this). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExitCodeExceptionMapper(Main::exitCode);
    OptionChecks.install(cl);
    cl.setParameterExceptionHandler((ex, a) -> {
      err.println("causalem: " + ex.getMessage());
      return USAGE;
    });
    cl.setExecutionExceptionHandler((ex, commandLine, parsed) -> {
      boolean debug = java.util.Arrays.asList(args).contains("--debug");
      int code = exitCode(ex);
      err.println("causalem " + commandLine.getCommandName() + ": " + message(ex));
      if (debug) ex.printStackTrace(err);
      else if (code == UNEXPECTED) err.println("(run again with --debug for the stack trace)");
      return code;
    });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  static int exitCode(Throwable ex) {
    if (ex instanceof BadInputException) return BAD_INPUT;
    if (ex instanceof CommandLine.ParameterException || ex instanceof IllegalArgumentException) return USAGE;
    if (ex instanceof java.nio.file.NoSuchFileException) return BAD_INPUT;
    return UNEXPECTED;
  }

  private static String message(Throwable ex) {
    String m = ex.getMessage();
    if (ex instanceof java.nio.file.NoSuchFileException) return "no such file: " + m;
    if (m == null || m.isBlank()) return ex.getClass().getSimpleName();
    if (ex instanceof BadInputException || ex instanceof IllegalArgumentException) return m;
    return ex.getClass().getSimpleName() + ": " + m;
  }

  /** Prints the version from the build. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override public String[] getVersion() { return new String[] {"causalem " + Version.get()}; }
  }
}
