package io.lclstream.connectors.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lclstream.connectors.doc.Rejection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * One entry of {@code pages.rejected}: the original bytes (base64, cut at a limit so the record
 * always fits the topic), the reason and message, where the input came from (a Kafka topic,
 * partition and offset, or a file location such as {@code crawl.warc.gz@1234}) and when it was
 * rejected. Written by {@code push} and by the pipeline, so both share this class.
 *
 * <pre>{"reason":"json.malformed","message":"…","time":"2024-05-01T12:00:00Z",
 *  "sourceTopic":"pages","sourcePartition":0,"sourceOffset":42,"location":null,
 *  "originalBytes":1234,"truncated":false,"original":"eyJ…"}</pre>
 */
public record RejectedRecord(
    String reason,
    String message,
    Instant time,
    String sourceTopic,
    Integer sourcePartition,
    Long sourceOffset,
    String location,
    int originalBytes,
    boolean truncated,
    byte[] original) {

  /** Keeps the first MiB of an input: enough to see what went wrong, small enough for any topic. */
  public static final int DEFAULT_MAX_ORIGINAL_BYTES = 1024 * 1024;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  public RejectedRecord {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(time, "time");
    original = original == null ? new byte[0] : original.clone();
  }

  /** A rejection of a record read from Kafka. */
  public static RejectedRecord fromKafka(Rejection why, byte[] original, String topic, int partition,
      long offset, Instant time) {
    return of(why, original, topic, partition, offset, null, time, DEFAULT_MAX_ORIGINAL_BYTES);
  }

  /** A rejection of an input read from a file, at {@code location}. */
  public static RejectedRecord fromFile(Rejection why, byte[] original, String location, Instant time) {
    return of(why, original, null, null, null, location, time, DEFAULT_MAX_ORIGINAL_BYTES);
  }

  public static RejectedRecord of(Rejection why, byte[] original, String topic, Integer partition,
      Long offset, String location, Instant time, int maxOriginalBytes) {
    byte[] bytes = original == null ? new byte[0] : original;
    boolean cut = bytes.length > maxOriginalBytes;
    return new RejectedRecord(why.reason(), why.message(), time, topic, partition, offset, location,
        bytes.length, cut, cut ? Arrays.copyOf(bytes, maxOriginalBytes) : bytes);
  }

  @Override
  public byte[] original() {
    return original.clone();
  }

  public Rejection rejection() {
    return new Rejection(reason, message);
  }

  public byte[] toJson() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(original.length * 4 / 3 + 512);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("reason", reason);
      g.writeStringField("message", message);
      g.writeStringField("time", time.toString());
      g.writeStringField("sourceTopic", sourceTopic);
      if (sourcePartition == null) {
        g.writeNullField("sourcePartition");
      } else {
        g.writeNumberField("sourcePartition", sourcePartition);
      }
      if (sourceOffset == null) {
        g.writeNullField("sourceOffset");
      } else {
        g.writeNumberField("sourceOffset", sourceOffset);
      }
      g.writeStringField("location", location);
      g.writeNumberField("originalBytes", originalBytes);
      g.writeBooleanField("truncated", truncated);
      g.writeFieldName("original");
      g.writeBinary(original);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory cannot fail", e);
    }
    return out.toByteArray();
  }

  /** Parses what {@link #toJson()} wrote; throws IllegalArgumentException naming a missing field. */
  public static RejectedRecord fromJson(byte[] json) {
    try {
      JsonNode n = MAPPER.readTree(json);
      return new RejectedRecord(
          text(n, "reason"), text(n, "message"), Instant.parse(text(n, "time")),
          n.path("sourceTopic").isTextual() ? n.get("sourceTopic").textValue() : null,
          n.path("sourcePartition").isNumber() ? n.get("sourcePartition").intValue() : null,
          n.path("sourceOffset").isNumber() ? n.get("sourceOffset").longValue() : null,
          n.path("location").isTextual() ? n.get("location").textValue() : null,
          n.path("originalBytes").asInt(), n.path("truncated").asBoolean(),
          Base64.getDecoder().decode(n.path("original").asText("")));
    } catch (IOException e) {
      throw new IllegalArgumentException("not a pages.rejected record: " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("pages.rejected record lacks the string field '" + field + "'");
    }
    return v.textValue();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RejectedRecord r && reason.equals(r.reason) && message.equals(r.message)
        && time.equals(r.time) && Objects.equals(sourceTopic, r.sourceTopic)
        && Objects.equals(sourcePartition, r.sourcePartition) && Objects.equals(sourceOffset, r.sourceOffset)
        && Objects.equals(location, r.location) && originalBytes == r.originalBytes
        && truncated == r.truncated && Arrays.equals(original, r.original);
  }

  @Override
  public int hashCode() {
    return Objects.hash(reason, message, time, sourceTopic, sourcePartition, sourceOffset, location,
        originalBytes, truncated, Arrays.hashCode(original));
  }

  @Override
  public String toString() {
    return "RejectedRecord[" + reason + ": " + message + " at "
        + (location != null ? location : sourceTopic + "-" + sourcePartition + "@" + sourceOffset)
        + ", " + originalBytes + " bytes]";
  }
}
