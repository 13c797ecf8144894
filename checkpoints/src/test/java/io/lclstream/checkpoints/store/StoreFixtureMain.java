package io.lclstream.checkpoints.store;

import java.nio.file.Path;

/**
 * Builds a store by hand: {@code java -cp <test classpath> io.lclstream.checkpoints.store.StoreFixtureMain
 * DIR [COUNT] [EVERY] [KEEP_LAST] [MILESTONE_EVERY] [PARAM_BYTES]}; run it again on the same DIR to
 * publish more snapshots after the last one.
 */
public final class StoreFixtureMain {
  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("usage: StoreFixtureMain DIR [COUNT=12] [EVERY=100] [KEEP_LAST=4] [MILESTONE_EVERY=500] [PARAM_BYTES=1048576]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 12;
    long every = args.length > 2 ? Long.parseLong(args[2]) : 100;
    int keep = args.length > 3 ? Integer.parseInt(args[3]) : 4;
    long milestones = args.length > 4 ? Long.parseLong(args[4]) : 500;
    int bytes = args.length > 5 ? Integer.parseInt(args[5]) : 1 << 20;
    StoreFixture fixture = new StoreFixture(System.nanoTime(), bytes);
    try (SnapshotStore store = SnapshotStore.open(dir, RetentionPolicy.of(keep, milestones))) {
      long start = store.latest().map(Manifest::step).orElse(0L);
      store.latest().ifPresent(fixture::continueFrom);
      for (int i = 1; i <= count; i++) {
        Manifest m = fixture.publish(store, start + i * every);
        System.out.printf("published %s  step %d  loss %.3f  %d bytes%n", m.id(), m.step(), m.loss().total(), m.totalBytes());
      }
      System.out.println("store " + store.root() + ": " + store.list().size() + " snapshots kept, LATEST " + store.latestId().orElse("-"));
    }
  }
}
