package io.lclstream.connectors.html;

import static org.assertj.core.api.Assertions.assertThat;

import io.lclstream.connectors.doc.Document;
import io.lclstream.connectors.doc.ImageSegment;
import io.lclstream.connectors.doc.TextSegment;
import io.lclstream.connectors.read.ReadResult;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlFolderReaderTest {
  @TempDir Path site;

  @Test
  void readsAMirroredSiteWithLocalImagesInlineAndRemoteOnesByReference() throws Exception {
    byte[] png = io.lclstream.connectors.warc.WarcFixtures.png(300, 5);
    Files.createDirectories(site.resolve("img"));
    Files.createDirectories(site.resolve("sub"));
    Files.write(site.resolve("img/x.png"), png);
    Files.writeString(site.resolve("a.html"), "<html lang='en'><body><h2>A</h2><img src='img/x.png' alt='x'>"
        + "<img src='img/missing.png'><img src='https://remote.test/r.jpg'></body></html>");
    Files.write(site.resolve("sub/b.htm"), "<html><head><meta charset='ISO-8859-1'></head><body><p>\u00e9t\u00e9</p><img src='../img/x.png'></body></html>"
        .getBytes(Charset.forName("ISO-8859-1")));
    Files.writeString(site.resolve("notes.txt"), "not a page");
    List<Document> docs = new ArrayList<>();
    try (HtmlFolderReader r = HtmlFolderReader.open(site)) {
      r.forEachRemaining(x -> docs.add(((ReadResult.Page) x).document()));
    }
    assertThat(docs).hasSize(2);
    String xUrl = site.resolve("img/x.png").toUri().toString();
    assertThat(docs.get(0).source()).isEqualTo("html");
    assertThat(docs.get(0).lang()).isEqualTo("en");
    assertThat(docs.get(0).url()).isEqualTo(site.resolve("a.html").toUri().toString());
    assertThat(docs.get(0).segments()).containsExactly(new TextSegment("A"),
        ImageSegment.inline(xUrl, png, "image/png", "x"), ImageSegment.reference("https://remote.test/r.jpg", null));
    assertThat(docs.get(1).segments()).containsExactly(new TextSegment("\u00e9t\u00e9"),
        ImageSegment.inline(xUrl, png, "image/png", null));
  }
}
