package io.lclstream.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {

  @TempDir Path dir;

  @Test
  void servesRecordsAndKeepsThemAcrossARestartOnTheSameDataFolder() throws Exception {
    byte[] value = new byte[3 * 1024 * 1024]; // over Kafka's 1 MB default
    new Random(7).nextBytes(value);
    String firstBootstrap;
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      firstBootstrap = kafka.bootstrapServers();
      System.out.printf("embedded Kafka started in %.1f s%n", kafka.startupTime().toMillis() / 1000.0);
      try (Admin admin = Admin.create(kafka.clientProperties())) {
        admin.createTopics(List.of(new NewTopic("t", 1, (short) 1)
            .configs(Map.of("max.message.bytes", Integer.toString(8 * 1024 * 1024))))).all().get();
      }
      try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
        producer.send(new ProducerRecord<>("t", "k".getBytes(StandardCharsets.UTF_8), value)).get();
      }
      assertThat(readAll(kafka, "t")).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo(value));
    }
    try (EmbeddedKafka again = EmbeddedKafka.start(dir.resolve("kafka"))) {
      assertThat(again.bootstrapServers()).isEqualTo(firstBootstrap);
      List<ConsumerRecord<byte[], byte[]>> records = readAll(again, "t");
      assertThat(records).hasSize(1);
      assertThat(records.get(0).value()).isEqualTo(value);
    }
    // Its old port taken by someone else, the broker moves to fresh ports and keeps its data.
    int oldPort = Integer.parseInt(firstBootstrap.substring(firstBootstrap.lastIndexOf(':') + 1));
    try (java.net.ServerSocket squatter = new java.net.ServerSocket(oldPort, 1, java.net.InetAddress.getLoopbackAddress());
        EmbeddedKafka moved = EmbeddedKafka.start(dir.resolve("kafka"))) {
      assertThat(squatter.isBound()).isTrue();
      assertThat(moved.bootstrapServers()).isNotEqualTo(firstBootstrap);
      assertThat(readAll(moved, "t")).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo(value));
    }
  }

  @Test
  void aSecondBrokerOnAFolderInUseFailsAtOnceWithAHint() {
    EmbeddedKafka first = EmbeddedKafka.shared();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> EmbeddedKafka.builder().setDataDir(first.dataDir())
            .optStartTimeout(Duration.ofSeconds(60)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(first.dataDir().toString())
        .hasMessageContaining("in use by another broker")
        .hasMessageContaining("pick another folder");
    assertThat(first.isRunning()).isTrue();
  }

  @Test
  void brokerStopsWhenTheJvmThatStartedItIsKilled() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process parent = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        EmbeddedKafkaParentMain.class.getName(), dir.resolve("orphan").toString())
        .redirectErrorStream(true).start();
    long childPid;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      String pidLine = null;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("child-pid=")) {
          pidLine = line;
          break;
        }
      }
      assertThat(pidLine).as("the parent JVM should report its broker's pid").isNotNull();
      childPid = Long.parseLong(pidLine.substring("child-pid=".length()).trim());
    }
    Optional<ProcessHandle> child = ProcessHandle.of(childPid);
    assertThat(child).isPresent();
    assertThat(child.get().isAlive()).isTrue();
    parent.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hook runs
    child.get().onExit().get(60, TimeUnit.SECONDS);
    assertThat(child.get().isAlive()).isFalse();
  }

  private static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka) {
    Map<String, Object> p = kafka.clientProperties();
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  static List<ConsumerRecord<byte[], byte[]>> readAll(EmbeddedKafka kafka, String topic) {
    Map<String, Object> p = kafka.clientProperties();
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, 0);
      consumer.assign(Set.of(tp));
      consumer.seekToBeginning(Set.of(tp));
      long end = consumer.endOffsets(Set.of(tp)).get(tp);
      while (consumer.position(tp) < end) {
        consumer.poll(Duration.ofMillis(500)).forEach(out::add);
      }
    }
    return out;
  }
}
