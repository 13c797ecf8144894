package io.lclstream.flink.train;

import io.lclstream.flink.config.JobConfig;
import io.lclstream.flink.pack.LclSample;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The training sink: a {@link TrainingWriter} that trains LCL steps on incoming samples and stages
 * a snapshot at (every k-th) Flink checkpoint, and a {@link SnapshotPublisher} that publishes it
 * once the checkpoint completes. Run it with parallelism 1 per TaskManager JVM: DJL allows one
 * gradient collector per process.
 */
public final class LclTrainingSink
    implements Sink<LclSample>,
        SupportsWriterState<LclSample, TrainerState>,
        SupportsCommitter<StagedSnapshot> {

  private static final long serialVersionUID = 1L;

  private final JobConfig config;
  private final TrainerHooks hooks;

  public LclTrainingSink(JobConfig config) {
    this(config, TrainerHooks.NONE);
  }

  /** For tests: a sink whose writer fails once at a given step, to exercise recovery. */
  public LclTrainingSink(JobConfig config, TrainerHooks hooks) {
    this.config = config;
    this.hooks = hooks;
  }

  @Override
  public TrainingWriter createWriter(WriterInitContext context) throws IOException {
    return new TrainingWriter(config, context, List.of(), hooks);
  }

  @Override
  public StatefulSinkWriter<LclSample, TrainerState> restoreWriter(
      WriterInitContext context, Collection<TrainerState> recoveredState) throws IOException {
    return new TrainingWriter(config, context, recoveredState, hooks);
  }

  @Override
  public SimpleVersionedSerializer<TrainerState> getWriterStateSerializer() {
    return new TrainerStateSerializer();
  }

  @Override
  public Committer<StagedSnapshot> createCommitter(CommitterInitContext context) {
    return new SnapshotPublisher(config);
  }

  @Override
  public SimpleVersionedSerializer<StagedSnapshot> getCommittableSerializer() {
    return new StagedSnapshotSerializer();
  }
}
