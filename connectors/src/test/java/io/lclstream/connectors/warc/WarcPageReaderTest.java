package io.lclstream.connectors.warc;

import static io.lclstream.connectors.warc.WarcFixtures.png;
import static org.assertj.core.api.Assertions.assertThat;

import io.lclstream.connectors.doc.Document;
import io.lclstream.connectors.doc.DocumentIds;
import io.lclstream.connectors.doc.ImageSegment;
import io.lclstream.connectors.doc.Rejection;
import io.lclstream.connectors.doc.Segment;
import io.lclstream.connectors.doc.TextSegment;
import io.lclstream.connectors.read.ReadResult;
import io.lclstream.connectors.warc.WarcFixtures.Resp;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class WarcPageReaderTest {
  @TempDir Path dir;

  static final String PAGE = """
      <!DOCTYPE html><html lang="en"><head><title>T</title><script>var x = 1;</script>
      <style>p { color: red }</style></head><body>
      <header>Site header</header>
      <nav><a href="/">Home</a> | <a href="/b">B</a></nav>
      <div class="navheader"><table><tr><td>Prev</td><td>Next</td></tr></table></div>
      <h1>The title</h1>
      <p>First   paragraph
         with a <b>bold</b> word.</p>
      <img src="img/a.png" alt="picture A">
      <ul><li>one</li><li>two<br>lines</li></ul>
      <figure><img srcset="img/small.png 100w, img/large.png 800w" src="img/small.png" alt="B">
        <figcaption>Caption B</figcaption></figure>
      <table><tr><td>cell 1</td><td>cell 2</td></tr></table>
      <p style="display:none">hidden text</p>
      <div hidden>also hidden</div>
      <img src="https://cdn.example.org/missing.jpg" alt="not in the warc">
      <aside>Related links</aside>
      <form><input name="q"><button>Go</button></form>
      <footer>Copyright</footer>
      </body></html>
      """;

  static List<ReadResult> readAll(Path warc) throws IOException {
    List<ReadResult> out = new ArrayList<>();
    try (WarcPageReader reader = WarcPageReader.open(warc)) {
      reader.forEachRemaining(out::add);
    }
    return out;
  }

  static Document page(ReadResult r) {
    assertThat(r).isInstanceOf(ReadResult.Page.class);
    return ((ReadResult.Page) r).document();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void extractsAPageInReadingOrderWithImageBytesWrittenAfterIt(boolean gzip) throws Exception {
    byte[] a = png(500, 1);
    byte[] large = png(900, 2);
    byte[] small = png(100, 3);
    Path warc = WarcFixtures.write(dir.resolve(gzip ? "c.warc.gz" : "c.warc"), gzip, List.of(
        Resp.html("http://site.test/docs/page.html", PAGE),
        Resp.image("http://site.test/docs/img/a.png", a),
        Resp.image("http://site.test/docs/img/small.png", small),
        Resp.image("http://site.test/docs/img/large.png", large)));
    List<ReadResult> results = readAll(warc);
    assertThat(results).hasSize(1);
    Document doc = page(results.get(0));
    assertThat(doc.id()).isEqualTo(DocumentIds.forUrl("http://site.test/docs/page.html"));
    assertThat(doc.url()).isEqualTo("http://site.test/docs/page.html");
    assertThat(doc.source()).isEqualTo("warc");
    assertThat(doc.lang()).isEqualTo("en");
    assertThat(doc.fetchedAt()).isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
    assertThat(doc.segments()).containsExactly(
        new TextSegment("The title"),
        new TextSegment("First paragraph with a bold word."),
        ImageSegment.inline("http://site.test/docs/img/a.png", a, "image/png", "picture A"),
        new TextSegment("one"),
        new TextSegment("two\nlines"),
        ImageSegment.inline("http://site.test/docs/img/large.png", large, "image/png", "B"),
        new TextSegment("Caption B"),
        new TextSegment("cell 1"),
        new TextSegment("cell 2"),
        ImageSegment.reference("https://cdn.example.org/missing.jpg", "not in the warc"));
  }

  @Test
  void findsAnImageRecordedPercentEncodedWhenThePageWritesItLiterally() throws Exception {
    byte[] img = png(200, 4);
    Path warc = WarcFixtures.write(dir.resolve("enc.warc.gz"), true, List.of(
        Resp.html("http://x.test/p/index.html", "<p>t</p><img src='../Bilder/gr\u00fcn bild.png'>"),
        Resp.image("http://x.test/Bilder/gr%C3%BCn%20bild.png", img)));
    List<ReadResult> results = readAll(warc);
    ImageSegment found = (ImageSegment) page(results.get(0)).segments().get(1);
    assertThat(found.data()).isEqualTo(img);
  }

  @Test
  void decodesPagesInTheirDeclaredCharsetFromHeaderOrMeta() throws Exception {
    Charset latin1 = Charset.forName("ISO-8859-1");
    Charset cp1252 = Charset.forName("windows-1252");
    Charset sjis = Charset.forName("Shift_JIS");
    Path warc = WarcFixtures.write(dir.resolve("cs.warc.gz"), true, List.of(
        new Resp("http://x.test/latin1", 200, "text/html; charset=ISO-8859-1",
            "<html><body><p>Caf\u00e9 cr\u00e8me</p></body></html>".getBytes(latin1), Instant.EPOCH),
        new Resp("http://x.test/cp1252", 200, "text/html",
            "<html><head><meta charset=\"windows-1252\"></head><body><p>na\u00efve \u20ac5 \u201cquoted\u201d</p></body></html>".getBytes(cp1252),
            Instant.EPOCH),
        new Resp("http://x.test/sjis", 200, "text/html",
            "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\"></head><body><p>\u65e5\u672c\u8a9e\u306e\u30da\u30fc\u30b8</p></body></html>".getBytes(sjis),
            Instant.EPOCH)));
    List<ReadResult> results = readAll(warc);
    assertThat(results).extracting(r -> page(r).segments()).containsExactly(
        List.<Segment>of(new TextSegment("Caf\u00e9 cr\u00e8me")),
        List.<Segment>of(new TextSegment("na\u00efve \u20ac5 \u201cquoted\u201d")),
        List.<Segment>of(new TextSegment("\u65e5\u672c\u8a9e\u306e\u30da\u30fc\u30b8")));
  }

  @Test
  void skipsErrorPagesAndNonHtmlAndRejectsEmptyPagesButReadsOn() throws Exception {
    Path warc = WarcFixtures.write(dir.resolve("mixed.warc"), false, List.of(
        new Resp("http://x.test/404", 404, "text/html", "<p>Not found</p>".getBytes(), Instant.EPOCH),
        new Resp("http://x.test/style.css", 200, "text/css", "p{}".getBytes(), Instant.EPOCH),
        new Resp("http://x.test/redirect", 301, "text/html", "<p>Moved</p>".getBytes(), Instant.EPOCH),
        Resp.html("http://x.test/empty", "<html><body><nav>only navigation</nav><script>x()</script></body></html>"),
        Resp.html("http://x.test/ok", "<p>Real content</p>")));
    List<ReadResult> results = readAll(warc);
    assertThat(results).hasSize(2);
    assertThat(results.get(0)).isInstanceOfSatisfying(ReadResult.Rejected.class, r -> {
      assertThat(r.rejection().reason()).isEqualTo(Rejection.DOC_NO_SEGMENTS);
      assertThat(r.rejection().message()).contains("http://x.test/empty");
      assertThat(r.location()).startsWith(warc + "@");
    });
    assertThat(page(results.get(1)).segments()).containsExactly(new TextSegment("Real content"));
  }

  @Test
  void reportsATruncatedFileAfterThePagesBeforeTheDamage() throws Exception {
    Path whole = WarcFixtures.write(dir.resolve("whole.warc.gz"), true, List.of(
        Resp.html("http://x.test/1", "<p>one</p>"), Resp.html("http://x.test/2", "<p>two</p>"),
        Resp.html("http://x.test/3", "<p>" + "three ".repeat(5000) + "</p>")));
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = Files.write(dir.resolve("cut.warc.gz"), java.util.Arrays.copyOf(bytes, bytes.length - 200));
    List<ReadResult> results = readAll(cut);
    assertThat(results).hasSizeGreaterThanOrEqualTo(3);
    assertThat(page(results.get(0)).segments()).containsExactly(new TextSegment("one"));
    assertThat(page(results.get(1)).segments()).containsExactly(new TextSegment("two"));
    assertThat(results.get(results.size() - 1)).isInstanceOfSatisfying(ReadResult.Rejected.class,
        r -> assertThat(r.rejection().reason()).isEqualTo(Rejection.RECORD_UNREADABLE));
  }
}
