package io.lclstream.flink.job;

import io.lclstream.connectors.doc.DocumentJson;
import io.lclstream.flink.clean.TextCleaningStage;
import io.lclstream.flink.config.JobConfig;
import io.lclstream.flink.dedup.DeduplicationStage;
import io.lclstream.flink.dedup.ImageFrequencyStage;
import io.lclstream.flink.image.ImageStage;
import io.lclstream.flink.ingest.Page;
import io.lclstream.flink.ingest.PageRecord;
import io.lclstream.flink.ingest.PageRecordDeserializer;
import io.lclstream.flink.ingest.ParsePagesFunction;
import io.lclstream.flink.ingest.RejectedPageSerializer;
import io.lclstream.flink.pack.LclSample;
import io.lclstream.flink.pack.ModelFactory;
import io.lclstream.flink.pack.PackSamplesFunction;
import io.lclstream.flink.train.TrainerHooks;
import io.lclstream.flink.train.LclTrainingSink;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The job graph, and only that: Kafka {@code pages} → parse → clean → dedup → images → image
 * dedup → pack → LCL training sink, with rejected pages to {@code pages.rejected}. Every operator
 * has a stable uid, so savepoints survive code changes.
 */
public final class LclJob {
  public static final String NAME = "lcl-stream";

  private LclJob() {}

  public static void build(StreamExecutionEnvironment env, JobConfig config) {
    build(env, config, TrainerHooks.NONE);
  }

  /** As {@link #build(StreamExecutionEnvironment, JobConfig)}, with test-only trainer hooks. */
  public static void build(StreamExecutionEnvironment env, JobConfig config, TrainerHooks hooks) {
    env.setParallelism(config.parallelism());
    int imageSize = ModelFactory.modelConfig(config.train()).vision().imageSize();

    DataStream<PageRecord> records = env
        .fromSource(pagesSource(config.kafka()), WatermarkStrategy.noWatermarks(), "kafka:" + config.kafka().topic())
        .uid("kafka-pages");

    SingleOutputStreamOperator<Page> pages = records
        .process(new ParsePagesFunction(DocumentJson.DEFAULT_MAX_BYTES))
        .name("parse-and-validate").uid("parse-and-validate");
    pages.getSideOutput(ParsePagesFunction.REJECTED)
        .sinkTo(rejectedSink(config.kafka()))
        .name("kafka:" + config.kafka().rejectedTopic()).uid("rejected-pages");

    DataStream<Page> cleaned = TextCleaningStage.apply(pages, config);
    DataStream<Page> unique = DeduplicationStage.apply(cleaned, config);
    DataStream<Page> withPixels = ImageStage.apply(unique, config, imageSize);
    DataStream<Page> withoutFurniture = ImageFrequencyStage.apply(withPixels, config);

    DataStream<LclSample> samples = withoutFurniture
        .process(new PackSamplesFunction(config.train()))
        .name("pack").uid("pack");

    // One training subtask per JVM: DJL allows one gradient collector per process.
    samples.sinkTo(new LclTrainingSink(config, hooks))
        .name("lcl-training").uid("lcl-training")
        .setParallelism(1);
  }

  static KafkaSource<PageRecord> pagesSource(JobConfig.Kafka kafka) {
    var builder = KafkaSource.<PageRecord>builder()
        .setBootstrapServers(kafka.bootstrap())
        .setTopics(kafka.topic())
        .setGroupId(kafka.groupId())
        .setDeserializer(new PageRecordDeserializer())
        .setStartingOffsets(startingOffsets(kafka))
        .setProperty("commit.offsets.on.checkpoint", "true")
        // Read ahead a few MiB, not the client's default 50 MiB: under backpressure (a slow
        // trainer) that is heap that holds pages nobody will look at for a long time.
        .setProperty("fetch.max.bytes", String.valueOf(8 << 20))
        .setProperty("max.partition.fetch.bytes", String.valueOf(4 << 20))
;
    if (kafka.bounded()) {
      builder.setBounded(OffsetsInitializer.latest());
    } else {
      // New partitions of `pages` are picked up within a minute (a bounded run reads a fixed set).
      builder.setProperty("partition.discovery.interval.ms", "60000");
    }
    return builder.build();
  }

  static OffsetsInitializer startingOffsets(JobConfig.Kafka kafka) {
    return switch (kafka.start()) {
      case committed -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
      case earliest -> OffsetsInitializer.earliest();
      case latest -> OffsetsInitializer.latest();
      case timestamp -> OffsetsInitializer.timestamp(kafka.startTimestamp());
    };
  }

  static KafkaSink<io.lclstream.flink.ingest.RejectedPage> rejectedSink(JobConfig.Kafka kafka) {
    // At-least-once: after a restart a rejected page may be reported twice, never lost.
    return KafkaSink.<io.lclstream.flink.ingest.RejectedPage>builder()
        .setBootstrapServers(kafka.bootstrap())
        .setRecordSerializer(new RejectedPageSerializer(kafka.rejectedTopic()))
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setProperty("max.request.size", String.valueOf(DocumentJson.DEFAULT_MAX_BYTES + (1 << 20)))
        .build();
  }
}
