package io.lclstream.checkpoints.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * A reader's claim on a published snapshot: while it is open (and refreshed within the store's
 * lease time-to-live) retention does not delete that snapshot, even from another process.
 */
public final class Lease implements AutoCloseable {

  private final String snapshotId;
  private final Path file;
  private final Runnable onClose;

  Lease(String snapshotId, Path file, Runnable onClose) {
    this.snapshotId = snapshotId;
    this.file = file;
    this.onClose = onClose;
  }

  public String snapshotId() {
    return snapshotId;
  }

  /** Marks the lease as still in use (readers holding one longer than the time-to-live call this). */
  public void refresh() {
    try {
      Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
    } catch (IOException e) {
      // A lease is a courtesy to retention; failing to refresh it never fails the read.
    }
  }

  @Override
  public void close() {
    onClose.run();
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Stale lease files expire by themselves after the time-to-live.
    }
  }
}
