package io.lclstream.connectors.doc;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An immutable interleaved web document: identity, provenance and its text and image segments in
 * reading order (DESIGN §3). {@code url}, {@code fetchedAt} and {@code lang} may be null when the
 * source does not know them.
 */
public record Document(
    String id, String url, String source, Instant fetchedAt, String lang, List<Segment> segments) {

  public Document {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    segments = List.copyOf(segments);
  }

  public long imageCount() {
    return segments.stream().filter(s -> s instanceof ImageSegment).count();
  }

  public long inlineImageCount() {
    return segments.stream().filter(s -> s instanceof ImageSegment i && i.hasData()).count();
  }
}
