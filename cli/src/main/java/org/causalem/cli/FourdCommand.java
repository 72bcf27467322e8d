package org.causalem.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Placeholder until {@code causalem fourd} lands. */
@Command(name = "fourd", description = "4D-STEM descriptors: virtual images, centre of mass, strain, clusters. (not yet implemented)")
public final class FourdCommand extends OutputCommand {
  @Parameters(arity = "0..*", paramLabel = "INPUT")
  List<String> inputs;

  @Override protected void execute(OutputDirectory dir, RunRecord run) {
    throw new UnsupportedOperationException("causalem fourd is not yet implemented");
  }
}
