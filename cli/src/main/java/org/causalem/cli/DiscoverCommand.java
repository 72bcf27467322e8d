package org.causalem.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Placeholder until {@code causalem discover} lands. */
@Command(name = "discover", description = "Causal discovery on a table of descriptors. (not yet implemented)")
public final class DiscoverCommand extends OutputCommand {
  @Parameters(arity = "0..*", paramLabel = "INPUT")
  List<String> inputs;

  @Override protected void execute(OutputDirectory dir, RunRecord run) {
    throw new UnsupportedOperationException("causalem discover is not yet implemented");
  }
}
