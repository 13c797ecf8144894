package io.lclstream.connectors.doc;

/** One element of a document's reading order: a run of text or an image. */
public sealed interface Segment permits TextSegment, ImageSegment {}
