package io.lclstream.connectors.doc;

import java.util.Objects;

/** A run of text (a heading, paragraph, list item, cell, caption or sentence) in page order. */
public record TextSegment(String text) implements Segment {
  public TextSegment {
    Objects.requireNonNull(text, "text");
  }
}
