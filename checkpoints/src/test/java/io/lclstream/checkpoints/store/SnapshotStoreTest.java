package io.lclstream.checkpoints.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {

  @TempDir Path dir;

  private final StoreFixture fixture = new StoreFixture(7, 4096);

  @Test
  void publishWritesManifestWithHashesParentAndMovesLatest() throws Exception {
    try (SnapshotStore store = SnapshotStore.open(dir, RetentionPolicy.of(10, 0))) {
      Manifest first = fixture.publish(store, 100);
      Manifest second = fixture.publish(store, 200);

      assertThat(second.id()).isEqualTo("ckpt-000000200");
      assertThat(second.parent()).isEqualTo("ckpt-000000100");
      assertThat(first.parent()).isNull();
      assertThat(Files.readString(dir.resolve("LATEST")).trim()).isEqualTo("ckpt-000000200");
      assertThat(store.latest()).contains(second);
      assertThat(store.list()).extracting(Manifest::id).containsExactly("ckpt-000000100", "ckpt-000000200");
      assertThat(second.files()).extracting(FileEntry::name)
          .containsExactly("config.json", "model.params", "optimizer.params", "tokenizer.json", "trainer.json");
      FileEntry params = second.file("model.params").orElseThrow();
      assertThat(params.bytes()).isEqualTo(4096);
      assertThat(params.sha256()).isEqualTo(Durable.sha256(dir.resolve("ckpt-000000200/model.params")));
      assertThat(second.sampleDigest()).hasSize(64).isNotEqualTo("0".repeat(64));
      assertThat(second.publishedAt()).isNotNull();
      assertThat(Files.list(dir.resolve(".staging")).count()).isZero();
    }
  }

  @Test
  void manifestJsonHasTheDesignFields() throws Exception {
    try (SnapshotStore store = SnapshotStore.open(dir, RetentionPolicy.DEFAULT)) {
      fixture.publish(store, 1200);
    }
    var json = Json.MAPPER.readTree(dir.resolve("ckpt-000001200/manifest.json").toFile());
    for (String field : List.of("id", "step", "samplesSeen", "tokensSeen", "imagesSeen", "loss", "createdAt",
        "flinkCheckpointId", "modelConfig", "files", "sampleDigest")) {
      assertThat(json.has(field)).as(field).isTrue();
    }
    assertThat(json.get("loss").has("contrastive")).isTrue();
    assertThat(json.get("createdAt").asText()).isEqualTo("2026-12-01T01:00:00Z");
    assertThat(json.get("files").get(0).get("sha256").asText()).hasSize(64);
  }

  @Test
  void retentionKeepsLastKAndMilestonesAndNeverLatest() {
    try (SnapshotStore store = SnapshotStore.open(dir, RetentionPolicy.of(2, 500))) {
      for (long step = 100; step <= 1200; step += 100) {
        fixture.publish(store, step);
      }
      assertThat(store.list()).extracting(Manifest::step).containsExactly(500L, 1000L, 1100L, 1200L);
      assertThat(store.latestId()).contains("ckpt-000001200");
      assertThat(dir.resolve("ckpt-000000400")).doesNotExist();
      assertThat(dir.resolve(".trash")).isEmptyDirectory();
    }
  }

  @Test
  void retentionSparesALeasedSnapshotUntilTheLeaseCloses() {
    try (SnapshotStore store = SnapshotStore.open(dir, RetentionPolicy.of(1, 0))) {
      fixture.publish(store, 1);
      try (Lease lease = store.lease("ckpt-000000001")) {
        fixture.publish(store, 2);
        fixture.publish(store, 3);
        assertThat(store.list()).extracting(Manifest::step).containsExactly(1L, 3L);
      }
      fixture.publish(store, 4);
      assertThat(store.list()).extracting(Manifest::step).containsExactly(4L);
    }
  }

  @Test
  void leaseFromAnotherProcessIsHonouredWithinItsTimeToLive() {
    try (SnapshotStore store = SnapshotStore.open(dir, RetentionPolicy.of(1, 0))) {
      fixture.publish(store, 1);
      SnapshotStore reader = SnapshotStore.openReadOnly(dir);
      reader.touchLease("ckpt-000000001", "server-1");
      fixture.publish(store, 2);
      assertThat(store.list()).extracting(Manifest::step).containsExactly(1L, 2L);
    }
    // A lease that was not refreshed within the time-to-live no longer holds.
    try (SnapshotStore store = SnapshotStore.open(dir, RetentionPolicy.of(1, 0), java.time.Duration.ZERO)) {
      fixture.publish(store, 3);
      assertThat(store.list()).extracting(Manifest::step).containsExactly(3L);
    }
  }

  @Test
  void publishingTwiceIsANoOpReturningTheSameManifest() {
    try (SnapshotStore store = SnapshotStore.open(dir, RetentionPolicy.DEFAULT)) {
      StagedSnapshot staged = fixture.stageAndSeal(store, 10);
      Manifest first = store.publish(staged.id());
      Manifest again = store.publish(staged.id());
      assertThat(again).isEqualTo(first);
      assertThat(store.list()).hasSize(1);
      assertThat(store.latestId()).contains("ckpt-000000010");
    }
  }

  @Test
  void publishingAnUnknownStagedIdFailsWithAClearMessage() {
    try (SnapshotStore store = SnapshotStore.open(dir, RetentionPolicy.DEFAULT)) {
      assertThatThrownBy(() -> store.publish("stage-000000010-0000abcd"))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("stage-000000010-0000abcd")
          .hasMessageContaining("neither");
      assertThatThrownBy(() -> store.publish("../../etc"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("expected stage-");
    }
  }

  @Test
  void publishingAnUnsealedSnapshotIsRefused() {
    try (SnapshotStore store = SnapshotStore.open(dir, RetentionPolicy.DEFAULT)) {
      StagedSnapshot staged = store.stage(5);
      fixture.writeFiles(staged.dir(), 5);
      assertThatThrownBy(() -> store.publish(staged.id())).hasMessageContaining("not sealed");
    }
  }

  @Test
  void resolveFindsStagedAndPublishedSnapshots() {
    try (SnapshotStore store = SnapshotStore.open(dir, RetentionPolicy.DEFAULT)) {
      StagedSnapshot staged = fixture.stageAndSeal(store, 10);
      assertThat(store.resolve(staged.id())).isEqualTo(staged.dir());
      store.publish(staged.id());
      assertThat(store.resolve(staged.id())).isEqualTo(dir.toAbsolutePath().resolve("ckpt-000000010"));
      assertThat(store.resolve("ckpt-000000010")).isEqualTo(dir.toAbsolutePath().resolve("ckpt-000000010"));
      assertThat(store.resolve("latest")).isEqualTo(dir.toAbsolutePath().resolve("ckpt-000000010"));
      assertThatThrownBy(() -> store.resolve("stage-000000011-12345678"))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("tried")
          .hasMessageContaining("(absent)");
    }
  }

  @Test
  void sealedStagedSnapshotsSurviveReopenUntilSuperseded() {
    String older;
    String newer;
    try (SnapshotStore store = SnapshotStore.open(dir, RetentionPolicy.DEFAULT)) {
      older = fixture.stageAndSeal(store, 10).id();
      newer = fixture.stageAndSeal(store, 20).id();
      StagedSnapshot torn = store.stage(30);
      fixture.writeFiles(torn.dir(), 30);
    }
    try (SnapshotStore store = SnapshotStore.open(dir, RetentionPolicy.DEFAULT)) {
      assertThat(store.stagedIds()).containsExactly(older, newer);
      store.publish(newer);
      assertThat(store.stagedIds()).isEmpty(); // step 10 < 20: superseded
      assertThatThrownBy(() -> store.publish(older)).hasMessageContaining("superseded");
    }
  }

  @Test
  void discardStagedRemovesItAndIsIdempotent() {
    try (SnapshotStore store = SnapshotStore.open(dir, RetentionPolicy.DEFAULT)) {
      StagedSnapshot staged = fixture.stageAndSeal(store, 10);
      store.discardStaged(staged.id());
      store.discardStaged(staged.id());
      assertThat(staged.dir()).doesNotExist();
      assertThat(store.stagedIds()).isEmpty();
    }
  }

  @Test
  void verifyCatchesAFlippedByte() {
    try (SnapshotStore store = SnapshotStore.open(dir, RetentionPolicy.DEFAULT)) {
      fixture.publish(store, 1);
      assertThat(store.verify("ckpt-000000001").ok()).isTrue();
      StoreFixture.flipByte(dir.resolve("ckpt-000000001/optimizer.params"), 777);
      VerifyReport report = store.verify("ckpt-000000001");
      assertThat(report.ok()).isFalse();
      assertThat(report.files()).filteredOn(f -> !f.ok()).singleElement()
          .satisfies(f -> {
            assertThat(f.name()).isEqualTo("optimizer.params");
            assertThat(f.status()).isEqualTo(FileCheck.Status.WRONG_SHA256);
          });
    }
  }

  @Test
  void openFallsBackFromACorruptOrMissingLatestToTheNewestGoodSnapshot() throws Exception {
    try (SnapshotStore store = SnapshotStore.open(dir, RetentionPolicy.of(5, 0))) {
      fixture.publish(store, 1);
      fixture.publish(store, 2);
      fixture.publish(store, 3);
    }
    StoreFixture.flipByte(dir.resolve("ckpt-000000003/model.params"), 10);
    try (SnapshotStore store = SnapshotStore.open(dir, RetentionPolicy.of(5, 0))) {
      assertThat(store.latestId()).contains("ckpt-000000002");
      assertThat(Files.readString(dir.resolve("LATEST")).trim()).isEqualTo("ckpt-000000002");
    }
    Files.writeString(dir.resolve("LATEST"), "ckpt-000000999\n", StandardCharsets.UTF_8);
    try (SnapshotStore store = SnapshotStore.open(dir, RetentionPolicy.of(5, 0))) {
      assertThat(Files.readString(dir.resolve("LATEST")).trim()).isEqualTo("ckpt-000000002");
    }
  }

  @Test
  void sealRefusesSymlinksFoldersAndReservedNames() throws Exception {
    try (SnapshotStore store = SnapshotStore.open(dir, RetentionPolicy.DEFAULT)) {
      StagedSnapshot staged = store.stage(1);
      fixture.writeFiles(staged.dir(), 1);
      Files.createSymbolicLink(staged.dir().resolve("evil"), Path.of("/etc/passwd"));
      assertThatThrownBy(() -> fixture.sealWith(staged, 1))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("evil is a symlink");
      assertThatThrownBy(() -> fixture.sealWith(store.stage(2), 3))
          .hasMessageContaining("step=3 does not match the step 2");
    }
  }

  @Test
  void secondWriterIsRefusedButReadersAreNot() {
    try (SnapshotStore store = SnapshotStore.open(dir, RetentionPolicy.DEFAULT)) {
      fixture.publish(store, 1);
      assertThatThrownBy(() -> SnapshotStore.open(dir, RetentionPolicy.DEFAULT))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("already open for writing");
      SnapshotStore reader = SnapshotStore.openReadOnly(dir);
      assertThat(reader.latestId()).contains("ckpt-000000001");
      assertThatThrownBy(() -> reader.stage(2)).hasMessageContaining("read-only");
    }
  }

  @Test
  void draftBuilderNamesEveryMissingField() {
    assertThatThrownBy(() -> ManifestDraft.builder().setSampleDigest("xyz").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("step is missing")
        .hasMessageContaining("loss is missing")
        .hasMessageContaining("'xyz'");
  }

  @Test
  void retentionPolicyRejectsKeepingNothing() {
    assertThatThrownBy(() -> RetentionPolicy.of(0, 0)).hasMessageContaining("Invalid value 0 for retention keepLast");
  }
}
