package io.lclstream.flink.dedup;

import io.lclstream.flink.ingest.Page;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/** Owns the "first occurrence of a page id wins" rule (keyed by page id), reason {@value DeduplicationStage#REPEATED_ID}. */
public class RepeatedIdFunction extends KeyedProcessFunction<String, Page, Page> {
  private static final long serialVersionUID = 1L;

  private final Duration ttl;
  private transient ValueState<Boolean> seen;
  private transient Counter duplicates;

  public RepeatedIdFunction(Duration ttl) {
    this.ttl = ttl;
  }

  @Override
  public void open(OpenContext openContext) {
    ValueStateDescriptor<Boolean> descriptor = new ValueStateDescriptor<>("seen", Types.BOOLEAN);
    descriptor.enableTimeToLive(DeduplicationStage.ttl(ttl));
    seen = getRuntimeContext().getState(descriptor);
    duplicates = getRuntimeContext().getMetricGroup().addGroup(DeduplicationStage.METRIC_GROUP)
        .counter(DeduplicationStage.DUPLICATES_PREFIX + "id");
  }

  @Override
  public void processElement(Page page, Context ctx, Collector<Page> out) throws Exception {
    if (seen.value() != null) {
      duplicates.inc();
      return;
    }
    seen.update(Boolean.TRUE);
    out.collect(page);
  }
}
