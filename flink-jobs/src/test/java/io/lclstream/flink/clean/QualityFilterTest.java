package io.lclstream.flink.clean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QualityFilterTest {
    private static final String PROSE_1 = "The river rises in the northern hills and runs south through "
            + "farmland, past two old mills, before it reaches the sea near the harbour town.";
    private static final String PROSE_2 = "Local volunteers have counted otters along its banks every spring "
            + "since 1998, and their notes show the population slowly recovering.";

    private final QualityFilter filter = QualityFilter.withDefaults();

    @Test
    void keepsOrdinaryProseWithEveryParagraphAndItsIndex() {
        CleanResult result = filter.apply(List.of(PROSE_1, PROSE_2));
        assertThat(result).isInstanceOf(CleanResult.Kept.class);
        CleanResult.Kept kept = (CleanResult.Kept) result;
        assertThat(kept.paragraphs()).containsExactly(PROSE_1, PROSE_2);
        assertThat(kept.sourceIndices()).containsExactly(0, 1);
        assertThat(kept.removed()).isEmpty();
    }

    @Test
    void removesShortAndEmptyParagraphsButKeepsTheDocument() {
        CleanResult result = filter.apply(List.of("Menu", PROSE_1, "", PROSE_2));
        CleanResult.Kept kept = (CleanResult.Kept) result;
        assertThat(kept.sourceIndices()).containsExactly(1, 3);
        assertThat(kept.removed()).extracting(CleanResult.RemovedParagraph::index, CleanResult.RemovedParagraph::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0, CleanReasons.NODE_TOO_FEW_WORDS),
                        org.assertj.core.groups.Tuple.tuple(2, CleanReasons.NODE_EMPTY));
    }

    @Test
    void dropsADocumentWithTooFewWordsLeft() {
        CleanResult result = filter.apply(List.of("Just five words are here.", "Menu"));
        assertThat(result).isEqualTo(new CleanResult.Dropped(CleanReasons.TOO_FEW_WORDS,
                "5 words after paragraph filtering < clean.doc.min-words=10"));
    }

    @Test
    void removesAParagraphThatRepeatsOnePhrase() {
        String spam = "buy cheap shoes now ".repeat(12).strip();
        CleanResult.Kept kept = (CleanResult.Kept) filter.apply(List.of(PROSE_1, spam, PROSE_2));
        assertThat(kept.removed()).singleElement()
                .satisfies(r -> {
                    assertThat(r.index()).isEqualTo(1);
                    assertThat(r.reason()).isEqualTo(CleanReasons.NODE_CHAR_REPETITION);
                    assertThat(r.detail()).contains("clean.node.max-char-repetition=0.1");
                });
    }

    @Test
    void dropsADocumentWhoseParagraphsRepeatEachOtherOnWordRepetition() {
        // Each paragraph is fine alone; the page as a whole repeats itself. Four copies spread the repeated
        // character 10-grams thinly (top sqrt(distinct) grams only), so it is the word 5-gram rule that fires.
        CleanResult result = filter.apply(List.of(PROSE_1, PROSE_1, PROSE_1, PROSE_1));
        assertThat(result).isInstanceOf(CleanResult.Dropped.class);
        assertThat(((CleanResult.Dropped) result).reason()).isEqualTo(CleanReasons.WORD_REPETITION);
        assertThat(((CleanResult.Dropped) result).detail()).endsWith("> clean.doc.max-word-repetition=0.2");
    }

    @Test
    void dropsADocumentOfManyCopiesOfAShortParagraphOnCharacterRepetition() {
        List<String> page = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            page.add("Read our latest story today");
        }
        CleanResult result = filter.apply(page);
        assertThat(result).isInstanceOf(CleanResult.Dropped.class);
        assertThat(((CleanResult.Dropped) result).reason()).isEqualTo(CleanReasons.CHAR_REPETITION);
    }

    @Test
    void removesAParagraphMadeMostlyOfSymbolsAndDigits() {
        String table = "Price: $12.99 | $13.49 | $14.99 | 50% off!!! ### 2024-05-01 ++ ** ~~ :) :) words here";
        CleanResult.Kept kept = (CleanResult.Kept) filter.apply(List.of(PROSE_1, table, PROSE_2));
        assertThat(kept.removed()).singleElement()
                .extracting(CleanResult.RemovedParagraph::reason).isEqualTo(CleanReasons.NODE_SPECIAL_CHARACTERS);
    }

    @Test
    void dropsADocumentLongerThanTheMaximum() {
        QualityThresholds t = QualityThresholds.defaults();
        QualityThresholds small = new QualityThresholds(t.nodeMinWords(), t.nodeMaxWords(), t.nodeCharNgram(),
                t.nodeMaxCharRepetition(), t.nodeWordNgram(), t.nodeMaxWordRepetition(),
                t.nodeMaxSpecialCharRatio(), 10, 30, t.docCharNgram(), t.docMaxCharRepetition(), t.docWordNgram(),
                t.docMaxWordRepetition(), t.docMaxSpecialCharRatio());
        CleanResult result = new QualityFilter(small).apply(List.of(PROSE_1, PROSE_2));
        assertThat(result).isEqualTo(new CleanResult.Dropped(CleanReasons.TOO_MANY_WORDS,
                "44 words > clean.doc.max-words=30"));
    }

    @Test
    void defaultsAreTheObelicsValues() {
        QualityThresholds d = QualityThresholds.defaults();
        assertThat(List.of(d.nodeMinWords(), d.nodeMaxWords(), d.docMinWords(), d.docMaxWords()))
                .containsExactly(4, 1000, 10, 2000);
        assertThat(List.of(d.nodeMaxCharRepetition(), d.nodeMaxWordRepetition(), d.nodeMaxSpecialCharRatio(),
                d.docMaxCharRepetition(), d.docMaxWordRepetition(), d.docMaxSpecialCharRatio()))
                .containsExactly(0.1, 0.1, 0.3, 0.1, 0.2, 0.275);
    }

    @Test
    void rejectsSwappedWordLimitsNamingTheKeys() {
        QualityThresholds t = QualityThresholds.defaults();
        assertThatThrownBy(() -> new QualityThresholds(100, 4, 10, 0.1, 5, 0.1, 0.3, 10, 2000, 10, 0.1, 5, 0.2,
                t.docMaxSpecialCharRatio()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clean.node.min-words")
                .hasMessageContaining("100 / 4");
    }

    @Test
    void rejectsARatioAboveOne() {
        assertThatThrownBy(() -> new QualityThresholds(4, 1000, 10, 1.5, 5, 0.1, 0.3, 10, 2000, 10, 0.1, 5, 0.2,
                0.275))
                .hasMessageContaining("clean.node.max-char-repetition=1.5");
    }
}
