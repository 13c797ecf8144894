package io.lclstream.flink.dedup;

import io.lclstream.flink.config.JobConfig;
import io.lclstream.flink.ingest.Page;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;

/**
 * Owns the wiring of the image frequency cap into the job graph: decoded images are perceptual-hashed, one probe
 * per distinct image of a page is counted under its hash, and the verdicts are joined back per page.
 */
public final class ImageFrequencyStage {
  /** Counter (group {@code pipeline}) of images removed as too frequent, reason {@value DedupReasons#IMAGE_FREQUENT}. */
  public static final String FREQUENT_COUNTER = DeduplicationStage.DUPLICATES_PREFIX + "image";

  public static final String UID_HASH = "dedup-image-hash";
  public static final String UID_COUNT = "dedup-image-count";
  public static final String UID_JOIN = "dedup-image-join";

  /**
   * A page with the perceptual hash of each decoded image.
   *
   * @param segmentIndices the index in {@code page.segments()} of each hashed image
   * @param hashes the pHash of the image at the same position of {@code segmentIndices}
   * @param distinct how many different hashes the page has: the number of verdicts its join waits for
   */
  public record HashedPage(Page page, int[] segmentIndices, long[] hashes, int distinct) {}

  /** One page's claim "I show this image", sent to the image's hash key. */
  public record HashProbe(String pageId, long hash) {}

  /** Whether the image is over the cap, counting the page that asked. */
  public record ImageVerdict(String pageId, long hash, boolean frequent) {}

  static final OutputTag<HashProbe> PROBES =
      new OutputTag<>("image-probes", TypeInformation.of(HashProbe.class));
  static final OutputTag<Page> WITHOUT_IMAGES =
      new OutputTag<>("pages-without-decoded-images", TypeInformation.of(Page.class));

  private ImageFrequencyStage() {}

  /** Adds the operators; pages without decoded images pass straight through, no page is ever dropped here. */
  public static DataStream<Page> apply(DataStream<Page> pages, JobConfig config) {
    return apply(pages, config.dedup().ttl(), config.dedup().imageMaxOccurrences());
  }

  /** As {@link #apply(DataStream, JobConfig)}, with the TTL and the cap given. */
  public static DataStream<Page> apply(DataStream<Page> pages, Duration ttl, long maxPages) {
    // Validated here, where the graph is built, rather than when the first task opens.
    new ImageFrequencyCap(maxPages);
    SingleOutputStreamOperator<HashedPage> hashed = pages
        .process(new ImageHashingFunction())
        .name("dedup: image perceptual hashes").uid(UID_HASH);
    DataStream<ImageVerdict> verdicts = hashed.getSideOutput(PROBES)
        .keyBy(HashProbe::hash, Types.LONG)
        .process(new ImageFrequencyCountFunction(ttl, maxPages))
        .name("dedup: image frequency").uid(UID_COUNT);
    DataStream<Page> joined = hashed
        .keyBy(h -> h.page().id(), Types.STRING)
        .connect(verdicts.keyBy(ImageVerdict::pageId, Types.STRING))
        .process(new ImageFrequencyJoinFunction(ttl))
        .name("dedup: image frequency join").uid(UID_JOIN);
    return joined.union(hashed.getSideOutput(WITHOUT_IMAGES));
  }
}
