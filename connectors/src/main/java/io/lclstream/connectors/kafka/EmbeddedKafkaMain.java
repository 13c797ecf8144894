package io.lclstream.connectors.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.tools.StorageTool;
import org.apache.kafka.common.utils.Time;

/**
 * The child JVM's entry point for {@link EmbeddedKafka}: formats the KRaft storage on first use,
 * runs a combined broker+controller, and stops when its parent goes away (stdin reaches EOF or the
 * parent process exits), so a killed test run never leaves a broker behind.
 *
 * <p>Arguments: {@code <server.properties> <cluster id> <parent pid>}.
 */
public final class EmbeddedKafkaMain {
  private EmbeddedKafkaMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: EmbeddedKafkaMain <server.properties> <cluster-id> <parent-pid>");
      System.exit(2);
    }
    Path config = Path.of(args[0]);
    String clusterId = args[1];
    long parentPid = Long.parseLong(args[2]);
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(config)) {
      props.load(in);
    }
    Path logDir = Path.of(props.getProperty("log.dirs"));
    if (!Files.exists(logDir.resolve("meta.properties"))) {
      PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
      int rc = StorageTool.execute(
          new String[] {"format", "-t", clusterId, "-c", config.toString(), "--ignore-formatted"}, out);
      if (rc != 0) {
        System.err.println("embedded-kafka: formatting " + logDir + " failed with exit code " + rc);
        System.exit(3);
      }
    }
    // Reflection: kafka-server (KafkaConfig's parent) is only a runtime dependency of kafka_2.13.
    Class<?> configClass = Class.forName("kafka.server.KafkaConfig");
    Object kafkaConfig = configClass.getMethod("fromProps", Properties.class, boolean.class)
        .invoke(null, props, false);
    Server server = new Server(Class.forName("kafka.server.KafkaRaftServer")
        .getConstructor(configClass, Time.class).newInstance(kafkaConfig, Time.SYSTEM));
    Runnable stop = () -> stopAndHalt(server);
    ProcessHandle.of(parentPid).ifPresentOrElse(
        p -> p.onExit().thenRun(stop), stop);
    Thread stdinWatch = new Thread(() -> {
      try {
        while (System.in.read() != -1) {
          // The parent writes nothing; only EOF matters.
        }
      } catch (IOException ignored) {
        // A broken pipe means the parent is gone, as EOF does.
      }
      stop.run();
    }, "parent-watch");
    stdinWatch.setDaemon(true);
    stdinWatch.start();
    try {
      server.startup();
    } catch (Throwable t) {
      // Kafka's threads started so far are not daemons: without halt the JVM would linger.
      System.err.println("embedded-kafka: start-up failed: " + t);
      t.printStackTrace();
      System.err.flush();
      Runtime.getRuntime().halt(4);
    }
    System.out.println("embedded-kafka: started");
    server.awaitShutdown();
    Runtime.getRuntime().halt(0);
  }

  private static synchronized void stopAndHalt(Server server) {
    // A stuck shutdown must not outlive the parent either.
    Thread killer = new Thread(() -> {
      try {
        Thread.sleep(20_000);
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
      Runtime.getRuntime().halt(1);
    }, "shutdown-deadline");
    killer.setDaemon(true);
    killer.start();
    try {
      server.shutdown();
      server.awaitShutdown();
    } finally {
      Runtime.getRuntime().halt(0);
    }
  }

  /** The three lifecycle calls of kafka.server.KafkaRaftServer. */
  private record Server(Object target) {
    void startup() throws Exception {
      call("startup");
    }

    void shutdown() {
      try {
        call("shutdown");
      } catch (Exception e) {
        e.printStackTrace();
      }
    }

    void awaitShutdown() {
      try {
        call("awaitShutdown");
      } catch (Exception e) {
        e.printStackTrace();
      }
    }

    private void call(String method) throws Exception {
      try {
        target.getClass().getMethod(method).invoke(target);
      } catch (java.lang.reflect.InvocationTargetException e) {
        throw e.getCause() instanceof Exception ex ? ex : e;
      }
    }
  }
}
