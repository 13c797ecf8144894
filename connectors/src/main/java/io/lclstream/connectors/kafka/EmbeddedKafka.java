package io.lclstream.connectors.kafka;

import io.lclstream.connectors.doc.DocumentJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) on loopback and free
 * ports, running in a child JVM started from the current classpath. The child dies with its parent;
 * {@link #start(Path)} returns once the broker answers an Admin call; restarting on the same data
 * folder keeps the topics and their records.
 *
 * <p>Data folder layout: {@code kafka-logs/} (partitions and metadata), {@code server.properties},
 * {@code ports.properties} (ports reused on restart when free), {@code broker.log}.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  /** The broker accepts documents up to the default cap plus room for Kafka's record overhead. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = Topics.maxMessageBytesFor(DocumentJson.DEFAULT_MAX_BYTES);
  private static EmbeddedKafka shared;

  private final Process process;
  private final Path dataDir;
  private final String bootstrapServers;
  private final Thread shutdownHook;
  private final Duration startupTime;

  private EmbeddedKafka(Process process, Path dataDir, String bootstrapServers, Duration startupTime) {
    this.process = process;
    this.dataDir = dataDir;
    this.bootstrapServers = bootstrapServers;
    this.startupTime = startupTime;
    this.shutdownHook = new Thread(this::stopChild, "embedded-kafka-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts a broker whose data lives in {@code dataDir} (created when missing) with defaults. */
  public static EmbeddedKafka start(Path dataDir) {
    return builder().setDataDir(dataDir).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * One broker for the whole JVM, started on first use under {@code java.io.tmpdir} (Maven points
   * that at {@code target/}); for tests that only need some broker. Never close it: it stops when
   * the JVM exits.
   */
  public static synchronized EmbeddedKafka shared() {
    if (shared == null || !shared.process.isAlive()) {
      Path dir = Path.of(System.getProperty("java.io.tmpdir"), "embedded-kafka-" + ProcessHandle.current().pid());
      EmbeddedKafka kafka = start(dir);
      // Test data is worth nothing after the run; without this every run leaves its topics behind.
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        kafka.stopChild();
        deleteRecursively(dir);
      }, "embedded-kafka-cleanup"));
      shared = kafka;
    }
    return shared;
  }

  private static void deleteRecursively(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // Best effort at JVM exit; target/ is cleaned by the build anyway.
    }
  }

  /** {@code host:port} for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** A new map holding {@code bootstrap.servers}, to add client settings to. */
  public Map<String, Object> clientProperties() {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return props;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** How long the last start took, from launching the child to the first successful Admin call. */
  public Duration startupTime() {
    return startupTime;
  }

  /** The broker JVM's process id. */
  public long childPid() {
    return process.pid();
  }

  public boolean isRunning() {
    return process.isAlive();
  }

  /** Stops the broker (controlled shutdown, forced after 30 s); the data folder stays. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook is running or ran; stopChild is idempotent.
    }
    stopChild();
  }

  private synchronized void stopChild() {
    if (!process.isAlive()) {
      return;
    }
    try {
      process.getOutputStream().close(); // EOF on the child's stdin: it shuts down
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        LOG.warn("embedded Kafka in {} did not stop within 30 s; killing it", dataDir);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Settings for {@link EmbeddedKafka}; only the data folder is required. */
  public static final class Builder {
    private Path dataDir;
    private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
    private Duration startTimeout = Duration.ofSeconds(120);
    private List<String> jvmOptions = List.of("-Xms128m", "-Xmx1g", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private String classpath = System.getProperty("java.class.path");
    private final Map<String, String> brokerOverrides = new LinkedHashMap<>();

    private Builder() {}

    public Builder setDataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    /** The broker-wide {@code message.max.bytes} (default: the 16 MiB document cap plus overhead). */
    public Builder optMaxMessageBytes(int bytes) {
      this.maxMessageBytes = bytes;
      return this;
    }

    public Builder optStartTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    /** JVM flags of the child (default: 1 GiB heap, serial GC, quick JIT). */
    public Builder optJvmOptions(List<String> options) {
      this.jvmOptions = List.copyOf(options);
      return this;
    }

    /** The child's classpath (default: this JVM's); it must hold kafka_2.13 and this module. */
    public Builder optClasspath(String classpath) {
      this.classpath = classpath;
      return this;
    }

    /** A broker setting that overrides the embedded defaults (e.g. {@code num.partitions}). */
    public Builder optBrokerProperty(String key, String value) {
      brokerOverrides.put(key, value);
      return this;
    }

    public EmbeddedKafka build() {
      if (dataDir == null) {
        throw new IllegalArgumentException("EmbeddedKafka needs a data folder: call setDataDir(path)");
      }
      if (maxMessageBytes < 1024) {
        throw new IllegalArgumentException("maxMessageBytes=" + maxMessageBytes + " is below 1024; use at least 1 KiB");
      }
      if (classpath == null || !classpath.contains("kafka")) {
        throw new IllegalStateException("the classpath for the embedded broker holds no Kafka jars;"
            + " put org.apache.kafka:kafka_2.13 on the classpath or pass optClasspath(...)");
      }
      try {
        return launch();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start embedded Kafka in " + dataDir + ": " + e.getMessage(), e);
      }
    }

    private EmbeddedKafka launch() throws IOException {
      Path dir = dataDir.toAbsolutePath().normalize();
      Files.createDirectories(dir);
      Path logs = dir.resolve("kafka-logs");
      requireUnlocked(logs);
      int[] ports = ports(dir);
      Properties server = serverProperties(ports[0], ports[1], logs);
      Path serverProps = dir.resolve("server.properties");
      try (OutputStream out = Files.newOutputStream(serverProps)) {
        server.store(out, "written by EmbeddedKafka; rewritten on every start");
      }
      Path log4j = dir.resolve("log4j2-broker.xml");
      Files.writeString(log4j, LOG4J_CONFIG);
      String clusterId = clusterId(dir);

      List<String> args = new ArrayList<>(jvmOptions);
      args.add("-Dlog4j2.configurationFile=" + log4j.toUri());
      args.add("-Djava.awt.headless=true");
      args.add("-cp");
      args.add(classpath);
      args.add(EmbeddedKafkaMain.class.getName());
      args.add(serverProps.toString());
      args.add(clusterId);
      args.add(Long.toString(ProcessHandle.current().pid()));
      // An argument file: a long test classpath can exceed the kernel's 128 KiB per-argument limit.
      Path argFile = dir.resolve("java.args");
      StringBuilder sb = new StringBuilder();
      for (String a : args) {
        sb.append('"').append(a.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n");
      }
      Files.writeString(argFile, sb.toString());
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Path brokerLog = dir.resolve("broker.log");
      long t0 = System.nanoTime();
      Process process = new ProcessBuilder(java, "@" + argFile)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(brokerLog.toFile()))
          .start();
      String bootstrap = "127.0.0.1:" + ports[0];
      try {
        awaitReady(process, bootstrap, brokerLog);
      } catch (RuntimeException | Error e) {
        process.destroyForcibly();
        throw e;
      }
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      LOG.info("embedded Kafka at {} (data {}) ready in {} ms", bootstrap, dir, took.toMillis());
      return new EmbeddedKafka(process, dir, bootstrap, took);
    }

    private void awaitReady(Process process, String bootstrap, Path brokerLog) {
      long deadline = System.nanoTime() + startTimeout.toNanos();
      Map<String, Object> conf = Map.of(
          AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
          AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
          AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000,
          AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50,
          AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
      try (Admin admin = Admin.create(conf)) {
        while (true) {
          if (!process.isAlive()) {
            throw new IllegalStateException("embedded Kafka exited with code " + process.exitValue()
                + " while starting; last lines of " + brokerLog + ":\n" + tail(brokerLog)
                + "\nIf the data folder is in use by another broker, stop it or pick another folder.");
          }
          try {
            if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
              return;
            }
          } catch (Exception notYet) {
            // Not listening or not yet unfenced: try again until the deadline.
          }
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("embedded Kafka at " + bootstrap + " did not answer within "
                + startTimeout.toSeconds() + " s; last lines of " + brokerLog + ":\n" + tail(brokerLog)
                + "\nRaise the timeout (optStartTimeout) on a slow machine.");
          }
          try {
            Thread.sleep(100);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for embedded Kafka", e);
          }
        }
      }
    }

    private Properties serverProperties(int brokerPort, int controllerPort, Path logs) {
      Properties p = new Properties();
      p.setProperty("process.roles", "broker,controller");
      p.setProperty("node.id", "1");
      p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
      p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
      p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
      p.setProperty("controller.listener.names", "CONTROLLER");
      p.setProperty("inter.broker.listener.name", "PLAINTEXT");
      p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
      p.setProperty("log.dirs", logs.toString());
      p.setProperty("num.partitions", "1");
      p.setProperty("message.max.bytes", Integer.toString(maxMessageBytes));
      // One node: every internal topic has one replica; few partitions keep start-up quick.
      p.setProperty("offsets.topic.replication.factor", "1");
      p.setProperty("offsets.topic.num.partitions", "4");
      p.setProperty("transaction.state.log.replication.factor", "1");
      p.setProperty("transaction.state.log.min.isr", "1");
      p.setProperty("transaction.state.log.num.partitions", "4");
      p.setProperty("share.coordinator.state.topic.replication.factor", "1");
      p.setProperty("share.coordinator.state.topic.min.isr", "1");
      p.setProperty("group.initial.rebalance.delay.ms", "0");
      // Flink's exactly-once Kafka sink asks for 1 h transactions; the broker default caps at 15 min.
      p.setProperty("transaction.max.timeout.ms", "3600000");
      p.setProperty("auto.create.topics.enable", "true");
      brokerOverrides.forEach(p::setProperty);
      return p;
    }

    /** Fails at once, before touching any file, when another broker holds the folder's lock. */
    private static void requireUnlocked(Path logs) throws IOException {
      Path lock = logs.resolve(".lock");
      if (!Files.exists(lock)) {
        return;
      }
      try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE);
          FileLock held = ch.tryLock()) {
        if (held == null) {
          throw new IllegalStateException("the data folder " + logs.getParent() + " is in use by another broker;"
              + " stop it (close its EmbeddedKafka or end its process) or pick another folder");
        }
      } catch (OverlappingFileLockException e) {
        throw new IllegalStateException("the data folder " + logs.getParent() + " is in use by another broker"
            + " in this JVM; reuse that EmbeddedKafka or pick another folder", e);
      }
    }

    /** The ports of the last run when both are still free, otherwise two fresh ones. */
    private static int[] ports(Path dir) throws IOException {
      Path file = dir.resolve("ports.properties");
      if (Files.exists(file)) {
        Properties saved = new Properties();
        try (var in = Files.newInputStream(file)) {
          saved.load(in);
        }
        try {
          int b = Integer.parseInt(saved.getProperty("broker", ""));
          int c = Integer.parseInt(saved.getProperty("controller", ""));
          if (isFree(b) && isFree(c)) {
            return new int[] {b, c};
          }
        } catch (NumberFormatException ignored) {
          // Damaged file: choose new ports.
        }
      }
      int[] ports;
      try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
          ServerSocket b = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        ports = new int[] {a.getLocalPort(), b.getLocalPort()};
      }
      Properties p = new Properties();
      p.setProperty("broker", Integer.toString(ports[0]));
      p.setProperty("controller", Integer.toString(ports[1]));
      try (OutputStream out = Files.newOutputStream(file)) {
        p.store(out, "ports of the embedded broker, reused on restart when free");
      }
      return ports;
    }

    private static boolean isFree(int port) {
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return s.isBound();
      } catch (IOException e) {
        return false;
      }
    }

    private static String clusterId(Path dir) throws IOException {
      Path file = dir.resolve("cluster.id");
      if (Files.exists(file)) {
        return Files.readString(file).trim();
      }
      String id = Uuid.randomUuid().toString();
      Files.writeString(file, id);
      return id;
    }
  }

  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  private static final String LOG4J_CONFIG = """
      <?xml version="1.0" encoding="UTF-8"?>
      <!-- The embedded broker logs warnings to broker.log (its stdout); INFO would be noise. -->
      <Configuration status="WARN">
        <Appenders>
          <Console name="out" target="SYSTEM_OUT">
            <PatternLayout pattern="%d{HH:mm:ss.SSS} %-5level %c{1} - %msg%n"/>
          </Console>
        </Appenders>
        <Loggers>
          <Logger name="kafka.server.KafkaRaftServer" level="INFO"/>
          <Logger name="kafka.server.BrokerServer" level="INFO"/>
          <Root level="WARN"><AppenderRef ref="out"/></Root>
        </Loggers>
      </Configuration>
      """;
}
