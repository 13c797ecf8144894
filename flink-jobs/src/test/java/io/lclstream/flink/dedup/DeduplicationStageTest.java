package io.lclstream.flink.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lclstream.flink.config.JobConfig;
import io.lclstream.flink.ingest.Page;
import io.lclstream.flink.ingest.PageSegment;
import java.time.Duration;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

class DeduplicationStageTest {
  private static final Page PAGE = new Page("p", "https://example.org/p", "json", 0L, "en", 0L,
      new PageSegment[] {PageSegment.text("text")});

  @Test
  void rejectsANearThresholdOfZeroUnderTheJobsKeyWhenTheGraphIsBuilt() {
    DataStream<Page> pages = StreamExecutionEnvironment.getExecutionEnvironment().fromData(PAGE);
    JobConfig.Dedup dedup = new JobConfig.Dedup(Duration.ofDays(1), 0.0, 10);

    assertThatThrownBy(() -> DeduplicationStage.apply(pages, dedup, MinHasher.withDefaults(), LshBands.withDefaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid value 0.0 for configuration dedup.near-threshold")
        .hasMessageContaining("use 0.8");
  }

  @Test
  void rejectsFewerPermutationsThanTheBandsNeed() {
    DataStream<Page> pages = StreamExecutionEnvironment.getExecutionEnvironment().fromData(PAGE);
    JobConfig.Dedup dedup = new JobConfig.Dedup(Duration.ofDays(1), 0.8, 10);

    assertThatThrownBy(() -> DeduplicationStage.apply(pages, dedup, new MinHasher(64, 5, 1L), new LshBands(20, 6)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MinHash has 64 permutations but 20 bands × 6 rows need 120");
  }

  @Test
  void stateExpiresAfterTheConfiguredTtlCountedFromTheWriteAndIsNeverReadWhenExpired() {
    StateTtlConfig ttl = DeduplicationStage.ttl(Duration.ofDays(30));
    assertThat(ttl.getTimeToLive()).isEqualTo(Duration.ofDays(30));
    assertThat(ttl.getUpdateType()).isEqualTo(StateTtlConfig.UpdateType.OnCreateAndWrite);
    assertThat(ttl.getStateVisibility()).isEqualTo(StateTtlConfig.StateVisibility.NeverReturnExpired);
    assertThat(ttl.getCleanupStrategies().inRocksdbCompactFilter()).isTrue();
  }

  @Test
  void probesVerdictsAndBufferedRecordsAreFlinkPojos() {
    for (Class<?> type : new Class<?>[] {NearDuplicateBandFunction.Probe.class, NearDuplicateBandFunction.Owner.class,
        NearDuplicateBandFunction.Verdict.class, ImageFrequencyStage.HashedPage.class,
        ImageFrequencyStage.HashProbe.class, ImageFrequencyStage.ImageVerdict.class}) {
      assertThat(TypeInformation.of(type)).as(type.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
    }
  }
}
