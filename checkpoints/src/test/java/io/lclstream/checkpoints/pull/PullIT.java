package io.lclstream.checkpoints.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lclstream.checkpoints.serve.CheckpointServer;
import io.lclstream.checkpoints.store.FileEntry;
import io.lclstream.checkpoints.store.Manifest;
import io.lclstream.checkpoints.store.RetentionPolicy;
import io.lclstream.checkpoints.store.SnapshotStore;
import io.lclstream.checkpoints.store.StoreFixture;
import io.lclstream.checkpoints.store.VerifyReport;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lcl pull} against a real checkpoint server over loopback. */
class PullIT {

  @TempDir Path tmp;
  private CheckpointServer server;
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private Path store() {
    return tmp.resolve("store");
  }

  private void serve(String token) throws Exception {
    Files.createDirectories(store());
    server = CheckpointServer.start(new CheckpointServer.Config(store(), "127.0.0.1", 0, token, Duration.ofMillis(100)));
  }

  private Puller puller(Path to, String token) {
    return new Puller(new Puller.Options(URI.create(server.url()), token, to, null, QUIET));
  }

  @Test
  void pullsTheLatestSnapshotAndVerifiesIt() throws Exception {
    List<Manifest> ms = StoreFixture.build(store(), 3, 10, RetentionPolicy.of(5, 0), 100_000);
    serve(null);
    Path to = tmp.resolve("pulled");
    Puller.Result r = puller(to, null).pull("latest");

    assertThat(r.id()).isEqualTo("ckpt-000000030");
    assertThat(r.alreadyPresent()).isFalse();
    assertThat(r.bytesDownloaded()).isEqualTo(ms.get(2).totalBytes());
    for (FileEntry f : ms.get(2).files()) {
      assertThat(to.resolve(r.id()).resolve(f.name())).hasSameBinaryContentAs(store().resolve(r.id()).resolve(f.name()));
    }
    assertThat(Files.readString(to.resolve("LATEST")).trim()).isEqualTo(r.id());
    assertThat(SnapshotStore.openReadOnly(to).verify(r.id()).ok()).isTrue();
    assertThat(to.resolve(".partial")).doesNotExist();
    assertThat(r.tried()).anyMatch(t -> t.startsWith("resolved latest to ckpt-000000030"));

    Puller.Result again = puller(to, null).pull("latest");
    assertThat(again.alreadyPresent()).isTrue();
    assertThat(again.bytesDownloaded()).isZero();

    Puller.Result older = puller(to, null).pull("ckpt-000000010");
    assertThat(older.bytesDownloaded()).isEqualTo(ms.get(0).totalBytes());
    assertThat(Files.readString(to.resolve("LATEST")).trim()).isEqualTo("ckpt-000000030"); // LATEST never goes back
  }

  @Test
  void resumesAPartialFileWithARangeRequest() throws Exception {
    List<Manifest> ms = StoreFixture.build(store(), 1, 10, RetentionPolicy.of(5, 0), 100_000);
    serve(null);
    Manifest m = ms.get(0);
    Path to = tmp.resolve("pulled");
    Path partial = Files.createDirectories(to.resolve(".partial").resolve(m.id()));
    byte[] params = Files.readAllBytes(store().resolve(m.id()).resolve("optimizer.params"));
    Files.write(partial.resolve("optimizer.params"), java.util.Arrays.copyOf(params, 123_456));

    Puller.Result r = puller(to, null).pull(m.id());
    assertThat(r.bytesResumed()).isEqualTo(123_456);
    assertThat(r.bytesDownloaded()).isEqualTo(m.totalBytes() - 123_456);
    assertThat(r.tried()).contains("resuming optimizer.params at byte 123456");
    assertThat(to.resolve(m.id()).resolve("optimizer.params")).hasBinaryContent(params);
  }

  @Test
  void aFlippedByteOnTheServerIsCaughtAndNothingIsPutInPlace() throws Exception {
    List<Manifest> ms = StoreFixture.build(store(), 1, 10, RetentionPolicy.of(5, 0), 50_000);
    serve(null);
    StoreFixture.flipByte(store().resolve(ms.get(0).id()).resolve("model.params"), 4242);
    Path to = tmp.resolve("pulled");
    assertThatThrownBy(() -> puller(to, null).pull("latest"))
        .isInstanceOf(PullException.class)
        .hasMessageContaining("model.params")
        .hasMessageContaining("sha256")
        .hasMessageContaining(ms.get(0).file("model.params").orElseThrow().sha256());
    assertThat(to.resolve(ms.get(0).id())).doesNotExist();
    assertThat(to.resolve("LATEST")).doesNotExist();
  }

