package org.causalem.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Placeholder until {@code causalem atoms} lands. */
@Command(name = "atoms", description = "Find atom columns, sublattices and per-cell descriptors in an atomic-resolution image. (not yet implemented)")
public final class AtomsCommand extends OutputCommand {
  @Parameters(arity = "0..*", paramLabel = "INPUT")
  List<String> inputs;

  @Override protected void execute(OutputDirectory dir, RunRecord run) {
    throw new UnsupportedOperationException("causalem atoms is not yet implemented");
  }
}
