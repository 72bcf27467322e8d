package org.causalem.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Placeholder until {@code causalem eels} lands. */
@Command(name = "eels", description = "EELS spectrum-image descriptors: edge maps, thickness, decomposition. (not yet implemented)")
public final class EelsCommand extends OutputCommand {
  @Parameters(arity = "0..*", paramLabel = "INPUT")
  List<String> inputs;

  @Override protected void execute(OutputDirectory dir, RunRecord run) {
    throw new UnsupportedOperationException("causalem eels is not yet implemented");
  }
}
