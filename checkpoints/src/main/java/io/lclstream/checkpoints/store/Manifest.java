package io.lclstream.checkpoints.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@code manifest.json} of a snapshot: what it is (id, step, counters, losses, config, digest of
 * the samples trained), where it comes from (parent, Flink checkpoint, staged name) and its files
 * with sizes and SHA-256.
 *
 * @param parent the snapshot {@code LATEST} named when this one was published, or {@code null}
 * @param stagedId the staging name it was published from (makes re-publishing idempotent)
 * @param publishedAt when it was published, or {@code null} while it is only sealed
 */
public record Manifest(
    int formatVersion,
    String id,
    long step,
    String parent,
    String stagedId,
    Instant createdAt,
    Instant publishedAt,
    long samplesSeen,
    long tokensSeen,
    long imagesSeen,
    Loss loss,
    Long flinkCheckpointId,
    JsonNode modelConfig,
    String sampleDigest,
    Throughput throughput,
    List<FileEntry> files) {

  public static final int FORMAT_VERSION = 1;
  public static final String FILE_NAME = "manifest.json";

  public Manifest {
    files = files == null ? List.of() : List.copyOf(files);
  }

  static Manifest sealed(String id, String stagedId, ManifestDraft d, List<FileEntry> files) {
    return new Manifest(
        FORMAT_VERSION, id, d.step(), null, stagedId, d.createdAt(), null, d.samplesSeen(),
        d.tokensSeen(), d.imagesSeen(), d.loss(), d.flinkCheckpointId(), d.modelConfig(),
        d.sampleDigest(), d.throughput(), files);
  }

  Manifest published(String parent, Instant publishedAt) {
    return new Manifest(
        formatVersion, id, step, parent, stagedId, createdAt, publishedAt, samplesSeen, tokensSeen,
        imagesSeen, loss, flinkCheckpointId, modelConfig, sampleDigest, throughput, files);
  }

  /** Sum of the sizes of every file (the manifest itself excluded). */
  @JsonIgnore
  public long totalBytes() {
    return files.stream().mapToLong(FileEntry::bytes).sum();
  }

  /** The listed file of that exact name, if any. */
  public Optional<FileEntry> file(String name) {
    return files.stream().filter(f -> f.name().equals(name)).findFirst();
  }
}
