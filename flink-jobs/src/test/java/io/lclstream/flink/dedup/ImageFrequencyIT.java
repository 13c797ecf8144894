package io.lclstream.flink.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.lclstream.flink.clean.TextCleaningIT.PipelineCounters;
import io.lclstream.flink.ingest.Page;
import io.lclstream.flink.ingest.PageSegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image frequency cap on a real MiniCluster (RocksDB state backend, generic types disabled). */
class ImageFrequencyIT {
  static final int SIZE = 32;

  @TempDir Path dir;

  /** A decoded icon: diagonal stripes, the same pixels on every page. */
  static PageSegment icon() {
    byte[] rgb = new byte[SIZE * SIZE * 3];
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        int v = ((x + y) / 4) % 2 == 0 ? 250 : 20;
        int p = (y * SIZE + x) * 3;
        rgb[p] = (byte) v;
        rgb[p + 1] = (byte) (v / 2);
        rgb[p + 2] = (byte) (255 - v);
      }
    }
    return PageSegment.imageRef("https://example.org/icon.png", "home", Double.NaN).withPixels(rgb, SIZE);
  }

  /** A decoded photo: smooth random blobs, different for each seed. */
  static PageSegment photo(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] cx = new double[4];
    double[] cy = new double[4];
    for (int i = 0; i < 4; i++) {
      cx[i] = random.nextDouble() * SIZE;
      cy[i] = random.nextDouble() * SIZE;
    }
    byte[] rgb = new byte[SIZE * SIZE * 3];
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        double v = 0;
        for (int i = 0; i < 4; i++) {
          v += Math.exp(-((x - cx[i]) * (x - cx[i]) + (y - cy[i]) * (y - cy[i])) / 40.0) * (i % 2 == 0 ? 1 : -1);
        }
        int g = (int) Math.max(0, Math.min(255, 128 + 120 * v));
        int p = (y * SIZE + x) * 3;
        rgb[p] = (byte) g;
        rgb[p + 1] = (byte) g;
        rgb[p + 2] = (byte) g;
      }
    }
    return PageSegment.imageRef("https://example.org/photo-" + seed + ".jpg", "photo", Double.NaN)
        .withPixels(rgb, SIZE);
  }

  static Page page(String id, PageSegment... segments) {
    return new Page(id, "https://example.org/" + id, "json", 0L, "en", 0L, segments);
  }

  @Test
  void aRepeatedIconDisappearsAfterItsTenthPageWhileAUniquePhotoStays() throws Exception {
    List<Page> input = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      String id = String.format("page-%02d", i);
      if (i == 3) {
        // The icon twice on one page counts as one page.
        input.add(page(id, PageSegment.text("three"), icon(), icon()));
      } else if (i == 12) {
        input.add(page(id, icon(), PageSegment.text("twelve"), photo(12)));
      } else {
        input.add(page(id, PageSegment.text("page " + i), icon()));
      }
    }
    input.add(page("text-only", PageSegment.text("no images here")));
    StreamExecutionEnvironment env = DeduplicationIT.env(dir, 1);

    String job = "image-frequency-" + System.nanoTime();

    List<Page> out = DeduplicationIT.run(
        ImageFrequencyStage.apply(env.fromData(input), DeduplicationIT.config(dir)), job);

    assertThat(out).extracting(Page::id).hasSize(13).contains("page-11", "page-12", "text-only");
    long iconHash = ImageHash.pHash(ImageHashingFunction.toImage(icon()));
    for (Page p : out) {
      long icons = countImagesWithHash(p, iconHash);
      switch (p.id()) {
        case "page-03" -> assertThat(icons).as(p.id()).isEqualTo(2);
        case "page-11", "page-12", "text-only" -> assertThat(icons).as(p.id()).isZero();
        default -> assertThat(icons).as(p.id()).isEqualTo(1);
      }
    }
    Page twelve = out.stream().filter(p -> p.id().equals("page-12")).findFirst().orElseThrow();
    assertThat(twelve.segments()).hasSize(2);
    assertThat(twelve.segments()[0].text()).isEqualTo("twelve");
    assertThat(twelve.segments()[1].url()).isEqualTo("https://example.org/photo-12.jpg");
    Page eleven = out.stream().filter(p -> p.id().equals("page-11")).findFirst().orElseThrow();
    assertThat(eleven.segments()).extracting(PageSegment::text).containsExactly("page 11");
    assertThat(PipelineCounters.count(job, ImageFrequencyStage.FREQUENT_COUNTER)).isEqualTo(2);
  }

  @Test
  void iconAndPhotoHaveDifferentHashes() {
    assertThat(ImageHash.pHash(ImageHashingFunction.toImage(icon())))
        .isNotEqualTo(ImageHash.pHash(ImageHashingFunction.toImage(photo(12))));
  }

  private static long countImagesWithHash(Page page, long hash) {
    long n = 0;
    for (PageSegment s : page.segments()) {
      if (s.decoded() && ImageHash.pHash(ImageHashingFunction.toImage(s)) == hash) {
        n++;
      }
    }
    return n;
  }
}
