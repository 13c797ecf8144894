package io.lclstream.flink.pack;

import static org.assertj.core.api.Assertions.assertThat;

import io.lclstream.flink.ingest.Page;
import io.lclstream.flink.ingest.PageSegment;
import io.lclstream.model.config.LclConfig;
import io.lclstream.model.pack.DocumentPart;
import io.lclstream.model.pack.ImagePart;
import io.lclstream.model.pack.TextPart;
import io.lclstream.model.token.ByteTokenizer;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamplePackerTest {
  private static final LclConfig TINY = LclConfig.preset("tiny");
  private static final int IMAGE_BYTES = 64 * 64 * 3;

  private static Page page(PageSegment... segments) {
    return new Page("p1", "https://example.org/p1", "json", 0L, "en", 1L, segments);
  }

  private static PageSegment image(byte fill) {
    byte[] rgb = new byte[IMAGE_BYTES];
    java.util.Arrays.fill(rgb, fill);
    return PageSegment.imageRef("https://example.org/a.png", "a", Double.NaN).withPixels(rgb, 64);
  }

  private static String words(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append("word").append(i).append(' ');
    }
    return sb.toString().trim();
  }

  @Test
  void packsTextAndTheImageThatFollowsIt() {
    SamplePacker packer = new SamplePacker(new ByteTokenizer(), TINY);
    SamplePacker.Outcome out = packer.pack(page(PageSegment.text("A short caption."), image((byte) 7), PageSegment.text("After.")));
    assertThat(out).isInstanceOf(SamplePacker.Packed.class);
    LclSample s = ((SamplePacker.Packed) out).sample();
    assertThat(s.imageCount()).isEqualTo(1);
    assertThat(s.pixels()).hasSize(IMAGE_BYTES).containsOnly(7);
    assertThat(s.tokens()[s.soiPositions()[0]]).isEqualTo(new ByteTokenizer().soi());
  }

  @Test
  void keepsTheImageWhenTheTextBeforeItFillsTheContext() {
    SamplePacker packer = new SamplePacker(new ByteTokenizer(), TINY);
    String longLead = words(200); // ~1,500 bytes before the image, the context holds 256 tokens
    SamplePacker.Outcome out = packer.pack(page(PageSegment.text(longLead), image((byte) 3)));
    assertThat(out).isInstanceOf(SamplePacker.Packed.class);
    LclSample s = ((SamplePacker.Packed) out).sample();
    assertThat(s.imageCount()).isEqualTo(1);
    assertThat(s.tokens().length).isLessThanOrEqualTo(TINY.lm().contextLength());
    // What survived of the text is its end, right before the image.
    StringBuilder keptText = new StringBuilder();
    for (int i = 0; i < s.soiPositions()[0]; i++) {
      if (s.tokens()[i] < 256) {
        keptText.append((char) s.tokens()[i]);
      }
    }
    String kept = keptText.toString();
    assertThat(longLead).endsWith(kept.trim());
    assertThat(kept.trim()).startsWith("word").endsWith("word199");
  }

  @Test
  void filtersAPageWithoutDecodedImages() {
    SamplePacker packer = new SamplePacker(new ByteTokenizer(), TINY);
    SamplePacker.Outcome out = packer.pack(page(PageSegment.text(words(30)),
        PageSegment.imageRef("https://example.org/undecoded.png", "x", Double.NaN)));
    assertThat(out).isEqualTo(new SamplePacker.Filtered(SamplePacker.NO_IMAGE));
  }

  @Test
  void leadingTextIsCutAtAWordBoundaryKeepingItsEnd() {
    List<DocumentPart> cut = SamplePacker.withLeadingTextCut(
        List.of(new TextPart("alpha beta gamma"), new TextPart("delta epsilon"), new ImagePart(0), new TextPart("after")), 12);
    assertThat(cut).containsExactly(new TextPart("epsilon"), new ImagePart(0), new TextPart("after"));
  }
}
