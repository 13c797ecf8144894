package io.lclstream.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lclstream.connectors.doc.DecodeResult;
import io.lclstream.connectors.doc.Document;
import io.lclstream.connectors.doc.DocumentJson;
import io.lclstream.connectors.doc.ImageSegment;
import io.lclstream.connectors.doc.Rejection;
import io.lclstream.connectors.doc.TextSegment;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class DocumentKafkaIT {
  private final EmbeddedKafka kafka = EmbeddedKafka.shared();

  @Test
  void ensureCreatesBothTopicsWithTheLimitOfTheCap() throws Exception {
    Topics.Settings s = Topics.Settings.defaults().withPagesTopic("pages-ensure").withPartitions(2);
    try (Admin admin = Admin.create(kafka.clientProperties())) {
      Topics.ensure(admin, s);
      Topics.ensure(admin, s); // idempotent
      assertThat(maxMessageBytes(admin, "pages-ensure")).isEqualTo(DocumentJson.DEFAULT_MAX_BYTES + 64 * 1024);
      assertThat(maxMessageBytes(admin, Topics.PAGES_REJECTED)).isEqualTo(DocumentJson.DEFAULT_MAX_BYTES + 64 * 1024);
      assertThat(admin.describeTopics(List.of("pages-ensure")).allTopicNames().get()
          .get("pages-ensure").partitions()).hasSize(2);
    }
  }

  @Test
  void ensureRaisesTheLimitOfAnExistingTopicThatIsTooSmall() throws Exception {
    try (Admin admin = Admin.create(kafka.clientProperties())) {
      admin.createTopics(List.of(new NewTopic("pages-small", 1, (short) 1)
          .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1000000")))).all().get();
      Topics.ensure(admin, Topics.Settings.defaults().withPagesTopic("pages-small").withMaxDocumentBytes(4 * 1024 * 1024));
      assertThat(maxMessageBytes(admin, "pages-small")).isEqualTo(4 * 1024 * 1024 + 64 * 1024);
    }
  }

  @Test
  void aPageOverOneMegabyteTravelsThroughTheBrokerByteIdentical() throws Exception {
    byte[] image = new byte[3 * 1024 * 1024 + 17];
    new Random(1).nextBytes(image);
    Document doc = new Document("big-1", "https://big.example/p", "warc", Instant.parse("2024-01-02T03:04:05Z"), "en",
        List.of(new TextSegment("Before the big image."), ImageSegment.inline("https://big.example/i.png", image, "image/png", "big"),
            new TextSegment("After.")));
    try (Admin admin = Admin.create(kafka.clientProperties())) {
      Topics.ensure(admin, Topics.Settings.defaults().withPagesTopic("pages-big"));
    }
    byte[] sent = DocumentJson.create().toJson(doc);
    assertThat(sent.length).isGreaterThan(4 * 1024 * 1024);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
        ProducerSettings.forDocuments(kafka.bootstrapServers(), DocumentJson.DEFAULT_MAX_BYTES))) {
      producer.send(new ProducerRecord<>("pages-big", doc.id().getBytes(StandardCharsets.UTF_8), sent)).get();
    }
    List<ConsumerRecord<byte[], byte[]>> got = EmbeddedKafkaIT.readAll(kafka, "pages-big");
    assertThat(got).hasSize(1);
    assertThat(got.get(0).value()).isEqualTo(sent);
    assertThat(new String(got.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("big-1");
    DecodeResult back = DocumentSerde.deserializer().deserialize("pages-big", got.get(0).value());
    assertThat(back).isEqualTo(new DecodeResult.Decoded(doc));
  }

  @Test
  void serializerRejectsADocumentOverTheCapWithItsReason() {
    DocumentSerializer serializer = DocumentSerde.serializer();
    serializer.configure(Map.of(DocumentSerializer.MAX_DOCUMENT_BYTES_CONFIG, "4096"), false);
    Document doc = new Document("x", null, "json", null, null, List.of(new TextSegment("y".repeat(10_000))));
    assertThatThrownBy(() -> serializer.serialize("pages", doc))
        .isInstanceOfSatisfying(DocumentSerializer.DocumentTooLargeException.class,
            e -> assertThat(e.rejection().reason()).isEqualTo(Rejection.DOC_TOO_LARGE))
        .hasMessageContaining("4096");
  }

  private static long maxMessageBytes(Admin admin, String topic) throws ExecutionException, InterruptedException {
    ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    return Long.parseLong(admin.describeConfigs(List.of(r)).all().get().get(r)
        .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value());
  }
}
