package io.lclstream.flink.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final Map<String, String> REQUIRED = Map.of("kafka.bootstrap", "127.0.0.1:9092", "store.dir", "/tmp/store");

  @Test
  void appliesDefaultsWhenOnlyRequiredKeysAreGiven() {
    JobConfig config = JobConfig.from(ConfigLoader.load(null, REQUIRED));
    assertThat(config.kafka().topic()).isEqualTo("pages");
    assertThat(config.kafka().rejectedTopic()).isEqualTo("pages.rejected");
    assertThat(config.images().minSide()).isEqualTo(150);
    assertThat(config.images().minAspect()).isEqualTo(0.5);
    assertThat(config.images().maxAspect()).isEqualTo(2.0);
    assertThat(config.images().maxBytes()).isEqualTo(16L << 20);
    assertThat(config.store().checkpointInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.store().flinkCheckpointDir()).isEqualTo("file:///tmp/flink-checkpoints");
    assertThat(config.train().batchSize()).isEqualTo(8);
  }

  @Test
  void rejectsUnknownKeyAndSuggestsTheClosestKnownOne() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("image.min-sid", "10")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unknown configuration key 'image.min-sid'")
        .hasMessageContaining("did you mean 'image.min-side'")
        .hasMessageContaining("Known keys:");
  }

  @Test
  void rejectsUnparsableValueNamingTheKey() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("train.batch-size", "eight")))
        .hasMessageContaining("Invalid value 'eight' for configuration train.batch-size");
  }

  @Test
  void rejectsOutOfRangeValueWithRuleAndFix() {
    Map<String, String> values = new java.util.HashMap<>(REQUIRED);
    values.put("train.batch-size", "0");
    assertThatThrownBy(() -> JobConfig.from(ConfigLoader.load(null, values)))
        .hasMessageContaining("Invalid value 0 for configuration train.batch-size: must be at least 1; use 8");
  }

  @Test
  void missingBootstrapSaysWhichFlagToPass() {
    assertThatThrownBy(() -> JobConfig.from(ConfigLoader.load(null, Map.of("store.dir", "/s"))))
        .hasMessageContaining("Missing configuration kafka.bootstrap")
        .hasMessageContaining("--bootstrap HOST:PORT");
  }

  @Test
  void timestampStartNeedsATimestamp() {
    Map<String, String> values = new java.util.HashMap<>(REQUIRED);
    values.put("kafka.start", "timestamp");
    assertThatThrownBy(() -> JobConfig.from(ConfigLoader.load(null, values)))
        .hasMessageContaining("kafka.start-timestamp");
  }

  @Test
  void readsNestedYamlAndLetsCommandLineOverridesWin(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("job.yaml");
    Files.writeString(file, String.join("\n",
        "kafka:",
        "  bootstrap: 10.0.0.1:9092",
        "  topic: crawl",
        "store:",
        "  dir: /data/store",
        "train:",
        "  batch-size: 4",
        "image:",
        "  file-roots: [/a, /b]",
        ""));
    Configuration conf = ConfigLoader.load(file, Map.of("train.batch-size", "16"));
    JobConfig config = JobConfig.from(conf);
    assertThat(config.kafka().bootstrap()).isEqualTo("10.0.0.1:9092");
    assertThat(config.kafka().topic()).isEqualTo("crawl");
    assertThat(config.train().batchSize()).isEqualTo(16);
    assertThat(config.images().fileRoots()).containsExactly("/a", "/b");
  }

  @Test
  void readsPropertiesFiles(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("job.properties");
    Files.writeString(file, "kafka.bootstrap=h:1\nstore.dir=/s\ndedup.near-threshold=0.9\n");
    assertThat(JobConfig.from(ConfigLoader.load(file, Map.of())).dedup().nearThreshold()).isEqualTo(0.9);
  }

  @Test
  void missingFileIsAClearError(@TempDir Path dir) {
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml"), Map.of()))
        .hasMessageContaining("Cannot read configuration file")
        .hasMessageContaining("nope.yaml");
  }

  @Test
  void referenceTableShowsEachKeysDefaultAndDocumentation() {
    String table = ConfigLoader.referenceTable();
    assertThat(table)
        .contains("| `kafka.bootstrap` | `(required)` | Kafka bootstrap servers, HOST:PORT[,HOST:PORT…]. Required. |")
        .contains("| `image.min-side` | `150` |")
        .contains("| `flink.checkpoint-dir` | `(derived)` |")
        .doesNotContain("Description@");
    assertThat(table.lines().count()).isEqualTo(JobOptions.all().size() + 2);
  }

  @Test
  void readmeConfigurationTableIsGeneratedFromTheDeclarations() throws Exception {
    Path readme = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."), "README.md");
    if (!Files.exists(readme)) {
      readme = Path.of("..", "README.md");
    }
    String text = Files.readString(readme);
    String begin = "<!-- config-table:begin -->\n";
    String end = "<!-- config-table:end -->";
    assertThat(text).contains(begin).contains(end);
    String table = text.substring(text.indexOf(begin) + begin.length(), text.indexOf(end));
    assertThat(table)
        .as("README's configuration table is out of date: regenerate it with `bin/lcl job --help-config`")
        .isEqualTo(ConfigLoader.referenceTable());
  }
}
