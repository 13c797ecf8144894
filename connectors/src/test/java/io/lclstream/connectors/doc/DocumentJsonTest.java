package io.lclstream.connectors.doc;

import static org.assertj.core.api.Assertions.assertThat;

import io.lclstream.connectors.doc.DecodeResult.Decoded;
import io.lclstream.connectors.doc.DecodeResult.Invalid;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentJsonTest {
  private final DocumentJson json = DocumentJson.create();

  static Document sample() {
    return new Document("abc", "https://example.org/a", "warc", Instant.parse("2024-05-01T12:00:00Z"), "en",
        List.of(new TextSegment("Hello"),
            ImageSegment.reference("https://example.org/a.jpg", "a cat"),
            ImageSegment.inline(null, new byte[] {1, 2, 3, (byte) 0xff}, "image/png", null),
            new ImageSegment("https://x.org/b.png", null, null, null, 0.31)));
  }

  static Document decoded(DecodeResult r) {
    assertThat(r).isInstanceOf(Decoded.class);
    return ((Decoded) r).document();
  }

  static Rejection rejected(DecodeResult r) {
    assertThat(r).isInstanceOf(Invalid.class);
    return ((Invalid) r).rejection();
  }

  private DecodeResult decode(String s) {
    return json.decode(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void roundTripsEveryFieldAndSegmentKind() {
    Document doc = sample();
    assertThat(decoded(json.decode(json.toJson(doc)))).isEqualTo(doc);
  }

  @Test
  void writesTheWireFormatOfTheDesign() {
    String s = new String(json.toJson(sample()), StandardCharsets.UTF_8);
    assertThat(s).startsWith("{\"id\":\"abc\",\"url\":\"https://example.org/a\",\"source\":\"warc\","
        + "\"fetchedAt\":\"2024-05-01T12:00:00Z\",\"lang\":\"en\",\"segments\":[{\"type\":\"text\",\"text\":\"Hello\"},"
        + "{\"type\":\"image\",\"url\":\"https://example.org/a.jpg\",\"alt\":\"a cat\"},"
        + "{\"type\":\"image\",\"data\":\"AQID/w==\",\"mime\":\"image/png\"}");
    assertThat(s).contains("\"matchedSim\":0.31");
  }

  @Test
  void documentAndImageBytesCannotBeChangedFromOutside() {
    byte[] bytes = {1, 2, 3};
    ImageSegment img = ImageSegment.inline(null, bytes, "image/png", null);
    bytes[0] = 9;
    img.data()[1] = 9;
    assertThat(img.data()).containsExactly(1, 2, 3);
    List<Segment> segs = new java.util.ArrayList<>(List.of(new TextSegment("a")));
    Document doc = new Document("i", null, "json", null, null, segs);
    segs.add(new TextSegment("b"));
    assertThat(doc.segments()).hasSize(1);
  }

  @Test
  void rejectsEachBrokenRecordWithItsReason() {
    assertThat(rejected(decode("{not json")).reason()).isEqualTo(Rejection.JSON_MALFORMED);
    assertThat(rejected(decode("[1,2]")).reason()).isEqualTo(Rejection.JSON_MALFORMED);
    assertThat(rejected(decode("{\"id\":\"x\",\"segments\":[]}")).reason()).isEqualTo(Rejection.DOC_NO_SEGMENTS);
    assertThat(rejected(decode("{\"id\":\"x\",\"segments\":[{\"type\":\"image\",\"data\":\"!!notbase64!!\"}]}")).reason())
        .isEqualTo(Rejection.IMAGE_BAD_BASE64);
    assertThat(rejected(decode("{\"id\":\"x\",\"segments\":[{\"type\":\"video\"}]}")).reason())
        .isEqualTo(Rejection.SEGMENT_BAD_TYPE);
    assertThat(rejected(decode("{\"id\":\"x\",\"segments\":[{\"type\":\"image\",\"alt\":\"a\"}]}")).reason())
        .isEqualTo(Rejection.IMAGE_NO_SOURCE);
    assertThat(rejected(decode("{\"id\":\"x\",\"segments\":[{\"type\":\"image\",\"url\":\"javascript:alert(1)\"}]}")).reason())
        .isEqualTo(Rejection.IMAGE_BAD_URL);
    assertThat(rejected(decode("{\"id\":\"x\",\"segments\":[{\"type\":\"text\",\"text\":\"  \"}]}")).reason())
        .isEqualTo(Rejection.SEGMENT_EMPTY_TEXT);
    assertThat(rejected(decode("{\"id\":\"x\",\"segments\":\"no\"}")).reason()).isEqualTo(Rejection.JSON_MALFORMED);
    assertThat(rejected(decode("{\"hello\":1}")).reason()).isEqualTo(Rejection.DOC_UNKNOWN_FORMAT);
    Rejection badTime = rejected(decode("{\"id\":\"x\",\"fetchedAt\":\"yesterday\",\"segments\":[{\"type\":\"text\",\"text\":\"a\"}]}"));
    assertThat(badTime.reason()).isEqualTo(Rejection.DOC_BAD_FIELD);
    assertThat(badTime.message()).contains("yesterday").contains("2024-05-01T12:00:00Z");
  }

  @Test
  void rejectsRecordsOverTheCapBeforeParsingThem() {
    DocumentJson small = DocumentJson.withMaxBytes(2048);
    Document big = new Document("b", null, "json", null, null, List.of(new TextSegment("x".repeat(5000))));
    byte[] bytes = small.toJson(big);
    Rejection r = rejected(small.decode(bytes));
    assertThat(r.reason()).isEqualTo(Rejection.DOC_TOO_LARGE);
    assertThat(r.message()).contains(Integer.toString(bytes.length)).contains("2048");
    assertThat(small.checkSize(bytes.length)).isPresent();
    assertThat(small.checkSize(2048)).isEmpty();
  }

  @Test
  void derivesAMissingIdFromTheCanonicalUrl() {
    Document d = decoded(decode("{\"url\":\"HTTP://Example.ORG:80/a/../b#frag\",\"segments\":[{\"type\":\"text\",\"text\":\"a\"}]}"));
    assertThat(d.id()).isEqualTo(DocumentIds.forUrl("http://example.org/b"));
    assertThat(d.source()).isEqualTo("json");
  }

  @Test
  void canonicalUrlDropsDefaultPortFragmentAndCaseOfHost() {
    assertThat(DocumentIds.canonicalUrl("HTTPS://WWW.Example.com:443?q=1#x")).isEqualTo("https://www.example.com/?q=1");
    assertThat(DocumentIds.canonicalUrl("http://a.org:8080/x/./y")).isEqualTo("http://a.org:8080/x/y");
    assertThat(DocumentIds.forUrl("http://a.org/")).isEqualTo(DocumentIds.forUrl("http://A.org")).hasSize(32);
    assertThat(DocumentIds.forUrl("http://a.org/1")).isNotEqualTo(DocumentIds.forUrl("http://a.org/2"));
    assertThat(DocumentIds.canonicalUrl("http://a.org/img/a b\u00e9.png?x=|")).isEqualTo("http://a.org/img/a%20b%C3%A9.png?x=%7C");
    assertThat(DocumentIds.canonicalUrl("http://a.org/100%")).isEqualTo("http://a.org/100%25");
  }

  @Test
  void convertsAnMmc4RowPlacingEachImageAfterItsMatchedSentence(@TempDir Path images) throws Exception {
    Files.write(images.resolve("local.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1});
    String row = "{\"url\":\"http://m.org/p\",\"text_list\":[\"First.\",\"Second.\",\"Third.\"],"
        + "\"image_info\":[{\"image_name\":\"local.png\",\"raw_url\":\"http://m.org/1.png\",\"matched_text_index\":2,\"matched_sim\":0.27},"
        + "{\"image_name\":\"absent.jpg\",\"raw_url\":\"http://m.org/2.jpg\",\"matched_text_index\":0,\"matched_sim\":0.31}],"
        + "\"similarity_matrix\":[[0.1,0.2,0.3]],\"could_have_url_duplicate\":0}";
    Document d = decoded(json.decode(row.getBytes(StandardCharsets.UTF_8), LocalImages.in(images)));
    assertThat(d.source()).isEqualTo("mmc4");
    assertThat(d.id()).isEqualTo(DocumentIds.forUrl("http://m.org/p"));
    assertThat(d.segments()).containsExactly(
        new TextSegment("First."),
        new ImageSegment("http://m.org/2.jpg", null, null, null, 0.31),
        new TextSegment("Second."),
        new TextSegment("Third."),
        new ImageSegment("http://m.org/1.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 1}, "image/png", null, 0.27));
    // Without --images, the same row on the topic keeps URL references.
    Document onTopic = decoded(decode(row));
    assertThat(onTopic.inlineImageCount()).isZero();
    assertThat(onTopic.imageCount()).isEqualTo(2);
  }

  @Test
  void rejectsAnMmc4RowWhoseImagePointsPastTheLastSentence() {
    Rejection r = rejected(decode("{\"url\":\"u\",\"text_list\":[\"a\"],\"image_info\":[{\"raw_url\":\"http://x/1.jpg\",\"matched_text_index\":3}]}"));
    assertThat(r.reason()).isEqualTo(Rejection.DOC_BAD_FIELD);
    assertThat(r.message()).contains("matched_text_index").contains("3").contains("0..0");
  }

  @Test
  void convertsAnObelicsRowWithNullsAndMetadataStrings() {
    String row = "{\"images\":[\"https://o.org/a.jpg\",null,null],\"texts\":[null,\"Para one.\",\"Para two.\"],"
        + "\"metadata\":\"[{\\\"document_url\\\":\\\"https://o.org/p\\\",\\\"alt_text\\\":\\\"an apple\\\"},null,null]\","
        + "\"general_metadata\":\"{\\\"url\\\":\\\"https://o.org/p\\\",\\\"warc_filename\\\":\\\"x.warc.gz\\\"}\"}";
    Document d = decoded(decode(row));
    assertThat(d.source()).isEqualTo("obelics");
    assertThat(d.url()).isEqualTo("https://o.org/p");
    assertThat(d.segments()).containsExactly(
        ImageSegment.reference("https://o.org/a.jpg", "an apple"),
        new TextSegment("Para one."),
        new TextSegment("Para two."));
  }

  @Test
  void acceptsObelicsImagesGivenAsBase64BytesAndRejectsBadBase64() {
    Document d = decoded(decode("{\"images\":[{\"bytes\":\"iVBORw==\",\"path\":\"a.png\"}],\"texts\":[null]}"));
    assertThat(d.segments()).containsExactly(
        ImageSegment.inline("a.png", new byte[] {(byte) 0x89, 'P', 'N', 'G'}, "image/png", null));
    assertThat(d.id()).isEqualTo(DocumentIds.forContent(d.segments()));
    assertThat(rejected(decode("{\"images\":[{\"bytes\":\"***\"}],\"texts\":[null]}")).reason())
        .isEqualTo(Rejection.IMAGE_BAD_BASE64);
  }

  @Test
  void rejectsAnObelicsRowWithListsOfDifferentLengthsOrBrokenMetadata() {
    assertThat(rejected(decode("{\"images\":[null],\"texts\":[\"a\",\"b\"]}")).reason()).isEqualTo(Rejection.DOC_BAD_FIELD);
    assertThat(rejected(decode("{\"images\":[null],\"texts\":[\"a\"],\"metadata\":\"[{\"}")).reason())
        .isEqualTo(Rejection.JSON_MALFORMED);
  }

  @Test
  void contentIdsDifferWhenImageBytesDiffer() {
    List<Segment> a = List.of(ImageSegment.inline(null, new byte[] {1}, "image/png", null));
    List<Segment> b = List.of(ImageSegment.inline(null, new byte[] {2}, "image/png", null));
    assertThat(DocumentIds.forContent(a)).isNotEqualTo(DocumentIds.forContent(b)).isEqualTo(DocumentIds.forContent(a));
  }
}
