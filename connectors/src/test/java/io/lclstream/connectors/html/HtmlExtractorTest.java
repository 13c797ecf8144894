package io.lclstream.connectors.html;

import static org.assertj.core.api.Assertions.assertThat;

import io.lclstream.connectors.doc.ImageSegment;
import io.lclstream.connectors.doc.Segment;
import io.lclstream.connectors.doc.TextSegment;
import java.util.Base64;
import java.util.List;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

class HtmlExtractorTest {

  static List<Segment> extract(String html, String base) {
    return HtmlExtractor.extract(Jsoup.parse(html, base), ImageSegment::reference).segments();
  }

  @Test
  void picksTheWidestSrcsetCandidateThenTheDensestOne() {
    assertThat(HtmlExtractor.bestCandidate("a.png 300w, b.png 1200w, c.png 800w")).isEqualTo("b.png");
    assertThat(HtmlExtractor.bestCandidate("a.png, b.png 2x, c.png 1.5x")).isEqualTo("b.png");
    assertThat(HtmlExtractor.bestCandidate("img,1.png 1x,img,2.png 3x")).isEqualTo("img,2.png");
    assertThat(HtmlExtractor.bestCandidate("  only.png  ")).isEqualTo("only.png");
    assertThat(HtmlExtractor.bestCandidate(" , ")).isNull();
  }

  @Test
  void resolvesRelativeImageUrlsAgainstThePageAndItsBaseElement() {
    assertThat(extract("<p>x</p><img src='../i/a.png' alt=' A '>", "http://h.test/docs/sub/page.html"))
        .containsExactly(new TextSegment("x"), ImageSegment.reference("http://h.test/docs/i/a.png", "A"));
    assertThat(extract("<head><base href='https://cdn.test/assets/'></head><img srcset='s.jpg 1x, l.jpg 2x' src='s.jpg'>",
        "http://h.test/p.html"))
        .containsExactly(ImageSegment.reference("https://cdn.test/assets/l.jpg", null));
  }

  @Test
  void keepsInlineDataImagesAndDropsUnfetchableOnes() {
    byte[] png = new byte[100];
    png[0] = (byte) 0x89;
    String dataUri = "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    List<Segment> segs = extract("<img src='" + dataUri + "' alt='d'><img src='javascript:void(0)'>"
        + "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='><img>", "http://h.test/");
    assertThat(segs).containsExactly(ImageSegment.inline(null, png, "image/png", "d"));
  }

  @Test
  void prefersTheLazyLoadedSourceOverAPlaceholder() {
    assertThat(extract("<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw=' data-src='/real.jpg' alt='r'>", "http://h.test/a/"))
        .containsExactly(ImageSegment.reference("http://h.test/real.jpg", "r"));
  }

  @Test
  void skipsHiddenNavigationAndMenusButKeepsPreformattedText() {
    List<Segment> segs = extract("<div role='navigation'>menu</div><div aria-hidden='true'>icon</div>"
        + "<ul class='breadcrumbs'><li>Home</li></ul><menu><li>m</li></menu>"
        + "<p style='visibility: hidden'>ghost</p><noscript>enable js</noscript>"
        + "<pre>line 1\n  line 2</pre><p>Body &amp; soul\u00a0text</p>", "http://h.test/");
    assertThat(segs).containsExactly(new TextSegment("line 1\n  line 2"), new TextSegment("Body & soul text"));
  }

  @Test
  void readsTheLanguageOfThePage() {
    assertThat(HtmlExtractor.extract(Jsoup.parse("<html lang='de-CH'><p>Grüezi</p></html>"), ImageSegment::reference).lang())
        .isEqualTo("de-CH");
  }
}
