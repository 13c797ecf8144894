package io.lclstream.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lclstream.connectors.doc.Rejection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RejectedRecordTest {
  private final Rejection why = new Rejection(Rejection.JSON_MALFORMED, "not valid JSON");
  private final Instant t = Instant.parse("2024-05-01T12:00:00Z");

  @Test
  void roundTripsAKafkaRejectionWithItsOriginalBytes() {
    byte[] original = "{broken".getBytes(StandardCharsets.UTF_8);
    RejectedRecord r = RejectedRecord.fromKafka(why, original, "pages", 3, 42L, t);
    RejectedRecord back = RejectedRecord.fromJson(r.toJson());
    assertThat(back).isEqualTo(r);
    assertThat(back.original()).isEqualTo(original);
    assertThat(back.sourcePartition()).isEqualTo(3);
    assertThat(back.sourceOffset()).isEqualTo(42L);
    assertThat(new String(r.toJson(), StandardCharsets.UTF_8))
        .contains("\"reason\":\"json.malformed\"").contains("\"original\":\"e2Jyb2tlbg==\"");
  }

  @Test
  void cutsLongOriginalsAndSaysSo() {
    RejectedRecord r = RejectedRecord.of(why, new byte[100], null, null, null, "a.jsonl:7", t, 10);
    RejectedRecord back = RejectedRecord.fromJson(r.toJson());
    assertThat(back.truncated()).isTrue();
    assertThat(back.originalBytes()).isEqualTo(100);
    assertThat(back.original()).hasSize(10);
    assertThat(back.location()).isEqualTo("a.jsonl:7");
  }

  @Test
  void refusesJsonThatIsNotARejectedRecord() {
    assertThatThrownBy(() -> RejectedRecord.fromJson("{\"x\":1}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("'reason'");
  }
}
