package io.lclstream.flink.image;

import io.lclstream.flink.config.JobConfig;
import io.lclstream.flink.ingest.Page;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Owns the wiring of the image stage into the job graph (asynchronous fetch, then decode, guard, filter and resize)
 * and the mapping of the job's image settings to the rules' configurations.
 */
public final class ImageStage {
  public static final String METRIC_GROUP = "pipeline";
  /** Counter prefix of removed images: {@code images.failed.<reason>}, reasons from {@link ImageReasons}. */
  public static final String FAILED_PREFIX = "images.failed.";
  public static final String FETCHED = "images.fetched";
  public static final String INLINE = "images.inline";
  public static final String DECODED = "images.decoded";

  public static final String UID_FETCH = "image-fetch";
  public static final String UID_DECODE = "image-decode";

  private ImageStage() {}

  /**
   * Adds the image operators. Every image of a page out is decoded to {@code imageSize}² RGB pixels; images that
   * cannot be fetched or do not pass are removed and counted; pages are never dropped here.
   */
  public static DataStream<Page> apply(DataStream<Page> pages, JobConfig config, int imageSize) {
    ImageFetcher.Config fetcher = fetcherConfig(config.images());
    return apply(pages, config.images(), imageSize, asyncTimeout(fetcher));
  }

  /** As {@link #apply(DataStream, JobConfig, int)} with the async operator's timeout given (tests shorten it). */
  static DataStream<Page> apply(DataStream<Page> pages, JobConfig.Images images, int imageSize, Duration asyncTimeout) {
    // Validate the size where the graph is built, not when the first task opens.
    new ImageResizer(imageSize);
    DataStream<Page> fetched = AsyncDataStream
        .unorderedWait(pages, new ImageFetchFunction(images), asyncTimeout.toMillis(), TimeUnit.MILLISECONDS,
            images.fetchConcurrency())
        .name("fetch images").uid(UID_FETCH);
    return fetched
        .process(new ImageDecodingFunction(images, imageSize))
        .name("decode and resize images").uid(UID_DECODE);
  }

  /**
   * The fetcher's settings: request and connect timeout, retries, byte cap, concurrency and file roots from the
   * job; {@code image.fetch.allow-private} opens private, loopback and link-local addresses together, as its
   * documentation says; backoff, redirects and User-Agent keep {@link ImageFetcher.Config#defaults()}.
   */
  public static ImageFetcher.Config fetcherConfig(JobConfig.Images images) {
    ImageFetcher.Config defaults = ImageFetcher.Config.defaults();
    boolean open = images.allowPrivate();
    List<Path> roots = images.fileRoots().stream().map(Path::of).toList();
    return new ImageFetcher.Config(images.fetchTimeout(), images.fetchTimeout(), images.fetchRetries(),
        defaults.retryBackoff(), images.maxBytes(), images.fetchConcurrency(), defaults.maxRedirects(),
        new AddressPolicy(open, open, open), roots, defaults.userAgent());
  }

  /**
   * How long the async operator waits for one page: every attempt may take the whole request timeout and the
   * backoff doubles between attempts; one more request timeout of slack covers a redirect hop or a wait for a free
   * fetch slot. When even that passes, the page goes on without its unfetched images (see
   * {@link ImageFetchFunction#timeout}).
   */
  public static Duration asyncTimeout(ImageFetcher.Config fetcher) {
    Duration backoff = Duration.ZERO;
    for (int attempt = 0; attempt < fetcher.maxRetries(); attempt++) {
      backoff = backoff.plus(fetcher.retryBackoff().multipliedBy(1L << Math.min(attempt, 16)));
    }
    return fetcher.requestTimeout().multipliedBy(fetcher.maxRetries() + 2L).plus(backoff);
  }

  /** The stage's counters; thread-safe because fetch results are counted on the fetcher's threads. */
  static final class Counters {
    private final MetricGroup group;
    private final Map<String, Counter> failed = new ConcurrentHashMap<>();

    Counters(MetricGroup parent) {
      this.group = parent.addGroup(METRIC_GROUP);
      // Registered up front so that dashboards show every reason, at zero until it happens.
      for (String reason : ImageReasons.ALL) {
        failed(reason);
      }
    }

    Counter counter(String name) {
      return group.counter(name, new ThreadSafeSimpleCounter());
    }

    /** The counter of one failure reason; {@code fetch.http_<status>} ones are created on first use. */
    Counter failed(String reason) {
      return failed.computeIfAbsent(reason, r -> {
        synchronized (group) {
          return group.counter(FAILED_PREFIX + r, new ThreadSafeSimpleCounter());
        }
      });
    }
  }
}
