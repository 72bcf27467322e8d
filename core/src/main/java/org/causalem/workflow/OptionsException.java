package org.causalem.workflow;

/**
 * Options that are each valid but do not fit the data they were given (a two-column method on a wider
 * table, a discrete test on continuous columns): bad usage, not bad data. Thrown by a workflow's
 * {@code run}; the command line reports it as a usage error (exit 2).
 */
public final class OptionsException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public OptionsException(String message) { super(message); }
}
