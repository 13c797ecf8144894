package io.lclstream.flink.local;

import io.lclstream.checkpoints.store.Manifest;
import io.lclstream.checkpoints.store.SnapshotStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The one live status line of {@code lcl local}, from the job's metrics and the snapshot store. */
final class Status {
  private final Path store;
  private final boolean console = System.console() != null;
  private long lastStoreRead;
  private long lastPrinted;
  private Optional<Manifest> latest = Optional.empty();

  Status(Path store) {
    this.store = store;
  }

  static void say(String message) {
    System.err.println("lcl local: " + message);
  }

  Optional<Manifest> latest() {
    return latest(false);
  }

  /** The newest published snapshot, read again from the store when {@code fresh} or every 2 s. */
  Optional<Manifest> latest(boolean fresh) {
    long now = System.currentTimeMillis();
    if ((fresh || now - lastStoreRead > 2000) && Files.exists(store.resolve(SnapshotStore.LATEST))) {
      try (SnapshotStore s = SnapshotStore.openReadOnly(store)) {
        latest = s.latest();
      } catch (RuntimeException racingAPublish) {
        // Keep the previous value; the next read sees the new snapshot.
      }
      lastStoreRead = now;
    }
    return latest;
  }

  void print() {
    long now = System.currentTimeMillis();
    if (!console && now - lastPrinted < 15_000) {
      return;
    }
    lastPrinted = now;
    String line = line();
    if (console) {
      System.err.print("\r" + line + "   ");
    } else {
      System.err.println(line);
    }
    System.err.flush();
  }

  /**
   * Pages taken out of the stream, by reason: quality and packing filters and duplicates (not
   * paragraphs removed inside a kept page, nor single images).
   */
  static Map<String, Long> pageOutcomes() {
    Map<String, Long> out = new java.util.TreeMap<>();
    StatusReporter.countsUnder("pipeline.filtered.").forEach((reason, n) -> {
      if (!reason.startsWith("text.node")) {
        out.put(reason, n);
      }
    });
    StatusReporter.countsUnder("pipeline.duplicates.").forEach((kind, n) -> {
      if (!kind.equals("image")) {
        out.put("dup." + kind, n);
      }
    });
    return out;
  }

  /** The end-of-run counts, by reason. */
  String summary() {
    return String.format("pages read %d, rejected %s, filtered %s; images removed as too frequent %d, failed %s",
        StatusReporter.count("pipeline.pagesRead"), StatusReporter.countsUnder("pipeline.rejected."), pageOutcomes(),
        StatusReporter.count("pipeline.duplicates.image"), StatusReporter.countsUnder("pipeline.images.failed."));
  }

  String line() {
    double step = StatusReporter.value("trainer.step");
    double loss = StatusReporter.value("trainer.loss");
    double samplesPerSecond = StatusReporter.value("trainer.samplesPerSecond");
    Map<String, Long> rejected = StatusReporter.countsUnder("pipeline.rejected.");
    long filtered = pageOutcomes().values().stream().mapToLong(Long::longValue).sum();
    String snapshot = latest().map(m -> m.id() + " (step " + m.step() + ")").orElse("none yet");
    return String.format("step %s | loss %s | pages in %d, rejected %d%s, filtered %d | %.1f samples/s | last snapshot %s",
        Double.isNaN(step) ? "-" : String.valueOf((long) step),
        Double.isNaN(loss) ? "-" : String.format("%.4f", loss),
        StatusReporter.count("pipeline.pagesRead"),
        rejected.values().stream().mapToLong(Long::longValue).sum(),
        rejected.isEmpty() ? "" : " " + rejected.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(",", "(", ")")),
        filtered,
        Double.isNaN(samplesPerSecond) ? 0.0 : samplesPerSecond,
        snapshot);
  }
}
