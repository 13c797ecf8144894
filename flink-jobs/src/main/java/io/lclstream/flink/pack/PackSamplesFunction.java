package io.lclstream.flink.pack;

import io.lclstream.flink.config.JobConfig;
import io.lclstream.flink.ingest.Page;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Packs pages into samples with {@link SamplePacker}; pages it cannot use are counted by reason. */
public final class PackSamplesFunction extends ProcessFunction<Page, LclSample> {
  private final JobConfig.Train train;
  private transient SamplePacker packer;
  private transient MetricGroup filtered;
  private transient Map<String, Counter> filteredByReason;
  private transient Counter samplesOut;

  public PackSamplesFunction(JobConfig.Train train) {
    this.train = train;
  }

  @Override
  public void open(OpenContext openContext) {
    packer = new SamplePacker(ModelFactory.tokenizer(train), ModelFactory.modelConfig(train));
    MetricGroup pipeline = getRuntimeContext().getMetricGroup().addGroup("pipeline");
    filtered = pipeline.addGroup("filtered");
    filteredByReason = new HashMap<>();
    samplesOut = pipeline.counter("samplesPacked");
  }

  @Override
  public void processElement(Page page, Context ctx, Collector<LclSample> out) {
    SamplePacker.Outcome outcome = packer.pack(page);
    if (outcome instanceof SamplePacker.Packed p) {
      samplesOut.inc();
      out.collect(p.sample());
    } else if (outcome instanceof SamplePacker.Filtered f) {
      filteredByReason.computeIfAbsent(f.reason(), filtered::counter).inc();
    }
  }
}
