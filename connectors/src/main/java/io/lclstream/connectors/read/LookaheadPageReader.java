package io.lclstream.connectors.read;

import java.util.NoSuchElementException;

/**
 * The iterator half of a {@link PageReader}: subclasses read one result at a time with {@link
 * #readOne()} (null to skip an input that yields nothing) and call {@link #finish()} at the end.
 */
public abstract class LookaheadPageReader implements PageReader {
  private ReadResult next;
  private boolean finished;

  /** The next result, or null when this input yields none (the caller asks again). */
  protected abstract ReadResult readOne();

  /** Marks the end of the input: {@link #readOne()} is not called again. */
  protected final void finish() {
    finished = true;
  }

  @Override
  public final boolean hasNext() {
    while (next == null && !finished) {
      next = readOne();
    }
    return next != null;
  }

  @Override
  public final ReadResult next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    ReadResult r = next;
    next = null;
    return r;
  }
}
