package io.lclstream.flink.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.MemorySize;

/**
 * Every configuration key of the job, declared once with its type, default, unit and doc; the
 * README's configuration table and `lcl job --help-config` are generated from this class.
 */
public final class JobOptions {
  private JobOptions() {}

  /** Where the job starts reading `pages` when it has no Flink checkpoint to restore. */
  public enum StartPosition {
    /** The consumer group's committed offsets, falling back to earliest. */
    committed,
    earliest,
    latest,
    /** The first record at or after `kafka.start-timestamp`. */
    timestamp
  }

  // ---- Kafka ----------------------------------------------------------------------------------
  public static final ConfigOption<String> KAFKA_BOOTSTRAP =
      key("kafka.bootstrap").stringType().noDefaultValue()
          .withDescription("Kafka bootstrap servers, HOST:PORT[,HOST:PORT…]. Required.");
  public static final ConfigOption<String> KAFKA_TOPIC =
      key("kafka.topic").stringType().defaultValue("pages")
          .withDescription("Topic the pages are read from.");
  public static final ConfigOption<String> KAFKA_REJECTED_TOPIC =
      key("kafka.rejected-topic").stringType().defaultValue("pages.rejected")
          .withDescription("Topic that receives every page that cannot be parsed or fails validation, with the original bytes and a reason.");
  public static final ConfigOption<String> KAFKA_GROUP_ID =
      key("kafka.group-id").stringType().defaultValue("lcl-stream")
          .withDescription("Consumer group id; offsets are committed to it on each Flink checkpoint (for monitoring; Flink's own checkpoint is authoritative).");
  public static final ConfigOption<StartPosition> KAFKA_START =
      key("kafka.start").enumType(StartPosition.class).defaultValue(StartPosition.committed)
          .withDescription("Start position without a checkpoint to restore: committed, earliest, latest or timestamp.");
  public static final ConfigOption<Long> KAFKA_START_TIMESTAMP =
      key("kafka.start-timestamp").longType().defaultValue(0L)
          .withDescription("Epoch milliseconds for kafka.start=timestamp.");
  public static final ConfigOption<Boolean> KAFKA_BOUNDED =
      key("kafka.bounded").booleanType().defaultValue(false)
          .withDescription("Stop at the end offsets seen when the job starts (train what is there, publish a final snapshot, finish) instead of running forever.");

  // ---- checkpoints and snapshots --------------------------------------------------------------
  public static final ConfigOption<String> STORE_DIR =
      key("store.dir").stringType().noDefaultValue()
          .withDescription("The snapshot store (a directory on a file system every TaskManager and the checkpoint server can reach). Required.");
  public static final ConfigOption<Integer> STORE_KEEP_LAST =
      key("store.keep-last").intType().defaultValue(5)
          .withDescription("Retention: how many of the newest published snapshots are kept.");
  public static final ConfigOption<Long> STORE_MILESTONE_EVERY =
      key("store.milestone-every").longType().defaultValue(10_000L)
          .withDescription("Retention: snapshots whose step is a multiple of this are kept forever (0 = none).");
  public static final ConfigOption<String> FLINK_CHECKPOINT_DIR =
      key("flink.checkpoint-dir").stringType().noDefaultValue()
          .withDescription("Flink checkpoint storage (execution.checkpointing.dir), e.g. file:///data/flink-checkpoints. Default: <store.dir>/../flink-checkpoints.");
  public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
      key("flink.checkpoint-interval").durationType().defaultValue(Duration.ofSeconds(30))
          .withDescription("Interval of Flink checkpoints, the unit of consistency between model and Kafka offsets.");
  public static final ConfigOption<Integer> SNAPSHOT_EVERY_CHECKPOINTS =
      key("snapshot.every-checkpoints").intType().defaultValue(1)
          .withDescription("Stage (and, once the checkpoint completes, publish) a model snapshot every k-th Flink checkpoint.");
  public static final ConfigOption<Duration> SNAPSHOT_EVERY =
      key("snapshot.every").durationType().defaultValue(Duration.ofMinutes(10))
          .withDescription("Also stage a snapshot at the first checkpoint after this much time since the last one.");
  public static final ConfigOption<Integer> PARALLELISM =
      key("pipeline.parallelism").intType().defaultValue(1)
          .withDescription("Parallelism of the data stages (the training sink always runs one subtask per JVM).");

  // ---- text cleaning ----------------------------------------------------------------------------
  public static final ConfigOption<Integer> CLEAN_MIN_WORDS_PER_DOC =
      key("clean.min-words-per-doc").intType().defaultValue(10)
          .withDescription("Pages with fewer words after cleaning are filtered (reason text.too_few_words).");
  public static final ConfigOption<Integer> CLEAN_MAX_WORDS_PER_DOC =
      key("clean.max-words-per-doc").intType().defaultValue(2_000)
          .withDescription("Pages with more words after cleaning are filtered (reason text.too_many_words).");
  public static final ConfigOption<Integer> CLEAN_MIN_WORDS_PER_PARAGRAPH =
      key("clean.min-words-per-paragraph").intType().defaultValue(4)
          .withDescription("Shorter paragraphs are removed from the page (node-level filter).");
  public static final ConfigOption<Double> CLEAN_MAX_CHAR_REPETITION =
      key("clean.max-char-repetition").doubleType().defaultValue(0.1)
          .withDescription("Largest share of characters inside repeated character 10-grams a page may have (OBELICS: 0.1).");
  public static final ConfigOption<Double> CLEAN_MAX_WORD_REPETITION =
      key("clean.max-word-repetition").doubleType().defaultValue(0.2)
          .withDescription("Largest share of words inside repeated word 5-grams a page may have (OBELICS: 0.2).");
  public static final ConfigOption<Double> CLEAN_MAX_SPECIAL_CHARS =
      key("clean.max-special-char-ratio").doubleType().defaultValue(0.275)
          .withDescription("Largest share of special characters (punctuation, digits, whitespace, as OBELICS counts them) a page may have (OBELICS: 0.275).");

