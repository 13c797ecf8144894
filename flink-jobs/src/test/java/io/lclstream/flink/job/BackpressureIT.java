package io.lclstream.flink.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.lclstream.connectors.doc.Document;
import io.lclstream.connectors.doc.ImageSegment;
import io.lclstream.connectors.doc.TextSegment;
import io.lclstream.flink.clean.TextCleaningIT;
import io.lclstream.flink.config.JobConfig;
import io.lclstream.flink.testing.PipelineHarness;
import io.lclstream.flink.testing.TestPages;
import io.lclstream.flink.train.TrainerHooks;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deliberately slow trainer behind a topic full of large pages: the job reads only what it can
 * train (backpressure reaches the Kafka source) and its heap does not grow with the backlog.
 */
class BackpressureIT {
  private static final int PAGES = 400;
  private static final String JOB = "backpressure-it";

  /** A 256×256 PNG of noise: incompressible, so each page carries ~200 KB. */
  private static byte[] noisyPng(long seed) throws Exception {
    SplittableRandom rnd = new SplittableRandom(seed);
    BufferedImage img = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 256; y++) {
      for (int x = 0; x < 256; x++) {
        img.setRGB(x, y, rnd.nextInt(1 << 24));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  @Test
  void slowTrainerBackpressuresTheSourceAndKeepsTheHeapBounded(@TempDir Path dir) throws Exception {
    PipelineHarness harness = new PipelineHarness("backpressure");
    List<Document> docs = new ArrayList<>();
    long pushedBytes = 0;
    for (int i = 0; i < PAGES; i++) {
      byte[] png = noisyPng(i);
      pushedBytes += png.length;
      docs.add(TestPages.page("bp-" + i, List.of(
          new TextSegment(TestPages.prose(5000 + i, 20)),
          ImageSegment.inline(null, png, "image/png", "noise"),
          new TextSegment(TestPages.prose(9000 + i, 20)))));
    }
    harness.send(docs, List.of());

    JobConfig config = harness.config(dir.resolve("store"), Map.of(
        "kafka.bounded", "false", "train.batch-size", "2", "flink.checkpoint-interval", "1 s"));
    Configuration conf = FlinkSettings.forJob(config);
    conf.setString("restart-strategy.type", "none");
    conf.setString("metrics.reporter.pipeline-counters.factory.class", TextCleaningIT.PipelineCounters.class.getName());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
    LclJob.build(env, config, TrainerHooks.slowSteps(1000));

    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    JobClient job = env.executeAsync(JOB);
    try {
      // Once the job runs (cluster, model and buffers allocated), the retained heap must stay
      // flat while pages keep waiting in Kafka: sample it after a full GC every 4 s.
      Thread.sleep(10_000);
      System.gc();
      long heapRunning = memory.getHeapMemoryUsage().getUsed();
      long peakAfterGc = heapRunning;
      for (int i = 0; i < 5; i++) {
        Thread.sleep(4_000);
        System.gc();
        peakAfterGc = Math.max(peakAfterGc, memory.getHeapMemoryUsage().getUsed());
      }
      long consumed = TextCleaningIT.PipelineCounters.count(JOB, "pagesRead");
      long packed = TextCleaningIT.PipelineCounters.count(JOB, "samplesPacked");
      // The trainer takes ~2 samples/s; what the source read beyond that waits in bounded places
      // (network buffers, the async image operator's queue, dedup joins): never the whole topic.
      assertThat(consumed).as("pages the source consumed while the trainer was slow").isLessThan(PAGES * 3 / 4);
      assertThat(consumed - packed).as("pages read but not yet packed for training").isLessThan(200);
      long growth = peakAfterGc - heapRunning;
      System.out.printf("backpressure: pushed %d pages (%d bytes), consumed %d, packed %d; retained heap %d -> peak %d bytes%n",
          PAGES, pushedBytes, consumed, packed, heapRunning, peakAfterGc);
      assertThat(growth).as("retained heap growth (bytes) while %d bytes of pages waited in Kafka", pushedBytes)
          .isLessThan(pushedBytes / 4);
    } finally {
      job.cancel().get();
    }
  }
}
