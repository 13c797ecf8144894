package io.lclstream.flink.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.lclstream.checkpoints.store.Manifest;
import io.lclstream.connectors.doc.Document;
import io.lclstream.connectors.kafka.RejectedRecord;
import io.lclstream.flink.config.JobConfig;
import io.lclstream.flink.testing.PipelineHarness;
import io.lclstream.flink.testing.TestPages;
import io.lclstream.flink.train.TrainerHooks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job on a MiniCluster (RocksDB state backend) against a real broker: pages in, rejected
 * pages out, duplicates removed, snapshots published whose counters match the accepted pages,
 * and exactly-once training across an injected failure.
 */
class LclJobIT {
  private static final int GOOD = 14;

  /** The fixture: good pages, an exact and a near copy, a page left without images, bad records. */
  private static final class Fixture {
    final List<Document> docs = new ArrayList<>();
    final List<byte[]> raw = new ArrayList<>();
    final List<String> accepted = new ArrayList<>();

    Fixture() {
      for (int i = 0; i < GOOD; i++) {
        Document d = TestPages.goodPage("good-" + i, 1000 + i);
        docs.add(d);
        accepted.add(d.id());
      }
      docs.add(TestPages.copyOf(docs.get(0), "exact-copy-of-0"));
      docs.add(TestPages.nearCopyOf(docs.get(1), "near-copy-of-1"));
      docs.add(TestPages.pageWithOnlyATinyImage("tiny-image", 7));
      raw.add("{not json".getBytes(StandardCharsets.UTF_8));
      raw.add("{\"id\":\"x\",\"source\":\"json\",\"segments\":[]}".getBytes(StandardCharsets.UTF_8));
      raw.add(("{\"id\":\"y\",\"source\":\"json\",\"segments\":[{\"type\":\"image\",\"data\":\"%%%\",\"mime\":\"image/png\"}]}")
          .getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void run(JobConfig config, TrainerHooks hooks, boolean restarts) throws Exception {
    Configuration conf = FlinkSettings.forJob(config);
    if (restarts) {
      conf.setString("restart-strategy.type", "fixed-delay");
      conf.setString("restart-strategy.fixed-delay.attempts", "3");
      conf.setString("restart-strategy.fixed-delay.delay", "500 ms");
    } else {
      conf.setString("restart-strategy.type", "none");
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
    LclJob.build(env, config, hooks);
    env.execute("lcl-job-it");
  }

  @Test
  void trainsAcceptedPagesRejectsBadOnesAndPublishesMatchingSnapshots(@TempDir Path dir) throws Exception {
    Fixture fixture = new Fixture();
    PipelineHarness harness = new PipelineHarness("e2e");
    harness.send(fixture.docs, fixture.raw);
    Path store = dir.resolve("store");

    run(harness.config(store, Map.of()), TrainerHooks.NONE, false);

    Manifest latest = PipelineHarness.latest(store);
    assertThat(latest.samplesSeen()).isEqualTo(GOOD);
    assertThat(latest.sampleDigest()).isEqualTo(PipelineHarness.digestOf(fixture.accepted));
    assertThat(latest.step()).isEqualTo((GOOD + 3) / 4);
    assertThat(latest.imagesSeen()).isGreaterThanOrEqualTo(GOOD);
    assertThat(latest.loss().total()).isFinite().isPositive();
    assertThat(PipelineHarness.published(store)).extracting(Manifest::step).isSorted().contains(latest.step());

    List<RejectedRecord> rejected = harness.rejected(3);
    assertThat(rejected).extracting(RejectedRecord::reason)
        .containsExactlyInAnyOrder("json.malformed", "doc.no_segments", "image.bad_base64");
    assertThat(rejected).allSatisfy(r -> {
      assertThat(r.sourceTopic()).isEqualTo(harness.topic);
      assertThat(r.sourceOffset()).isBetween((long) fixture.docs.size(), (long) fixture.docs.size() + 2);
    });
    assertThat(new String(rejected.stream().filter(r -> r.reason().equals("json.malformed")).findFirst()
        .orElseThrow().original(), StandardCharsets.UTF_8)).isEqualTo("{not json");
  }

  @Test
  void restartsFromTheLastCheckpointWithoutLosingOrRepeatingASample(@TempDir Path dir) throws Exception {
    Fixture fixture = new Fixture();
    PipelineHarness harness = new PipelineHarness("failover");
    Path store = dir.resolve("store");
    Path marker = dir.resolve("failed-once");
    JobConfig config = harness.config(store, Map.of(
        "kafka.bounded", "false", "flink.checkpoint-interval", "500 ms", "train.batch-size", "2"));
    Configuration conf = FlinkSettings.forJob(config);
    conf.setString("restart-strategy.type", "fixed-delay");
    conf.setString("restart-strategy.fixed-delay.attempts", "3");
    conf.setString("restart-strategy.fixed-delay.delay", "500 ms");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
    // The hook fails the writer at the first step >= 4 after a snapshot was published, so the
    // restart restores that snapshot and the samples consumed after it.
    LclJob.build(env, config, TrainerHooks.failOnceAfter(4, marker));
    JobClient job = env.executeAsync("lcl-job-it-failover");
    try {
      harness.send(fixture.docs.subList(0, 7), fixture.raw);
      awaitPublished(store, m -> m.samplesSeen() >= 2);
      harness.send(fixture.docs.subList(7, fixture.docs.size()), List.of());
      Manifest last = awaitPublished(store, m -> m.samplesSeen() >= GOOD);

      assertThat(Files.exists(marker)).as("the injected failure fired").isTrue();
      assertThat(last.samplesSeen()).isEqualTo(GOOD);
      assertThat(last.sampleDigest()).isEqualTo(PipelineHarness.digestOf(fixture.accepted));
      assertThat(last.step()).isEqualTo(GOOD / 2);
      assertThat(last.parent()).as("published on top of an earlier snapshot").isNotNull();
    } finally {
      job.cancel().get();
    }
  }

  private static Manifest awaitPublished(Path store, java.util.function.Predicate<Manifest> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + java.time.Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(store.resolve("LATEST"))) {
        Manifest m = PipelineHarness.latest(store);
        if (condition.test(m)) {
          return m;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("No published snapshot in " + store + " met the condition within 3 minutes");
  }
}
