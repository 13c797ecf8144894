package io.lclstream.flink.image;

import io.lclstream.flink.config.JobConfig;
import io.lclstream.flink.ingest.Page;
import io.lclstream.flink.ingest.PageSegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns fetching a page's image references through {@link ImageFetcher} without blocking the task thread: every
 * image segment with a {@code url} and no {@code data} gets its bytes, or is removed and counted under
 * {@code images.failed.<reason>}. A page is never failed or dropped: when the async operator's timeout fires first,
 * the page goes on with the images fetched so far.
 */
public class ImageFetchFunction extends RichAsyncFunction<Page, Page> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ImageFetchFunction.class);

  private final JobConfig.Images settings;

  private transient ImageFetcher fetcher;
  private transient ImageStage.Counters counters;
  private transient Counter fetched;
  private transient Counter inline;
  /** Pages being fetched, by identity: the async operator hands {@link #timeout} the same instance. */
  private transient Map<Page, InFlight> inFlight;

  public ImageFetchFunction(JobConfig.Images settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  @Override
  public void open(OpenContext openContext) {
    fetcher = new ImageFetcher(ImageStage.fetcherConfig(settings));
    counters = new ImageStage.Counters(getRuntimeContext().getMetricGroup());
    fetched = counters.counter(ImageStage.FETCHED);
    inline = counters.counter(ImageStage.INLINE);
    inFlight = Collections.synchronizedMap(new IdentityHashMap<>());
  }

  @Override
  public void close() {
    if (fetcher != null) {
      fetcher.close();
    }
  }

  @Override
  public void asyncInvoke(Page page, ResultFuture<Page> result) {
    PageSegment[] segments = page.segments();
    List<Integer> references = new ArrayList<>();
    for (int i = 0; i < segments.length; i++) {
      PageSegment s = segments[i];
      if (!s.image()) {
        continue;
      }
      if (s.data() != null) {
        if (!s.decoded()) {
          inline.inc();
        }
      } else if (needsFetch(s)) {
        references.add(i);
      }
    }
    if (references.isEmpty()) {
      result.complete(List.of(page));
      return;
    }
    InFlight fetch = new InFlight(page, references.size());
    inFlight.put(page, fetch);
    for (int index : references) {
      String url = segments[index].url();
      fetcher.fetch(url)
          // ImageFetcher promises never to fail its future; if it does anyway, one image is lost, not the job.
          .exceptionally(e -> new FetchResult.Failed(ImageReasons.FETCH_IO, url + ": unexpected " + e))
          .thenAccept(r -> {
            if (fetch.arrived(index, r)) {
              finish(fetch, result);
            }
          });
    }
  }

  /** The operator's timeout fired before every image came back: the page goes on with what has arrived. */
  @Override
  public void timeout(Page page, ResultFuture<Page> result) {
    InFlight fetch = inFlight.get(page);
    if (fetch == null) {
      // The last image raced the timer and the page was completed already; the operator ignores a second
      // completion, but a page must never be left without one.
      result.complete(List.of(page.withSegments(withoutReferences(page))));
      return;
    }
    LOG.debug("Image fetches of page {} ({}) outlived the async timeout; continuing without {} of them",
        page.id(), page.url(), fetch.remaining.get());
    finish(fetch, result);
  }

  private void finish(InFlight fetch, ResultFuture<Page> result) {
    if (!fetch.completed.compareAndSet(false, true)) {
      return;
    }
    inFlight.remove(fetch.page);
    try {
      result.complete(List.of(assemble(fetch)));
    } catch (RuntimeException e) {
      // Not a bad image (those are outcomes) but a bug here: surface it with the page, on the task thread.
      result.completeExceptionally(new IllegalStateException("Assembling page " + fetch.page.id() + " ("
          + fetch.page.url() + ") after its image fetches failed", e));
    }
  }

  /** The page with each fetched reference replaced by its bytes and every other reference removed and counted. */
  private Page assemble(InFlight fetch) {
    PageSegment[] segments = fetch.page.segments();
    List<PageSegment> kept = new ArrayList<>(segments.length);
    for (int i = 0; i < segments.length; i++) {
      PageSegment s = segments[i];
      if (!fetch.wanted[i]) {
        kept.add(s);
        continue;
      }
      FetchResult r = fetch.results.get(i);
      if (r instanceof FetchResult.Fetched f) {
        fetched.inc();
        kept.add(PageSegment.imageBytes(f.bytes(), f.mime(), s.url(), s.alt(), s.matchedSim()));
      } else if (r instanceof FetchResult.Failed failed) {
        counters.failed(failed.reason()).inc();
        LOG.debug("Image removed from page {}: {} ({})", fetch.page.id(), failed.reason(), failed.detail());
      } else {
        counters.failed(ImageReasons.FETCH_TIMEOUT).inc();
      }
    }
    return fetch.page.withSegments(kept);
  }

  private static List<PageSegment> withoutReferences(Page page) {
    List<PageSegment> kept = new ArrayList<>();
    for (PageSegment s : page.segments()) {
      if (!needsFetch(s)) {
        kept.add(s);
      }
    }
    return kept;
  }

  /** An image given by a reference only: the ones this function fetches. */
  static boolean needsFetch(PageSegment s) {
    return s.image() && s.data() == null && s.url() != null && !s.url().isBlank();
  }

  /** The fetches of one page: a result slot per segment, how many are outstanding, and whether it was emitted. */
  private static final class InFlight {
    final Page page;
    final boolean[] wanted;
    final AtomicReferenceArray<FetchResult> results;
    final AtomicInteger remaining;
    final AtomicBoolean completed = new AtomicBoolean();

    InFlight(Page page, int count) {
      this.page = page;
      PageSegment[] segments = page.segments();
      this.wanted = new boolean[segments.length];
      for (int i = 0; i < segments.length; i++) {
        PageSegment s = segments[i];
        wanted[i] = needsFetch(s);
      }
      this.results = new AtomicReferenceArray<>(segments.length);
      this.remaining = new AtomicInteger(count);
    }

    /** Records one result; true when it was the last one. */
    boolean arrived(int index, FetchResult result) {
      results.set(index, result);
      return remaining.decrementAndGet() == 0;
    }
  }
}
