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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns exact-duplicate removal keyed by {@link TextFingerprint#exactKey(java.util.List)}: the first page with a
 * normalised text passes, later ones are dropped (reason {@value DedupReasons#EXACT}).
 */
public class ExactDuplicateFunction extends KeyedProcessFunction<String, Page, Page> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ExactDuplicateFunction.class);

  private final Duration ttl;
  /** The id of the page that first carried this text, kept for the debug log of later copies. */
  private transient ValueState<String> firstId;
  private transient Counter duplicates;

  public ExactDuplicateFunction(Duration ttl) {
    this.ttl = ttl;
  }

  /** The key of exact-duplicate state: SHA-256 of the page's normalised text segments. */
  public static String exactKey(Page page) {
    return TextFingerprint.exactKey(page.texts());
  }

  @Override
  public void open(OpenContext openContext) {
    ValueStateDescriptor<String> descriptor = new ValueStateDescriptor<>("first-id", Types.STRING);
    descriptor.enableTimeToLive(DeduplicationStage.ttl(ttl));
    firstId = getRuntimeContext().getState(descriptor);
    duplicates = getRuntimeContext().getMetricGroup().addGroup(DeduplicationStage.METRIC_GROUP)
        .counter(DeduplicationStage.DUPLICATES_PREFIX + "exact");
  }

  @Override
  public void processElement(Page page, Context ctx, Collector<Page> out) throws Exception {
    String first = firstId.value();
    if (first != null) {
      duplicates.inc();
      LOG.debug("Page {} dropped ({}): same normalised text as page {}", page.id(), DedupReasons.EXACT, first);
      return;
    }
    firstId.update(page.id());
    out.collect(page);
  }
}
