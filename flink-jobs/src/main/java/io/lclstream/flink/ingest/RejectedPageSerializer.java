package io.lclstream.flink.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Base64;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a {@link RejectedPage} to {@code pages.rejected}: key = the original key, value = one JSON
 * object {@code {reason, message, source: {topic, partition, offset, timestamp}, rejectedAt,
 * original (base64)}}.
 */
public final class RejectedPageSerializer implements KafkaRecordSerializationSchema<RejectedPage> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String topic;

  public RejectedPageSerializer(String topic) {
    this.topic = topic;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(RejectedPage r, KafkaSinkContext context, Long timestamp) {
    return new ProducerRecord<>(topic, null, timestamp, r.key(), toJson(r));
  }

  public static byte[] toJson(RejectedPage r) {
    ObjectNode node = JSON.createObjectNode();
    node.put("reason", r.reason());
    node.put("message", r.message());
    ObjectNode source = node.putObject("source");
    source.put("topic", r.topic());
    source.put("partition", r.partition());
    source.put("offset", r.offset());
    source.put("timestamp", r.kafkaTimestamp());
    node.put("rejectedAt", Instant.now().toString());
    node.put("original", Base64.getEncoder().encodeToString(r.original()));
    try {
      return JSON.writeValueAsBytes(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("Cannot write a rejected-page record", e);
    }
  }
}
