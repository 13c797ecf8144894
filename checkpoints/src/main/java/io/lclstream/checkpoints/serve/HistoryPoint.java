package io.lclstream.checkpoints.serve;

import io.lclstream.checkpoints.store.Loss;
import io.lclstream.checkpoints.store.Manifest;
import io.lclstream.checkpoints.store.Throughput;
import java.time.Instant;

/**
 * One published snapshot as the history remembers it, kept after retention deletes its files.
 *
 * @param available whether its files are still in the store
 */
public record HistoryPoint(
    String id,
    long step,
    Instant createdAt,
    Instant publishedAt,
    Loss loss,
    long samplesSeen,
    long tokensSeen,
    long imagesSeen,
    Throughput throughput,
    long bytes,
    boolean available) {

  static HistoryPoint of(Manifest m, boolean available) {
    return new HistoryPoint(
        m.id(), m.step(), m.createdAt(), m.publishedAt(), m.loss(), m.samplesSeen(), m.tokensSeen(),
        m.imagesSeen(), m.throughput(), m.totalBytes(), available);
  }
}
