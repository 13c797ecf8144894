package io.lclstream.flink.job;

import io.lclstream.flink.config.JobConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;

/**
 * The Flink settings the job needs wherever it runs: RocksDB state backend (incremental),
 * exactly-once unaligned checkpoints every {@code flink.checkpoint-interval} into
 * {@code flink.checkpoint-dir}, retained on cancellation so a later run can resume from them.
 */
public final class FlinkSettings {
  private FlinkSettings() {}

  public static Configuration forJob(JobConfig config) {
    Configuration conf = new Configuration();
    conf.setString("state.backend.type", "rocksdb");
    conf.setString("execution.checkpointing.incremental", "true");
    conf.setString("execution.checkpointing.dir", config.store().flinkCheckpointDir());
    conf.setString("execution.checkpointing.interval", config.store().checkpointInterval().toMillis() + " ms");
    conf.setString("execution.checkpointing.mode", "EXACTLY_ONCE");
    conf.setString("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
    conf.setString("execution.checkpointing.num-retained", "3");
    // Under backpressure (a slow trainer is the normal case) aligned barriers would queue behind
    // every buffered page; unaligned barriers overtake them, so checkpoints, and with them
    // snapshots, keep their cadence. The overtaken pages become part of the checkpoint.
    conf.setString("execution.checkpointing.unaligned.enabled", "true");
    // A page with its images is often larger than one 32 KiB network buffer; extra (overdraft)
    // buffers let a backpressured task finish emitting it instead of blocking mid-record, where
    // no barrier can reach it. Takes effect in local runs; set it on a cluster's TaskManagers.
    conf.setString("taskmanager.network.memory.max-overdraft-buffers-per-gate", "64");
    // Shrink in-flight buffers to what the (slow) consumer takes in a second, so an unaligned
    // checkpoint persists little channel state.
    conf.setString("taskmanager.network.memory.buffer-debloat.enabled", "true");
    conf.setString("execution.checkpointing.tolerable-failed-checkpoints", "3");
    // A bounded run must still publish its last snapshot after the source finishes.
    conf.setString("execution.checkpointing.checkpoints-after-tasks-finish", "true");
    // Every stream element is a record Flink serialises itself; fail fast if one would fall back to Kryo.
    conf.setString("pipeline.generic-types", "false");
    return conf;
  }

  /**
   * The newest complete retained checkpoint under a checkpoint directory ({@code <dir>/<job
   * id>/chk-N/_metadata}), for resuming a local run.
   */
  public static Optional<Path> latestCheckpoint(String checkpointDir) {
    Path root = Path.of(URI.create(checkpointDir.startsWith("file:") ? checkpointDir : Path.of(checkpointDir).toUri().toString()));
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> jobs = Files.list(root)) {
      return jobs.filter(Files::isDirectory)
          .flatMap(FlinkSettings::checkpointsOf)
          .filter(chk -> Files.isRegularFile(chk.resolve("_metadata")))
          .max(Comparator.comparingLong(FlinkSettings::modified));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list Flink checkpoints under " + root, e);
    }
  }

  private static Stream<Path> checkpointsOf(Path jobDir) {
    try (Stream<Path> entries = Files.list(jobDir)) {
      return entries.filter(p -> p.getFileName().toString().startsWith("chk-")).toList().stream();
    } catch (IOException e) {
      return Stream.empty();
    }
  }

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p.resolve("_metadata")).toMillis();
    } catch (IOException e) {
      return Long.MIN_VALUE;
    }
  }
}
