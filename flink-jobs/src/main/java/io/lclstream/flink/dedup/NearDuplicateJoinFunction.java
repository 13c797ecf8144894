package io.lclstream.flink.dedup;

import io.lclstream.flink.ingest.Page;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the per-page join (keyed by page id) of a page with its band verdicts: the page waits in state until all
 * {@code bands} verdicts are in and is emitted iff none says duplicate (else dropped, reason
 * {@value DedupReasons#NEAR}). Page and verdicts may arrive in either order.
 */
public class NearDuplicateJoinFunction
    extends KeyedCoProcessFunction<String, Page, NearDuplicateBandFunction.Verdict, Page> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(NearDuplicateJoinFunction.class);

  private final Duration ttl;
  private final int bands;
  private transient ValueState<Page> pending;
  private transient ValueState<Integer> received;
  private transient ValueState<String> duplicateOf;
  private transient Counter duplicates;

  public NearDuplicateJoinFunction(Duration ttl, int bands) {
    if (bands < 1) {
      throw new IllegalArgumentException("bands=" + bands + " must be at least 1: every page sends one probe per band");
    }
    this.ttl = ttl;
    this.bands = bands;
  }

  @Override
  public void open(OpenContext openContext) {
    pending = getRuntimeContext().getState(withTtl(new ValueStateDescriptor<>("page", TypeInformation.of(Page.class))));
    received = getRuntimeContext().getState(withTtl(new ValueStateDescriptor<>("verdicts", Types.INT)));
    duplicateOf = getRuntimeContext().getState(withTtl(new ValueStateDescriptor<>("duplicate-of", Types.STRING)));
    duplicates = getRuntimeContext().getMetricGroup().addGroup(DeduplicationStage.METRIC_GROUP)
        .counter(DeduplicationStage.DUPLICATES_PREFIX + "near");
  }

  private <T> ValueStateDescriptor<T> withTtl(ValueStateDescriptor<T> descriptor) {
    // The TTL only matters if a verdict never comes (it always does unless state was lost); it keeps such a
    // page from staying in RocksDB forever.
    descriptor.enableTimeToLive(DeduplicationStage.ttl(ttl));
    return descriptor;
  }

  @Override
  public void processElement1(Page page, Context ctx, Collector<Page> out) throws Exception {
    pending.update(page);
    emitWhenComplete(page, out);
  }

  @Override
  public void processElement2(NearDuplicateBandFunction.Verdict verdict, Context ctx, Collector<Page> out)
      throws Exception {
    Integer count = received.value();
    received.update(count == null ? 1 : count + 1);
    if (verdict.duplicate() && duplicateOf.value() == null) {
      duplicateOf.update(verdict.duplicateOf());
    }
    emitWhenComplete(pending.value(), out);
  }

  private void emitWhenComplete(Page page, Collector<Page> out) throws Exception {
    Integer count = received.value();
    if (page == null || count == null || count < bands) {
      return;
    }
    String original = duplicateOf.value();
    if (original == null) {
      out.collect(page);
    } else {
      duplicates.inc();
      LOG.debug("Page {} dropped ({}): near duplicate of earlier page {}", page.id(), DedupReasons.NEAR, original);
    }
    pending.clear();
    received.clear();
    duplicateOf.clear();
  }
}
