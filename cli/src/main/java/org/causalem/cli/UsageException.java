package org.causalem.cli;

/** Bad usage found by the command line's own checks of what the user typed: exit code 2, the message as it is. */
public final class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }

  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
