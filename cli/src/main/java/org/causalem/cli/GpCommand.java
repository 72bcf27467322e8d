package org.causalem.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Placeholder until {@code causalem gp} lands. */
@Command(name = "gp", description = "Gaussian-process prediction of a descriptor with uncertainty. (not yet implemented)")
public final class GpCommand extends OutputCommand {
  @Parameters(arity = "0..*", paramLabel = "INPUT")
  List<String> inputs;

  @Override protected void execute(OutputDirectory dir, RunRecord run) {
    throw new UnsupportedOperationException("causalem gp is not yet implemented");
  }
}
