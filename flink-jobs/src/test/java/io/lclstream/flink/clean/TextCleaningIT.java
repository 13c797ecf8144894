package io.lclstream.flink.clean;

import static org.assertj.core.api.Assertions.assertThat;

import io.lclstream.flink.config.JobConfig;
import io.lclstream.flink.config.JobOptions;
import io.lclstream.flink.ingest.Page;
import io.lclstream.flink.ingest.PageSegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cleaning stage on a real MiniCluster (RocksDB state backend, generic types disabled); also home of the
 * MiniCluster set-up and the metric reporter the other stage ITs share.
 */
public class TextCleaningIT {
  static final String P1 = "The river rises in the northern hills and runs south through farmland, past two old "
      + "mills and a stone bridge, before it reaches the sea near the harbour town where the fishing boats wait.";
  static final String P2 = "Local volunteers have counted otters along its banks every spring since 1998, and "
      + "their notes show the population slowly recovering after the mills stopped draining waste into the water.";
  static final String P3 = "This year the count found eleven animals in the lower valley, the most on record, and "
      + "the council has agreed to protect the meadows on both sides of the river from new building.";

  @TempDir Path dir;

  /**
   * A local MiniCluster environment as the job runs: RocksDB state, no restarts (a failure fails the test), generic
   * types disabled (so any Kryo fallback fails the job), and the {@link PipelineCounters} reporter.
   */
  public static StreamExecutionEnvironment miniCluster(Path dir, int parallelism) {
    Configuration conf = new Configuration();
    conf.setString("state.backend.type", "rocksdb");
    conf.setString("execution.checkpointing.dir", dir.resolve("checkpoints").toUri().toString());
    conf.setString("restart-strategy.type", "none");
    conf.setString("pipeline.generic-types", "false");
    conf.setString("metrics.reporter.pipeline-counters.factory.class", PipelineCounters.class.getName());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(parallelism);
    return env;
  }

  /** Runs the job under {@code jobName} and returns what reached the end of {@code out}. */
  public static <T> List<T> collect(DataStream<T> out, String jobName) throws Exception {
    List<T> items = new ArrayList<>();
    try (CloseableIterator<T> it = out.executeAndCollect(jobName)) {
      it.forEachRemaining(items::add);
    }
    return items;
  }

  /**
   * A real Flink metric reporter (configured by class name, as in a deployment) that keeps every counter of the
   * {@code pipeline} group by job name, so a test reads the stage's counters after its job ends.
   */
  public static final class PipelineCounters implements MetricReporter, MetricReporterFactory {
    private static final Map<String, List<Counter>> COUNTERS = new ConcurrentHashMap<>();

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
      return new PipelineCounters();
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
      String[] scope = group.getScopeComponents();
      if (metric instanceof Counter counter && scope.length > 0 && scope[scope.length - 1].equals("pipeline")) {
        String job = group.getAllVariables().get("<job_name>");
        COUNTERS.computeIfAbsent(job + "/" + name, k -> new CopyOnWriteArrayList<>()).add(counter);
      }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
      // Kept: the test reads the final values after the tasks have closed.
    }

    /** The sum over all operators and subtasks of job {@code jobName} of counter {@code pipeline.<name>}. */
    public static long count(String jobName, String name) {
      return COUNTERS.getOrDefault(jobName + "/" + name, List.of()).stream().mapToLong(Counter::getCount).sum();
    }

    /** Whether job {@code jobName} registered counter {@code pipeline.<name>} at all. */
    public static boolean registered(String jobName, String name) {
      return COUNTERS.containsKey(jobName + "/" + name);
    }
  }

  static JobConfig config(Path dir) {
    Configuration conf = new Configuration();
    conf.set(JobOptions.KAFKA_BOOTSTRAP, "localhost:9");
    conf.set(JobOptions.STORE_DIR, dir.resolve("store").toString());
    return JobConfig.from(conf);
  }

  @Test
  void dropsASpammyPageAndKeepsAGoodOneWithItsImagesInPlace() throws Exception {
    PageSegment photo = PageSegment.imageRef("https://example.org/otter.jpg", "an otter", Double.NaN);
    PageSegment map = PageSegment.imageBytes(new byte[] {1, 2, 3}, "image/png", null, "map", Double.NaN);
    Page good = new Page("good", "https://example.org/good", "json", 0L, "en", 1L, new PageSegment[] {
        PageSegment.text("  " + P1 + "\u200B "),
        photo,
        PageSegment.text("Accept all cookies"),
        PageSegment.text(P2),
        map,
        PageSegment.text("Menu"),
        PageSegment.text(P3)});
    String spam = "BUY CHEAP PILLS NOW!!! BEST PRICES $$$ ";
    Page spammy = new Page("spam", "https://example.org/spam", "json", 0L, "en", 2L, new PageSegment[] {
        PageSegment.text(spam.repeat(20)),
        PageSegment.imageRef("https://example.org/pills.jpg", null, Double.NaN),
        PageSegment.text(spam.repeat(15))});

    StreamExecutionEnvironment env = miniCluster(dir, 1);
    String job = "clean-" + System.nanoTime();

    List<Page> out = collect(TextCleaningStage.apply(env.fromData(good, spammy), config(dir)), job);

    assertThat(out).extracting(Page::id).containsExactly("good");
    PageSegment[] segments = out.get(0).segments();
    // The cookie banner and the menu line are gone; the photo still follows P1 and the map still precedes P3.
    assertThat(segments).hasSize(5);
    assertThat(segments[0].text()).isEqualTo(P1);
    assertThat(segments[1]).usingRecursiveComparison().withComparatorForType(Double::compare, Double.class)
        .isEqualTo(photo);
    assertThat(segments[2].text()).isEqualTo(P2);
    assertThat(segments[3]).usingRecursiveComparison().withComparatorForType(Double::compare, Double.class)
        .isEqualTo(map);
    assertThat(segments[4].text()).isEqualTo(P3);

    assertThat(PipelineCounters.count(job, "pagesIn")).isEqualTo(2);
    assertThat(PipelineCounters.count(job, "pagesOut")).isEqualTo(1);
    assertThat(PipelineCounters.count(job, "filtered." + CleanReasons.NODE_EMPTY)).isEqualTo(1); // cookie banner
    assertThat(PipelineCounters.count(job, "filtered." + CleanReasons.NODE_TOO_FEW_WORDS)).isEqualTo(1); // "Menu"
    // Both spam paragraphs are removed as repetitive, which leaves the page too few words: the page is counted
    // under its document reason (CleanResult.Dropped does not list the paragraphs removed before it).
    assertThat(PipelineCounters.count(job, "filtered." + CleanReasons.TOO_FEW_WORDS)).isEqualTo(1);
    assertThat(PipelineCounters.count(job, "filtered." + CleanReasons.CHAR_REPETITION)).isZero();
    // Every reason is registered up front, so a dashboard shows zeros rather than nothing.
    assertThat(PipelineCounters.registered(job, "filtered." + CleanReasons.SPECIAL_CHARACTERS)).isTrue();
  }
}
