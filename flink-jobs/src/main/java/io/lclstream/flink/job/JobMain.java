package io.lclstream.flink.job;

import io.lclstream.flink.config.ConfigLoader;
import io.lclstream.flink.config.JobConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point for {@code flink run}: {@code [--config FILE] [KEY=VALUE …]}, e.g.
 * {@code flink run lcl-flink-jobs-job.jar kafka.bootstrap=kafka:9092 store.dir=/store}. The
 * cluster's own configuration supplies everything but the job's keys (state backend and
 * checkpointing are set here, as the job needs them).
 */
public final class JobMain {
  private JobMain() {}

  public static void main(String[] args) throws Exception {
    Path configFile = null;
    Map<String, String> overrides = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--config") && i + 1 < args.length) {
        configFile = Path.of(args[++i]);
      } else if (arg.contains("=")) {
        String key = arg.startsWith("--") ? arg.substring(2) : arg;
        overrides.put(key.substring(0, key.indexOf('=')), key.substring(key.indexOf('=') + 1));
      } else {
        throw new IllegalArgumentException("Unexpected argument '" + arg
            + "': pass --config FILE and KEY=VALUE settings, e.g. kafka.bootstrap=kafka:9092 store.dir=/store");
      }
    }
    JobConfig config = JobConfig.from(ConfigLoader.load(configFile, overrides));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.forJob(config));
    LclJob.build(env, config);
    env.execute(LclJob.NAME);
  }
}
