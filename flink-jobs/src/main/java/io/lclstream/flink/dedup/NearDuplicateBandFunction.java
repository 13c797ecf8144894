package io.lclstream.flink.dedup;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Owns one LSH band bucket (keyed by band key): it remembers the bucket's owner, the first page in
 * {@code (kafkaTimestamp, id)} order it has seen, and answers each probe with a verdict: duplicate iff the owner is
 * another page, earlier in that order, and {@link NearDuplicateRule} finds the signatures similar.
 *
 * <p>Why the order and not just "first come": probes of two near duplicates reach different buckets in different
 * orders when the stage runs in parallel. With "first come wins" each page could find the other already owning
 * some bucket and both would be dropped; with the order, only the later page can ever be judged a duplicate of
 * the earlier one, so the earliest page of a group of near duplicates always survives. What this cannot do is
 * drop a later page whose probes reach every shared bucket before the earlier page's: its verdicts are out
 * before the earlier page is seen, so both survive (a missed duplicate, never a lost original).
 *
 * <p>Why the owner moves to an earlier page that arrives late: later pages are then compared with the page that
 * survives, not with one that arrived first but comes after it in order.
 */
public class NearDuplicateBandFunction
    extends KeyedProcessFunction<Long, NearDuplicateBandFunction.Probe, NearDuplicateBandFunction.Verdict> {
  private static final long serialVersionUID = 1L;

  /** One page's entry for one band: who asks, its order, which bucket, and its whole signature. */
  public record Probe(String pageId, long kafkaTimestamp, long bandKey, long[] signature) {}

  /** The bucket's earliest page so far: the one later pages are compared with. */
  public record Owner(String pageId, long kafkaTimestamp, long[] signature) {}

  /**
   * The answer for one probe.
   *
   * @param duplicateOf the id of the earlier page this one duplicates, or null when it does not
   */
  public record Verdict(String pageId, boolean duplicate, String duplicateOf) {}

  private final Duration ttl;
  private final double threshold;
  private transient NearDuplicateRule rule;
  private transient ValueState<Owner> owner;

  public NearDuplicateBandFunction(Duration ttl, double threshold) {
    this.ttl = ttl;
    this.threshold = threshold;
  }

  @Override
  public void open(OpenContext openContext) {
    rule = new NearDuplicateRule(threshold);
    ValueStateDescriptor<Owner> descriptor = new ValueStateDescriptor<>("owner", TypeInformation.of(Owner.class));
    descriptor.enableTimeToLive(DeduplicationStage.ttl(ttl));
    owner = getRuntimeContext().getState(descriptor);
  }

  @Override
  public void processElement(Probe probe, Context ctx, Collector<Verdict> out) throws Exception {
    Owner current = owner.value();
    if (current == null) {
      owner.update(new Owner(probe.pageId(), probe.kafkaTimestamp(), probe.signature()));
      out.collect(new Verdict(probe.pageId(), false, null));
      return;
    }
    if (current.pageId().equals(probe.pageId())) {
      out.collect(new Verdict(probe.pageId(), false, null));
      return;
    }
    if (isEarlier(probe.kafkaTimestamp(), probe.pageId(), current.kafkaTimestamp(), current.pageId())) {
      owner.update(new Owner(probe.pageId(), probe.kafkaTimestamp(), probe.signature()));
      out.collect(new Verdict(probe.pageId(), false, null));
      return;
    }
    boolean duplicate = rule.isNearDuplicate(probe.signature(), current.signature());
    out.collect(new Verdict(probe.pageId(), duplicate, duplicate ? current.pageId() : null));
  }

  /** True when page a comes before page b: earlier Kafka timestamp, ties broken by id. */
  public static boolean isEarlier(long timestampA, String idA, long timestampB, String idB) {
    return timestampA != timestampB ? timestampA < timestampB : idA.compareTo(idB) < 0;
  }
}
