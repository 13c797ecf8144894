package io.lclstream.flink.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.lclstream.flink.clean.TextCleaningIT;
import io.lclstream.flink.clean.TextCleaningIT.PipelineCounters;
import io.lclstream.flink.config.JobConfig;
import io.lclstream.flink.config.JobOptions;
import io.lclstream.flink.ingest.Page;
import io.lclstream.flink.ingest.PageSegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Text dedup on a real MiniCluster with the RocksDB state backend and generic (Kryo) types disabled. */
class DeduplicationIT {
  private static final String[] WORDS = ("river hill mill harbour otter spring volunteer count bank north south "
      + "farm field road bridge stone water light morning evening winter summer village market church school "
      + "garden forest meadow valley lake island coast boat fisher baker teacher doctor record notes population "
      + "slowly recover season weather rain wind cloud sun moon star path gate wall tower castle town city "
      + "station train letter story song paper book window door table chair bread cheese apple pear plum")
      .split(" ");

  @TempDir Path dir;

  static StreamExecutionEnvironment env(Path dir, int parallelism) {
    return TextCleaningIT.miniCluster(dir, parallelism);
  }

  static JobConfig config(Path dir) {
    Configuration conf = new Configuration();
    conf.set(JobOptions.KAFKA_BOOTSTRAP, "localhost:9");
    conf.set(JobOptions.STORE_DIR, dir.resolve("store").toString());
    return JobConfig.from(conf);
  }

