package io.lclstream.flink.train;

import io.lclstream.checkpoints.store.Manifest;
import io.lclstream.checkpoints.store.ManifestDraft;
import io.lclstream.checkpoints.store.SampleDigest;
import io.lclstream.checkpoints.store.SnapshotStore;
import io.lclstream.checkpoints.store.Throughput;
import io.lclstream.flink.config.JobConfig;
import io.lclstream.flink.pack.LclSample;
import io.lclstream.flink.pack.ModelFactory;
import io.lclstream.model.train.LclTrainer;
import io.lclstream.model.train.StepResult;
import io.lclstream.model.train.TrainingExample;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains LCL steps on the samples it receives and owns the snapshot protocol: at a checkpoint it
 * stages a snapshot (every k-th checkpoint, or after t minutes) and keeps only its id in Flink
 * state, together with the samples consumed since that snapshot; on restore it loads that
 * snapshot and retrains those samples, so model and Kafka offsets always match.
 *
 * <p>Steps run on one dedicated trainer thread (PyTorch's grad mode is per thread), at most
 * {@link #MAX_IN_FLIGHT} batches ahead of the task thread, so the pipeline keeps feeding while a
 * step runs and a slow trainer still backpressures the whole job. A checkpoint waits for the steps
 * in flight, so the staged model holds exactly the samples recorded as trained. Memory: at most
 * one partial batch plus {@link #MAX_IN_FLIGHT} batches wait here, plus the samples trained since
 * the last snapshot (bounded by the snapshot cadence and {@link #MAX_REPLAY_BYTES}). A failure on
 * the trainer thread is kept and rethrown, with the batch's ids, on the task thread's next call.
 */
final class TrainingWriter
    implements StatefulSinkWriter<LclSample, TrainerState>,
        CommittingSinkWriter<LclSample, StagedSnapshot> {

  private static final Logger LOG = LoggerFactory.getLogger(TrainingWriter.class);

  /** Samples trained since the last snapshot beyond this force a snapshot at the next checkpoint. */
  static final long MAX_REPLAY_BYTES = 256L << 20;
  /** Batches handed to the trainer thread and not yet finished, at most. */
  static final int MAX_IN_FLIGHT = 2;

  private final JobConfig config;
  private final SnapshotStore store;
  private final LclTrainer trainer;
  private final TrainerMetrics metrics;
  private final TrainerHooks hooks;
  private final MailboxExecutor mailbox;
  private final ExecutorService trainerThread;
  private final Deque<InFlight> inFlight = new ArrayDeque<>();
  private long stepsSubmitted;

  /** Samples consumed but not trained yet, in arrival order. */
  private final Deque<LclSample> backlog = new ArrayDeque<>();
  /** Samples trained on top of {@link #snapshotId}, in training order. */
  private final List<LclSample> trainedSinceSnapshot = new ArrayList<>();
  private long replayBytes;

  private String snapshotId;
  private long snapshotStep;
  private Counters counters;
  private int checkpointsSinceSnapshot;
  private long lastSnapshotNanos = System.nanoTime();
  private boolean endOfInput;
  private io.lclstream.checkpoints.store.StagedSnapshot unsealed;
  private StepResult lastStep;

  TrainingWriter(
      JobConfig config, WriterInitContext context, Collection<TrainerState> restored,
      TrainerHooks hooks) throws IOException {
    this.config = config;
    this.hooks = hooks;
    this.store = Stores.open(config.store());
    this.mailbox = context.getMailboxExecutor();
    this.metrics = new TrainerMetrics(context.metricGroup());
    TrainerState state = single(restored);

    // Every use of the model (create, load, steps, save, close) runs on this one thread:
    // PyTorch computations from several threads on the same tensors are not safe.
    this.trainerThread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "lcl-trainer");
      t.setDaemon(true);
      return t;
    });
    String base = state != null ? state.snapshot() : initialSnapshot();
    if (base != null) {
      java.nio.file.Path dir = store.resolve(base);
      this.trainer = onTrainerThread(() -> LclTrainer.load(dir));
      this.counters = Counters.read(dir);
      this.snapshotId = base;
      this.snapshotStep = trainer.step();
      LOG.info("Training resumes from snapshot {} at step {} ({} samples seen)", base, snapshotStep, counters.samples());
    } else {
      this.trainer = onTrainerThread(() -> LclTrainer.create(
          ModelFactory.modelConfig(config.train()), ModelFactory.tokenizer(config.train())));
      this.counters = Counters.EMPTY;
      LOG.info("Training starts a fresh {} model", config.train().preset());
    }
    if (state != null) {
      // Replay first, in the order they were trained, then what was still waiting.
      backlog.addAll(state.replay());
      backlog.addAll(state.pending());
      LOG.info("Restored {} samples to retrain on top of the snapshot and {} pending", state.replay().size(), state.pending().size());
    }
    this.stepsSubmitted = trainer.step();
    metrics.bind(this);
  }

  private <T> T onTrainerThread(java.util.concurrent.Callable<T> work) throws IOException {
    try {
      return trainerThread.submit(work).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("Interrupted while the trainer thread worked");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException("The trainer thread failed: " + e.getCause(), e.getCause());
    }
  }

  /** A batch handed to the trainer thread. */
  private record InFlight(List<LclSample> batch, Future<StepResult> result) {}

  private String initialSnapshot() {
    if (!config.train().initFromLatest()) {
      return null;
    }
    Optional<Manifest> latest = store.latest();
    latest.ifPresent(m -> LOG.info("No Flink state to restore: continuing from the store's latest snapshot {}", m.id()));
    return latest.map(Manifest::id).orElse(null);
  }

  private static TrainerState single(Collection<TrainerState> restored) {
    if (restored.size() > 1) {
      throw new IllegalStateException("The training sink restored " + restored.size()
          + " writer states but runs with parallelism 1; restore with the sink's parallelism unchanged.");
    }
    return restored.isEmpty() ? null : restored.iterator().next();
  }

  @Override
  public void write(LclSample sample, Context context) throws IOException, InterruptedException {
    metrics.received(sample);
    backlog.add(sample);
    while (backlog.size() >= config.train().batchSize() && !maxStepsReached()) {
      waitForTrainerCapacity();
      // A checkpoint taken while waiting may have trained nothing new but staged; re-check.
      if (backlog.size() >= config.train().batchSize()) {
        submitNextBatch();
      }
    }
    // Collect finished steps without waiting, so counters and metrics stay current.
    while (!inFlight.isEmpty() && inFlight.peek().result().isDone()) {
      awaitOldest();
    }
  }

  @Override
  public void flush(boolean endOfInput) throws IOException, InterruptedException {
    if (endOfInput) {
      this.endOfInput = true;
      while (!backlog.isEmpty() && !maxStepsReached()) {
        submitNextBatch();
      }
      awaitAll();
    }
  }

  /**
   * Past {@code train.max-steps} samples are neither trained nor dropped: they stay pending in the
   * sink's state, so a later run restored from this run's checkpoint or savepoint trains them.
   */
  private boolean maxStepsReached() {
    long maxSteps = config.train().maxSteps();
    return maxSteps > 0 && stepsSubmitted >= maxSteps;
  }

  /**
   * Waits until the trainer can take another batch, yielding to the task's mailbox meanwhile, so
   * a checkpoint barrier that arrives while the trainer is busy is handled at once rather than
   * after the step (the trainer thread posts a mail when a step ends, which wakes this loop).
   */
  private void waitForTrainerCapacity() throws IOException, InterruptedException {
    while (inFlight.size() >= MAX_IN_FLIGHT) {
      if (inFlight.peek().result().isDone()) {
        awaitOldest();
      } else {
        mailbox.yield();
      }
    }
  }

  private void submitNextBatch() throws IOException, InterruptedException {
    int n = Math.min(config.train().batchSize(), backlog.size());
    List<LclSample> batch = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      batch.add(backlog.poll());
    }
    while (inFlight.size() >= MAX_IN_FLIGHT) {
      awaitOldest();
    }
    List<TrainingExample> examples = new ArrayList<>(n);
    for (LclSample s : batch) {
      examples.add(new TrainingExample(s.id(), s.tokens(), s.soiPositions(), s.pixels(), s.imageCount()));
    }
    stepsSubmitted++;
    inFlight.add(new InFlight(batch, trainerThread.submit(() -> {
      try {
        StepResult r = trainer.step(examples);
        hooks.afterStepOnTrainerThread();
        return r;
      } finally {
        mailbox.execute(() -> {}, "lcl training step finished");
      }
    })));
  }

  private void awaitOldest() throws IOException, InterruptedException {
    InFlight oldest = inFlight.poll();
    StepResult result;
    try {
      result = oldest.result().get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new IOException("Training step " + (trainer.step() + 1) + " failed on samples "
          + oldest.batch().stream().map(LclSample::id).toList() + ": " + cause, cause);
    }
    lastStep = result;
    if (LOG.isDebugEnabled() || result.step() % 10 == 0 || result.step() <= 3 || !Double.isFinite(result.total())) {
      LOG.info("step {}: loss {} (contrastive {}, generation {}), {} samples, {} images, lr {}, grad norm {}, {} ms",
          result.step(), result.total(), result.contrastive(), result.generation(), oldest.batch().size(),
          result.images(), result.lr(), result.gradNorm(), result.elapsedNanos() / 1_000_000);
    }
    if (!Double.isFinite(result.total())) {
      LOG.warn("Step {} gave a non-finite loss on samples {}", result.step(),
          oldest.batch().stream().map(LclSample::id).toList());
    }
    counters = counters.plus(oldest.batch(), result);
    trainedSinceSnapshot.addAll(oldest.batch());
    for (LclSample s : oldest.batch()) {
      replayBytes += s.approximateBytes();
    }
    metrics.trained(oldest.batch(), result);
    hooks.afterStep(result.step(), store.latest().isPresent());
  }

  private void awaitAll() throws IOException, InterruptedException {
    while (!inFlight.isEmpty()) {
      awaitOldest();
    }
  }

  @Override
  public Collection<StagedSnapshot> prepareCommit() throws IOException, InterruptedException {
    awaitAll();
    checkpointsSinceSnapshot++;
    if (!snapshotDue()) {
      return List.of();
    }
    long step = trainer.step();
    io.lclstream.checkpoints.store.StagedSnapshot staged = store.stage(step);
    onTrainerThread(() -> {
      trainer.save(staged.dir());
      return null;
    });
    unsealed = staged;
    if (endOfInput) {
      // After the end of input Flink may not call snapshotState again: seal now.
      seal(null);
    }
    return List.of(new StagedSnapshot(staged.id(), step));
  }

  private boolean snapshotDue() {
    if (trainer.step() <= snapshotStep) {
      return false;
    }
    return endOfInput
        || checkpointsSinceSnapshot >= config.store().snapshotEveryCheckpoints()
        || System.nanoTime() - lastSnapshotNanos >= config.store().snapshotEvery().toNanos()
        || replayBytes >= MAX_REPLAY_BYTES;
  }

  @Override
  public List<TrainerState> snapshotState(long checkpointId) throws IOException {
    if (!inFlight.isEmpty()) {
      throw new IllegalStateException("Steps still in flight at checkpoint " + checkpointId
          + ": prepareCommit must run first, or the state would not match the model");
    }
    if (unsealed != null) {
      seal(checkpointId);
    }
    return List.of(new TrainerState(snapshotId, trainedSinceSnapshot, List.copyOf(backlog)));
  }

  private void seal(Long checkpointId) {
    ManifestDraft.Builder draft = ManifestDraft.builder()
        .setStep(unsealed.step())
        .setCounters(counters.samples(), counters.tokens(), counters.images())
        .setLoss(counters.lossTotal(), counters.lossContrastive(), counters.lossGeneration())
        .setSampleDigest(counters.digest())
        .optModelConfig(modelConfigJson())
        .optThroughput(new Throughput(metrics.samplesPerSecond(), metrics.tokensPerSecond(), metrics.imagesPerSecond()))
        .optCreatedAt(Instant.now());
    if (checkpointId != null) {
      draft.optFlinkCheckpointId(checkpointId);
    }
    unsealed.seal(draft.build());
    snapshotId = unsealed.id();
    snapshotStep = unsealed.step();
    metrics.staged(snapshotStep);
    unsealed = null;
    trainedSinceSnapshot.clear();
    replayBytes = 0;
    checkpointsSinceSnapshot = 0;
    lastSnapshotNanos = System.nanoTime();
  }

  private com.fasterxml.jackson.databind.JsonNode modelConfigJson() {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(trainer.config().toJson());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("The model config does not serialise to JSON", e);
    }
  }

  long step() {
    return trainer.step();
  }

  StepResult lastStep() {
    return lastStep;
  }

  int backlogSize() {
    return backlog.size() + config.train().batchSize() * inFlight.size();
  }

  @Override
  public void close() throws Exception {
    if (trainer != null) {
      onTrainerThread(() -> {
        trainer.close();
        return null;
      });
    }
    trainerThread.shutdownNow();
    trainerThread.awaitTermination(1, TimeUnit.MINUTES);
  }

  /** What the manifest counts: everything trained into the model so far, and the last losses. */
  record Counters(long samples, long tokens, long images, SampleDigest digest,
                  double lossTotal, double lossContrastive, double lossGeneration) {
    static final Counters EMPTY = new Counters(0, 0, 0, SampleDigest.empty(), Double.NaN, Double.NaN, Double.NaN);

    /** Reads the counters from the manifest of a sealed or published snapshot folder. */
    static Counters read(java.nio.file.Path dir) throws IOException {
      com.fasterxml.jackson.databind.JsonNode m = new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(dir.resolve(Manifest.FILE_NAME).toFile());
      com.fasterxml.jackson.databind.JsonNode loss = m.path("loss");
      return new Counters(m.path("samplesSeen").asLong(), m.path("tokensSeen").asLong(), m.path("imagesSeen").asLong(),
          SampleDigest.fromHex(m.path("sampleDigest").asText()),
          loss.path("total").asDouble(Double.NaN), loss.path("contrastive").asDouble(Double.NaN),
          loss.path("generation").asDouble(Double.NaN));
    }

    Counters plus(List<LclSample> batch, StepResult r) {
      SampleDigest d = digest.copy();
      for (LclSample s : batch) {
        d.add(s.id());
      }
      return new Counters(samples + batch.size(), tokens + r.tokens(), images + r.images(), d,
          r.total(), r.contrastive(), r.generation());
    }
  }
}
