package io.lclstream.flink.clean;

import static org.assertj.core.api.Assertions.assertThat;

import io.lclstream.flink.config.JobConfig;
import io.lclstream.flink.config.JobOptions;
import io.lclstream.flink.ingest.Page;
import io.lclstream.flink.ingest.PageSegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cleaning stage on a real MiniCluster (RocksDB state backend, generic types disabled). */
class TextCleaningIT {
  static final String P1 = "The river rises in the northern hills and runs south through farmland, past two old "
      + "mills and a stone bridge, before it reaches the sea near the harbour town where the fishing boats wait.";
  static final String P2 = "Local volunteers have counted otters along its banks every spring since 1998, and "
      + "their notes show the population slowly recovering after the mills stopped draining waste into the water.";
  static final String P3 = "This year the count found eleven animals in the lower valley, the most on record, and "
      + "the council has agreed to protect the meadows on both sides of the river from new building.";

  @TempDir Path dir;

  static StreamExecutionEnvironment env(Path dir) {
    Configuration conf = new Configuration();
    conf.setString("state.backend.type", "rocksdb");
    conf.setString("execution.checkpointing.dir", dir.resolve("checkpoints").toUri().toString());
    conf.setString("restart-strategy.type", "none");
    conf.setString("pipeline.generic-types", "false");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    return env;
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

    StreamExecutionEnvironment env = env(dir);
    List<Page> out = new ArrayList<>();
    try (CloseableIterator<Page> it =
        TextCleaningStage.apply(env.fromData(good, spammy), config(dir)).executeAndCollect()) {
      it.forEachRemaining(out::add);
    }

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
  }
}
