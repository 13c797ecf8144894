package io.lclstream.checkpoints.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lclstream.checkpoints.store.Json;
import io.lclstream.checkpoints.store.Manifest;
import io.lclstream.checkpoints.store.RetentionPolicy;
import io.lclstream.checkpoints.store.SnapshotStore;
import io.lclstream.checkpoints.store.StoreFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint server against a real store on disk, over real sockets. */
class CheckpointServerIT {

  @TempDir Path tmp;
  private CheckpointServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private Path store() {
    return tmp.resolve("store");
  }

  private List<Manifest> buildAndServe(int count, String token) throws Exception {
    List<Manifest> ms = StoreFixture.build(store(), count, 100, RetentionPolicy.of(10, 0), 8192);
    server = CheckpointServer.start(new CheckpointServer.Config(store(), "127.0.0.1", 0, token, Duration.ofMillis(100)));
    return ms;
  }

  private JsonNode json(RawHttp.Response r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }

  @Test
  void listsCheckpointsAndServesManifests() throws Exception {
    List<Manifest> ms = buildAndServe(3, null);
    JsonNode list = json(RawHttp.get(server.port(), "/v1/checkpoints"));
    assertThat(list.get("latest").asText()).isEqualTo("ckpt-000000300");
    assertThat(list.get("checkpoints")).extracting(n -> n.get("id").asText())
        .containsExactly("ckpt-000000100", "ckpt-000000200", "ckpt-000000300");
    assertThat(list.get("checkpoints").get(0).get("bytes").asLong()).isEqualTo(ms.get(0).totalBytes());

    RawHttp.Response latest = RawHttp.get(server.port(), "/v1/checkpoints/latest");
    assertThat(latest.status()).isEqualTo(200);
    assertThat(Json.MAPPER.readValue(latest.body(), Manifest.class)).isEqualTo(ms.get(2));
    assertThat(Json.MAPPER.readValue(RawHttp.get(server.port(), "/v1/checkpoints/ckpt-000000100").body(), Manifest.class))
        .isEqualTo(ms.get(0));
  }

  @Test
  void servesFilesWithEtagHeadAndRange() throws Exception {
    List<Manifest> ms = buildAndServe(1, null);
    Manifest m = ms.get(0);
    byte[] content = Files.readAllBytes(store().resolve(m.id()).resolve("model.params"));
    String sha = m.file("model.params").orElseThrow().sha256();
    String path = "/v1/checkpoints/" + m.id() + "/files/model.params";

    RawHttp.Response full = RawHttp.get(server.port(), path);
    assertThat(full.status()).isEqualTo(200);
    assertThat(full.body()).isEqualTo(content);
    assertThat(full.head()).containsIgnoringCase("ETag: \"" + sha + "\"").containsIgnoringCase("Accept-Ranges: bytes");

    RawHttp.Response head = RawHttp.request(server.port(), "HEAD", path);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.head()).containsIgnoringCase("Content-Length: " + content.length).containsIgnoringCase(sha);

