package io.lclstream.flink.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.lclstream.flink.clean.TextCleaningIT;
import io.lclstream.flink.clean.TextCleaningIT.PipelineCounters;
import io.lclstream.flink.config.JobConfig;
import io.lclstream.flink.config.JobOptions;
import io.lclstream.flink.ingest.Page;
import io.lclstream.flink.ingest.PageSegment;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image stage on a real MiniCluster (RocksDB state backend, generic types disabled) against a real HTTP
 * server on loopback.
 */
class ImageStageIT {
  static final int SIZE = 32;

  @TempDir Path dir;
  private HttpServer server;
  private ExecutorService serverThreads;
  private final CountDownLatch releaseSlow = new CountDownLatch(1);
  private String base;

  @BeforeEach
  void startServer() throws IOException {
    byte[] good = TestImages.encode(TestImages.halves(300, 240), "png");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/good.png", exchange -> respond(exchange, 200, good));
    server.createContext("/missing.png", exchange -> respond(exchange, 404, "not here".getBytes()));
    server.createContext("/slow.png", exchange -> {
      try {
        releaseSlow.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      respond(exchange, 200, good);
    });
    serverThreads = Executors.newFixedThreadPool(4);
    server.setExecutor(serverThreads);
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stopServer() {
    releaseSlow.countDown();
    server.stop(0);
    serverThreads.shutdownNow();
  }

  private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", status == 200 ? "image/png" : "text/plain");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  static StreamExecutionEnvironment env(Path dir) {
    return TextCleaningIT.miniCluster(dir, 1);
  }

  JobConfig config(Path fileRoot, Duration fetchTimeout) {
    Configuration conf = new Configuration();
    conf.set(JobOptions.KAFKA_BOOTSTRAP, "localhost:9");
    conf.set(JobOptions.STORE_DIR, dir.resolve("store").toString());
    conf.set(JobOptions.IMAGE_FETCH_ALLOW_PRIVATE, true); // the test server is on loopback
    conf.set(JobOptions.IMAGE_FETCH_RETRIES, 0);
    conf.set(JobOptions.IMAGE_FETCH_TIMEOUT, fetchTimeout);
    conf.set(JobOptions.IMAGE_FILE_ROOTS, List.of(fileRoot.toString()));
    return JobConfig.from(conf);
  }

  static List<Page> run(DataStream<Page> out, String jobName) throws Exception {
    List<Page> pages = new ArrayList<>(TextCleaningIT.collect(out, jobName));
    pages.sort(Comparator.comparing(Page::id));
    return pages;
  }

  static Page page(String id, PageSegment... segments) {
    return new Page(id, "https://example.org/" + id, "json", 0L, "en", 0L, segments);
  }

  static PageSegment ref(String url) {
    return PageSegment.imageRef(url, null, Double.NaN);
  }

  static PageSegment inline(byte[] bytes) {
    return PageSegment.imageBytes(bytes, "image/png", null, null, Double.NaN);
  }

  /** 0xRRGGBB of pixel (x, y) of decoded HWC pixels. */
  static int pixel(PageSegment s, int x, int y) {
    int p = (y * s.width() + x) * 3;
    byte[] rgb = s.data();
    return (rgb[p] & 0xFF) << 16 | (rgb[p + 1] & 0xFF) << 8 | (rgb[p + 2] & 0xFF);
  }

  @Test
  void keepsOnlyTheGoodImageOfA404ATooSmallImageABombAndAGoodOne() throws Exception {
    Path root = Files.createDirectories(dir.resolve("images"));
    Path outside = Files.createDirectories(dir.resolve("elsewhere"));
    byte[] square = TestImages.encode(TestImages.halves(200, 200), "png");
    Files.write(root.resolve("square.png"), square);
    Files.write(outside.resolve("square.png"), square);
    Page mixed = page("mixed",
        PageSegment.text("before"),
        ref(base + "/missing.png"),
        inline(TestImages.encode(TestImages.halves(40, 40), "png")),
        inline(TestImages.bombPng(100_000, 100_000)),
        ref(base + "/good.png"),
        PageSegment.text("after"));
    Page files = page("files",
        ref(root.resolve("square.png").toUri().toString()),
        ref(outside.resolve("square.png").toUri().toString()));
    Page textOnly = page("text-only", PageSegment.text("no images"));
    Page allBad = page("all-bad", PageSegment.text("lost its image"), ref(base + "/missing.png"));
    StreamExecutionEnvironment env = env(dir);

    String job = "images-" + System.nanoTime();

    List<Page> out = run(ImageStage.apply(env.fromData(mixed, files, textOnly, allBad),
        config(root, Duration.ofSeconds(10)), SIZE), job);

    assertThat(out).extracting(Page::id).containsExactly("all-bad", "files", "mixed", "text-only");
    Page allBadOut = out.get(0);
    assertThat(allBadOut.segments()).extracting(PageSegment::text).containsExactly("lost its image");

    Page filesOut = out.get(1);
    assertThat(filesOut.segments()).singleElement().satisfies(s -> {
      assertThat(s.url()).isEqualTo(root.resolve("square.png").toUri().toString());
      assertThat(s.decoded()).isTrue();
    });

    Page mixedOut = out.get(2);
    assertThat(mixedOut.segments()).hasSize(3);
    assertThat(mixedOut.segments()[0].text()).isEqualTo("before");
    assertThat(mixedOut.segments()[2].text()).isEqualTo("after");
    PageSegment image = mixedOut.segments()[1];
    assertThat(image.url()).isEqualTo(base + "/good.png");
    assertThat(image.mime()).isEqualTo(PageSegment.RGB);
    assertThat(image.width()).isEqualTo(SIZE);
    assertThat(image.height()).isEqualTo(SIZE);
    assertThat(image.data()).hasSize(SIZE * SIZE * 3);
    // 300×240 scaled to 40×32 and centre-cropped to 32×32: red left of column ~16, blue right of it.
    assertThat(pixel(image, 2, 16)).isEqualTo(TestImages.RED);
    assertThat(pixel(image, 29, 16)).isEqualTo(TestImages.BLUE);

    assertThat(out.get(3).segments()).extracting(PageSegment::text).containsExactly("no images");

    assertThat(PipelineCounters.count(job, ImageStage.FETCHED)).isEqualTo(2);
    assertThat(PipelineCounters.count(job, ImageStage.INLINE)).isEqualTo(2);
    assertThat(PipelineCounters.count(job, ImageStage.DECODED)).isEqualTo(2);
    assertThat(PipelineCounters.count(job, ImageStage.FAILED_PREFIX + ImageReasons.http(404))).isEqualTo(2);
    assertThat(PipelineCounters.count(job, ImageStage.FAILED_PREFIX + ImageReasons.FETCH_FILE_REFUSED)).isEqualTo(1);
    assertThat(PipelineCounters.count(job, ImageStage.FAILED_PREFIX + ImageReasons.TOO_SMALL)).isEqualTo(1);
    assertThat(PipelineCounters.count(job, ImageStage.FAILED_PREFIX + ImageReasons.BOMB)).isEqualTo(1);
  }

  @Test
  void aPageWhoseFetchOutlivesTheAsyncTimeoutGoesOnWithoutThatImage() throws Exception {
    Path root = Files.createDirectories(dir.resolve("images"));
    // The good image is inline so that the outcome cannot depend on how fast a loaded machine fetches it.
    Page page = page("slow", PageSegment.text("waiting"), ref(base + "/slow.png"),
        inline(TestImages.encode(TestImages.halves(300, 240), "png")));
    JobConfig config = config(root, Duration.ofMinutes(5));
    StreamExecutionEnvironment env = env(dir);

    // The request timeout is minutes; the operator gives up after 3 s and must not fail the job.
    String job = "images-timeout-" + System.nanoTime();
    List<Page> out =
        run(ImageStage.apply(env.fromData(page), config.images(), SIZE, Duration.ofSeconds(3)), job);

    assertThat(out).singleElement().satisfies(p -> {
      assertThat(p.segments()).hasSize(2);
      assertThat(p.segments()[0].text()).isEqualTo("waiting");
      assertThat(p.segments()[1].decoded()).isTrue();
      assertThat(pixel(p.segments()[1], 2, 16)).isEqualTo(TestImages.RED);
    });
    assertThat(PipelineCounters.count(job, ImageStage.FAILED_PREFIX + ImageReasons.FETCH_TIMEOUT)).isEqualTo(1);
    assertThat(PipelineCounters.count(job, ImageStage.FETCHED)).isZero();
    assertThat(PipelineCounters.count(job, ImageStage.INLINE)).isEqualTo(1);
  }

  @Test
  void theAsyncTimeoutCoversEveryRetryOfARequest() {
    ImageFetcher.Config fetcher = ImageStage.fetcherConfig(config(dir, Duration.ofSeconds(10)).images())
        .withRetries(2, Duration.ofMillis(200));
    // 3 attempts × 10 s + 200 ms + 400 ms of backoff, plus one more request timeout of slack.
    assertThat(ImageStage.asyncTimeout(fetcher)).isEqualTo(Duration.ofMillis(40_600));
    assertThat(ImageStage.asyncTimeout(fetcher))
        .isGreaterThan(fetcher.requestTimeout().multipliedBy(fetcher.maxRetries() + 1));
  }
}
