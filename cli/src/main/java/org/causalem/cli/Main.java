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
        LocalCommand.class,
        DiscoverCommand.class,
        BayesCommand.class,
        GpCommand.class,
        SuggestCommand.class,
        LawsCommand.class,
        EelsCommand.class,
        FourdCommand.class,
        FerroicCommand.class,
        TransitionCommand.class,
        MultimodalCommand.class,
        DemoCommand.class,
        BatchCommand.class,
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
    // (ImageIO's cache is switched off by PngWriter, the one user of ImageIO's writers, before its first write)
    return execute(new CommandLine(new Main()), args, out, err);
  }

  /** Runs {@code args} on {@code cl} (the causalem command, possibly with test subcommands) with the exit-code handling. */
  static int execute(CommandLine cl, String[] args, PrintWriter out, PrintWriter err) {
    cl.setOut(out);
    cl.setErr(err);
    cl.setExitCodeExceptionMapper(Main::exitCode);
    OptionChecks.install(cl);
    for (CommandLine sub : cl.getSubcommands().values()) addHelpOption(sub.getCommandSpec());
    cl.setParameterExceptionHandler((ex, a) -> {
      err.println("causalem: " + OptionChecks.asFlags(ex.getMessage()));
      return USAGE;
    });
    cl.setExecutionExceptionHandler((ex, commandLine, parsed) -> {
      boolean debug = java.util.Arrays.asList(args).contains("--debug");
      Throwable resource = resourceError(ex);
      if (resource != null) {
        err.println(resourceMessage(commandLine.getCommandName(), resource));
        if (debug) ex.printStackTrace(err);
        return UNEXPECTED;
      }
      int code = exitCode(ex);
      err.println("causalem " + commandLine.getCommandName() + ": " + OptionChecks.asFlags(message(ex)));
      if (debug) ex.printStackTrace(err);
      else if (code == UNEXPECTED) err.println("(run again with --debug for the stack trace)");
      return code;
    });
    int code;
    try {
      code = cl.execute(args);
    } catch (OutOfMemoryError | StackOverflowError e) {
      // picocli hands exceptions to the handler above; errors arrive here
      err.println(resourceMessage(commandName(cl), e));
      if (java.util.Arrays.asList(args).contains("--debug")) e.printStackTrace(err);
      code = UNEXPECTED;
    }
    out.flush();
    err.flush();
    return code;
  }

  /** Gives {@code spec} a {@code -h, --help} option (usage help: no required option is checked) unless it has one. */
  static void addHelpOption(CommandLine.Model.CommandSpec spec) {
    if (spec.findOption("--help") != null) return;
    String[] names = spec.findOption("-h") == null ? new String[] {"-h", "--help"} : new String[] {"--help"};
    spec.addOption(CommandLine.Model.OptionSpec.builder(names).usageHelp(true).description("Show this help message and exit.").build());
  }

  static int exitCode(Throwable ex) {
    if (ex instanceof BadInputException) return BAD_INPUT;
    if (ex instanceof CommandLine.ParameterException || ex instanceof UsageException) return USAGE;
    if (ex instanceof IllegalArgumentException iae && fromBoundary(iae)) return USAGE;
    if (ex instanceof java.nio.file.NoSuchFileException) return BAD_INPUT;
    return UNEXPECTED;
  }

  /**
   * Whether an {@link IllegalArgumentException} comes from checking what the user typed: thrown by the command line's
   * own code, or by what the command line calls directly with the user's values (a lookup or parser, at most two calls
   * deep, or the constructors, factories and builders of an options object, at any depth). One thrown from deeper inside an
   * analysis is a bug, not bad usage: exit 1.
   */
  static boolean fromBoundary(IllegalArgumentException e) {
    int depth = 0;
    boolean onlyOptions = true;
    for (StackTraceElement f : e.getStackTrace()) {
      String cls = f.getClassName();
      if (cls.startsWith("org.causalem.cli.")) return depth <= 2 || onlyOptions;
      depth++;
      boolean options = cls.endsWith("Options") || cls.contains("Options$") || cls.endsWith("$Builder") || f.getMethodName().equals("<init>");
      onlyOptions &= options;
    }
    return false;
  }

  /** An OutOfMemoryError or StackOverflowError behind {@code ex} (worker threads wrap them), or null. */
  static Throwable resourceError(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof OutOfMemoryError || t instanceof StackOverflowError) return t;
    }
    return null;
  }

  private static String message(Throwable ex) {
    String m = ex.getMessage();
    if (ex instanceof java.nio.file.NoSuchFileException) return "no such file: " + m;
    if (m == null || m.isBlank()) return ex.getClass().getSimpleName();
    if (ex instanceof BadInputException || ex instanceof UsageException || ex instanceof CommandLine.ParameterException) return m;
    if (ex instanceof IllegalArgumentException iae && fromBoundary(iae)) return m;
    if (ex instanceof java.io.IOException && m.startsWith("--out ")) return m;
    return ex.getClass().getSimpleName() + ": " + m;
  }

  /** One line for running out of memory or stack: what ran out, and what the user can do. */
  static String resourceMessage(String command, Throwable e) {
    String prefix = command == null ? "" : "causalem " + command + ": ";
    if (e instanceof StackOverflowError) {
      return prefix + "ran out of stack (StackOverflowError): raise it through CAUSALEM_JAVA_OPTS (e.g. -Xss64m), "
          + "or make the input or the options smaller; please report this with --debug output";
    }
    long max = Runtime.getRuntime().maxMemory();
    String limit = max == Long.MAX_VALUE ? ""
        : max >= 1L << 30 ? String.format(java.util.Locale.ROOT, " (the limit is %.1f GiB)", max / (double) (1L << 30))
        : String.format(java.util.Locale.ROOT, " (the limit is %d MiB)", max >> 20);
    return prefix + "ran out of memory" + limit + ": raise it through CAUSALEM_JAVA_OPTS (e.g. CAUSALEM_JAVA_OPTS=-Xmx16g), "
        + "or reduce the size of the job (rows, pixels, --bootstrap and similar counts)";
  }

  private static String commandName(CommandLine cl) {
    CommandLine.ParseResult pr = cl.getParseResult();
    while (pr != null && pr.subcommand() != null) pr = pr.subcommand();
    return pr == null ? null : pr.commandSpec().name();
  }

  /** Prints the version from the build. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override public String[] getVersion() { return new String[] {"causalem " + Version.get()}; }
  }
}
