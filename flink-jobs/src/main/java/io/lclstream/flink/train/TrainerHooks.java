package io.lclstream.flink.train;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test-only hooks into the training writer: fail once after a given step (once a snapshot has
 * been published, so the restart really restores one), and slow every step down, to check
 * recovery and backpressure. "Once" is remembered in a marker file, since the restarted writer is
 * a new object.
 *
 * @param failAfterStep fail at the first step at or after this one; 0 disables
 * @param failMarker a file created when the failure fires
 * @param extraStepMillis sleep this long after every step (a deliberately slow trainer)
 */
public record TrainerHooks(long failAfterStep, String failMarker, long extraStepMillis) implements Serializable {
  public static final TrainerHooks NONE = new TrainerHooks(0, null, 0);

  public static TrainerHooks failOnceAfter(long step, Path marker) {
    return new TrainerHooks(step, marker.toString(), 0);
  }

  public static TrainerHooks slowSteps(long millis) {
    return new TrainerHooks(0, null, millis);
  }

  public TrainerHooks withSlowSteps(long millis) {
    return new TrainerHooks(failAfterStep, failMarker, millis);
  }

  void afterStepOnTrainerThread() {
    if (extraStepMillis > 0) {
      try {
        Thread.sleep(extraStepMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  void afterStep(long step, boolean snapshotPublished) {
    if (failAfterStep <= 0 || step < failAfterStep || !snapshotPublished) {
      return;
    }
    Path file = Path.of(failMarker);
    if (Files.exists(file)) {
      return;
    }
    try {
      Files.createFile(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new InjectedFailure("Injected failure after training step " + step + " (test hook)");
  }

  /** The exception the failure hook throws. */
  public static final class InjectedFailure extends RuntimeException {
    InjectedFailure(String message) {
      super(message);
    }
  }
}
