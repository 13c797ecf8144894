package io.lclstream.connectors.doc;

/**
 * Thrown by the row converters to carry a {@link Rejection} out of deep parsing code; readers
 * catch it and turn it into a counted, reported rejection. No stack trace: it is an outcome.
 */
public final class RejectedException extends Exception {
  private final transient Rejection rejection;

  public RejectedException(String reason, String message) {
    super(reason + ": " + message, null, false, false);
    this.rejection = new Rejection(reason, message);
  }

  public Rejection rejection() {
    return rejection;
  }
}
