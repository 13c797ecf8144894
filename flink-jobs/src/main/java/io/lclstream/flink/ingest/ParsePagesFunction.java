package io.lclstream.flink.ingest;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses and validates each record: valid pages go on, invalid ones to the {@link #REJECTED} side
 * output (and from there to {@code pages.rejected}), counted by reason.
 */
public final class ParsePagesFunction extends ProcessFunction<PageRecord, Page> {
  public static final OutputTag<RejectedPage> REJECTED = new OutputTag<>("rejected") {};

  private final int maxDocumentBytes;
  private transient PageParser parser;
  private transient MetricGroup rejectedGroup;
  private transient Map<String, Counter> rejectedByReason;
  private transient Counter pagesIn;
  private transient Counter pagesParsed;

  public ParsePagesFunction(int maxDocumentBytes) {
    this.maxDocumentBytes = maxDocumentBytes;
  }

  @Override
  public void open(OpenContext openContext) {
    parser = new PageParser(maxDocumentBytes);
    MetricGroup pipeline = getRuntimeContext().getMetricGroup().addGroup("pipeline");
    pagesIn = pipeline.counter("pagesRead");
    pagesParsed = pipeline.counter("pagesParsed");
    rejectedGroup = pipeline.addGroup("rejected");
    rejectedByReason = new HashMap<>();
  }

  @Override
  public void processElement(PageRecord record, Context ctx, Collector<Page> out) {
    pagesIn.inc();
    PageParser.Outcome outcome = parser.parse(record);
    if (outcome instanceof PageParser.Parsed p) {
      pagesParsed.inc();
      out.collect(p.page());
    } else if (outcome instanceof PageParser.Rejected r) {
      rejectedByReason.computeIfAbsent(r.rejected().reason(), rejectedGroup::counter).inc();
      ctx.output(REJECTED, r.rejected());
    }
  }
}
