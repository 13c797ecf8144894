package io.lclstream.flink.job;

import io.lclstream.flink.config.ConfigLoader;
import io.lclstream.flink.config.JobConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lcl job}: the pipeline on a local MiniCluster (RocksDB state backend) against an existing Kafka. */
@Command(
    name = "job",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the lcl-stream job on a local Flink MiniCluster against an existing Kafka.",
      "Settings come from --config, then --set KEY=VALUE; see README's configuration table or --help-config."
    })
public final class JobCommand implements Callable<Integer> {

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (kafka.bootstrap).")
  String bootstrap;

  @Option(names = "--store", paramLabel = "DIR", description = "The snapshot store directory (store.dir).")
  Path store;

  @Option(names = "--config", paramLabel = "FILE", description = "A YAML or properties file of settings.")
  Path configFile;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting (repeatable).")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(names = "--steps", paramLabel = "N", description = "Stop training after N steps (train.max-steps).")
  Long steps;

  @Option(names = "--bounded", description = "Train what the topic holds now, publish a final snapshot and exit (kafka.bounded).")
  boolean bounded;

  @Option(names = "--restore", paramLabel = "latest|none|PATH", defaultValue = "latest",
      description = "Resume from the newest retained Flink checkpoint (latest, default), start fresh (none), or a checkpoint/savepoint path.")
  String restore;

  @Option(names = "--web-ui-port", paramLabel = "PORT", defaultValue = "-1",
      description = "Serve Flink's web UI on this port (0 = any free port; default: no web UI).")
  int webUiPort;

  @Option(names = "--help-config", description = "Print every configuration key with its default and meaning, and exit.")
  boolean helpConfig;

  @Override
  public Integer call() throws Exception {
    if (helpConfig) {
      System.out.print(ConfigLoader.referenceTable());
      return 0;
    }
    JobConfig config = JobConfig.from(loadSettings());
    Configuration flink = FlinkSettings.forJob(config);
    restorePath(config).ifPresent(p -> {
      System.err.println("lcl job: resuming from Flink checkpoint " + p);
      flink.setString("execution.state-recovery.path", p);
    });
    String logDir = System.getProperty("lcl.log.dir");
    if (logDir != null && System.getProperty("log.file") == null) {
      // The Flink web UI shows this file as the JobManager log.
      System.setProperty("log.file", Path.of(logDir, "lcl.log").toString());
    }
    StreamExecutionEnvironment env = webUiPort >= 0
        ? StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(withRestPort(flink, webUiPort))
        : StreamExecutionEnvironment.createLocalEnvironment(flink);
    LclJob.build(env, config);
    JobClient client = env.executeAsync(LclJob.NAME);
    System.err.println("lcl job: running " + client.getJobID() + " (Kafka " + config.kafka().bootstrap()
        + ", store " + config.store().dir() + "); Ctrl-C stops it, the last checkpoint is kept");
    Thread cancel = new Thread(() -> {
      try {
        client.cancel().join();
      } catch (RuntimeException alreadyGone) {
        // The job ended before Ctrl-C reached it; its last checkpoint is kept either way.
      }
    }, "lcl-job-cancel");
    Runtime.getRuntime().addShutdownHook(cancel);
    client.getJobExecutionResult().get();
    Runtime.getRuntime().removeShutdownHook(cancel);
    System.err.println("lcl job: finished");
    return 0;
  }

  Configuration loadSettings() {
    Map<String, String> all = new LinkedHashMap<>(overrides);
    if (bootstrap != null) {
      all.put("kafka.bootstrap", bootstrap);
    }
    if (store != null) {
      all.put("store.dir", store.toString());
    }
    if (steps != null) {
      all.put("train.max-steps", String.valueOf(steps));
    }
    if (bounded) {
      all.put("kafka.bounded", "true");
    }
    return ConfigLoader.load(configFile, all);
  }

  private Optional<String> restorePath(JobConfig config) {
    return switch (restore) {
      case "none" -> Optional.empty();
      case "latest" -> FlinkSettings.latestCheckpoint(config.store().flinkCheckpointDir()).map(Path::toString);
      default -> Optional.of(restore);
    };
  }

  private static Configuration withRestPort(Configuration conf, int port) {
    conf.setString("rest.port", String.valueOf(port));
    conf.setString("rest.bind-address", "127.0.0.1");
    return conf;
  }
}
