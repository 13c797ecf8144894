package io.lclstream.connectors.doc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The JSON wire format of {@link Document} (DESIGN §3): encoding, decoding with validation, and
 * auto-detection of MMC4 and OBELICS rows arriving in the same place, which are converted.
 *
 * <p>Thread-safe; create one per size cap and share it.
 */
public final class DocumentJson {
  /** The default cap on one encoded document: 16 MiB, far above Kafka's 1 MB default. */
  public static final int DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
  private static final DocumentJson DEFAULT = new DocumentJson(DEFAULT_MAX_BYTES);

  private final int maxBytes;
  private final ObjectMapper mapper;
  private final JsonFactory factory;

  private DocumentJson(int maxBytes) {
    if (maxBytes < 1024) {
      throw new IllegalArgumentException("max document size " + maxBytes
          + " bytes is below the minimum of 1024 bytes; use at least 1 KiB (default 16 MiB)");
    }
    this.maxBytes = maxBytes;
    // Inline images are one long base64 string; the size check below already bounds it.
    this.factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxStringLength(Math.max(maxBytes, StreamReadConstraints.DEFAULT_MAX_STRING_LEN))
            .build())
        .build();
    this.mapper = new ObjectMapper(factory);
  }

  /** A codec with the default 16 MiB cap. */
  public static DocumentJson create() {
    return DEFAULT;
  }

  /** A codec that rejects documents whose encoding is larger than {@code maxBytes}. */
  public static DocumentJson withMaxBytes(int maxBytes) {
    return maxBytes == DEFAULT_MAX_BYTES ? DEFAULT : new DocumentJson(maxBytes);
  }

  public int maxBytes() {
    return maxBytes;
  }

  /** The document as one UTF-8 JSON object; null fields are left out. No size check. */
  public byte[] toJson(Document doc) {
    int estimate = 256;
    for (Segment s : doc.segments()) {
      estimate += s instanceof ImageSegment i ? i.dataLength() * 4 / 3 + 128 : 64;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(estimate);
    try (JsonGenerator g = factory.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("id", doc.id());
      writeOpt(g, "url", doc.url());
      g.writeStringField("source", doc.source());
      writeOpt(g, "fetchedAt", doc.fetchedAt() == null ? null : doc.fetchedAt().toString());
      writeOpt(g, "lang", doc.lang());
      g.writeArrayFieldStart("segments");
      for (Segment s : doc.segments()) {
        g.writeStartObject();
        if (s instanceof TextSegment t) {
          g.writeStringField("type", "text");
          g.writeStringField("text", t.text());
        } else if (s instanceof ImageSegment i) {
          g.writeStringField("type", "image");
          writeOpt(g, "url", i.url());
          if (i.hasData()) {
            g.writeFieldName("data");
            g.writeBinary(i.dataNoCopy());
          }
          writeOpt(g, "mime", i.mime());
          writeOpt(g, "alt", i.alt());
          if (i.matchedSim() != null) {
            g.writeNumberField("matchedSim", i.matchedSim());
          }
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory cannot fail", e);
    }
    return out.toByteArray();
  }

  /** The rejection for an encoding of {@code size} bytes when it exceeds the cap. */
  public Optional<Rejection> checkSize(long size) {
    if (size <= maxBytes) {
      return Optional.empty();
    }
    return Optional.of(new Rejection(Rejection.DOC_TOO_LARGE, "document is " + size
        + " bytes, over the cap of " + maxBytes + " bytes; drop or shrink its images, or raise the cap"
        + " (push --max-bytes, which also sets the topic's max.message.bytes)"));
  }

  /** Decodes one record: our document, or an MMC4 / OBELICS row converted to one. */
  public DecodeResult decode(byte[] bytes) {
    return decode(bytes, LocalImages.none());
  }

  /** As {@link #decode(byte[])}, resolving MMC4 {@code image_name}s in {@code images}. */
  public DecodeResult decode(byte[] bytes, LocalImages images) {
    if (bytes == null || bytes.length == 0) {
      return DecodeResult.invalid(Rejection.JSON_MALFORMED, "record is empty; expected one JSON object");
    }
    Optional<Rejection> tooLarge = checkSize(bytes.length);
    if (tooLarge.isPresent()) {
      return new DecodeResult.Invalid(tooLarge.get());
    }
    JsonNode node;
    try {
      node = mapper.readTree(bytes);
    } catch (IOException e) {
      String msg = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      return DecodeResult.invalid(Rejection.JSON_MALFORMED, "not valid JSON: " + msg);
    }
    return decode(node, images);
  }

  /** Decodes an already parsed JSON value (see {@link #decode(byte[], LocalImages)}). */
  public DecodeResult decode(JsonNode node, LocalImages images) {
    if (node == null || !node.isObject()) {
      return DecodeResult.invalid(Rejection.JSON_MALFORMED, "expected one JSON object, found "
          + (node == null ? "nothing" : JsonFields.describe(node)));
    }
    try {
      Document doc;
      if (node.has("segments")) {
        doc = fromCanonical(node);
      } else if (ObelicsRows.looksLike(node)) {
        doc = ObelicsRows.toDocument(node);
      } else if (Mmc4Rows.looksLike(node)) {
        doc = Mmc4Rows.toDocument(node, images);
      } else {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return DecodeResult.invalid(Rejection.DOC_UNKNOWN_FORMAT, "JSON object with fields "
            + (keys.size() > 8 ? keys.subList(0, 8) + "…" : keys) + " is not a document"
            + " (needs 'segments'), an MMC4 row (needs 'text_list') or an OBELICS row"
            + " (needs 'texts' and 'images')");
      }
      Optional<Rejection> invalid = validate(doc);
      return invalid.<DecodeResult>map(DecodeResult.Invalid::new).orElseGet(() -> new DecodeResult.Decoded(doc));
    } catch (RejectedException e) {
      return new DecodeResult.Invalid(e.rejection());
    }
  }

  /**
   * The first rule the document breaks, if any: it has segments; no text segment is blank; every
   * image has bytes or an absolute http(s)/file URL.
   */
  public static Optional<Rejection> validate(Document doc) {
    if (doc.id().isBlank()) {
      return Optional.of(new Rejection(Rejection.DOC_MISSING_FIELD, "document id is blank"));
    }
    if (doc.segments().isEmpty()) {
      return Optional.of(new Rejection(Rejection.DOC_NO_SEGMENTS, "document " + doc.id()
          + (doc.url() == null ? "" : " (" + doc.url() + ")") + " has no text or image segments"));
    }
    for (int i = 0; i < doc.segments().size(); i++) {
      Segment s = doc.segments().get(i);
      if (s instanceof TextSegment t && t.text().isBlank()) {
        return Optional.of(new Rejection(Rejection.SEGMENT_EMPTY_TEXT,
            "segments[" + i + "] is a text segment with no text; drop it or give it text"));
      }
      if (s instanceof ImageSegment img && !img.hasData()) {
        if (img.url() == null || img.url().isBlank()) {
          return Optional.of(new Rejection(Rejection.IMAGE_NO_SOURCE,
              "segments[" + i + "] is an image with neither 'data' nor 'url'; give it one"));
        }
        if (!isFetchable(img.url())) {
          return Optional.of(new Rejection(Rejection.IMAGE_BAD_URL, "segments[" + i
              + "].url '" + abbreviate(img.url()) + "' is not an absolute http(s) or file URL"));
        }
      }
    }
    return Optional.empty();
  }

  private static Document fromCanonical(JsonNode node) throws RejectedException {
    String url = JsonFields.optText(node, "url", "");
    String source = JsonFields.optText(node, "source", "");
    String lang = JsonFields.optText(node, "lang", "");
    String fetched = JsonFields.optText(node, "fetchedAt", "");
    Instant fetchedAt = null;
    if (fetched != null) {
      try {
        fetchedAt = OffsetDateTime.parse(fetched).toInstant();
      } catch (DateTimeParseException e) {
        throw new RejectedException(Rejection.DOC_BAD_FIELD, "fetchedAt '" + abbreviate(fetched)
            + "' is not an ISO-8601 timestamp; write it like 2024-05-01T12:00:00Z");
      }
    }
    JsonNode segs = JsonFields.reqArray(node, "segments", "");
    List<Segment> segments = new ArrayList<>(segs.size());
    for (int i = 0; i < segs.size(); i++) {
      JsonNode s = segs.get(i);
      String where = "segments[" + i + "].";
      if (!s.isObject()) {
        throw JsonFields.malformed("segments[" + i + "]", "an object", s);
      }
      String type = JsonFields.optText(s, "type", where);
      if ("text".equals(type)) {
        String text = JsonFields.optText(s, "text", where);
        segments.add(new TextSegment(text == null ? "" : text));
      } else if ("image".equals(type)) {
        String data = JsonFields.optText(s, "data", where);
        byte[] bytes = data == null ? null : decodeBase64(data, where + "data");
        segments.add(new ImageSegment(JsonFields.optText(s, "url", where), bytes,
            JsonFields.optText(s, "mime", where), JsonFields.optText(s, "alt", where),
            JsonFields.optNumber(s, "matchedSim", where)));
      } else {
        throw new RejectedException(Rejection.SEGMENT_BAD_TYPE, "segments[" + i + "].type is "
            + (type == null ? "missing" : "'" + abbreviate(type) + "'") + "; it must be 'text' or 'image'");
      }
    }
    String id = JsonFields.optText(node, "id", "");
    if (id == null || id.isBlank()) {
      // Lenient on purpose: any producer may write to the topic; derive the id as our readers do.
      id = url != null && !url.isBlank() ? DocumentIds.forUrl(url) : DocumentIds.forContent(segments);
    }
    return new Document(id, url, source == null || source.isBlank() ? "json" : source, fetchedAt, lang, segments);
  }

  static byte[] decodeBase64(String b64, String field) throws RejectedException {
    try {
      return Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      try {
        return Base64.getUrlDecoder().decode(b64);
      } catch (IllegalArgumentException e2) {
        throw new RejectedException(Rejection.IMAGE_BAD_BASE64, "field '" + field
            + "' is not base64 (" + e.getMessage() + "); encode the image bytes with standard base64");
      }
    }
  }

  static boolean isFetchable(String url) {
    try {
      URI uri = new URI(url.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return switch (scheme) {
        case "http", "https" -> uri.getHost() != null;
        case "file" -> uri.getPath() != null;
        default -> false;
      };
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static void writeOpt(JsonGenerator g, String field, String value) throws IOException {
    if (value != null) {
      g.writeStringField(field, value);
    }
  }

  static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
