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

  public SamplePacker(Tokenizer tokenizer, LclConfig config) {
    this.packer = new SequencePacker(tokenizer, config);
    int size = config.vision().imageSize();
    this.imageBytes = size * size * 3;
  }

  /** The closed outcome of packing one page. */
  public sealed interface Outcome permits Packed, Filtered {}

  public record Packed(LclSample sample) implements Outcome {}

  public record Filtered(String reason) implements Outcome {}

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
