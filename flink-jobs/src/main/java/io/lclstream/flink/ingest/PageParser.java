package io.lclstream.flink.ingest;

import io.lclstream.connectors.doc.DecodeResult;
import io.lclstream.connectors.doc.Document;
import io.lclstream.connectors.doc.DocumentJson;
import io.lclstream.connectors.doc.ImageSegment;
import io.lclstream.connectors.doc.Segment;
import io.lclstream.connectors.doc.TextSegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a raw Kafka record into a {@link Page} or a {@link RejectedPage}: the wire format and its
 * validation are the connectors' ({@link DocumentJson}, which also accepts MMC4 and OBELICS rows);
 * this class only maps the outcome.
 */
public final class PageParser {
  private final DocumentJson json;

  public PageParser(int maxDocumentBytes) {
    this.json = DocumentJson.withMaxBytes(maxDocumentBytes);
  }

  /** The closed outcome of parsing one record. */
  public sealed interface Outcome permits Parsed, Rejected {}

  public record Parsed(Page page) implements Outcome {}

  public record Rejected(RejectedPage rejected) implements Outcome {}

  public Outcome parse(PageRecord record) {
    DecodeResult result;
    try {
      result = json.decode(record.value());
    } catch (RuntimeException e) {
      // The codec reports bad input as Invalid; anything it throws is still this record's fault
      // and must not fail the job.
      return reject(record, "record.unreadable", "Unreadable record: " + e);
    }
    if (result instanceof DecodeResult.Decoded d) {
      return new Parsed(toPage(d.document(), record.kafkaTimestamp()));
    }
    DecodeResult.Invalid invalid = (DecodeResult.Invalid) result;
    return reject(record, invalid.rejection().reason(), invalid.rejection().message());
  }

  private static Rejected reject(PageRecord r, String reason, String message) {
    return new Rejected(new RejectedPage(reason, message, r.topic(), r.partition(), r.offset(),
        r.kafkaTimestamp(), r.key(), r.value()));
  }

  static Page toPage(Document doc, long kafkaTimestamp) {
    List<PageSegment> segments = new ArrayList<>(doc.segments().size());
    for (Segment s : doc.segments()) {
      if (s instanceof TextSegment t) {
        segments.add(PageSegment.text(t.text()));
      } else if (s instanceof ImageSegment i) {
        double sim = i.matchedSim() == null ? Double.NaN : i.matchedSim();
        segments.add(i.hasData()
            ? PageSegment.imageBytes(i.data(), i.mime(), i.url(), i.alt(), sim)
            : PageSegment.imageRef(i.url(), i.alt(), sim));
      }
    }
    return new Page(doc.id(), doc.url(), doc.source(),
        doc.fetchedAt() == null ? 0L : doc.fetchedAt().toEpochMilli(), doc.lang(), kafkaTimestamp,
        segments.toArray(PageSegment[]::new));
  }
}
