package io.lclstream.checkpoints.store;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A snapshot being written: a folder under {@code <store>/.staging/} that the writer fills with
 * files and then {@linkplain #seal seals}; it becomes visible to readers only when {@link
 * SnapshotStore#publish publish}ed.
 *
 * <p>Lifecycle and crash behaviour:
 *
 * <ul>
 *   <li>unsealed (files being written): a crash leaves a torn folder, which the next writer's
 *       {@link SnapshotStore#open open} deletes;
 *   <li>sealed ({@code manifest.json} written, every file fsynced): survives crashes and restarts
 *       until it is published, {@linkplain SnapshotStore#discardStaged discarded}, or superseded
 *       (publishing a snapshot at step S deletes sealed staged snapshots with a step below S).
 * </ul>
 *
 * <p>Only {@link #id()} (a short string) needs to be kept in Flink state; {@link
 * SnapshotStore#resolve} maps it back to a folder whichever state the snapshot is in.
 */
public final class StagedSnapshot {

  private final SnapshotStore store;
  private final String id;
  private final long step;
  private final Path dir;

  StagedSnapshot(SnapshotStore store, String id, long step, Path dir) {
    this.store = store;
    this.id = id;
    this.step = step;
    this.dir = dir;
  }

  /** The staging name ({@code stage-<9-digit step>-<8 hex>}), the pointer to keep in Flink state. */
  public String id() {
    return id;
  }

  public long step() {
    return step;
  }

  /** The folder to write the snapshot's files into (flat: no sub-folders, no symlinks). */
  public Path dir() {
    return dir;
  }

  public boolean isSealed() {
    return Files.isRegularFile(dir.resolve(Manifest.FILE_NAME));
  }

  /**
   * Fsyncs and hashes every file, then writes the draft manifest durably: from here on the staged
   * snapshot survives a crash. Sealing twice is an error.
   *
   * @return the sealed manifest (no parent and no publishedAt yet)
   */
  public Manifest seal(ManifestDraft draft) {
    return store.seal(this, draft);
  }

  @Override
  public String toString() {
    return "StagedSnapshot[" + id + " in " + dir + "]";
  }
}
