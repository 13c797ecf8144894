package io.lclstream.flink.ingest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A page as it flows between the pipeline's stages: the document's identity and its segments in
 * page order. Only strings, primitives and arrays of records, so Flink serialises it without Kryo.
 *
 * @param kafkaTimestamp the source record's Kafka timestamp, carried to the trainer for the
 *     freshness metric
 */
public record Page(
    String id, String url, String source, long fetchedAtMillis, String lang, long kafkaTimestamp,
    PageSegment[] segments) {

  public List<PageSegment> segmentList() {
    return List.of(segments);
  }

  public Page withSegments(List<PageSegment> newSegments) {
    return new Page(id, url, source, fetchedAtMillis, lang, kafkaTimestamp, newSegments.toArray(PageSegment[]::new));
  }

  public int imageCount() {
    return (int) Arrays.stream(segments).filter(PageSegment::image).count();
  }

  /** The text segments' texts, in page order. */
  public List<String> texts() {
    List<String> texts = new ArrayList<>();
    for (PageSegment s : segments) {
      if (!s.image()) {
        texts.add(s.text());
      }
    }
    return texts;
  }
}
