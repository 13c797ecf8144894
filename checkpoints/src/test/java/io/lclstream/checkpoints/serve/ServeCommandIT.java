package io.lclstream.checkpoints.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.lclstream.checkpoints.store.RetentionPolicy;
import io.lclstream.checkpoints.store.StoreFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandIT {

  @TempDir Path tmp;

  @Test
  void servesUntilStoppedAndPrintsItsUrl() throws Exception {
    Path store = tmp.resolve("store");
    StoreFixture.build(store, 2, 100, RetentionPolicy.of(5, 0), 1024);
    ServeCommand command = new ServeCommand();
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(new StringWriter(), true));
    AtomicInteger exit = new AtomicInteger(-1);
    Thread t = new Thread(() -> exit.set(cli.execute("--store", store.toString(), "--port", "0")));
    t.start();
    Matcher url = Pattern.compile("at (http://127\\.0\\.0\\.1:(\\d+))/").matcher("");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!url.reset(out.toString()).find() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(out.toString()).contains("serving " + store.toAbsolutePath());
    int port = Integer.parseInt(url.group(2));
    RawHttp.Response r = RawHttp.get(port, "/v1/checkpoints/latest");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).contains("ckpt-000000200");
    command.stop.countDown();
    t.join(30_000);
    assertThat(exit.get()).isZero();
    assertThat(out.toString()).contains("lcl serve: stopped");
  }

  @Test
  void anEmptyStoreIsServedWithMessagesSayingNothingIsPublishedYet() throws Exception {
    Path store = tmp.resolve("not-yet");
    try (CheckpointServer server = CheckpointServer.start(new CheckpointServer.Config(
        java.nio.file.Files.createDirectories(store), "127.0.0.1", 0, null, Duration.ofSeconds(1)))) {
      RawHttp.Response latest = RawHttp.get(server.port(), "/v1/checkpoints/latest");
      assertThat(latest.status()).isEqualTo(404);
      assertThat(latest.text()).contains("No checkpoint has been published yet");
      assertThat(RawHttp.get(server.port(), "/").text()).contains("No snapshot has been published yet");
    }
  }
}
