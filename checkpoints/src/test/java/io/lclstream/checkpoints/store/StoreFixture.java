package io.lclstream.checkpoints.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Builds realistic stores for tests and for trying {@code lcl serve} / {@code lcl pull} by hand:
 * snapshots with random binary parameters, JSON config files and decreasing, noisy losses.
 */
public final class StoreFixture {

  private final Random random;
  private final int paramBytes;
  private long samplesSeen;
  private SampleDigest digest = SampleDigest.empty();

  public StoreFixture(long seed, int paramBytes) {
    this.random = new Random(seed);
    this.paramBytes = paramBytes;
  }

  /** Continues the counters and the sample digest of an existing snapshot (to extend a store). */
  public StoreFixture continueFrom(Manifest m) {
    samplesSeen = m.samplesSeen();
    digest = SampleDigest.fromHex(m.sampleDigest());
    return this;
  }

  /** Stages, seals and publishes one snapshot of {@code step} the way the training sink does. */
  public Manifest publish(SnapshotStore store, long step) {
    return store.publish(stageAndSeal(store, step).id());
  }

  /** Stages and seals one snapshot of {@code step}, leaving it unpublished. */
  public StagedSnapshot stageAndSeal(SnapshotStore store, long step) {
    StagedSnapshot staged = store.stage(step);
    writeFiles(staged.dir(), step);
    return sealWith(staged, step);
  }

  public StagedSnapshot sealWith(StagedSnapshot staged, long step) {
    staged.seal(draft(step));
    return staged;
  }

  /** Writes the files a model snapshot holds. */
  public void writeFiles(Path dir, long step) {
    try {
      byte[] params = new byte[paramBytes];
      random.nextBytes(params);
      Files.write(dir.resolve("model.params"), params);
      byte[] opt = new byte[paramBytes * 2];
      random.nextBytes(opt);
      Files.write(dir.resolve("optimizer.params"), opt);
      Files.writeString(dir.resolve("config.json"), "{\"preset\":\"tiny\",\"width\":64,\"layers\":2}\n", StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("tokenizer.json"), "{\"type\":\"bytes\",\"vocab\":260}\n", StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("trainer.json"), "{\"step\":" + step + "}\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public ManifestDraft draft(long step) {
    long batch = 32;
    for (int i = 0; i < batch; i++) {
      digest.add("page-" + (samplesSeen + i));
    }
    samplesSeen += batch;
    double progress = step / 1000.0;
    double generation = 6.0 * Math.exp(-progress) + 1.5 + random.nextGaussian() * 0.05;
    double contrastive = 4.0 * Math.exp(-progress * 0.7) + 0.8 + random.nextGaussian() * 0.05;
    ObjectNode config = Json.MAPPER.createObjectNode().put("preset", "tiny").put("width", 64);
    return ManifestDraft.builder()
        .setStep(step)
        .setCounters(samplesSeen, samplesSeen * 180, samplesSeen * 2)
        .setLoss(generation + 0.1 * contrastive, contrastive, generation)
        .setSampleDigest(digest)
        .optModelConfig(config)
        .optFlinkCheckpointId(step / 100)
        .optThroughput(new Throughput(40 + random.nextDouble() * 5, 7200 + random.nextDouble() * 500, 80 + random.nextDouble() * 9))
        .optCreatedAt(Instant.parse("2026-12-01T00:00:00Z").plusSeconds(step * 3))
        .build();
  }

  /** Publishes {@code count} snapshots at steps {@code every, 2·every, …} into a new or existing store. */
  public static List<Manifest> build(Path dir, int count, long every, RetentionPolicy retention, int paramBytes) {
    StoreFixture fixture = new StoreFixture(42, paramBytes);
    List<Manifest> out = new ArrayList<>();
    try (SnapshotStore store = SnapshotStore.open(dir, retention)) {
      for (int i = 1; i <= count; i++) {
        out.add(fixture.publish(store, i * every));
      }
    }
    return out;
  }

  /** Flips one byte of a file in place (the test's model of silent corruption). */
  public static void flipByte(Path file, long offset) {
    try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
      ch.read(b, offset);
      b.flip();
      byte v = b.get(0);
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) (v ^ 0x01)}), offset);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
