package org.causalem.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Placeholder until {@code causalem bayes} lands. */
@Command(name = "bayes", description = "Bayesian model comparison of competing regression models. (not yet implemented)")
public final class BayesCommand extends OutputCommand {
  @Parameters(arity = "0..*", paramLabel = "INPUT")
  List<String> inputs;

  @Override protected void execute(OutputDirectory dir, RunRecord run) {
    throw new UnsupportedOperationException("causalem bayes is not yet implemented");
  }
}
