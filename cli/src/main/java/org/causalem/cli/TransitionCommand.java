package org.causalem.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Placeholder until {@code causalem transition} lands. */
@Command(name = "transition", description = "Phase transitions in a movie of a 2-D material. (not yet implemented)")
public final class TransitionCommand extends OutputCommand {
  @Parameters(arity = "0..*", paramLabel = "INPUT")
  List<String> inputs;

  @Override protected void execute(OutputDirectory dir, RunRecord run) {
    throw new UnsupportedOperationException("causalem transition is not yet implemented");
  }
}
