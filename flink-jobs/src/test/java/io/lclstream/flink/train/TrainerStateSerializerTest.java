package io.lclstream.flink.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lclstream.flink.pack.LclSample;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerStateSerializerTest {
  private static LclSample sample(String id, int n) {
    byte[] pixels = new byte[n * 12];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 31 + n);
    }
    return new LclSample(id, 1_700_000_000_000L + n, new int[] {1, 2, 3, 256 + n}, new int[] {2}, pixels, n);
  }

  @Test
  void roundTripsPointerReplayAndPendingInOrder() throws Exception {
    TrainerStateSerializer serializer = new TrainerStateSerializer();
    TrainerState state = new TrainerState("stage-000000012-0a1b2c3d",
        List.of(sample("a", 1), sample("b", 2)), List.of(sample("c", 3)));
    TrainerState back = serializer.deserialize(serializer.getVersion(), serializer.serialize(state));
    assertThat(back.snapshot()).isEqualTo("stage-000000012-0a1b2c3d");
    assertThat(back.replay()).extracting(LclSample::id).containsExactly("a", "b");
    assertThat(back.pending()).extracting(LclSample::id).containsExactly("c");
    LclSample b = back.replay().get(1);
    assertThat(b.tokens()).containsExactly(1, 2, 3, 258);
    assertThat(b.soiPositions()).containsExactly(2);
    assertThat(b.pixels()).isEqualTo(sample("b", 2).pixels());
    assertThat(b.imageCount()).isEqualTo(2);
    assertThat(b.kafkaTimestamp()).isEqualTo(1_700_000_000_002L);
  }

  @Test
  void roundTripsTheStateBeforeTheFirstSnapshot() throws Exception {
    TrainerStateSerializer serializer = new TrainerStateSerializer();
    TrainerState back = serializer.deserialize(1, serializer.serialize(new TrainerState(null, List.of(), List.of())));
    assertThat(back.snapshot()).isNull();
    assertThat(back.replay()).isEmpty();
  }

  @Test
  void refusesAnUnknownVersion() {
    assertThatThrownBy(() -> new TrainerStateSerializer().deserialize(7, new byte[0]))
        .hasMessageContaining("Unknown training-sink state version 7");
  }

  @Test
  void committableRoundTrips() throws Exception {
    StagedSnapshotSerializer s = new StagedSnapshotSerializer();
    StagedSnapshot back = s.deserialize(1, s.serialize(new StagedSnapshot("stage-000000005-deadbeef", 5)));
    assertThat(back).isEqualTo(new StagedSnapshot("stage-000000005-deadbeef", 5));
  }
}
