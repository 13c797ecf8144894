package io.lclstream.connectors.read;

import io.lclstream.connectors.doc.Document;
import io.lclstream.connectors.doc.Rejection;

/**
 * One input record as a reader saw it: a document, or a rejection with the reason, where it
 * happened ({@code file:line} for JSON lines, {@code file@offset} for WARC records, the file path
 * for HTML) and the original bytes when there are any.
 */
public sealed interface ReadResult permits ReadResult.Page, ReadResult.Rejected {

  String location();

  record Page(Document document, String location) implements ReadResult {}

  record Rejected(Rejection rejection, String location, byte[] original) implements ReadResult {
    public Rejected {
      original = original == null ? new byte[0] : original;
    }

    public static Rejected of(String reason, String message, String location, byte[] original) {
      return new Rejected(new Rejection(reason, message), location, original);
    }
  }
}
