package io.lclstream.connectors.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PushCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = new CommandLine(new PushCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void printsTheSummaryAsOneJsonObjectOnStdout() throws Exception {
    int rc = run("--dry-run", "--json", PushFixtures.warc(dir).toString(), PushFixtures.mmc4(dir).toString());
    assertThat(rc).isZero();
    assertThat(out.toString().strip()).startsWith("{").endsWith("}").doesNotContain("\n")
        .contains("\"pages\":4").contains("\"images\":5").contains("\"imagesInline\":2")
        .contains("\"json.malformed\":1");
    assertThat(err.toString()).contains("push: reading").contains("mmc4.jsonl"); // progress goes to stderr only
  }

  @Test
  void printsAHumanSummaryByDefault() throws Exception {
    assertThat(run("--dry-run", "--no-progress", PushFixtures.obelics(dir).toString())).isZero();
    assertThat(out.toString()).contains("pages converted (dry run, nothing sent): 1").contains("1 by reference")
        .contains("rejected: 0");
  }

  @Test
  void unknownFormatIsAUsageErrorListingTheValidOnes() throws Exception {
    int rc = run("--dry-run", "--format", "parquet", PushFixtures.obelics(dir).toString());
    assertThat(rc).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("parquet").contains("auto, warc, html, mmc4, obelics, json");
  }

  @Test
  void missingInputIsAOneLineErrorAndNonZeroExit() {
    int rc = run("--dry-run", dir.resolve("absent.warc.gz").toString());
    assertThat(rc).isEqualTo(CommandLine.ExitCode.SOFTWARE);
    assertThat(err.toString().strip()).startsWith("lcl push: input").contains("absent.warc.gz").contains("does not exist")
        .doesNotContain("\n");
  }

  @Test
  void sendingWithoutBootstrapAsksForIt() throws Exception {
    int rc = run(PushFixtures.obelics(dir).toString());
    assertThat(rc).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("--bootstrap HOST:PORT is required");
  }
}
