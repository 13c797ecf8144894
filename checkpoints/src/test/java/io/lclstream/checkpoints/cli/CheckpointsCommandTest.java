package io.lclstream.checkpoints.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lclstream.checkpoints.store.Json;
import io.lclstream.checkpoints.store.RetentionPolicy;
import io.lclstream.checkpoints.store.StoreFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckpointsCommandTest {

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new CheckpointsCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void listPrintsATableWithLatestMarked() {
    StoreFixture.build(dir, 3, 100, RetentionPolicy.of(5, 0), 2048);
    Run r = run("list", "--store", dir.toString());
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("ckpt-000000100 ").contains("ckpt-000000300*").contains("3 snapshots; * = LATEST")
        .contains("created (UTC)").contains("2026-12-01 00:15:00");
  }

  @Test
  void listAsJsonHasOneEntryPerSnapshot() throws Exception {
    StoreFixture.build(dir, 2, 100, RetentionPolicy.of(5, 0), 2048);
    JsonNode json = Json.MAPPER.readTree(run("list", "--store", dir.toString(), "--json").out());
    assertThat(json.get("latest").asText()).isEqualTo("ckpt-000000200");
    assertThat(json.get("checkpoints")).hasSize(2);
    assertThat(json.get("checkpoints").get(1).get("bytes").asLong()).isGreaterThan(3 * 2048); // params + 2x optimizer + JSON files
    assertThat(json.get("checkpoints").get(0).get("loss").has("generation")).isTrue();
  }

  @Test
  void verifyPassesThenFailsWithNonZeroExitOnAFlippedByte() throws Exception {
    StoreFixture.build(dir, 2, 100, RetentionPolicy.of(5, 0), 2048);
    Run ok = run("verify", "--store", dir.toString());
    assertThat(ok.exit()).isZero();
    assertThat(ok.out()).contains("ckpt-000000100: OK").contains("all 2 snapshots verified");

    StoreFixture.flipByte(dir.resolve("ckpt-000000100/model.params"), 100);
    Run bad = run("verify", "--store", dir.toString());
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.out()).contains("ckpt-000000100: FAILED").contains("FAILED model.params: sha256")
        .contains("ckpt-000000200: OK").contains("1 of 2 snapshots FAILED");

    JsonNode json = Json.MAPPER.readTree(run("verify", "--store", dir.toString(), "--json").out());
    assertThat(json.get("ok").asBoolean()).isFalse();
    assertThat(run("verify", "--store", dir.toString(), "--checkpoint", "ckpt-000000200").exit()).isZero();
  }

  @Test
  void aMissingStoreIsAUsageErrorThatSaysWhatToPass() {
    Run r = run("list", "--store", dir.resolve("nope").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("is not a folder");
  }
}
