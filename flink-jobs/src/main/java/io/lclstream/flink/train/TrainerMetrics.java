package io.lclstream.flink.train;

import io.lclstream.flink.pack.LclSample;
import io.lclstream.model.train.StepResult;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;

/**
 * The trainer's metrics in Flink's metric system (group {@code trainer}): losses, steps/s,
 * samples/s, tokens/s, busy ratio, freshness (Kafka timestamp → trained) p50/p99, and the step of
 * the last staged snapshot.
 */
final class TrainerMetrics {
  private static final int FRESHNESS_WINDOW = 2048;

  private final MetricGroup group;
  private final Counter samplesReceived;
  private final Counter samplesTrained;
  private final Counter tokens;
  private final Counter images;
  private final Counter steps;
  private final Meter samplesRate;
  private final Meter tokensRate;
  private final Meter stepsRate;
  private final Meter imagesRate;
  private final long startNanos = System.nanoTime();
  private long busyNanos;
  private volatile long stagedStep = -1;
  private volatile StepResult last;
  private final long[] freshness = new long[FRESHNESS_WINDOW];
  private int freshnessCount;

  TrainerMetrics(MetricGroup parent) {
    this.group = parent.addGroup("trainer");
    samplesReceived = group.counter("samplesReceived");
    samplesTrained = group.counter("samplesTrained");
    tokens = group.counter("tokensTrained");
    images = group.counter("imagesTrained");
    steps = group.counter("steps");
    samplesRate = group.meter("samplesPerSecond", new MeterView(samplesTrained, 30));
    tokensRate = group.meter("tokensPerSecond", new MeterView(tokens, 30));
    stepsRate = group.meter("stepsPerSecond", new MeterView(steps, 30));
    imagesRate = group.meter("imagesPerSecond", new MeterView(images, 30));
    group.gauge("loss", (Gauge<Double>) () -> last == null ? Double.NaN : last.total());
    group.gauge("lossContrastive", (Gauge<Double>) () -> last == null ? Double.NaN : last.contrastive());
    group.gauge("lossGeneration", (Gauge<Double>) () -> last == null ? Double.NaN : last.generation());
    group.gauge("learningRate", (Gauge<Double>) () -> last == null ? Double.NaN : last.lr());
    group.gauge("busyRatio", (Gauge<Double>) this::busyRatio);
    group.gauge("freshnessP50Ms", (Gauge<Long>) () -> freshnessPercentile(0.50));
    group.gauge("freshnessP99Ms", (Gauge<Long>) () -> freshnessPercentile(0.99));
    group.gauge("lastSnapshotStep", (Gauge<Long>) () -> stagedStep);
  }

  void bind(TrainingWriter writer) {
    group.gauge("step", (Gauge<Long>) writer::step);
    group.gauge("backlog", (Gauge<Integer>) writer::backlogSize);
  }

  void received(LclSample sample) {
    samplesReceived.inc();
  }

  void trained(List<LclSample> batch, StepResult result) {
    last = result;
    steps.inc();
    samplesTrained.inc(batch.size());
    tokens.inc(result.tokens());
    images.inc(result.images());
    synchronized (this) {
      busyNanos += result.elapsedNanos();
      long now = System.currentTimeMillis();
      for (LclSample s : batch) {
        if (s.kafkaTimestamp() > 0) {
          freshness[freshnessCount++ % FRESHNESS_WINDOW] = Math.max(0, now - s.kafkaTimestamp());
        }
      }
    }
  }

  void staged(long step) {
    stagedStep = step;
  }

  synchronized double busyRatio() {
    long wall = System.nanoTime() - startNanos;
    return wall <= 0 ? 0 : Math.min(1.0, (double) busyNanos / wall);
  }

  synchronized long freshnessPercentile(double q) {
    int n = Math.min(freshnessCount, FRESHNESS_WINDOW);
    if (n == 0) {
      return -1;
    }
    long[] sorted = Arrays.copyOf(freshness, n);
    Arrays.sort(sorted);
    return sorted[(int) Math.min(n - 1, Math.floor(q * n))];
  }

  double samplesPerSecond() {
    return samplesRate.getRate();
  }

  double tokensPerSecond() {
    return tokensRate.getRate();
  }

  double imagesPerSecond() {
    return imagesRate.getRate();
  }

  double stepsPerSecond() {
    return stepsRate.getRate();
  }
}
