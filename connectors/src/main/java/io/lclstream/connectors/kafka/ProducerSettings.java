package io.lclstream.connectors.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Producer settings for documents: idempotent, acks=all, and a {@code max.request.size} that
 * matches the topic's {@code max.message.bytes} for the same document cap (see {@link Topics}).
 */
public final class ProducerSettings {
  private ProducerSettings() {}

  /** Byte-array key and value; the caller encodes (so a too-large page is a rejection, not a crash). */
  public static Map<String, Object> forDocuments(String bootstrapServers, int maxDocumentBytes) {
    int maxRequest = Topics.maxMessageBytesFor(maxDocumentBytes);
    Map<String, Object> p = new LinkedHashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequest);
    // The buffer must hold at least one largest request, and a few to keep the pipe full.
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(64L * 1024 * 1024, 3L * maxRequest));
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    // HTML text compresses well; lz4 is cheap and every Kafka client reads it.
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return p;
  }
}
