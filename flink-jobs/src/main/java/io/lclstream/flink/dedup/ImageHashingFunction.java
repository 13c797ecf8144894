package io.lclstream.flink.dedup;

import io.lclstream.flink.ingest.Page;
import io.lclstream.flink.ingest.PageSegment;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Owns the fan-out of a page's decoded images into frequency probes: each image is hashed with
 * {@link ImageHash#pHash}, and each distinct hash of the page is sent once (the same icon twice on a page counts
 * one page). Pages without decoded images go to a side output and skip the count.
 */
public class ImageHashingFunction extends ProcessFunction<Page, ImageFrequencyStage.HashedPage> {
  private static final long serialVersionUID = 1L;

  @Override
  public void processElement(Page page, Context ctx, Collector<ImageFrequencyStage.HashedPage> out) {
    PageSegment[] segments = page.segments();
    int[] indices = new int[segments.length];
    long[] hashes = new long[segments.length];
    int n = 0;
    for (int i = 0; i < segments.length; i++) {
      BufferedImage image = toImage(segments[i]);
      if (image != null) {
        indices[n] = i;
        hashes[n] = ImageHash.pHash(image);
        n++;
      }
    }
    if (n == 0) {
      ctx.output(ImageFrequencyStage.WITHOUT_IMAGES, page);
      return;
    }
    Set<Long> distinct = new LinkedHashSet<>();
    for (int i = 0; i < n; i++) {
      distinct.add(hashes[i]);
    }
    out.collect(new ImageFrequencyStage.HashedPage(page, Arrays.copyOf(indices, n), Arrays.copyOf(hashes, n),
        distinct.size()));
    for (long hash : distinct) {
      ctx.output(ImageFrequencyStage.PROBES, new ImageFrequencyStage.HashProbe(page.id(), hash));
    }
  }

  /**
   * The decoded pixels of an image segment as an image, or null for text, an undecoded image (this stage only
   * counts what the image stage has decoded), or pixels that do not fill width × height × 3 bytes.
   */
  public static BufferedImage toImage(PageSegment segment) {
    if (!segment.decoded() || segment.data() == null) {
      return null;
    }
    int w = segment.width();
    int h = segment.height();
    byte[] rgb = segment.data();
    if (w < 1 || h < 1 || rgb.length != (long) w * h * 3) {
      return null;
    }
    int[] pixels = new int[w * h];
    for (int p = 0; p < pixels.length; p++) {
      pixels[p] = (rgb[3 * p] & 0xFF) << 16 | (rgb[3 * p + 1] & 0xFF) << 8 | (rgb[3 * p + 2] & 0xFF);
    }
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, w, h, pixels, 0, w);
    return image;
  }
}
