package io.lclstream.flink.clean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextMeasuresTest {

    @Test
    void wordsAreLowerCasedStrippedOfEdgePunctuationAndDigitsOnlyTokensDropped() {
        assertThat(TextMeasures.words("  \"Hello,\" she said — in 2024!  It's ÉTÉ. "))
                .containsExactly("hello", "she", "said", "in", "it's", "été");
    }

    @Test
    void characterRepetitionCountsOnlyTheTopRepeatedNgrams() {
        // "abab" with n=2: grams ab, ba, ab → ab×2, ba×1; top floor(sqrt(2))=1 repeated gram → 2/3.
        assertThat(TextMeasures.charRepetitionRatio("abab", 2)).isCloseTo(2.0 / 3.0, within(1e-12));
        assertThat(TextMeasures.charRepetitionRatio("abcdef", 2)).isZero();
        assertThat(TextMeasures.charRepetitionRatio("abc", 10)).isZero();
    }

    @Test
    void wordRepetitionCountsEveryOccurrenceOfARepeatedNgram() {
        // 2-grams: "a b", "b a", "a b", "b c" → "a b" twice → 2/4.
        assertThat(TextMeasures.wordRepetitionRatio(List.of("a", "b", "a", "b", "c"), 2))
                .isCloseTo(0.5, within(1e-12));
        assertThat(TextMeasures.wordRepetitionRatio(List.of("a", "b"), 5)).isZero();
    }

    @Test
    void specialCharactersIncludeSpacesDigitsPunctuationAndEmoji() {
        // "ab 1!😀" → 6 code points, special: ' ', '1', '!', 😀 → 4/6.
        assertThat(TextMeasures.specialCharRatio("ab 1!\uD83D\uDE00")).isCloseTo(4.0 / 6.0, within(1e-12));
        assertThat(TextMeasures.specialCharRatio("")).isZero();
    }
}
