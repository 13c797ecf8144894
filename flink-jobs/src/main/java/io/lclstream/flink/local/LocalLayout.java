package io.lclstream.flink.local;

import io.lclstream.flink.job.FlinkSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The work dir of {@code lcl local}: {@code kafka/}, {@code flink/} (checkpoints and savepoints),
 * {@code checkpoints/} (the snapshot store) and {@code logs/}, plus the small notes that make a
 * second run resume: which inputs were pushed, and where the job should restore from.
 */
record LocalLayout(Path root) {
  private static final String PUSHED = "pushed.tsv";
  private static final String RESUME = "RESUME";
  private static final String FINISHED = "FINISHED";

  static LocalLayout create(Path root) {
    LocalLayout layout = new LocalLayout(root);
    try {
      for (Path dir : List.of(layout.kafka(), layout.flink(), layout.store(), layout.logs(), layout.savepoints())) {
        Files.createDirectories(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the work dir " + root + " (" + e.getMessage()
          + "); pass a writable --work DIR", e);
    }
    return layout;
  }

  Path kafka() {
    return root.resolve("kafka");
  }

  Path flink() {
    return root.resolve("flink");
  }

  Path savepoints() {
    return flink().resolve("savepoints");
  }

  Path store() {
    return root.resolve("checkpoints");
  }

  Path logs() {
    return root.resolve("logs");
  }

  /** Inputs not pushed by an earlier run (same path, size and modification time). */
  List<Path> notYetPushed(List<Path> inputs) throws IOException {
    Path file = root.resolve(PUSHED);
    Set<String> done = new HashSet<>(Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of());
    List<Path> todo = new ArrayList<>();
    for (Path in : inputs) {
      if (!done.contains(fingerprint(in))) {
        todo.add(in);
      } else {
        Status.say(in + " was pushed by an earlier run; not pushing it again");
      }
    }
    return todo;
  }

  void markPushed(Path input) throws IOException {
    Files.writeString(root.resolve(PUSHED), fingerprint(input) + "\n", StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static String fingerprint(Path p) throws IOException {
    Path abs = p.toAbsolutePath().normalize();
    return abs + "\t" + Files.size(abs) + "\t" + Files.getLastModifiedTime(abs).toMillis();
  }

  /**
   * Where the job resumes: the newer of the savepoint a --steps stop left and the last retained
   * checkpoint, unless the previous run finished (its input all trained) after both; then the
   * job starts from the committed Kafka offsets and the store's latest snapshot.
   */
  Optional<String> restorePoint() throws IOException {
    Optional<Path> checkpoint = FlinkSettings.latestCheckpoint(flink().toUri().toString());
    Path resumeFile = flink().resolve(RESUME);
    Optional<Path> savepoint = Files.exists(resumeFile)
        ? Optional.of(Path.of(java.net.URI.create(Files.readString(resumeFile).trim())))
        : Optional.empty();
    Optional<Path> newest = newest(checkpoint, savepoint.filter(Files::isDirectory));
    Path finished = flink().resolve(FINISHED);
    if (newest.isEmpty() || (Files.exists(finished) && modified(finished) >= modified(newest.get()))) {
      return Optional.empty();
    }
    return newest.map(Path::toString);
  }

  private static Optional<Path> newest(Optional<Path> a, Optional<Path> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return modified(a.get()) >= modified(b.get()) ? a : b;
  }

  private static long modified(Path p) {
    try {
      Path metadata = p.resolve("_metadata");
      return Files.getLastModifiedTime(Files.exists(metadata) ? metadata : p).toMillis();
    } catch (IOException e) {
      return Long.MIN_VALUE;
    }
  }

  void markResumeFrom(String savepoint) throws IOException {
    String uri = savepoint.startsWith("file:") ? savepoint : Path.of(savepoint).toUri().toString();
    Files.writeString(flink().resolve(RESUME), uri + "\n", StandardCharsets.UTF_8);
  }

  void markFinished() throws IOException {
    Files.writeString(flink().resolve(FINISHED), java.time.Instant.now() + "\n", StandardCharsets.UTF_8);
  }

  void clearFinished() throws IOException {
    Files.deleteIfExists(flink().resolve(FINISHED));
  }
}
