package io.lclstream.connectors.read;

import java.io.Closeable;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A streaming reader of one input (a file or a folder): memory stays bounded by the largest single
 * page, whatever the size of the input. A bad record is a {@link ReadResult.Rejected} and reading
 * goes on; only an input that cannot be read at all throws (an {@link java.io.UncheckedIOException}).
 */
public interface PageReader extends Iterator<ReadResult>, Closeable {

  /** The results as a sequential stream; closing the stream closes the reader. */
  default Stream<ReadResult> stream() {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL), false)
        .onClose(() -> {
          try {
            close();
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }
}
