package org.causalem.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Placeholder until {@code causalem multimodal} lands. */
@Command(name = "multimodal", description = "Structure + spectrum causal analysis. (not yet implemented)")
public final class MultimodalCommand extends OutputCommand {
  @Parameters(arity = "0..*", paramLabel = "INPUT")
  List<String> inputs;

  @Override protected void execute(OutputDirectory dir, RunRecord run) {
    throw new UnsupportedOperationException("causalem multimodal is not yet implemented");
  }
}
