package io.lclstream.flink.ingest;

/**
 * One record as it came off Kafka: the key and value bytes untouched, where it came from, and its
 * Kafka timestamp (for the freshness metric and for {@code pages.rejected}).
 */
public record PageRecord(
    byte[] key, byte[] value, String topic, int partition, long offset, long kafkaTimestamp) {}
