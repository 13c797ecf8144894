package io.lclstream.connectors.doc;

import java.util.Objects;

/**
 * Why an input could not become a document: a machine-readable {@code reason} (one of the
 * constants here, stable across releases, used as a metric label and on {@code pages.rejected})
 * and a human {@code message} that names the bad value and the fix.
 */
public record Rejection(String reason, String message) {

  /** Not JSON, not a JSON object, or a field of the wrong JSON type. */
  public static final String JSON_MALFORMED = "json.malformed";
  /** A JSON object that is neither our document, an MMC4 row nor an OBELICS row. */
  public static final String DOC_UNKNOWN_FORMAT = "doc.unknown_format";
  /** A required field is missing or empty. */
  public static final String DOC_MISSING_FIELD = "doc.missing_field";
  /** A field has a value outside its rules (bad timestamp, index out of range, …). */
  public static final String DOC_BAD_FIELD = "doc.bad_field";
  /** The document has no segments (or its page had no readable content). */
  public static final String DOC_NO_SEGMENTS = "doc.no_segments";
  /** The encoded document is larger than the configured cap. */
  public static final String DOC_TOO_LARGE = "doc.too_large";
  /** A segment's {@code type} is neither {@code text} nor {@code image}. */
  public static final String SEGMENT_BAD_TYPE = "segment.bad_type";
  /** A text segment without text. */
  public static final String SEGMENT_EMPTY_TEXT = "segment.empty_text";
  /** An image whose {@code data} is not valid base64. */
  public static final String IMAGE_BAD_BASE64 = "image.bad_base64";
  /** An image with neither {@code data} nor {@code url}. */
  public static final String IMAGE_NO_SOURCE = "image.no_source";
  /** An image whose {@code url} is not an absolute http(s) or file URL. */
  public static final String IMAGE_BAD_URL = "image.bad_url";
  /** An input record that could not be read at all (truncated WARC record, I/O error, bad encoding). */
  public static final String RECORD_UNREADABLE = "record.unreadable";

  public Rejection {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }
}
