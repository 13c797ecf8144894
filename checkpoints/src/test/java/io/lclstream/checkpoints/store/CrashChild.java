package io.lclstream.checkpoints.store;

import java.nio.file.Path;

/**
 * The publishing process of the crash tests: opens the store, stages, seals and publishes the next
 * snapshot; {@link CrashPoints} halts it at the point named by {@code -Dlcl.checkpoints.crashAt}.
 * Prints the staged id first so the test can re-publish it after the crash.
 */
public final class CrashChild {
  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    long step = Long.parseLong(args[1]);
    StoreFixture fixture = new StoreFixture(step, 64 * 1024);
    try (SnapshotStore store = SnapshotStore.open(dir, RetentionPolicy.of(2, 0))) {
      StagedSnapshot staged = store.stage(step);
      System.out.println(staged.id());
      System.out.flush();
      fixture.writeFiles(staged.dir(), step);
      fixture.sealWith(staged, step);
      store.publish(staged.id());
    }
  }
}
