package io.lclstream.flink.local;

import io.lclstream.checkpoints.store.Manifest;
import io.lclstream.checkpoints.store.SnapshotStore;
import io.lclstream.cli.ServerProcess;
import io.lclstream.connectors.kafka.EmbeddedKafka;
import io.lclstream.connectors.kafka.Topics;
import io.lclstream.connectors.push.PushOptions;
import io.lclstream.connectors.push.PushSummary;
import io.lclstream.connectors.push.Pusher;
import io.lclstream.flink.config.ConfigLoader;
import io.lclstream.flink.config.JobConfig;
import io.lclstream.flink.job.FlinkSettings;
import io.lclstream.flink.job.LclJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lcl local}: the whole system on one machine, each part in the JVM it belongs in — a real
 * Kafka broker (child JVM), the checkpoint server (child JVM: RocksDB JNI) and the Flink job on a
 * local MiniCluster with the RocksDB state backend and the web UI (this JVM) — all kept under one
 * work dir, so running it again resumes where it stopped.
 */
@Command(
    name = "local",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs everything on this machine: Kafka, the Flink job (MiniCluster, RocksDB, web UI) and the",
      "checkpoint server; pushes the inputs, trains, publishes snapshots. Re-running with the same",
      "--work resumes: Kafka data is reused, and training continues from Flink's last checkpoint",
      "(after a crash or --steps) or from the last published snapshot; nothing is trained twice."
    })
public final class LocalCommand implements Callable<Integer> {

  @Option(names = "--input", paramLabel = "FILE_OR_DIR", description = "WARC, HTML folder, MMC4/OBELICS/JSON lines (repeatable).")
  List<Path> inputs = new ArrayList<>();

  @Option(names = "--sample", description = "Use the real sample (the GIMP manual crawled into a WARC; fetched by scripts/sample-data.sh if missing).")
  boolean sample;

  @Option(names = "--steps", paramLabel = "N", description = "Stop once a snapshot at step N is published (default: when every pushed page is trained).")
  Long steps;

  @Option(names = "--follow", description = "Keep running for pages pushed later (bin/lcl push --bootstrap <printed address>); Ctrl-C stops.")
  boolean follow;

  @Option(names = "--work", paramLabel = "DIR", defaultValue = "lcl-work", description = "Work dir: kafka/, flink/, checkpoints/, logs/ (default: ${DEFAULT-VALUE}).")
  Path work;

  @Option(names = "--port", paramLabel = "P", defaultValue = "8642", description = "Checkpoint server port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--config", paramLabel = "FILE", description = "Job settings (YAML or properties); see README's configuration table.")
  Path configFile;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one job setting (repeatable).")
  Map<String, String> overrides = new LinkedHashMap<>();

  private final List<Runnable> shutdown = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (sample && !inputs.isEmpty()) {
      throw new IllegalArgumentException("Pass either --sample or --input, not both.");
    }
    if (!sample && inputs.isEmpty() && !follow) {
      throw new IllegalArgumentException("Nothing to train on: pass --sample, --input FILE_OR_DIR, or --follow to wait for pages pushed later.");
    }
    if (steps != null && steps < 1) {
      throw new IllegalArgumentException("--steps " + steps + " must be at least 1.");
    }
    for (Path in : inputs) {
      if (!Files.exists(in)) {
        throw new IllegalArgumentException("Input " + in + " does not exist; pass a WARC file, an HTML folder or a JSON-lines file.");
      }
    }
    Path workDir = work.toAbsolutePath().normalize();
    LocalLayout layout = LocalLayout.create(workDir);
    List<Path> toPush = sample ? List.of(SampleData.ensure()) : inputs;

