package io.lclstream.flink.config;

import static io.lclstream.flink.config.JobOptions.*;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * The job's settings as one immutable, validated value, built in {@link #from} and handed to every
 * stage; each nested record belongs to one stage.
 */
public record JobConfig(
    Kafka kafka, Store store, Clean clean, Dedup dedup, Images images, Train train, int parallelism)
    implements Serializable {

  /** Source and rejected-page topic settings. */
  public record Kafka(
      String bootstrap, String topic, String rejectedTopic, String groupId,
      StartPosition start, long startTimestamp, boolean bounded) implements Serializable {}

  /** Snapshot store, Flink checkpoint and snapshot cadence settings. */
  public record Store(
      String dir, int keepLast, long milestoneEvery, String flinkCheckpointDir,
      Duration checkpointInterval, int snapshotEveryCheckpoints, Duration snapshotEvery) implements Serializable {}

  /** Text-cleaning thresholds. */
  public record Clean(
      int minWordsPerDoc, int maxWordsPerDoc, int minWordsPerParagraph,
      double maxCharRepetition, double maxWordRepetition, double maxSpecialCharRatio) implements Serializable {}

  /** Deduplication settings. */
  public record Dedup(Duration ttl, double nearThreshold, int imageMaxOccurrences) implements Serializable {}

  /** Image fetching and filtering settings. */
  public record Images(
      Duration fetchTimeout, int fetchRetries, int fetchConcurrency, long maxBytes, boolean allowPrivate,
      List<String> fileRoots, int minSide, double minAspect, double maxAspect, long maxPixels) implements Serializable {}

  /** Model and training settings. */
  public record Train(String preset, String tokenizer, int batchSize, long maxSteps, boolean initFromLatest)
      implements Serializable {}

  /** Builds and validates the settings; every message names the key, the value, the rule and a fix. */
  public static JobConfig from(Configuration conf) {
    String bootstrap = required(conf, KAFKA_BOOTSTRAP, "--bootstrap HOST:PORT");
    String storeDir = required(conf, STORE_DIR, "--store DIR");
    StartPosition start = conf.get(KAFKA_START);
    if (start == StartPosition.timestamp && conf.get(KAFKA_START_TIMESTAMP) <= 0) {
      throw invalid(KAFKA_START_TIMESTAMP, conf.get(KAFKA_START_TIMESTAMP),
          "must be a positive epoch-milliseconds value when kafka.start=timestamp", "set it, or choose kafka.start=committed|earliest|latest");
    }
    String checkpointDir = conf.getOptional(FLINK_CHECKPOINT_DIR)
        .orElse("file://" + Path.of(storeDir).toAbsolutePath().normalize().resolveSibling("flink-checkpoints"));
    Kafka kafka = new Kafka(bootstrap, nonBlank(conf, KAFKA_TOPIC), nonBlank(conf, KAFKA_REJECTED_TOPIC),
        nonBlank(conf, KAFKA_GROUP_ID), start, conf.get(KAFKA_START_TIMESTAMP), conf.get(KAFKA_BOUNDED));
    if (kafka.topic().equals(kafka.rejectedTopic())) {
      throw invalid(KAFKA_REJECTED_TOPIC, kafka.rejectedTopic(), "must differ from kafka.topic", "use pages.rejected");
    }
    Store store = new Store(storeDir, atLeast(conf, STORE_KEEP_LAST, 1), atLeast(conf, STORE_MILESTONE_EVERY, 0L),
        checkpointDir, positive(conf, CHECKPOINT_INTERVAL), atLeast(conf, SNAPSHOT_EVERY_CHECKPOINTS, 1),
        positive(conf, SNAPSHOT_EVERY));
    Clean clean = new Clean(atLeast(conf, CLEAN_MIN_WORDS_PER_DOC, 0), atLeast(conf, CLEAN_MAX_WORDS_PER_DOC, 1),
        atLeast(conf, CLEAN_MIN_WORDS_PER_PARAGRAPH, 0), fraction(conf, CLEAN_MAX_CHAR_REPETITION),
        fraction(conf, CLEAN_MAX_WORD_REPETITION), fraction(conf, CLEAN_MAX_SPECIAL_CHARS));
    if (clean.maxWordsPerDoc() < clean.minWordsPerDoc()) {
      throw invalid(CLEAN_MAX_WORDS_PER_DOC, clean.maxWordsPerDoc(),
          "must be at least clean.min-words-per-doc=" + clean.minWordsPerDoc(), "raise it or lower the minimum");
    }
    Dedup dedup = new Dedup(positive(conf, DEDUP_TTL), fraction(conf, DEDUP_NEAR_THRESHOLD),
        atLeast(conf, DEDUP_IMAGE_MAX_OCCURRENCES, 1));
    Images images = new Images(positive(conf, IMAGE_FETCH_TIMEOUT), atLeast(conf, IMAGE_FETCH_RETRIES, 0),
        atLeast(conf, IMAGE_FETCH_CONCURRENCY, 1), conf.get(IMAGE_MAX_BYTES).getBytes(),
        conf.get(IMAGE_FETCH_ALLOW_PRIVATE), List.copyOf(conf.get(IMAGE_FILE_ROOTS)),
        atLeast(conf, IMAGE_MIN_SIDE, 1), conf.get(IMAGE_MIN_ASPECT), conf.get(IMAGE_MAX_ASPECT),
        atLeast(conf, IMAGE_MAX_PIXELS, 1L));
    if (images.maxBytes() < 1) {
      throw invalid(IMAGE_MAX_BYTES, images.maxBytes(), "must be positive", "use e.g. 16mb");
    }
    if (!(images.minAspect() > 0 && images.minAspect() <= 1 && images.maxAspect() >= 1)) {
      throw invalid(IMAGE_MIN_ASPECT, images.minAspect() + " / image.max-aspect=" + images.maxAspect(),
          "need 0 < image.min-aspect <= 1 <= image.max-aspect", "use 0.5 and 2.0");
    }
    Train train = new Train(nonBlank(conf, MODEL_PRESET), nonBlank(conf, MODEL_TOKENIZER),
        atLeast(conf, TRAIN_BATCH_SIZE, 1), atLeast(conf, TRAIN_MAX_STEPS, 0L), conf.get(TRAIN_INIT_FROM_LATEST));
    return new JobConfig(kafka, store, clean, dedup, images, train, atLeast(conf, PARALLELISM, 1));
  }

  private static String required(Configuration conf, ConfigOption<String> option, String flag) {
    String value = conf.getOptional(option).map(String::trim).orElse("");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("Missing configuration " + option.key() + ": " + JobOptions.doc(option)
          + " Pass " + flag + " or set " + option.key() + " in the config file.");
    }
    return value;
  }

  private static String nonBlank(Configuration conf, ConfigOption<String> option) {
    String value = conf.get(option);
    if (value == null || value.isBlank()) {
      throw invalid(option, value, "must not be empty", "remove it to use the default " + option.defaultValue());
    }
    return value.trim();
  }

  private static int atLeast(Configuration conf, ConfigOption<Integer> option, int min) {
    int value = conf.get(option);
    if (value < min) {
      throw invalid(option, value, "must be at least " + min, "use " + Math.max(min, option.defaultValue()));
    }
    return value;
  }

  private static long atLeast(Configuration conf, ConfigOption<Long> option, long min) {
    long value = conf.get(option);
    if (value < min) {
      throw invalid(option, value, "must be at least " + min, "use " + Math.max(min, option.defaultValue()));
    }
    return value;
  }

  private static double fraction(Configuration conf, ConfigOption<Double> option) {
    double value = conf.get(option);
    if (!(value >= 0 && value <= 1)) {
      throw invalid(option, value, "must be between 0 and 1", "use " + option.defaultValue());
    }
    return value;
  }

  private static Duration positive(Configuration conf, ConfigOption<Duration> option) {
    Duration value = conf.get(option);
    if (value.isZero() || value.isNegative()) {
      throw invalid(option, value, "must be a positive duration", "use e.g. " + option.defaultValue().toSeconds() + "s");
    }
    return value;
  }

  static IllegalArgumentException invalid(ConfigOption<?> option, Object value, String rule, String fix) {
    return new IllegalArgumentException(
        "Invalid value " + value + " for configuration " + option.key() + ": " + rule + "; " + fix + ".");
  }
}