  @Test
  void twentyConcurrentPullsWhileSnapshotsArePublishedAndRetiredAllVerify() throws Exception {
    serve(null);
    StoreFixture fixture = new StoreFixture(5, 200_000);
    AtomicBoolean publishing = new AtomicBoolean(true);
    List<String> published = Collections.synchronizedList(new ArrayList<>());
    List<String> retired = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(21);
    try (SnapshotStore writer = SnapshotStore.open(store(), RetentionPolicy.of(2, 0))) {
      published.add(fixture.publish(writer, 1).id());
      Future<?> publisher = pool.submit(() -> {
        for (long step = 2; step <= 25; step++) {
          published.add(fixture.publish(writer, step).id());
          retired.addAll(writer.applyRetention());
          try {
            Thread.sleep(40);
          } catch (InterruptedException e) {
            return null;
          }
        }
        publishing.set(false);
        return null;
      });
      List<Future<List<Puller.Result>>> pullers = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        Path to = tmp.resolve("client-" + i);
        pullers.add(pool.submit(() -> {
          List<Puller.Result> results = new ArrayList<>();
          Puller p = puller(to, null);
          do {
            results.add(p.pull("latest"));
          } while (publishing.get() || results.size() < 3);
          return results;
        }));
      }
      publisher.get(5, TimeUnit.MINUTES);
      int pulls = 0;
      int distinct = 0;
      for (int i = 0; i < 20; i++) {
        List<Puller.Result> results = pullers.get(i).get(5, TimeUnit.MINUTES);
        pulls += results.size();
        SnapshotStore pulled = SnapshotStore.openReadOnly(tmp.resolve("client-" + i));
        List<String> ids = results.stream().map(Puller.Result::id).distinct().toList();
        distinct += ids.size();
        for (String id : ids) {
          VerifyReport v = pulled.verify(id);
          assertThat(v.failures()).as("client %d, %s", i, id).isEmpty();
          assertThat(v.files()).hasSize(5);
        }
      }
      assertThat(pulls).isGreaterThanOrEqualTo(60);
      System.out.printf("concurrent pulls: %d pulls (%d distinct snapshot copies) by 20 clients verified while %d snapshots were published%n",
          pulls, distinct, published.size());
    } finally {
      pool.shutdownNow();
    }
    assertThat(published).hasSize(25);
    try (SnapshotStore reopened = SnapshotStore.open(store(), RetentionPolicy.of(2, 0), Duration.ZERO)) {
      assertThat(reopened.list()).extracting(Manifest::step).containsExactly(24L, 25L); // the rest were retired
    }
  }

  @Test
  void followPullsEachNewlyPublishedSnapshot() throws Exception {
    serve(null);
    StoreFixture fixture = new StoreFixture(9, 10_000);
    Path to = tmp.resolve("rolling");
    List<String> pulled = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean running = new AtomicBoolean(true);
    Thread follower;
    try (SnapshotStore writer = SnapshotStore.open(store(), RetentionPolicy.of(3, 0))) {
      fixture.publish(writer, 1);
      follower = new Thread(() -> {
        try {
          puller(to, null).follow(Duration.ofMillis(50), running::get, r -> pulled.add(r.id()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      follower.start();
      for (long step = 2; step <= 4; step++) {
        awaitSize(pulled, (int) step - 1);
        fixture.publish(writer, step);
      }
      awaitSize(pulled, 4);
    }
    running.set(false);
    follower.join(10_000);
    assertThat(pulled).containsExactly("ckpt-000000001", "ckpt-000000002", "ckpt-000000003", "ckpt-000000004");
    assertThat(Files.readString(to.resolve("LATEST")).trim()).isEqualTo("ckpt-000000004");
  }

  @Test
  void theTokenIsSentAndAMissingOneIsExplained() throws Exception {
    StoreFixture.build(store(), 1, 10, RetentionPolicy.of(5, 0), 1000);
    serve("tok-123");
    assertThatThrownBy(() -> puller(tmp.resolve("a"), null).pull("latest"))
        .isInstanceOf(PullException.class)
        .hasMessageContaining("401")
        .hasMessageContaining("--token-file");
    assertThat(puller(tmp.resolve("b"), "tok-123").pull("latest").id()).isEqualTo("ckpt-000000010");
  }

  @Test
  void anUnreachableServerOrUnknownCheckpointSaysWhatWasTried() throws Exception {
    StoreFixture.build(store(), 1, 10, RetentionPolicy.of(5, 0), 1000);
    serve(null);
    assertThatThrownBy(() -> puller(tmp.resolve("a"), null).pull("ckpt-000000077"))
        .isInstanceOf(PullException.class)
        .hasMessageContaining("no checkpoint 'ckpt-000000077'")
        .hasMessageContaining("Tried: GET " + server.url() + "/v1/checkpoints/ckpt-000000077");
    int port = server.port();
    server.close();
    server = null;
    assertThatThrownBy(() -> new Puller(new Puller.Options(URI.create("http://127.0.0.1:" + port), null, tmp.resolve("a"), null, QUIET)).pull("latest"))
        .isInstanceOf(PullException.class)
        .hasMessageContaining("Cannot reach the checkpoint server at http://127.0.0.1:" + port)
        .hasMessageContaining("lcl serve");
  }

  private static void awaitSize(List<String> list, int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (list.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(list).hasSizeGreaterThanOrEqualTo(n);
  }
}
