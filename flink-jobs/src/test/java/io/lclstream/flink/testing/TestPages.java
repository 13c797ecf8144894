package io.lclstream.flink.testing;

import io.lclstream.connectors.doc.Document;
import io.lclstream.connectors.doc.ImageSegment;
import io.lclstream.connectors.doc.Segment;
import io.lclstream.connectors.doc.TextSegment;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Fixture pages the pipeline tests generate themselves: prose-like text that passes the quality
 * filter, and real PNG/JPEG images (distinct per page unless asked otherwise).
 */
public final class TestPages {
  private static final String[] SYLLABLES = {
    "ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "de", "pa", "qu", "zo", "fe", "gu", "hi", "ja",
    "bo", "ce", "di", "fo", "lu", "ma", "no", "pe", "ri", "su", "te", "va", "we", "xi", "yo", "za"
  };

  private TestPages() {}

  /** About {@code words} words of varied pseudo-words, split in sentences of 8–14 words. */
  public static String prose(long seed, int words) {
    SplittableRandom rnd = new SplittableRandom(seed);
    StringBuilder sb = new StringBuilder();
    int inSentence = 0;
    int sentenceLength = 8 + rnd.nextInt(7);
    for (int i = 0; i < words; i++) {
      StringBuilder word = new StringBuilder();
      int syllables = 1 + rnd.nextInt(4);
      for (int s = 0; s < syllables; s++) {
        word.append(SYLLABLES[rnd.nextInt(SYLLABLES.length)]);
      }
      if (inSentence == 0) {
        word.setCharAt(0, Character.toUpperCase(word.charAt(0)));
      }
      sb.append(word);
      inSentence++;
      if (inSentence == sentenceLength || i == words - 1) {
        sb.append(". ");
        inSentence = 0;
        sentenceLength = 8 + rnd.nextInt(7);
      } else {
        sb.append(' ');
      }
    }
    return sb.toString().trim();
  }

  /** A {@code width × height} picture of random rectangles, encoded as {@code format} (png or jpg). */
  public static byte[] image(long seed, int width, int height, String format) {
    SplittableRandom rnd = new SplittableRandom(seed);
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256)));
    g.fillRect(0, 0, width, height);
    for (int i = 0; i < 12; i++) {
      g.setColor(new Color(rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256)));
      int w = 10 + rnd.nextInt(width / 2);
      int h = 10 + rnd.nextInt(height / 2);
      g.fillRect(rnd.nextInt(width - w), rnd.nextInt(height - h), w, h);
    }
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalStateException("No ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * A page that survives every stage: a paragraph, a distinct image, more text, a second image.
   * Even seeds give PNGs, odd ones JPEGs.
   */
  public static Document goodPage(String id, long seed) {
    String format = seed % 2 == 0 ? "png" : "jpg";
    String mime = seed % 2 == 0 ? "image/png" : "image/jpeg";
    List<Segment> segments = new ArrayList<>();
    segments.add(new TextSegment(prose(seed * 31 + 1, 14)));
    segments.add(ImageSegment.inline(null, image(seed * 31 + 2, 200, 160, format), mime, "a figure"));
    segments.add(new TextSegment(prose(seed * 31 + 3, 40)));
    segments.add(ImageSegment.inline(null, image(seed * 31 + 4, 180, 180, format), mime, "another figure"));
    segments.add(new TextSegment(prose(seed * 31 + 5, 30)));
    return page(id, segments);
  }

  /** The same content as {@code original} under another id. */
  public static Document copyOf(Document original, String id) {
    return page(id, original.segments());
  }

  /** {@code original} with one word of its longest paragraph changed: a near duplicate. */
  public static Document nearCopyOf(Document original, String id) {
    List<Segment> segments = new ArrayList<>(original.segments());
    int longest = -1;
    for (int i = 0; i < segments.size(); i++) {
      if (segments.get(i) instanceof TextSegment t
          && (longest < 0 || t.text().length() > ((TextSegment) segments.get(longest)).text().length())) {
        longest = i;
      }
    }
    String text = ((TextSegment) segments.get(longest)).text();
    int space = text.indexOf(' ', text.length() / 2);
    segments.set(longest, new TextSegment(text.substring(0, space) + " different" + text.substring(space)));
    return page(id, segments);
  }

  /** A page whose only image is too small to keep: packed into nothing. */
  public static Document pageWithOnlyATinyImage(String id, long seed) {
    return page(id, List.of(
        new TextSegment(prose(seed * 17 + 1, 60)),
        ImageSegment.inline(null, image(seed * 17 + 2, 40, 40, "png"), "image/png", "an icon")));
  }

  public static Document page(String id, List<Segment> segments) {
    return new Document(id, "https://example.org/" + id, "json", Instant.parse("2024-05-01T12:00:00Z"), "en", segments);
  }
}
