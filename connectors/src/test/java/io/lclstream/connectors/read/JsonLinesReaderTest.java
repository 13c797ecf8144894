package io.lclstream.connectors.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.lclstream.connectors.doc.DocumentJson;
import io.lclstream.connectors.doc.LocalImages;
import io.lclstream.connectors.doc.Rejection;
import io.lclstream.connectors.doc.TextSegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesReaderTest {
  @TempDir Path dir;

  static List<ReadResult> readAll(Path file, ReadOptions options) throws Exception {
    List<ReadResult> out = new ArrayList<>();
    try (PageReader r = JsonLinesReader.open(file, options)) {
      r.forEachRemaining(out::add);
    }
    return out;
  }

  @Test
  void rejectsEachMalformedRowWithItsReasonAndLineAndReadsTheRest() throws Exception {
    String bad = "{\"url\":\"http://m.test/2\",\"text_list\":[\"x\"],\"image_info\":[{\"raw_url\":\"http://m.test/i.jpg\",\"matched_text_index\":5}]}";
    Path file = FormatTest.gzip(dir.resolve("mmc4.jsonl.gz"), String.join("\n",
        "{\"url\":\"http://m.test/1\",\"text_list\":[\"One.\"],\"image_info\":[]}",
        "{\"url\": broken",
        bad,
        "   ",
        "{\"url\":\"http://m.test/3\",\"text_list\":[\"Three.\"],\"image_info\":[]}") + "\n");
    List<ReadResult> results = readAll(file, ReadOptions.defaults());
    assertThat(results).hasSize(4);
    assertThat(((ReadResult.Page) results.get(0)).document().segments()).containsExactly(new TextSegment("One."));
    assertThat(results.get(1)).isInstanceOfSatisfying(ReadResult.Rejected.class, r -> {
      assertThat(r.rejection().reason()).isEqualTo(Rejection.JSON_MALFORMED);
      assertThat(r.location()).isEqualTo(file + ":2");
      assertThat(new String(r.original(), StandardCharsets.UTF_8)).isEqualTo("{\"url\": broken");
    });
    assertThat(results.get(2)).isInstanceOfSatisfying(ReadResult.Rejected.class, r -> {
      assertThat(r.rejection().reason()).isEqualTo(Rejection.DOC_BAD_FIELD);
      assertThat(r.location()).isEqualTo(file + ":3");
    });
    assertThat(results.get(3).location()).isEqualTo(file + ":5");
    assertThat(((ReadResult.Page) results.get(3)).document().url()).isEqualTo("http://m.test/3");
  }

  @Test
  void rejectsALineOverTheCapWithoutStoppingTheFile() throws Exception {
    Path file = java.nio.file.Files.writeString(dir.resolve("d.jsonl"),
        "{\"id\":\"big\",\"segments\":[{\"type\":\"text\",\"text\":\"" + "x".repeat(5000) + "\"}]}\n"
            + "{\"id\":\"ok\",\"segments\":[{\"type\":\"text\",\"text\":\"fine\"}]}");
    List<ReadResult> results = readAll(file, new ReadOptions(DocumentJson.withMaxBytes(2048), LocalImages.none()));
    assertThat(results).hasSize(2);
    assertThat(((ReadResult.Rejected) results.get(0)).rejection().reason()).isEqualTo(Rejection.DOC_TOO_LARGE);
    assertThat(((ReadResult.Page) results.get(1)).document().id()).isEqualTo("ok");
  }

  @Test
  void readsObelicsRowsAndOurOwnDocumentsLineByLine() throws Exception {
    Path file = java.nio.file.Files.writeString(dir.resolve("mixed.jsonl"),
        "{\"images\":[\"https://o.test/a.jpg\",null],\"texts\":[null,\"Text.\"],\"general_metadata\":\"{\\\"url\\\":\\\"https://o.test/p\\\"}\"}\n"
            + "{\"id\":\"mine\",\"source\":\"json\",\"segments\":[{\"type\":\"text\",\"text\":\"a\"}]}\n");
    List<ReadResult> results = readAll(file, ReadOptions.defaults());
    assertThat(results).extracting(r -> ((ReadResult.Page) r).document().source()).containsExactly("obelics", "json");
  }
}
