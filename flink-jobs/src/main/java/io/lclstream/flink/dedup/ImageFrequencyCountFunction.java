package io.lclstream.flink.dedup;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Owns the count of pages per image (keyed by perceptual hash, with TTL) and the {@link ImageFrequencyCap}
 * verdict for each page that shows the image.
 */
public class ImageFrequencyCountFunction
    extends KeyedProcessFunction<Long, ImageFrequencyStage.HashProbe, ImageFrequencyStage.ImageVerdict> {
  private static final long serialVersionUID = 1L;

  private final Duration ttl;
  private final long maxPages;
  private transient ImageFrequencyCap cap;
  private transient ValueState<Long> pagesSeen;

  public ImageFrequencyCountFunction(Duration ttl, long maxPages) {
    this.ttl = ttl;
    this.maxPages = maxPages;
  }

  @Override
  public void open(OpenContext openContext) {
    cap = new ImageFrequencyCap(maxPages);
    ValueStateDescriptor<Long> descriptor = new ValueStateDescriptor<>("pages-seen", Types.LONG);
    descriptor.enableTimeToLive(DeduplicationStage.ttl(ttl));
    pagesSeen = getRuntimeContext().getState(descriptor);
  }

  @Override
  public void processElement(ImageFrequencyStage.HashProbe probe, Context ctx,
      Collector<ImageFrequencyStage.ImageVerdict> out) throws Exception {
    Long before = pagesSeen.value();
    long seen = (before == null ? 0 : before) + 1;
    pagesSeen.update(seen);
    out.collect(new ImageFrequencyStage.ImageVerdict(probe.pageId(), probe.hash(), cap.isFrequent(seen)));
  }
}
