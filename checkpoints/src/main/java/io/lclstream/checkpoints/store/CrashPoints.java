package io.lclstream.checkpoints.store;

/**
 * Named points of the publishing protocol where the crash tests halt the JVM, to prove that a crash
 * at any of them leaves a consistent store.
 *
 * <p>Test-only hook: when the system property {@value #PROPERTY} names a point, reaching it calls
 * {@link Runtime#halt(int)} with {@value #EXIT_CODE} (no shutdown hooks, no finally blocks, like a
 * kill -9). Unset in production, where each call is one property read.
 */
public final class CrashPoints {

  public static final String PROPERTY = "lcl.checkpoints.crashAt";
  public static final int EXIT_CODE = 86;

  /** Files written into the staging folder, not sealed yet. */
  public static final String STAGED = "staged";
  /** Staged files fsynced, draft manifest not written yet. */
  public static final String SEAL_FILES_SYNCED = "seal.filesSynced";
  /** Staged snapshot sealed (draft manifest durable). */
  public static final String SEALED = "sealed";
  /** Final manifest (with parent) written in the staging folder, folder not renamed yet. */
  public static final String PUBLISH_MANIFEST_WRITTEN = "publish.manifestWritten";
  /** Folder renamed to {@code ckpt-<step>}, {@code LATEST} not replaced yet. */
  public static final String PUBLISH_RENAMED = "publish.renamed";
  /** New {@code LATEST} written to a temporary file, not renamed yet. */
  public static final String PUBLISH_LATEST_TEMP_WRITTEN = "publish.latestTempWritten";
  /** {@code LATEST} replaced, retention not run yet. */
  public static final String PUBLISH_LATEST_SWAPPED = "publish.latestSwapped";
  /** Retention is deleting: one old snapshot moved to the trash, not deleted yet. */
  public static final String RETENTION_TRASHED = "retention.trashed";

  /** Every point, in protocol order. */
  public static final java.util.List<String> ALL =
      java.util.List.of(
          STAGED,
          SEAL_FILES_SYNCED,
          SEALED,
          PUBLISH_MANIFEST_WRITTEN,
          PUBLISH_RENAMED,
          PUBLISH_LATEST_TEMP_WRITTEN,
          PUBLISH_LATEST_SWAPPED,
          RETENTION_TRASHED);

  private CrashPoints() {}

  static void reached(String point) {
    String at = System.getProperty(PROPERTY);
    if (at != null && at.equals(point)) {
      Runtime.getRuntime().halt(EXIT_CODE);
    }
  }
}
