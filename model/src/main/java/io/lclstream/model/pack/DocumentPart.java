package io.lclstream.model.pack;

/** One segment of a document in page order: text, or a reference to the document's n-th image. */
public sealed interface DocumentPart permits TextPart, ImagePart {}
