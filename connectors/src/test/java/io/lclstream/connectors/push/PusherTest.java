package io.lclstream.connectors.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lclstream.connectors.doc.Rejection;
import io.lclstream.connectors.read.Format;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PusherTest {
  @TempDir Path dir;

  private static PushOptions dryRun() {
    return PushOptions.builder().optDryRun(true).build();
  }

  @Test
  void dryRunConvertsEveryFormatAndCountsRejectionsByReason() throws Exception {
    PushSummary s = Pusher.push(List.of(PushFixtures.warc(dir), PushFixtures.mmc4(dir), PushFixtures.obelics(dir)), dryRun());
    assertThat(s.pages()).isEqualTo(5);
    assertThat(s.images()).isEqualTo(6);
    assertThat(s.imagesInline()).isEqualTo(2);
    assertThat(s.imagesByReference()).isEqualTo(4);
    assertThat(s.rejected()).isEqualTo(Map.of(Rejection.DOC_NO_SEGMENTS, 1L, Rejection.JSON_MALFORMED, 1L,
        Rejection.DOC_BAD_FIELD, 1L));
    assertThat(s.bytes()).isGreaterThan(700);
    assertThat(s.toJson()).contains("\"pages\":5").contains("\"images\":6").contains("\"imagesInline\":2")
        .contains("\"rejected\":{\"doc.bad_field\":1,\"doc.no_segments\":1,\"json.malformed\":1}");
  }

  @Test
  void mmc4ImagesFoundInTheImagesFolderTravelInline() throws Exception {
    Path images = Files.createDirectories(dir.resolve("imgs"));
    Files.write(images.resolve("abc.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 1, 2});
    Path rows = Files.writeString(dir.resolve("rows.jsonl"),
        "{\"url\":\"http://m.test/1\",\"text_list\":[\"A.\"],\"image_info\":[{\"image_name\":\"abc.jpg\",\"raw_url\":\"http://m.test/abc.jpg\",\"matched_text_index\":0},"
            + "{\"image_name\":\"gone.jpg\",\"raw_url\":\"http://m.test/gone.jpg\",\"matched_text_index\":0}]}\n");
    PushSummary s = Pusher.push(List.of(rows), PushOptions.builder().optDryRun(true).optImagesDir(images).build());
    assertThat(s.images()).isEqualTo(2);
    assertThat(s.imagesInline()).isEqualTo(1);
  }

  @Test
  void stopsAtTheLimit() throws Exception {
    PushSummary s = Pusher.push(List.of(PushFixtures.mmc4(dir), PushFixtures.obelics(dir)),
        PushOptions.builder().optDryRun(true).optLimit(1).build());
    assertThat(s.pages()).isEqualTo(1);
  }

  @Test
  void rejectsPagesOverTheCapAndKeepsGoing() throws Exception {
    Path file = Files.writeString(dir.resolve("docs.jsonl"),
        "{\"id\":\"a\",\"segments\":[{\"type\":\"text\",\"text\":\"" + "x".repeat(3000) + "\"}]}\n"
            + "{\"id\":\"b\",\"segments\":[{\"type\":\"text\",\"text\":\"small\"}]}\n");
    PushSummary s = Pusher.push(List.of(file), PushOptions.builder().optDryRun(true).optMaxDocumentBytes(2048).build());
    assertThat(s.pages()).isEqualTo(1);
    assertThat(s.rejected()).containsEntry(Rejection.DOC_TOO_LARGE, 1L);
  }

  @Test
  void failsBeforeReadingWhenAnInputIsMissingOrOfUnknownFormat() throws Exception {
    Path ok = PushFixtures.obelics(dir);
    assertThatThrownBy(() -> Pusher.push(List.of(ok, dir.resolve("nope.warc")), dryRun()))
        .isInstanceOf(PushException.class).hasMessageContaining("nope.warc").hasMessageContaining("does not exist");
    Path bin = Files.write(dir.resolve("blob.bin"), new byte[] {0, 0, 0, 7});
    assertThatThrownBy(() -> Pusher.push(List.of(bin), dryRun()))
        .isInstanceOf(PushException.class).hasMessageContaining("--format");
    assertThatThrownBy(() -> Pusher.push(List.of(dir), PushOptions.builder().optDryRun(true).optFormat(Format.WARC).build()))
        .isInstanceOf(PushException.class).hasMessageContaining("is a folder");
  }

  @Test
  void failsFastWithAOneLineHintWhenNothingListensAtTheBootstrapAddress() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    PushOptions options = PushOptions.builder().setBootstrap("127.0.0.1:" + port).build();
    assertThatThrownBy(() -> Pusher.push(List.of(PushFixtures.obelics(dir)), options))
        .isInstanceOf(PushException.class)
        .hasMessageContaining("cannot reach Kafka at 127.0.0.1:" + port)
        .hasMessageContaining("--bootstrap")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void optionsExplainWhatIsMissingOrWrong() {
    assertThatThrownBy(() -> PushOptions.builder().build()).hasMessageContaining("--bootstrap HOST:PORT is required")
        .hasMessageContaining("--dry-run");
    assertThatThrownBy(() -> PushOptions.builder().setBootstrap("localhost").build()).hasMessageContaining("localhost:9092");
    assertThatThrownBy(() -> PushOptions.builder().optDryRun(true).optTopic("bad topic!").build()).hasMessageContaining("bad topic!");
  }
}
