package io.lclstream.flink.train;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A test-only hook: makes the training writer throw once, right after a given step, so tests can
 * check that Flink's restart from the last checkpoint neither loses nor repeats a sample. "Once"
 * is remembered in a marker file, since the restarted writer is a new object.
 *
 * @param afterStep the step after which to fail; 0 disables the hook
 * @param marker a file created when the failure fires
 */
public record FailureInjection(long afterStep, String marker) implements Serializable {
  public static final FailureInjection NONE = new FailureInjection(0, null);

  void maybeFail(long step) {
    if (afterStep <= 0 || step != afterStep) {
      return;
    }
    Path file = Path.of(marker);
    if (Files.exists(file)) {
      return;
    }
    try {
      Files.createFile(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    throw new InjectedFailure("Injected failure after training step " + step + " (test hook)");
  }

  /** The exception the hook throws. */
  public static final class InjectedFailure extends RuntimeException {
    InjectedFailure(String message) {
      super(message);
    }
  }
}
