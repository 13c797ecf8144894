package io.lclstream.connectors.push;

import java.nio.file.Path;

/** Progress callbacks of a push, called on the pushing thread (the progress bar is one). */
public interface PushListener {
  PushListener NONE = new PushListener() {};

  /** An input is about to be read. */
  default void inputStarted(Path input) {}

  /** Counts so far; called after every page or rejection. */
  default void progress(PushSummary soFar) {}
}
