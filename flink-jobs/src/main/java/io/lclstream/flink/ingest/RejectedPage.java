package io.lclstream.flink.ingest;

/**
 * A page the pipeline refused, as written to {@code pages.rejected}: the original bytes, a
 * machine-readable reason, a human message, and where the record came from.
 */
public record RejectedPage(
    String reason, String message, String topic, int partition, long offset, long kafkaTimestamp,
    byte[] key, byte[] original) {}
