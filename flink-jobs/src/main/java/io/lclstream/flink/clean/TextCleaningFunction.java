package io.lclstream.flink.clean;

import io.lclstream.flink.config.JobConfig;
import io.lclstream.flink.ingest.Page;
import io.lclstream.flink.ingest.PageSegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the per-page run of {@link TextCleaner} and {@link QualityFilter} inside the job and the stage's counters
 * (metric group {@code pipeline}: {@code pagesIn}, {@code pagesOut}, {@code filtered.<reason>}).
 */
public class TextCleaningFunction extends ProcessFunction<Page, Page> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(TextCleaningFunction.class);

  public static final String METRIC_GROUP = "pipeline";
  public static final String PAGES_IN = "pagesIn";
  public static final String PAGES_OUT = "pagesOut";
  public static final String FILTERED_PREFIX = "filtered.";

  private final JobConfig.Clean settings;

  private transient TextCleaner cleaner;
  private transient QualityFilter filter;
  private transient Counter pagesIn;
  private transient Counter pagesOut;
  private transient Map<String, Counter> filtered;

  public TextCleaningFunction(JobConfig.Clean settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  @Override
  public void open(OpenContext openContext) {
    cleaner = TextCleaner.withDefaults();
    filter = new QualityFilter(TextCleaningStage.thresholds(settings));
    MetricGroup group = getRuntimeContext().getMetricGroup().addGroup(METRIC_GROUP);
    pagesIn = group.counter(PAGES_IN);
    pagesOut = group.counter(PAGES_OUT);
    filtered = new HashMap<>();
    // Registered up front so that dashboards show every reason, at zero until it happens.
    for (String reason : CleanReasons.ALL) {
      filtered.put(reason, group.counter(FILTERED_PREFIX + reason));
    }
  }

  @Override
  public void processElement(Page page, Context ctx, Collector<Page> out) {
    pagesIn.inc();
    CleanResult result = filter.apply(cleaner.clean(page.texts()));
    if (result instanceof CleanResult.Kept kept) {
      for (CleanResult.RemovedParagraph removed : kept.removed()) {
        count(removed.reason());
      }
      out.collect(rebuild(page, kept));
      pagesOut.inc();
    } else if (result instanceof CleanResult.Dropped dropped) {
      count(dropped.reason());
      LOG.debug("Page {} ({}) dropped by the text filter: {} ({})", page.id(), page.url(), dropped.reason(),
          dropped.detail());
    }
  }

  private void count(String reason) {
    // A reason the rule adds later still gets its own counter instead of disappearing.
    filtered.computeIfAbsent(reason, r -> getRuntimeContext().getMetricGroup().addGroup(METRIC_GROUP)
        .counter(FILTERED_PREFIX + r)).inc();
  }

  /**
   * The page with its text segments replaced by the kept, cleaned paragraphs; image segments keep their place
   * among them (a kept paragraph's source index is its position among the page's text segments).
   */
  public static Page rebuild(Page page, CleanResult.Kept kept) {
    Map<Integer, String> keptByTextIndex = new HashMap<>();
    for (int i = 0; i < kept.paragraphs().size(); i++) {
      keptByTextIndex.put(kept.sourceIndices().get(i), kept.paragraphs().get(i));
    }
    List<PageSegment> segments = new ArrayList<>(page.segments().length);
    int textIndex = 0;
    for (PageSegment segment : page.segments()) {
      if (segment.image()) {
        segments.add(segment);
        continue;
      }
      String paragraph = keptByTextIndex.get(textIndex++);
      if (paragraph != null) {
        segments.add(segment.withText(paragraph));
      }
    }
    return page.withSegments(segments);
  }
}
