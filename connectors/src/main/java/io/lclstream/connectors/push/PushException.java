package io.lclstream.connectors.push;

/** A push that cannot go on (unreachable broker, unreadable input, unknown format); the message is one line that says what to do. */
public final class PushException extends RuntimeException {
  public PushException(String message, Throwable cause) {
    super(message, cause);
  }

  public PushException(String message) {
    super(message);
  }
}
