package io.lclstream.connectors.kafka;

/** Topic names and settings of lcl-stream; creation lives in {@link #ensure}. */
public final class Topics {
  /** Valid documents, key = document id, value = the JSON of DESIGN §3. */
  public static final String PAGES = "pages";
  /** Inputs that failed to parse or validate, as {@link RejectedRecord} JSON. */
  public static final String PAGES_REJECTED = "pages.rejected";
  /** Room for the record key, headers and batch framing above the document cap. */
  static final int RECORD_OVERHEAD_BYTES = 64 * 1024;

  private Topics() {}

  /** The {@code max.message.bytes} / {@code max.request.size} that fits a document of the cap. */
  public static int maxMessageBytesFor(int maxDocumentBytes) {
    return maxDocumentBytes + RECORD_OVERHEAD_BYTES;
  }
}
