package io.lclstream.checkpoints.store;

/** A store operation that cannot be done; the message names the snapshot, what was wrong and what to do. */
public class StoreException extends RuntimeException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
