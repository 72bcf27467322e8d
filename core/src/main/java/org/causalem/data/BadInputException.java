package org.causalem.data;

/**
 * Input data that cannot be used as given: a corrupt or truncated file, a header that lies, a table
 * with a constant column. The message names the file or parameter, the offending value and what was
 * expected. The command line maps it to exit code 3.
 */
public class BadInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BadInputException(String message) { super(message); }

  public BadInputException(String message, Throwable cause) { super(message, cause); }
}
