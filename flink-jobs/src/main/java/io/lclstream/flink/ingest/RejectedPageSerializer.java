package io.lclstream.flink.ingest;

import io.lclstream.connectors.doc.Rejection;
import io.lclstream.connectors.kafka.RejectedRecord;
import java.time.Instant;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a {@link RejectedPage} to {@code pages.rejected} in the connectors' {@link RejectedRecord}
 * format (the same one {@code lcl push} uses), keyed by the original record's key.
 */
public final class RejectedPageSerializer implements KafkaRecordSerializationSchema<RejectedPage> {
  private final String topic;

  public RejectedPageSerializer(String topic) {
    this.topic = topic;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(RejectedPage r, KafkaSinkContext context, Long timestamp) {
    RejectedRecord record = RejectedRecord.fromKafka(new Rejection(r.reason(), r.message()), r.original(),
        r.topic(), r.partition(), r.offset(), Instant.now());
    return new ProducerRecord<>(topic, null, timestamp, r.key(), record.toJson());
  }
}
