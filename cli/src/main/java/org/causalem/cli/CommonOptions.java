package org.causalem.cli;

import picocli.CommandLine.Option;

/** Options every command takes. */
public final class CommonOptions {
  @Option(names = "--quiet", description = "No progress bars or notes on stderr.")
  boolean quiet;

  @Option(names = "--debug", description = "Print the stack trace of an unexpected error.")
  boolean debug;
}
