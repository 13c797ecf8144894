package io.lclstream.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.lclstream.model.config.LclConfig;
import io.lclstream.model.token.ByteTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A garbage collection in the middle of a step must not change it: tensors that PyTorch reads in
 * place during the backward pass (inputs, scalars) must not live in Java memory the collector can
 * free. This once showed as garbage gradients and NaN losses inside the Flink job, whose JVM
 * collects often.
 */
class GarbageCollectionDuringStepTest {

  private static List<StepResult> train(boolean collectConstantly) throws Exception {
    LclConfig config = LclConfig.preset("tiny");
    SyntheticDocuments docs = new SyntheticDocuments(config, new ByteTokenizer());
    AtomicBoolean running = new AtomicBoolean(true);
    Thread collector = new Thread(() -> {
      while (running.get()) {
        System.gc();
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    List<StepResult> results = new ArrayList<>();
    try (LclTrainer trainer = LclTrainer.create(config, new ByteTokenizer())) {
      if (collectConstantly) {
        collector.start();
      }
      for (int step = 0; step < 3; step++) {
        results.add(trainer.step(docs.batch(step * 4, 4)));
      }
    } finally {
      running.set(false);
      collector.join();
    }
    return results;
  }

  @Test
  void stepsGiveTheSameLossesAndGradientsWhileTheCollectorRuns() throws Exception {
    List<StepResult> quiet = train(false);
    List<StepResult> collected = train(true);
    for (int i = 0; i < quiet.size(); i++) {
      assertThat(collected.get(i).total()).as("loss of step %d", i + 1).isEqualTo(quiet.get(i).total());
      assertThat(collected.get(i).gradNorm()).as("gradient norm of step %d", i + 1).isEqualTo(quiet.get(i).gradNorm());
      assertThat(quiet.get(i).gradNorm()).isFinite().isPositive();
    }
  }
}
