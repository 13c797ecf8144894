package io.lclstream.checkpoints.pull;

import static org.assertj.core.api.Assertions.assertThat;

import io.lclstream.checkpoints.serve.CheckpointServer;
import io.lclstream.checkpoints.store.RetentionPolicy;
import io.lclstream.checkpoints.store.StoreFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PullCommandIT {

  @TempDir Path tmp;

  @Test
  void pullsWithATokenFileAndReportsWhatItDid() throws Exception {
    Path store = tmp.resolve("store");
    StoreFixture.build(store, 2, 100, RetentionPolicy.of(5, 0), 4096);
    Path token = Files.writeString(tmp.resolve("token"), "abc-123\n");
    try (CheckpointServer server = CheckpointServer.start(new CheckpointServer.Config(store, "127.0.0.1", 0, "abc-123", Duration.ofSeconds(1)))) {
      StringWriter out = new StringWriter();
      CommandLine cli = new CommandLine(new PullCommand());
      cli.setOut(new PrintWriter(out));
      int exit = cli.execute("--from", server.url(), "--to", tmp.resolve("to").toString(), "--token-file", token.toString(), "--no-progress");
      assertThat(exit).isZero();
      assertThat(out.toString()).contains("ckpt-000000200 verified and in place at " + tmp.resolve("to").resolve("ckpt-000000200"));
      assertThat(tmp.resolve("to/ckpt-000000200/model.params")).hasSize(4096);
    }
  }

  @Test
  void rejectsABadInterval() {
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> PullCommand.parseDuration("soon")))
        .hasMessageContaining("Invalid value 'soon' for --interval");
    assertThat(PullCommand.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
  }
}