  /** {@code words} pseudo-words drawn from a fixed vocabulary; different seeds give unrelated texts. */
  static String prose(long seed, int words) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < words; i++) {
      sb.append(i == 0 ? "" : (i % 12 == 0 ? ". " : " ")).append(WORDS[random.nextInt(WORDS.length)]);
    }
    return sb.append('.').toString();
  }

  /** The text with the words at the given positions replaced by a word outside the vocabulary. */
  static String withWordsChanged(String text, int... positions) {
    String[] words = text.split(" ");
    for (int p : positions) {
      words[p] = "zebra" + p;
    }
    return String.join(" ", words);
  }

  static Page page(String id, long kafkaTimestamp, String... paragraphs) {
    PageSegment[] segments = Arrays.stream(paragraphs).map(PageSegment::text).toArray(PageSegment[]::new);
    return new Page(id, "https://example.org/" + id, "json", 0L, "en", kafkaTimestamp, segments);
  }

  /** Runs the job under {@code jobName}; the pages out, sorted by id. */
  static List<Page> run(DataStream<Page> out, String jobName) throws Exception {
    List<Page> pages = new ArrayList<>(TextCleaningIT.collect(out, jobName));
    pages.sort(Comparator.comparing(Page::id));
    return pages;
  }

  @Test
  void removesRepeatedIdExactAndNearDuplicatesAndKeepsAnUnrelatedPage() throws Exception {
    String first = prose(1, 150);
    String second = prose(2, 150);
    List<Page> input = List.of(
        page("original", 1, first, second),
        // Same words, different case, punctuation, spacing and paragraph breaks: an exact duplicate.
        page("exact-copy", 2, (first + " " + second).toUpperCase().replace(".", " ;  ")),
        // Three words of 300 changed: Jaccard of 5-word shingles about 0.9, above the 0.8 threshold.
        page("near-copy", 3, withWordsChanged(first, 20, 75), withWordsChanged(second, 110)),
        page("unrelated", 4, prose(3, 150), prose(4, 150)),
        // The id seen first wins, whatever this one says.
        page("original", 5, prose(5, 150)));
    StreamExecutionEnvironment env = env(dir, 1);
    DataStream<Page> pages = env.fromData(input);

    String job = "dedup-" + System.nanoTime();

    List<Page> out = run(DeduplicationStage.apply(pages, config(dir)), job);

    assertThat(out).extracting(Page::id).containsExactly("original", "unrelated");
    assertThat(out.get(0).texts()).containsExactly(first, second);
    assertThat(PipelineCounters.count(job, "duplicates.id")).isEqualTo(1);
    assertThat(PipelineCounters.count(job, "duplicates.exact")).isEqualTo(1);
    assertThat(PipelineCounters.count(job, "duplicates.near")).isEqualTo(1);
  }

  @Test
  void nearCopiesBelowTheThresholdAreBothKept() throws Exception {
    String text = prose(7, 200);
    // Every 8th word changed: most 5-word shingles differ, estimated Jaccard far below 0.8.
    int[] positions = java.util.stream.IntStream.range(0, 25).map(i -> i * 8).toArray();
    List<Page> input = List.of(page("a", 1, text), page("b", 2, withWordsChanged(text, positions)));
    StreamExecutionEnvironment env = env(dir, 2);

    String job = "dedup-below-threshold-" + System.nanoTime();

    List<Page> out = run(DeduplicationStage.apply(env.fromData(input), config(dir)), job);

    assertThat(out).extracting(Page::id).containsExactly("a", "b");
    assertThat(PipelineCounters.count(job, "duplicates.near")).isZero();
  }

  @Test
  void ofTwoNearDuplicatesWhoseProbesInterleaveAcrossBandsExactlyOneSurvives() throws Exception {
    // Two near duplicates with the same Kafka timestamp, processed "at the same time": in some bands b's probe
    // arrives first, in others a's. First-come-wins would drop both (each finds the other owning some band);
    // the (timestamp, id) tie-break keeps a, the earlier, and drops b.
    String text = prose(11, 300);
    Page a = page("a", 42, text);
    Page b = page("b", 42, withWordsChanged(text, 150));
    MinHasher hasher = MinHasher.withDefaults();
    LshBands bands = LshBands.withDefaults();
    long[] sigA = hasher.signature(a.texts());
    long[] sigB = hasher.signature(b.texts());
    long[] keysA = bands.bandKeys(sigA);
    long[] keysB = bands.bandKeys(sigB);
    List<NearDuplicateBandFunction.Probe> probes = new ArrayList<>();
    int shared = 0;
    for (int band = 0; band < bands.bands(); band++) {
      var probeA = new NearDuplicateBandFunction.Probe("a", 42, keysA[band], sigA);
      var probeB = new NearDuplicateBandFunction.Probe("b", 42, keysB[band], sigB);
      if (keysA[band] == keysB[band]) {
        shared++;
      }
      // b first in even bands, a first in odd ones.
      probes.addAll(band % 2 == 0 ? List.of(probeB, probeA) : List.of(probeA, probeB));
    }
    assertThat(shared).as("bands shared by the two near duplicates").isGreaterThanOrEqualTo(2);
    StreamExecutionEnvironment env = env(dir, 1);
    JobConfig.Dedup dedup = config(dir).dedup();
    DataStream<NearDuplicateBandFunction.Verdict> verdicts = env.fromData(probes)
        .keyBy(NearDuplicateBandFunction.Probe::bandKey, Types.LONG)
        .process(new NearDuplicateBandFunction(dedup.ttl(), dedup.nearThreshold()));
    DataStream<Page> out = env.fromData(a, b).keyBy(Page::id, Types.STRING)
        .connect(verdicts.keyBy(NearDuplicateBandFunction.Verdict::pageId, Types.STRING))
        .process(new NearDuplicateJoinFunction(dedup.ttl(), bands.bands()));

    String job = "dedup-interleaved-" + System.nanoTime();
    assertThat(run(out, job)).extracting(Page::id).containsExactly("a");
    assertThat(PipelineCounters.count(job, "duplicates.near")).isEqualTo(1);
  }

  @Test
  void aBandComparesLaterPagesWithItsEarliestPageEvenWhenThatArrivedLate() throws Exception {
    // One bucket, three copies: "late" (timestamp 3) arrives first, then "early" (1), then "middle" (2).
    long[] signature = MinHasher.withDefaults().signature(prose(21, 50));
    List<NearDuplicateBandFunction.Probe> probes = List.of(
        new NearDuplicateBandFunction.Probe("late", 3, 7L, signature),
        new NearDuplicateBandFunction.Probe("early", 1, 7L, signature),
        new NearDuplicateBandFunction.Probe("middle", 2, 7L, signature));
    StreamExecutionEnvironment env = env(dir, 1);
    JobConfig.Dedup dedup = config(dir).dedup();

    List<NearDuplicateBandFunction.Verdict> verdicts = TextCleaningIT.collect(env.fromData(probes)
        .keyBy(NearDuplicateBandFunction.Probe::bandKey, Types.LONG)
        .process(new NearDuplicateBandFunction(dedup.ttl(), dedup.nearThreshold())), "dedup-band-" + System.nanoTime());

    // "late" was alone; "early" comes before the owner, so it is no duplicate and takes the bucket over;
    // "middle" is then compared with "early" (not with "late", which comes after it) and is its duplicate.
    assertThat(verdicts).containsExactly(
        new NearDuplicateBandFunction.Verdict("late", false, null),
        new NearDuplicateBandFunction.Verdict("early", false, null),
        new NearDuplicateBandFunction.Verdict("middle", true, "early"));
  }

  @Test
  void ordersPagesByKafkaTimestampThenId() {
    assertThat(NearDuplicateBandFunction.isEarlier(1, "z", 2, "a")).isTrue();
    assertThat(NearDuplicateBandFunction.isEarlier(2, "a", 1, "z")).isFalse();
    assertThat(NearDuplicateBandFunction.isEarlier(5, "a", 5, "b")).isTrue();
    assertThat(NearDuplicateBandFunction.isEarlier(5, "b", 5, "a")).isFalse();
    assertThat(NearDuplicateBandFunction.isEarlier(5, "a", 5, "a")).isFalse();
  }
}
