package io.lclstream.flink.clean;

import io.lclstream.flink.config.JobConfig;
import io.lclstream.flink.ingest.Page;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Owns the wiring of the text-cleaning stage into the job graph and the mapping of its settings to rule thresholds. */
public final class TextCleaningStage {
  public static final String NAME = "clean text";
  public static final String UID = "clean-text";

  private TextCleaningStage() {}

  /** Adds the cleaning operator: pages out are cleaned, low-quality pages are dropped and counted. */
  public static DataStream<Page> apply(DataStream<Page> pages, JobConfig config) {
    return pages.process(new TextCleaningFunction(config.clean())).name(NAME).uid(UID);
  }

  /**
   * The quality thresholds for the job's settings: the document-level rules and the paragraph minimum come from
   * the job configuration ({@code clean.*}); the paragraph-level rules the configuration does not expose keep the
   * OBELICS defaults of {@link QualityThresholds#defaults()}.
   */
  public static QualityThresholds thresholds(JobConfig.Clean clean) {
    QualityThresholds d = QualityThresholds.defaults();
    // A paragraph minimum above the OBELICS paragraph maximum would make every paragraph fail; raise the maximum.
    int nodeMaxWords = Math.max(d.nodeMaxWords(), clean.minWordsPerParagraph());
    return new QualityThresholds(
        clean.minWordsPerParagraph(), nodeMaxWords, d.nodeCharNgram(), d.nodeMaxCharRepetition(),
        d.nodeWordNgram(), d.nodeMaxWordRepetition(), d.nodeMaxSpecialCharRatio(),
        clean.minWordsPerDoc(), clean.maxWordsPerDoc(), d.docCharNgram(), clean.maxCharRepetition(),
        d.docWordNgram(), clean.maxWordRepetition(), clean.maxSpecialCharRatio());
  }
}
