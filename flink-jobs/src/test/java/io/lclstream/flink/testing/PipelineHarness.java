package io.lclstream.flink.testing;

import io.lclstream.checkpoints.store.Manifest;
import io.lclstream.checkpoints.store.SampleDigest;
import io.lclstream.checkpoints.store.SnapshotStore;
import io.lclstream.connectors.doc.Document;
import io.lclstream.connectors.doc.DocumentJson;
import io.lclstream.connectors.kafka.EmbeddedKafka;
import io.lclstream.connectors.kafka.ProducerSettings;
import io.lclstream.connectors.kafka.RejectedRecord;
import io.lclstream.connectors.kafka.Topics;
import io.lclstream.flink.config.ConfigLoader;
import io.lclstream.flink.config.JobConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Topics on the shared embedded broker, producing fixture pages, and reading results back. */
public final class PipelineHarness {
  private static final AtomicInteger TOPICS = new AtomicInteger();
  private static final DocumentJson JSON = DocumentJson.create();

  public final EmbeddedKafka kafka = EmbeddedKafka.shared();
  public final String topic;
  public final String rejectedTopic;

  public PipelineHarness(String name) {
    int n = TOPICS.incrementAndGet();
    this.topic = name + "-" + n + "-" + ProcessHandle.current().pid();
    this.rejectedTopic = topic + ".rejected";
    try (Admin admin = Admin.create(kafka.clientProperties())) {
      Topics.ensure(admin, new Topics.Settings(topic, rejectedTopic, 1, (short) 1, DocumentJson.DEFAULT_MAX_BYTES));
    }
  }

  /** Sends documents (as the wire JSON) and raw records, in the order given. */
  public void send(List<Document> docs, List<byte[]> raw) {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
        ProducerSettings.forDocuments(kafka.bootstrapServers(), DocumentJson.DEFAULT_MAX_BYTES))) {
      for (Document d : docs) {
        producer.send(new ProducerRecord<>(topic, d.id().getBytes(StandardCharsets.UTF_8), JSON.toJson(d)));
      }
      for (byte[] r : raw) {
        producer.send(new ProducerRecord<>(topic, null, r));
      }
      producer.flush();
    }
  }

  /** Settings for a bounded run on this topic into {@code store}. */
  public JobConfig config(Path store, Map<String, String> extra) {
    Map<String, String> values = new HashMap<>();
    values.put("kafka.bootstrap", kafka.bootstrapServers());
    values.put("kafka.topic", topic);
    values.put("kafka.rejected-topic", rejectedTopic);
    values.put("kafka.group-id", topic);
    values.put("kafka.start", "earliest");
    values.put("kafka.bounded", "true");
    values.put("store.dir", store.toString());
    values.put("store.keep-last", "100");
    values.put("flink.checkpoint-interval", "1 s");
    values.put("train.batch-size", "4");
    values.put("train.init-from-latest", "false");
    values.putAll(extra);
    return JobConfig.from(ConfigLoader.load(null, values));
  }

  /** Reads the rejected topic until {@code expected} records arrived or 30 s passed. */
  public List<RejectedRecord> rejected(int expected) {
    Properties p = new Properties();
    p.putAll(kafka.clientProperties());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, rejectedTopic + "-reader");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    List<RejectedRecord> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
      consumer.subscribe(List.of(rejectedTopic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          out.add(RejectedRecord.fromJson(r.value()));
        }
      }
      // One more short poll: more records than expected is a bug too.
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
        out.add(RejectedRecord.fromJson(r.value()));
      }
    }
    return out;
  }

  public static String digestOf(Collection<String> ids) {
    SampleDigest d = SampleDigest.empty();
    ids.forEach(d::add);
    return d.hex();
  }

  public static List<Manifest> published(Path store) {
    try (SnapshotStore s = SnapshotStore.openReadOnly(store)) {
      return s.list();
    }
  }

  public static Manifest latest(Path store) {
    try (SnapshotStore s = SnapshotStore.openReadOnly(store)) {
      return s.latest().orElseThrow(() -> new AssertionError("no snapshot published in " + store));
    }
  }
}