    RawHttp.Response part = RawHttp.get(server.port(), path, "Range: bytes=10-19");
    assertThat(part.status()).isEqualTo(206);
    assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(content, 10, 20));
    assertThat(part.head()).containsIgnoringCase("Content-Range: bytes 10-19/" + content.length);

    RawHttp.Response suffix = RawHttp.get(server.port(), path, "Range: bytes=-5");
    assertThat(suffix.body()).isEqualTo(java.util.Arrays.copyOfRange(content, content.length - 5, content.length));

    RawHttp.Response open = RawHttp.get(server.port(), path, "Range: bytes=8000-");
    assertThat(open.body()).isEqualTo(java.util.Arrays.copyOfRange(content, 8000, content.length));

    // A stale If-Range (the file changed) answers the whole file, so a resumed download cannot mix versions.
    RawHttp.Response stale = RawHttp.get(server.port(), path, "Range: bytes=10-19", "If-Range: \"0000\"");
    assertThat(stale.status()).isEqualTo(200);
    assertThat(stale.body()).hasSize(content.length);

    RawHttp.Response beyond = RawHttp.get(server.port(), path, "Range: bytes=99999999-");
    assertThat(beyond.status()).isEqualTo(416);
    assertThat(json(beyond).get("error").asText()).isEqualTo("range_not_satisfiable");
    assertThat(beyond.head()).containsIgnoringCase("Content-Range: bytes */" + content.length);

    assertThat(RawHttp.get(server.port(), path, "If-None-Match: \"" + sha + "\"").status()).isEqualTo(304);
  }

  @Test
  void errorsAreJsonWithAClearMessage() throws Exception {
    buildAndServe(1, null);
    RawHttp.Response missing = RawHttp.get(server.port(), "/v1/checkpoints/ckpt-000000999");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.head()).containsIgnoringCase("Content-Type: application/json");
    assertThat(json(missing).get("message").asText()).contains("ckpt-000000999").contains("published: [ckpt-000000100]");

    RawHttp.Response post = RawHttp.request(server.port(), "POST", "/v1/checkpoints");
    assertThat(post.status()).isEqualTo(405);
    assertThat(json(post).get("message").asText()).contains("read-only");

    RawHttp.Response unknown = RawHttp.get(server.port(), "/v2/nothing");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(json(unknown).get("message").asText()).contains("/v1/checkpoints/latest");
  }

  @Test
  void neverServesAnythingButListedFilesOfPublishedSnapshots() throws Exception {
    String secret = "TOP-SECRET-" + System.nanoTime();
    Files.writeString(tmp.resolve("secret.txt"), secret);
    List<Manifest> ms = buildAndServe(2, null);
    String id = ms.get(1).id();
    Path snap = store().resolve(id);
    // A listed file replaced by a symlink that points outside the store.
    Files.delete(store().resolve(ms.get(0).id()).resolve("config.json"));
    Files.createSymbolicLink(store().resolve(ms.get(0).id()).resolve("config.json"), tmp.resolve("secret.txt"));
    // An unlisted file inside a published snapshot.
    Files.writeString(snap.resolve("notes.txt"), secret);
    // A snapshot-named folder that is a symlink to outside, with a plausible manifest.
    Path outside = tmp.resolve("outside");
    Files.createDirectories(outside);
    Files.copy(snap.resolve("manifest.json"), outside.resolve("manifest.json"));
    Files.writeString(outside.resolve("model.params"), secret);
    Files.createSymbolicLink(store().resolve("ckpt-000000999"), outside);
    // A staged (unpublished) snapshot.
    String staged;
    try (SnapshotStore writer = SnapshotStore.open(store(), RetentionPolicy.of(10, 0))) {
      staged = new StoreFixture(3, 64).stageAndSeal(writer, 5000).id();
      Files.writeString(store().resolve(".staging").resolve(staged).resolve("extra.txt"), secret);
    }

    List<String> attacks = List.of(
        "/../secret.txt",
        "/v1/checkpoints/../../secret.txt",
        "/v1/checkpoints/" + id + "/files/../../../secret.txt",
        "/v1/checkpoints/" + id + "/files/..%2f..%2f..%2fsecret.txt",
        "/v1/checkpoints/%2e%2e%2f%2e%2e%2fsecret.txt/files/x",
        "/v1/checkpoints/" + id + "/files/%2e%2e%2f%2e%2e%2f%2e%2e%2fsecret.txt",
        "/v1/checkpoints/%2e%2e/files/secret.txt",
        "/v1/checkpoints/" + id + "/files/" + tmp.resolve("secret.txt").toString().replace("/", "%2f"),
        "/v1/checkpoints/" + id + "/files/" + tmp.resolve("secret.txt"),
        "/v1/checkpoints/" + id + "/files//" + tmp.resolve("secret.txt"),
        "/v1/checkpoints/" + id + "/files/notes.txt%00model.params",
        "/v1/checkpoints/" + id + "/files/model.params%00",
        "/v1/checkpoints/" + id + "/files/notes.txt",
        "/v1/checkpoints/" + ms.get(0).id() + "/files/config.json",
        "/v1/checkpoints/ckpt-000000999/files/model.params",
        "/v1/checkpoints/ckpt-000000999",
        "/v1/checkpoints/" + staged,
        "/v1/checkpoints/" + staged + "/files/extra.txt",
        "/v1/checkpoints/.staging/files/" + staged,
        "/v1/checkpoints/" + id + "/files/%5c..%5c..%5csecret.txt",
        "/v1/checkpoints/" + id + "/files/..\\..\\secret.txt",
        "/v1/checkpoints/" + id + "/files/%2",
        "http://127.0.0.1/../../secret.txt");
    for (String attack : attacks) {
      RawHttp.Response r = RawHttp.get(server.port(), attack);
      assertThat(r.status()).as(attack).isBetween(400, 404);
      assertThat(r.text()).as(attack).doesNotContain(secret);
      // The JDK's HTTP server itself answers 400 (text/html) to a request line it cannot parse.
      boolean rejectedByJdk = r.status() == 400 && r.head().toLowerCase(java.util.Locale.ROOT).contains("text/html");
      if (!rejectedByJdk) {
        assertThat(r.head()).as(attack).containsIgnoringCase("application/json");
      }
    }
    // The symlinked listed file is refused explicitly; the real files are still served.
    assertThat(RawHttp.get(server.port(), "/v1/checkpoints/" + ms.get(0).id() + "/files/config.json").status()).isEqualTo(403);
    assertThat(RawHttp.get(server.port(), "/v1/checkpoints/" + id + "/files/model.params").status()).isEqualTo(200);
  }

  @Test
  void enforcesTheBearerTokenOnEveryRequest() throws Exception {
    buildAndServe(1, "s3cret-token");
    for (String path : List.of("/", "/v1/checkpoints", "/v1/checkpoints/latest", "/v1/history",
        "/v1/checkpoints/ckpt-000000100/files/model.params")) {
      RawHttp.Response none = RawHttp.get(server.port(), path);
      assertThat(none.status()).as(path).isEqualTo(401);
      assertThat(none.head()).containsIgnoringCase("WWW-Authenticate: Bearer");
      assertThat(json(none).get("message").asText()).contains("Authorization: Bearer");
      assertThat(RawHttp.get(server.port(), path, "Authorization: Bearer wrong").status()).as(path).isEqualTo(401);
      assertThat(RawHttp.get(server.port(), path, "Authorization: Bearer s3cret-token").status()).as(path).isEqualTo(200);
    }
  }

  @Test
  void historyKeepsEverySnapshotAfterRetentionAndTheDashboardPlotsThemAll() throws Exception {
    Files.createDirectories(store());
    server = CheckpointServer.start(new CheckpointServer.Config(store(), "127.0.0.1", 0, null, Duration.ofMillis(50)));
    StoreFixture fixture = new StoreFixture(11, 2048);
    try (SnapshotStore writer = SnapshotStore.open(store(), RetentionPolicy.of(2, 0))) {
      for (int i = 1; i <= 7; i++) {
        fixture.publish(writer, i * 50L);
        // The server notices by itself (its poller), without being asked.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (server.catalogSize() < i && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(server.catalogSize()).isEqualTo(i);
      }
    }
    JsonNode history = json(RawHttp.get(server.port(), "/v1/history")).get("points");
    assertThat(history).hasSize(7);
    assertThat(history).extracting(p -> p.get("step").asLong()).containsExactly(50L, 100L, 150L, 200L, 250L, 300L, 350L);
    assertThat(history).extracting(p -> p.get("available").asBoolean()).containsExactly(false, false, false, false, false, true, true);
    assertThat(history.get(0).get("loss").get("generation").isNumber()).isTrue();
    assertThat(history.get(0).get("throughput").get("samplesPerSecond").asDouble()).isPositive();

    RawHttp.Response page = RawHttp.get(server.port(), "/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.head()).containsIgnoringCase("text/html");
    String html = new String(page.body(), StandardCharsets.UTF_8);
    assertThat(count(html, "class=\"pt total\"")).isEqualTo(7);
    assertThat(count(html, "class=\"pt contrastive\"")).isEqualTo(7);
    assertThat(count(html, "class=\"pt generation\"")).isEqualTo(7);
    assertThat(count(html, "class=\"pt samples-s\"")).isEqualTo(7);
    assertThat(count(html, "<tr class=\"kept\">")).isEqualTo(2);
    assertThat(count(html, "<tr class=\"retired\">")).isEqualTo(5);
    assertThat(html).contains("href=\"/v1/checkpoints/ckpt-000000350/files/model.params\"").doesNotContainPattern("(src|href)=\"https?:");
    // The points follow the losses: the highest total loss is drawn highest (smallest y).
    assertThat(html).contains("<title>total · step 50:");
  }

  @Test
  void historySurvivesARestartOfTheServer() throws Exception {
    buildAndServe(3, null);
    server.close();
    try (SnapshotStore writer = SnapshotStore.open(store(), RetentionPolicy.of(1, 0))) {
      assertThat(writer.list()).hasSize(1);
    }
    server = CheckpointServer.start(new CheckpointServer.Config(store(), "127.0.0.1", 0, null, Duration.ofMillis(100)));
    assertThat(server.history()).extracting(HistoryPoint::step).containsExactly(100L, 200L, 300L);
    assertThat(server.history()).extracting(HistoryPoint::available).containsExactly(false, false, true);
  }

  private static int count(String s, String needle) {
    return (int) Pattern.compile(Pattern.quote(needle)).matcher(s).results().count();
  }
}
