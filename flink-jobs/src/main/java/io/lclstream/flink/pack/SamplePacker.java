package io.lclstream.flink.pack;

import io.lclstream.flink.ingest.Page;
import io.lclstream.flink.ingest.PageSegment;
import io.lclstream.model.config.LclConfig;
import io.lclstream.model.pack.DocumentPart;
import io.lclstream.model.pack.ImagePart;
import io.lclstream.model.pack.PackedSequence;
import io.lclstream.model.pack.SequencePacker;
import io.lclstream.model.pack.TextPart;
import io.lclstream.model.token.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a cleaned page with decoded images into one {@link LclSample} with the model's tokenizer
 * and packer, or says why it cannot: a page whose sequence holds no image teaches the vision
 * encoder nothing.
 */
public final class SamplePacker {
  /** Reason: no decoded image left in the page (or none fits the context). */
  public static final String NO_IMAGE = "pack.no_image";

  private final SequencePacker packer;
  private final int imageBytes;
  /** Characters of leading text tried first when the text before the first image fills the context. */
  private final int leadBudget;

  public SamplePacker(Tokenizer tokenizer, LclConfig config) {
    this.packer = new SequencePacker(tokenizer, config);
    int size = config.vision().imageSize();
    this.imageBytes = size * size * 3;
    // Half of what the context leaves next to one image (<sot>, <soi>, N placeholders, <eoi>, <eot>).
    this.leadBudget = Math.max(16, (config.lm().contextLength() - config.visualTokens() - 4) / 2);
  }

  /** The closed outcome of packing one page. */
  public sealed interface Outcome permits Packed, Filtered {}

  public record Packed(LclSample sample) implements Outcome {}

  public record Filtered(String reason) implements Outcome {}

  /** {@code parts} with the text before the first image replaced by its last {@code chars} characters. */
  static List<DocumentPart> withLeadingTextCut(List<DocumentPart> parts, int chars) {
    StringBuilder lead = new StringBuilder();
    int first = 0;
    while (first < parts.size() && parts.get(first) instanceof TextPart t) {
      if (lead.length() > 0) {
        lead.append('\n');
      }
      lead.append(t.text());
      first++;
    }
    List<DocumentPart> out = new ArrayList<>();
    if (lead.length() > chars) {
      int from = lead.length() - chars;
      int space = lead.indexOf(" ", from);
      String tail = lead.substring(space >= 0 && space < lead.length() - 1 ? space + 1 : from);
      out.add(new TextPart(tail));
    } else if (lead.length() > 0) {
      out.add(new TextPart(lead.toString()));
    }
    out.addAll(parts.subList(first, parts.size()));
    return out;
  }

  public Outcome pack(Page page) {
    List<DocumentPart> parts = new ArrayList<>();
    List<byte[]> images = new ArrayList<>();
    for (PageSegment s : page.segments()) {
      if (s.image()) {
        if (s.decoded() && s.data().length == imageBytes) {
          parts.add(new ImagePart(images.size()));
          images.add(s.data());
        }
      } else if (s.text() != null && !s.text().isBlank()) {
        parts.add(new TextPart(s.text()));
      }
    }
    if (images.isEmpty()) {
      return new Filtered(NO_IMAGE);
    }
    PackedSequence packed = packer.pack(parts);
    // Text before the first image can fill the whole context (long pages, small contexts): then
    // keep only the end of it, the context nearest the image, so the image is still learned from.
    for (int budget = leadBudget; packed.imageCount() == 0 && budget >= 16; budget /= 2) {
      packed = packer.pack(withLeadingTextCut(parts, budget));
    }
    if (packed.imageCount() == 0) {
      return new Filtered(NO_IMAGE);
    }
    byte[] pixels = new byte[packed.imageCount() * imageBytes];
    for (int k = 0; k < packed.imageCount(); k++) {
      System.arraycopy(images.get(packed.keptImages()[k]), 0, pixels, k * imageBytes, imageBytes);
    }
    return new Packed(new LclSample(page.id(), page.kafkaTimestamp(), packed.tokens(), packed.soiPositions(),
        pixels, packed.imageCount()));
  }
}
