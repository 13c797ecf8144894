package io.lclstream.flink.train;

import io.lclstream.checkpoints.store.RetentionPolicy;
import io.lclstream.checkpoints.store.SnapshotStore;
import io.lclstream.flink.config.JobConfig;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link SnapshotStore} per store directory and JVM, shared by the training writer and the
 * committer: opening a store repairs it (removes torn staging folders), which must not race with
 * the writer of the same JVM staging a snapshot.
 */
final class Stores {
  private static final ConcurrentHashMap<Path, SnapshotStore> OPEN = new ConcurrentHashMap<>();

  private Stores() {}

  static SnapshotStore open(JobConfig.Store settings) {
    Path dir = Path.of(settings.dir()).toAbsolutePath().normalize();
    return OPEN.computeIfAbsent(dir, d -> SnapshotStore.open(d,
        RetentionPolicy.of(settings.keepLast(), settings.milestoneEvery())));
  }
}
