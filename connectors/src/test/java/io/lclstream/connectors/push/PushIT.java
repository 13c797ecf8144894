package io.lclstream.connectors.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.lclstream.connectors.doc.DecodeResult;
import io.lclstream.connectors.doc.Document;
import io.lclstream.connectors.doc.DocumentJson;
import io.lclstream.connectors.doc.ImageSegment;
import io.lclstream.connectors.doc.Rejection;
import io.lclstream.connectors.kafka.EmbeddedKafka;
import io.lclstream.connectors.kafka.RejectedRecord;
import io.lclstream.connectors.warc.WarcFixtures;
import io.lclstream.connectors.warc.WarcFixtures.Resp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PushIT {
  private final EmbeddedKafka kafka = EmbeddedKafka.shared();
  @TempDir Path dir;

  @Test
  void pushesEveryPageIncludingOneOverAMegabyteAndRoutesRejectsToTheRejectedTopic() throws Exception {
    byte[] bigImage = WarcFixtures.png(2 * 1024 * 1024, 9); // the page's JSON is ~2.8 MB
    Path warc = WarcFixtures.write(dir.resolve("big.warc.gz"), true, List.of(
        Resp.html("http://big.test/page.html", "<h1>Big</h1><img src='huge.png' alt='huge'><p>after</p>"),
        Resp.image("http://big.test/huge.png", bigImage)));
    List<Path> inputs = List.of(warc, PushFixtures.warc(dir), PushFixtures.mmc4(dir));
    PushOptions options = PushOptions.builder().setBootstrap(kafka.bootstrapServers())
        .optTopic("pages-push").optRejectedTopic("pages-push.rejected").build();

    PushSummary s = Pusher.push(inputs, options);

    assertThat(s.pages()).isEqualTo(5);
    assertThat(s.imagesInline()).isEqualTo(3);
    assertThat(s.rejected()).isEqualTo(Map.of(Rejection.DOC_NO_SEGMENTS, 1L, Rejection.JSON_MALFORMED, 1L,
        Rejection.DOC_BAD_FIELD, 1L));
    List<ConsumerRecord<byte[], byte[]>> pages = readAll("pages-push");
    assertThat(pages).hasSize(5);
    Document big = ((DecodeResult.Decoded) DocumentJson.create().decode(pages.get(0).value())).document();
    assertThat(big.url()).isEqualTo("http://big.test/page.html");
    assertThat(pages.get(0).value().length).isGreaterThan(1024 * 1024);
    assertThat(((ImageSegment) big.segments().get(1)).data()).isEqualTo(bigImage);
    assertThat(new String(pages.get(0).key(), StandardCharsets.UTF_8)).isEqualTo(big.id());
    assertThat(pages.get(0).value()).isEqualTo(DocumentJson.create().toJson(big));

    List<RejectedRecord> rejected = readAll("pages-push.rejected").stream()
        .map(r -> RejectedRecord.fromJson(r.value())).toList();
    assertThat(rejected).extracting(RejectedRecord::reason)
        .containsExactly(Rejection.DOC_NO_SEGMENTS, Rejection.JSON_MALFORMED, Rejection.DOC_BAD_FIELD);
    assertThat(new String(rejected.get(1).original(), StandardCharsets.UTF_8)).isEqualTo("not json at all");
    assertThat(rejected.get(1).location()).endsWith("mmc4.jsonl:2");
  }

  private List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    Map<String, Object> p = kafka.clientProperties();
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, 0);
      c.assign(Set.of(tp));
      c.seekToBeginning(Set.of(tp));
      long end = c.endOffsets(Set.of(tp)).get(tp);
      while (c.position(tp) < end) {
        c.poll(Duration.ofMillis(500)).forEach(out::add);
      }
    }
    return out;
  }
}