  // ---- deduplication ------------------------------------------------------------------------------
  public static final ConfigOption<Duration> DEDUP_TTL =
      key("dedup.ttl").durationType().defaultValue(Duration.ofDays(30))
          .withDescription("How long dedup state remembers a text, a near-duplicate band or an image hash (RocksDB state TTL).");
  public static final ConfigOption<Double> DEDUP_NEAR_THRESHOLD =
      key("dedup.near-threshold").doubleType().defaultValue(0.8)
          .withDescription("Estimated Jaccard similarity of word shingles at or above which a page is a near duplicate.");
  public static final ConfigOption<Integer> DEDUP_IMAGE_MAX_OCCURRENCES =
      key("dedup.image-max-occurrences").intType().defaultValue(10)
          .withDescription("An image (by perceptual hash) seen more than this many times is removed from every later page (icons, logos, buttons).");

  // ---- images -------------------------------------------------------------------------------------
  public static final ConfigOption<Duration> IMAGE_FETCH_TIMEOUT =
      key("image.fetch.timeout").durationType().defaultValue(Duration.ofSeconds(10))
          .withDescription("Timeout of one image request.");
  public static final ConfigOption<Integer> IMAGE_FETCH_RETRIES =
      key("image.fetch.retries").intType().defaultValue(2)
          .withDescription("Retries of an image request after a 5xx answer or an I/O error.");
  public static final ConfigOption<Integer> IMAGE_FETCH_CONCURRENCY =
      key("image.fetch.concurrency").intType().defaultValue(32)
          .withDescription("Image requests in flight per subtask.");
  public static final ConfigOption<MemorySize> IMAGE_MAX_BYTES =
      key("image.max-bytes").memoryType().defaultValue(MemorySize.parse("16mb"))
          .withDescription("Largest image accepted, fetched or inline.");
  public static final ConfigOption<Boolean> IMAGE_FETCH_ALLOW_PRIVATE =
      key("image.fetch.allow-private").booleanType().defaultValue(false)
          .withDescription("Allow image URLs that resolve to private, loopback or link-local addresses.");
  public static final ConfigOption<List<String>> IMAGE_FILE_ROOTS =
      key("image.file-roots").stringType().asList().defaultValues()
          .withDescription("Directories under which file: image URLs may be read (empty = file: refused).");
  public static final ConfigOption<Integer> IMAGE_MIN_SIDE =
      key("image.min-side").intType().defaultValue(150)
          .withDescription("Images whose shorter side is below this many pixels are removed (image.too_small).");
  public static final ConfigOption<Double> IMAGE_MIN_ASPECT =
      key("image.min-aspect").doubleType().defaultValue(0.5)
          .withDescription("Smallest width/height ratio kept (image.aspect).");
  public static final ConfigOption<Double> IMAGE_MAX_ASPECT =
      key("image.max-aspect").doubleType().defaultValue(2.0)
          .withDescription("Largest width/height ratio kept (image.aspect).");
  public static final ConfigOption<Long> IMAGE_MAX_PIXELS =
      key("image.max-pixels").longType().defaultValue(50_000_000L)
          .withDescription("Images whose header declares more pixels are refused before decoding (image.bomb).");

  // ---- model and training -------------------------------------------------------------------------
  public static final ConfigOption<String> MODEL_PRESET =
      key("model.preset").stringType().defaultValue("tiny")
          .withDescription("Model size preset (tiny, b16) or the path of a model config JSON file.");
  public static final ConfigOption<String> MODEL_TOKENIZER =
      key("model.tokenizer").stringType().defaultValue("byte")
          .withDescription("Tokenizer: byte (UTF-8 bytes) or the path of a local Hugging Face tokenizer.json.");
  public static final ConfigOption<Integer> TRAIN_BATCH_SIZE =
      key("train.batch-size").intType().defaultValue(8)
          .withDescription("Samples per training step.");
  public static final ConfigOption<Long> TRAIN_MAX_STEPS =
      key("train.max-steps").longType().defaultValue(0L)
          .withDescription("Stop training after this many steps (0 = never). Later samples are kept, untrained, in the sink's checkpointed state, so a run restored from this one trains them: meant for bounded runs.");
  public static final ConfigOption<Boolean> TRAIN_INIT_FROM_LATEST =
      key("train.init-from-latest").booleanType().defaultValue(true)
          .withDescription("Without a Flink checkpoint to restore, start from the store's LATEST snapshot (continual training) instead of a fresh model.");

  /** An option's documentation as plain text (Flink's Description prints as an object otherwise). */
  public static String doc(ConfigOption<?> option) {
    StringBuilder text = new StringBuilder();
    for (org.apache.flink.configuration.description.BlockElement block : option.description().getBlocks()) {
      if (text.length() > 0) {
        text.append(' ');
      }
      text.append(block instanceof org.apache.flink.configuration.description.TextElement t ? t.getFormat() : block.toString());
    }
    return text.toString().replaceAll("\\s+", " ").trim();
  }

  /** All options, in declaration order. */
  public static List<ConfigOption<?>> all() {
    List<ConfigOption<?>> options = new ArrayList<>();
    for (Field f : JobOptions.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == ConfigOption.class) {
        try {
          options.add((ConfigOption<?>) f.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return Collections.unmodifiableList(options);
  }
}
