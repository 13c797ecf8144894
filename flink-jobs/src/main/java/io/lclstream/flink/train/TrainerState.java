package io.lclstream.flink.train;

import io.lclstream.flink.pack.LclSample;
import java.util.List;

/**
 * What the training sink keeps in a Flink checkpoint: a pointer to the model snapshot it last
 * staged, and the samples consumed from Kafka since then — those already trained on top of the
 * snapshot ({@code replay}, in training order) and those not yet trained ({@code pending}).
 * Restoring loads the snapshot and trains {@code replay} then {@code pending}, so the model and
 * the Kafka offsets of one checkpoint always agree: no page is lost or trained twice.
 *
 * @param snapshot the staged or published snapshot id, or null before the first snapshot
 */
public record TrainerState(String snapshot, List<LclSample> replay, List<LclSample> pending) {
  public TrainerState {
    replay = List.copyOf(replay);
    pending = List.copyOf(pending);
  }
}
