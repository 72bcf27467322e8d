package org.causalem.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Placeholder until {@code causalem ferroic} lands. */
@Command(name = "ferroic", description = "Causal analysis of a ferroelectric perovskite image. (not yet implemented)")
public final class FerroicCommand extends OutputCommand {
  @Parameters(arity = "0..*", paramLabel = "INPUT")
  List<String> inputs;

  @Override protected void execute(OutputDirectory dir, RunRecord run) {
    throw new UnsupportedOperationException("causalem ferroic is not yet implemented");
  }
}
