package io.lclstream.flink.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextFingerprintTest {

    @Test
    void normalisationIgnoresCasePunctuationSpacingAndUnicodeForm() {
        assertThat(TextFingerprint.normalise("  Hello,   WORLD!\n\tCafe\u0301  ﬁne "))
                .isEqualTo("hello world café fine");
    }

    @Test
    void exactKeyIsTheSha256OfTheNormalisedText() {
        // sha256("hello world") computed independently (sha256sum).
        assertThat(TextFingerprint.exactKey("Hello, World!"))
                .isEqualTo("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9");
    }

    @Test
    void paragraphSplitDoesNotChangeTheKey() {
        assertThat(TextFingerprint.exactKey(List.of("Hello,", "", "world")))
                .isEqualTo(TextFingerprint.exactKey("hello world"));
    }

    @Test
    void differentWordsGiveDifferentKeys() {
        assertThat(TextFingerprint.exactKey("hello world")).isNotEqualTo(TextFingerprint.exactKey("hello word"));
    }
}