    Thread hook = new Thread(this::stopAll, "lcl-local-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return run(layout, toPush);
    } finally {
      stopAll();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException exiting) {
        // Already shutting down (Ctrl-C): the hook does the same.
      }
    }
  }

  private int run(LocalLayout layout, List<Path> toPush) throws Exception {
    Status.say("starting Kafka (KRaft, loopback) in " + layout.kafka());
    EmbeddedKafka kafka = EmbeddedKafka.builder().setDataDir(layout.kafka()).build();
    shutdown.add(0, kafka::close);
    try (Admin admin = Admin.create(kafka.clientProperties())) {
      Topics.ensure(admin);
    }

    Status.say("starting the checkpoint server on port " + port);
    Process server = ServerProcess.builder(List.of(
            "--store", layout.store().toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1"))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.logs().resolve("server.log").toFile()))
        .start();
    shutdown.add(0, () -> stopProcess(server));
    String dashboard = "http://127.0.0.1:" + port + "/";
    awaitHttp(dashboard + "v1/checkpoints", server, layout.logs().resolve("server.log"));

    for (Path input : layout.notYetPushed(toPush)) {
      Status.say("pushing " + input);
      PushSummary summary = Pusher.push(List.of(input), PushOptions.builder().setBootstrap(kafka.bootstrapServers()).build());
      System.err.println(summary.toText());
      layout.markPushed(input);
    }

    JobConfig config = JobConfig.from(ConfigLoader.load(configFile, jobSettings(layout, kafka)));
    Configuration flink = FlinkSettings.forJob(config);
    int webPort = freePort();
    flink.setString("rest.port", String.valueOf(webPort));
    flink.setString("rest.bind-address", "127.0.0.1");
    flink.setString("web.log.path", layout.logs().resolve("lcl.log").toString());
    flink.setString("restart-strategy.type", "fixed-delay");
    flink.setString("restart-strategy.fixed-delay.attempts", "3");
    flink.setString("restart-strategy.fixed-delay.delay", "2 s");
    flink.setString("metrics.reporter.lcl-status.factory.class", StatusReporter.class.getName());
    flink.setString("metrics.reporter.lcl-status.interval", "1 s");
    new Status(layout.store()).latest(true).ifPresent(m -> Status.say("the store holds " + m.id() + " (step " + m.step()
        + ", " + m.samplesSeen() + " samples): training continues from there"));
    Optional<String> restore = layout.restorePoint();
    restore.ifPresent(p -> {
      Status.say("resuming from " + p);
      flink.setString("execution.state-recovery.path", p);
    });

    // The web UI shows this file as the JobManager log.
    System.setProperty("log.file", layout.logs().resolve("lcl.log").toString());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
    LclJob.build(env, config);
    JobClient job = env.executeAsync(LclJob.NAME);
    shutdown.add(0, () -> cancelQuietly(job));
    layout.clearFinished();
    String web = "http://127.0.0.1:" + webPort;
    System.err.println("lcl local: Flink web UI " + web + " | checkpoints " + dashboard
        + " | Kafka " + kafka.bootstrapServers() + (follow ? " (push more with: bin/lcl push --bootstrap " + kafka.bootstrapServers() + " FILE…)" : ""));

    Status status = new Status(layout.store());
    java.util.concurrent.CompletableFuture<org.apache.flink.api.common.JobExecutionResult> result = job.getJobExecutionResult();
    while (true) {
      status.print();
      if (result.isDone()) {
        try {
          result.get();
        } catch (java.util.concurrent.ExecutionException e) {
          if (stopping) {
            Status.say("stopped; the last checkpoint is kept, run the same command to resume");
            return 130;
          }
          throw new IllegalStateException("The job failed: " + rootMessage(e) + "; see " + layout.logs().resolve("lcl.log"), e);
        }
        layout.markFinished();
        break;
      }
      Optional<Manifest> latest = status.latest();
      if (!follow && steps != null && latest.isPresent() && latest.get().step() >= steps) {
        Status.say("step " + latest.get().step() + " published; stopping with a savepoint");
        String savepoint = job.stopWithSavepoint(false, layout.savepoints().toUri().toString(), SavepointFormatType.CANONICAL)
            .get(5, TimeUnit.MINUTES);
        layout.markResumeFrom(savepoint);
        break;
      }
      Thread.sleep(1000);
    }
    status.print();
    System.err.println();
    System.err.println("lcl local: " + status.summary());
    Optional<Manifest> last = status.latest(true);
    if (last.isEmpty()) {
      System.err.println("lcl local: finished, but no snapshot was published: no page was usable for training"
          + " (see the counts above and " + layout.logs().resolve("lcl.log") + ").");
      return 1;
    }
    Manifest m = last.get();
    System.err.printf("lcl local: published %s (step %d, %d samples, loss %.4f) in %s%n", m.id(), m.step(), m.samplesSeen(),
        m.loss().total(), layout.store());
    System.err.println("lcl local: run the same command again to resume; bin/lcl pull --from " + dashboard + " --to DIR fetches it while a run serves it.");
    return 0;
  }

  private Map<String, String> jobSettings(LocalLayout layout, EmbeddedKafka kafka) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("kafka.bootstrap", kafka.bootstrapServers());
    settings.put("store.dir", layout.store().toString());
    settings.put("flink.checkpoint-dir", layout.flink().toUri().toString());
    settings.put("flink.checkpoint-interval", "10 s");
    settings.put("kafka.start", "committed");
    settings.put("kafka.bounded", String.valueOf(!follow));
    if (steps != null) {
      settings.put("train.max-steps", String.valueOf(steps));
    }
    settings.putAll(overrides);
    return settings;
  }

  private static void awaitHttp(String url, Process server, Path log) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new IllegalStateException("The checkpoint server exited with code " + server.exitValue() + ": "
            + tail(log) + " (is the port taken? pass --port P)");
      }
      try {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(1000);
        c.setReadTimeout(2000);
        if (c.getResponseCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // keep waiting
      }
      Thread.sleep(300);
    }
    throw new IllegalStateException("The checkpoint server did not answer " + url + " within 60 s; see " + log);
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void stopProcess(Process p) {
    p.destroy();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void cancelQuietly(JobClient job) {
    try {
      JobStatus s = job.getJobStatus().get(5, TimeUnit.SECONDS);
      if (!s.isGloballyTerminalState()) {
        job.cancel().get(30, TimeUnit.SECONDS);
      }
    } catch (Exception ignored) {
      // The MiniCluster may already be gone; its last checkpoint is on disk either way.
    }
  }

  private volatile boolean stopping;

  private synchronized void stopAll() {
    stopping = true;
    for (Runnable r : shutdown) {
      try {
        r.run();
      } catch (RuntimeException e) {
        System.err.println("lcl local: while stopping: " + e.getMessage());
      }
    }
    shutdown.clear();
  }

  /** The sample the README's first command trains on. */
  static final class SampleData {
    static Path ensure() throws IOException, InterruptedException {
      Path home = Path.of(System.getProperty("lcl.home", ".")).toAbsolutePath().normalize();
      Path warc = home.resolve("data/sample/gimp-help.warc.gz");
      if (!Files.isRegularFile(warc)) {
        Path script = home.resolve("scripts/sample-data.sh");
        Status.say("fetching the sample with " + script + " (once)");
        Process p = new ProcessBuilder("bash", script.toString()).directory(home.toFile()).inheritIO().start();
        if (p.waitFor() != 0 || !Files.isRegularFile(warc)) {
          throw new IllegalStateException("scripts/sample-data.sh failed (exit " + p.exitValue()
              + "); run it by hand to see why, or pass your own pages with --input FILE_OR_DIR.");
        }
      }
      return warc;
    }
  }

  static UncheckedIOException unchecked(IOException e) {
    return new UncheckedIOException(e);
  }
}
