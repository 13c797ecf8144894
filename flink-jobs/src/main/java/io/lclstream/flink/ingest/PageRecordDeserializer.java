package io.lclstream.flink.ingest;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Passes Kafka records on untouched, with their coordinates and timestamp: parsing happens in the
 * next stage so that a bad page becomes a {@code pages.rejected} record instead of a failed job.
 */
public final class PageRecordDeserializer implements KafkaRecordDeserializationSchema<PageRecord> {
  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<PageRecord> out) {
    out.collect(new PageRecord(
        record.key(), record.value() == null ? new byte[0] : record.value(),
        record.topic(), record.partition(), record.offset(), record.timestamp()));
  }

  @Override
  public TypeInformation<PageRecord> getProducedType() {
    return TypeInformation.of(PageRecord.class);
  }
}
