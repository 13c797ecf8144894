package io.lclstream.flink.clean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextCleanerTest {
    private final TextCleaner cleaner = TextCleaner.withDefaults();

    @Test
    void composesDecomposedAccentsToNfc() {
        String decomposed = "Cafe\u0301 au lait";
        assertThat(cleaner.cleanParagraph(decomposed)).isEqualTo("Caf\u00e9 au lait");
    }

    @Test
    void removesControlAndInvisibleCharactersButKeepsNewlines() {
        String dirty = "Hel\u0000lo\u0007 wo\u200Brld\u00AD!\r\nSecond\u0085 line\uFEFF";
        assertThat(cleaner.cleanParagraph(dirty)).isEqualTo("Hello world!\nSecond line");
    }

    @Test
    void keepsZeroWidthJoinerInsideEmojiSequences() {
        String family = "A family \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67 on holiday";
        assertThat(cleaner.cleanParagraph(family)).contains("\u200D");
    }

    @Test
    void collapsesRunsOfUnicodeSpacesAndTabsAndTrimsLines() {
        assertThat(cleaner.cleanParagraph("  one\u00A0\u00A0 two\t\tthree\u2003four  \n\n\n  five  "))
                .isEqualTo("one two three four\nfive");
    }

    @Test
    void dropsBoilerplateLinesAndKeepsTheProseAroundThem() {
        String page = String.join("\n",
                "Home > Recipes > Desserts",
                "These chocolate cookies bake in twelve minutes and stay soft for days.",
                "This website uses cookies to improve your experience.",
                "Click here to subscribe",
                "Copyright 2024 Example Media. All rights reserved.",
                "© Example Media",
                "Share on Facebook",
                "Skip to main content");
        assertThat(cleaner.cleanParagraph(page))
                .isEqualTo("These chocolate cookies bake in twelve minutes and stay soft for days.");
    }

    @Test
    void keepsLongContentLinesThatMerelyMentionABoilerplatePhrase() {
        String essay = "In the old days of the web, every banner said click here and people did, which is why "
                + "designers of that period put the phrase on nearly every button and link they drew for clients";
        assertThat(cleaner.cleanParagraph(essay)).isEqualTo(essay);
    }

    @Test
    void paragraphsThatAreAllBoilerplateBecomeEmptyAndKeepTheirPosition() {
        List<String> cleaned = cleaner.clean(List.of("Real text stays here.", "All rights reserved.", "More text."));
        assertThat(cleaned).containsExactly("Real text stays here.", "", "More text.");
    }

    @Test
    void customBoilerplateListReplacesTheDefaults() {
        TextCleaner custom = new TextCleaner(List.of("^advertisement$"), 30);
        assertThat(custom.cleanParagraph("Advertisement\nAll rights reserved."))
                .isEqualTo("All rights reserved.");
    }

    @Test
    void rejectsAnInvalidPatternNamingIt() {
        assertThatThrownBy(() -> new TextCleaner(List.of("(unclosed"), 30))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(unclosed")
                .hasMessageContaining("clean.boilerplate.patterns");
    }
}
