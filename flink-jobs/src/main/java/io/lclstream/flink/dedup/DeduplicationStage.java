package io.lclstream.flink.dedup;

import io.lclstream.flink.config.JobConfig;
import io.lclstream.flink.config.JobOptions;
import io.lclstream.flink.ingest.Page;
import java.time.Duration;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Owns the wiring of text deduplication into the job graph: repeated page ids, exact duplicates, then MinHash LSH
 * near duplicates (probes keyed by band, verdicts joined back per page).
 */
public final class DeduplicationStage {
  public static final String METRIC_GROUP = "pipeline";
  /** Counter prefix: {@code duplicates.id}, {@code duplicates.exact}, {@code duplicates.near}. */
  public static final String DUPLICATES_PREFIX = "duplicates.";
  /** Reason of a page whose id was seen before (Kafka redelivery, a crawler pushing the same page twice). */
  public static final String REPEATED_ID = "dup.id";

  public static final String UID_ID = "dedup-id";
  public static final String UID_EXACT = "dedup-exact";
  public static final String UID_NEAR_PROBES = "dedup-near-probes";
  public static final String UID_NEAR_BANDS = "dedup-near-bands";
  public static final String UID_NEAR_JOIN = "dedup-near-join";

  private DeduplicationStage() {}

  /** Adds the dedup operators; page ids are unique downstream and every dropped page is counted. */
  public static DataStream<Page> apply(DataStream<Page> pages, JobConfig config) {
    return apply(pages, config.dedup(), MinHasher.withDefaults(), LshBands.withDefaults());
  }

  /** As {@link #apply(DataStream, JobConfig)}, with the MinHash and banding parameters given. */
  public static DataStream<Page> apply(DataStream<Page> pages, JobConfig.Dedup dedup, MinHasher hasher, LshBands bands) {
    if (hasher.numPermutations() < bands.requiredPermutations()) {
      throw new IllegalArgumentException("MinHash has " + hasher.numPermutations() + " permutations but "
          + bands.bands() + " bands × " + bands.rows() + " rows need " + bands.requiredPermutations()
          + "; use at least that many permutations or fewer bands/rows");
    }
    if (!(dedup.nearThreshold() > 0)) {
      // Checked here, where the graph is built, and under the job's key; 0 would make every page a duplicate.
      throw new IllegalArgumentException("Invalid value " + dedup.nearThreshold() + " for configuration "
          + JobOptions.DEDUP_NEAR_THRESHOLD.key() + ": must be above 0, or every page would be a near duplicate "
          + "of any other; use " + JobOptions.DEDUP_NEAR_THRESHOLD.defaultValue() + " (the default)");
    }
    Duration ttl = dedup.ttl();
    DataStream<Page> uniqueIds = pages
        .keyBy(Page::id, Types.STRING)
        .process(new RepeatedIdFunction(ttl))
        .name("dedup: repeated page id").uid(UID_ID);
    DataStream<Page> noExact = uniqueIds
        .keyBy(ExactDuplicateFunction::exactKey, Types.STRING)
        .process(new ExactDuplicateFunction(ttl))
        .name("dedup: exact text").uid(UID_EXACT);
    DataStream<NearDuplicateBandFunction.Probe> probes = noExact
        .flatMap(new NearDuplicateProbeFunction(hasher.numPermutations(), hasher.shingleSize(), hasher.seed(),
            bands.bands(), bands.rows()))
        .name("dedup: near-duplicate band probes").uid(UID_NEAR_PROBES);
    DataStream<NearDuplicateBandFunction.Verdict> verdicts = probes
        .keyBy(NearDuplicateBandFunction.Probe::bandKey, Types.LONG)
        .process(new NearDuplicateBandFunction(ttl, dedup.nearThreshold()))
        .name("dedup: near-duplicate bands").uid(UID_NEAR_BANDS);
    return noExact.keyBy(Page::id, Types.STRING)
        .connect(verdicts.keyBy(NearDuplicateBandFunction.Verdict::pageId, Types.STRING))
        .process(new NearDuplicateJoinFunction(ttl, bands.bands()))
        .name("dedup: near-duplicate join").uid(UID_NEAR_JOIN);
  }

  /**
   * The TTL of every dedup state: counted from the write, never returning an expired value, cleaned up in the
   * background (RocksDB compaction filter or heap incremental cleanup, whichever backend runs the job).
   */
  static StateTtlConfig ttl(Duration ttl) {
    return StateTtlConfig.newBuilder(ttl)
        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
        .build();
  }
}
