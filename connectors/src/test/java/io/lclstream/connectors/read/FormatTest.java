package io.lclstream.connectors.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lclstream.connectors.warc.WarcFixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormatTest {
  @TempDir Path dir;

  static Path gzip(Path file, String content) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
    return file;
  }

  @Test
  void detectsEachFormatFromContentWhateverTheFileIsCalled() throws Exception {
    Path warc = WarcFixtures.write(dir.resolve("crawl.bin"), true, List.of(WarcFixtures.Resp.html("http://a.test/", "<p>x</p>")));
    Path plainWarc = WarcFixtures.write(dir.resolve("crawl.txt"), false, List.of(WarcFixtures.Resp.html("http://a.test/", "<p>x</p>")));
    Path mmc4 = gzip(dir.resolve("rows.json.gz"), "{\"url\":\"u\",\"text_list\":[\"a\"],\"image_info\":[]}\n");
    Path obelics = Files.writeString(dir.resolve("o.txt"), "{\"images\":[null],\"texts\":[\"a\"],\"metadata\":\"[]\"}\n");
    Path ours = Files.writeString(dir.resolve("d.data"), "\uFEFF{\"id\":\"1\",\"segments\":[{\"type\":\"text\",\"text\":\"a\"}]}\n");
    Path html = Files.writeString(dir.resolve("page.dat"), "  <!DOCTYPE html><html><body><p>x</p></body></html>");
    assertThat(Format.detect(warc)).isEqualTo(Format.WARC);
    assertThat(Format.detect(plainWarc)).isEqualTo(Format.WARC);
    assertThat(Format.detect(mmc4)).isEqualTo(Format.MMC4);
    assertThat(Format.detect(obelics)).isEqualTo(Format.OBELICS);
    assertThat(Format.detect(ours)).isEqualTo(Format.JSON);
    assertThat(Format.detect(html)).isEqualTo(Format.HTML);
    assertThat(Format.detect(dir)).isEqualTo(Format.HTML);
  }

  @Test
  void detectsMmc4FromAFirstRowTooLongToSniffWhole() throws Exception {
    String row = "{\"url\":\"u\",\"text_list\":[\"" + "x".repeat(200_000) + "\"],\"image_info\":[]}\n";
    assertThat(Format.detect(Files.writeString(dir.resolve("big.jsonl"), row))).isEqualTo(Format.MMC4);
  }

  @Test
  void refusesContentItCannotPlaceAndSaysWhatToDo() throws Exception {
    Path bin = Files.write(dir.resolve("x.bin"), new byte[] {0, 1, 2, 3, 'P', 'K'});
    assertThatThrownBy(() -> Format.detect(bin)).hasMessageContaining(bin.toString()).hasMessageContaining("--format");
    assertThatThrownBy(() -> Format.parse("parquet")).hasMessageContaining("parquet")
        .hasMessageContaining("auto, warc, html, mmc4, obelics, json");
    assertThat(Format.parse("OBELICS")).isEqualTo(Format.OBELICS);
  }
}
