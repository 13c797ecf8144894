package io.lclstream.flink.dedup;

import io.lclstream.flink.ingest.Page;
import io.lclstream.flink.ingest.PageSegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Owns the per-page join (keyed by page id) of a hashed page with the frequency verdicts of its distinct images:
 * once all are in, images whose hash is over the cap are removed (reason {@value DedupReasons#IMAGE_FREQUENT})
 * and the page goes on, even with no image left.
 */
public class ImageFrequencyJoinFunction
    extends KeyedCoProcessFunction<String, ImageFrequencyStage.HashedPage, ImageFrequencyStage.ImageVerdict, Page> {
  private static final long serialVersionUID = 1L;

  private final Duration ttl;
  private transient ValueState<ImageFrequencyStage.HashedPage> pending;
  private transient ValueState<Integer> received;
  private transient ListState<Long> frequent;
  private transient Counter removed;

  public ImageFrequencyJoinFunction(Duration ttl) {
    this.ttl = ttl;
  }

  @Override
  public void open(OpenContext openContext) {
    StateTtlConfig ttlConfig = DeduplicationStage.ttl(ttl);
    ValueStateDescriptor<ImageFrequencyStage.HashedPage> page =
        new ValueStateDescriptor<>("page", TypeInformation.of(ImageFrequencyStage.HashedPage.class));
    page.enableTimeToLive(ttlConfig);
    ValueStateDescriptor<Integer> count = new ValueStateDescriptor<>("verdicts", Types.INT);
    count.enableTimeToLive(ttlConfig);
    ListStateDescriptor<Long> hashes = new ListStateDescriptor<>("frequent-hashes", Types.LONG);
    hashes.enableTimeToLive(ttlConfig);
    pending = getRuntimeContext().getState(page);
    received = getRuntimeContext().getState(count);
    frequent = getRuntimeContext().getListState(hashes);
    removed = getRuntimeContext().getMetricGroup().addGroup(DeduplicationStage.METRIC_GROUP)
        .counter(ImageFrequencyStage.FREQUENT_COUNTER);
  }

  @Override
  public void processElement1(ImageFrequencyStage.HashedPage page, Context ctx, Collector<Page> out)
      throws Exception {
    pending.update(page);
    emitWhenComplete(page, out);
  }

  @Override
  public void processElement2(ImageFrequencyStage.ImageVerdict verdict, Context ctx, Collector<Page> out)
      throws Exception {
    Integer count = received.value();
    received.update(count == null ? 1 : count + 1);
    if (verdict.frequent()) {
      frequent.add(verdict.hash());
    }
    emitWhenComplete(pending.value(), out);
  }

  private void emitWhenComplete(ImageFrequencyStage.HashedPage hashed, Collector<Page> out) throws Exception {
    Integer count = received.value();
    if (hashed == null || count == null || count < hashed.distinct()) {
      return;
    }
    Set<Long> tooFrequent = new HashSet<>();
    for (Long hash : frequent.get()) {
      tooFrequent.add(hash);
    }
    out.collect(tooFrequent.isEmpty() ? hashed.page() : withoutFrequent(hashed, tooFrequent));
    pending.clear();
    received.clear();
    frequent.clear();
  }

  private Page withoutFrequent(ImageFrequencyStage.HashedPage hashed, Set<Long> tooFrequent) {
    Set<Integer> drop = new HashSet<>();
    for (int i = 0; i < hashed.segmentIndices().length; i++) {
      if (tooFrequent.contains(hashed.hashes()[i])) {
        drop.add(hashed.segmentIndices()[i]);
      }
    }
    PageSegment[] segments = hashed.page().segments();
    List<PageSegment> kept = new ArrayList<>(segments.length - drop.size());
    for (int i = 0; i < segments.length; i++) {
      if (!drop.contains(i)) {
        kept.add(segments[i]);
      }
    }
    removed.inc(drop.size());
    return hashed.page().withSegments(kept);
  }
}
