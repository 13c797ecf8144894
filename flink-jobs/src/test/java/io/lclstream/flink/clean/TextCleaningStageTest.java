package io.lclstream.flink.clean;

import static org.assertj.core.api.Assertions.assertThat;

import io.lclstream.flink.config.JobConfig;
import io.lclstream.flink.ingest.Page;
import io.lclstream.flink.ingest.PageSegment;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextCleaningStageTest {

  @Test
  void documentRulesAndParagraphMinimumComeFromTheJobSettings() {
    QualityThresholds t = TextCleaningStage.thresholds(new JobConfig.Clean(50, 10_000, 4, 0.12, 0.15, 0.3));
    assertThat(t.docMinWords()).isEqualTo(50);
    assertThat(t.docMaxWords()).isEqualTo(10_000);
    assertThat(t.nodeMinWords()).isEqualTo(4);
    assertThat(t.docMaxCharRepetition()).isEqualTo(0.12);
    assertThat(t.docMaxWordRepetition()).isEqualTo(0.15);
    assertThat(t.docMaxSpecialCharRatio()).isEqualTo(0.3);
    // Paragraph rules the job does not expose keep the OBELICS defaults.
    assertThat(t.nodeMaxWords()).isEqualTo(QualityThresholds.defaults().nodeMaxWords());
    assertThat(t.nodeMaxCharRepetition()).isEqualTo(QualityThresholds.defaults().nodeMaxCharRepetition());
  }

  @Test
  void aParagraphMinimumAboveTheDefaultMaximumRaisesTheMaximumInsteadOfFailing() {
    QualityThresholds t = TextCleaningStage.thresholds(new JobConfig.Clean(10, 5_000, 2_000, 0.1, 0.1, 0.3));
    assertThat(t.nodeMinWords()).isEqualTo(2_000);
    assertThat(t.nodeMaxWords()).isEqualTo(2_000);
  }

  @Test
  void rebuildPutsImagesBackBetweenTheKeptParagraphsBySourceIndex() {
    PageSegment first = PageSegment.imageRef("https://example.org/1.jpg", null, Double.NaN);
    PageSegment second = PageSegment.imageRef("https://example.org/2.jpg", null, Double.NaN);
    Page page = new Page("p", "u", "json", 0L, "en", 0L, new PageSegment[] {
        first, PageSegment.text("t0"), PageSegment.text("t1"), second, PageSegment.text("t2")});
    // Text 1 removed; texts 0 and 2 kept (cleaned).
    CleanResult.Kept kept = new CleanResult.Kept(List.of("T0", "T2"), List.of(0, 2), List.of());

    Page rebuilt = TextCleaningFunction.rebuild(page, kept);

    assertThat(rebuilt.segments()).hasSize(4);
    assertThat(rebuilt.segments()[0]).isSameAs(first);
    assertThat(rebuilt.segments()[1].text()).isEqualTo("T0");
    assertThat(rebuilt.segments()[2]).isSameAs(second);
    assertThat(rebuilt.segments()[3].text()).isEqualTo("T2");
    assertThat(rebuilt.id()).isEqualTo("p");
  }
}
