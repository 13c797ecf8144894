package io.lclstream.flink.train;

import io.lclstream.checkpoints.store.Manifest;
import io.lclstream.checkpoints.store.SnapshotStore;
import io.lclstream.checkpoints.store.StoreException;
import io.lclstream.flink.config.JobConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import org.apache.flink.api.connector.sink2.Committer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the snapshot staged at a checkpoint once that checkpoint completes. Publishing is
 * idempotent in the store, so a re-commit after a failover is a no-op.
 */
final class SnapshotPublisher implements Committer<StagedSnapshot> {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotPublisher.class);
  private static final int MAX_RETRIES = 5;

  private final SnapshotStore store;

  SnapshotPublisher(JobConfig config) {
    this.store = Stores.open(config.store());
  }

  @Override
  public void commit(Collection<CommitRequest<StagedSnapshot>> requests) {
    // Oldest first, so LATEST ends on the newest snapshot and each parent link is right.
    requests.stream()
        .sorted(java.util.Comparator.comparingLong(r -> r.getCommittable().step()))
        .forEach(this::publish);
  }

  private void publish(CommitRequest<StagedSnapshot> request) {
    StagedSnapshot staged = request.getCommittable();
    try {
      Manifest published = store.publish(staged.stagedId());
      LOG.info("Published snapshot {} (step {}, {} samples, loss {})", published.id(), published.step(),
          published.samplesSeen(), published.loss().total());
    } catch (UncheckedIOException e) {
      if (request.getNumberOfRetries() < MAX_RETRIES) {
        LOG.warn("Publishing {} failed ({}); retrying", staged.stagedId(), e.getMessage());
        request.retryLater();
      } else {
        request.signalFailedWithUnknownReason(e);
      }
    } catch (StoreException e) {
      request.signalFailedWithKnownReason(e);
    }
  }

  @Override
  public void close() throws IOException {}
}
