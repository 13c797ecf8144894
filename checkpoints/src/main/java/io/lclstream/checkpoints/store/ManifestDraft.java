package io.lclstream.checkpoints.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the writer of a snapshot knows about it when sealing: counters, losses, config and the
 * sample digest; the store adds the id, the parent and the files with their hashes.
 *
 * @param flinkCheckpointId the Flink checkpoint that staged it, or {@code null} outside Flink
 * @param throughput measured throughput, or {@code null} when not measured
 */
public record ManifestDraft(
    long step,
    long samplesSeen,
    long tokensSeen,
    long imagesSeen,
    Loss loss,
    Long flinkCheckpointId,
    JsonNode modelConfig,
    String sampleDigest,
    Throughput throughput,
    Instant createdAt) {

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a draft; {@link #build()} checks every field at once and names all that are wrong. */
  public static final class Builder {
    private Long step;
    private long samplesSeen;
    private long tokensSeen;
    private long imagesSeen;
    private Loss loss;
    private Long flinkCheckpointId;
    private JsonNode modelConfig = JsonNodeFactory.instance.objectNode();
    private String sampleDigest = SampleDigest.empty().hex();
    private Throughput throughput;
    private Instant createdAt;

    private Builder() {}

    public Builder setStep(long step) {
      this.step = step;
      return this;
    }

    public Builder setCounters(long samplesSeen, long tokensSeen, long imagesSeen) {
      this.samplesSeen = samplesSeen;
      this.tokensSeen = tokensSeen;
      this.imagesSeen = imagesSeen;
      return this;
    }

    public Builder setLoss(Loss loss) {
      this.loss = loss;
      return this;
    }

    public Builder setLoss(double total, double contrastive, double generation) {
      return setLoss(new Loss(total, contrastive, generation));
    }

    public Builder setSampleDigest(String hex) {
      this.sampleDigest = hex;
      return this;
    }

    public Builder setSampleDigest(SampleDigest digest) {
      return setSampleDigest(digest.hex());
    }

    public Builder optModelConfig(JsonNode modelConfig) {
      this.modelConfig = modelConfig;
      return this;
    }

    public Builder optFlinkCheckpointId(long flinkCheckpointId) {
      this.flinkCheckpointId = flinkCheckpointId;
      return this;
    }

    public Builder optThroughput(Throughput throughput) {
      this.throughput = throughput;
      return this;
    }

    /** Defaults to the time of {@link #build()}. */
    public Builder optCreatedAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    public ManifestDraft build() {
      List<String> problems = new ArrayList<>();
      if (step == null) {
        problems.add("step is missing: call setStep(step) with the optimizer step of the snapshot");
      } else if (step < 0) {
        problems.add("step=" + step + " must be >= 0");
      }
      if (samplesSeen < 0 || tokensSeen < 0 || imagesSeen < 0) {
        problems.add("counters must be >= 0 (samplesSeen=" + samplesSeen + ", tokensSeen="
            + tokensSeen + ", imagesSeen=" + imagesSeen + ")");
      }
      if (loss == null) {
        problems.add("loss is missing: call setLoss(total, contrastive, generation)");
      }
      if (modelConfig == null) {
        problems.add("modelConfig must not be null: pass the model's config as a JSON object");
      }
      try {
        SampleDigest.fromHex(sampleDigest);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("Invalid snapshot manifest draft: " + String.join("; ", problems));
      }
      return new ManifestDraft(
          step, samplesSeen, tokensSeen, imagesSeen, loss, flinkCheckpointId, modelConfig,
          sampleDigest.toLowerCase(java.util.Locale.ROOT), throughput,
          createdAt == null ? Instant.now() : createdAt);
    }
  }
}
