package io.lclstream.checkpoints.pull;

/** A pull that failed; the message says what was tried and what to do. */
public class PullException extends RuntimeException {
  public PullException(String message) {
    super(message);
  }

  public PullException(String message, Throwable cause) {
    super(message, cause);
  }
}
