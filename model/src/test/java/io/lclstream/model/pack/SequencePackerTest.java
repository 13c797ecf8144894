package io.lclstream.model.pack;

import static org.assertj.core.api.Assertions.assertThat;

import io.lclstream.model.config.LclConfig;
import io.lclstream.model.token.ByteTokenizer;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SequencePackerTest {

    private final ByteTokenizer tok = new ByteTokenizer();
    private final LclConfig tiny = LclConfig.preset("tiny"); // N = 16, context 256, maxImages 6

    @Test
    void imageBecomesSoiPlaceholdersEoiBetweenSotAndEot() {
        PackedSequence p = new SequencePacker(tok, tiny).pack(List.of(new TextPart("ab"), new ImagePart(7), new TextPart("c")));
        assertThat(p.tokens()).hasSize(1 + 2 + 18 + 1 + 1);
        assertThat(p.tokens()[0]).isEqualTo(tok.sot());
        assertThat(p.tokens()[3]).isEqualTo(tok.soi());
        assertThat(p.placeholderPositions(0)).containsExactly(
                4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
        for (int pos : p.placeholderPositions(0)) {
            assertThat(p.tokens()[pos]).isEqualTo(tok.imagePlaceholder());
        }
        assertThat(p.tokens()[20]).isEqualTo(tok.eoi());
        assertThat(p.tokens()[21]).isEqualTo('c');
        assertThat(p.tokens()[22]).isEqualTo(tok.eot());
        assertThat(p.keptImages()).containsExactly(7);
        assertThat(p.soiPositions()).containsExactly(3);
        assertThat(p.contrastive()).containsExactly(true);
    }

    @Test
    void imageRightAfterSotDoesNotCountForTheContrastiveTerm() {
        PackedSequence p = new SequencePacker(tok, tiny).pack(List.of(new ImagePart(0), new TextPart("x"), new ImagePart(1)));
        assertThat(p.soiPositions()).containsExactly(1, 20);
        assertThat(p.contrastive()).containsExactly(false, true);
        assertThat(p.contrastiveCount()).isEqualTo(1);
    }

    @Test
    void keepsAtMostMaxImagesAndTheTextAfterThem() {
        List<DocumentPart> parts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            parts.add(new TextPart("t"));
            parts.add(new ImagePart(i));
        }
        parts.add(new TextPart("end"));
        PackedSequence p = new SequencePacker(tok, tiny).pack(parts);
        assertThat(p.keptImages()).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(new ByteTokenizer().decode(p.tokens())).endsWith("tt" + "end<eot>");
        assertThat(p.tokens().length).isEqualTo(1 + 6 * (1 + 18) + 2 + 3 + 1);
    }

    @Test
    void cutsBeforeAnImageThatDoesNotFitAndEndsWithEot() {
        String filler = "x".repeat(240); // 1 + 240 = 241 tokens; an image needs 18 more + <eot>: 260 > 256
        PackedSequence p = new SequencePacker(tok, tiny).pack(List.of(new TextPart(filler), new ImagePart(0), new TextPart("after")));
        assertThat(p.keptImages()).isEmpty();
        assertThat(p.tokens()).hasSize(242);
        assertThat(p.tokens()[241]).isEqualTo(tok.eot());
        assertThat(p.tokens()).doesNotContain(tok.soi(), tok.imagePlaceholder());
    }

    @Test
    void cutsLongTextAtTheContextLengthWithEotLast() {
        PackedSequence p = new SequencePacker(tok, tiny).pack(List.of(new TextPart("y".repeat(1000)), new ImagePart(0)));
        assertThat(p.tokens()).hasSize(256);
        assertThat(p.tokens()[255]).isEqualTo(tok.eot());
        assertThat(p.tokens()[254]).isEqualTo('y');
        assertThat(p.imageCount()).isZero();
    }

    @Test
    void imageThatExactlyFitsIsKept() {
        String filler = "x".repeat(256 - 1 - 18 - 1); // <sot> + text + image + <eot> = 256
        PackedSequence p = new SequencePacker(tok, tiny).pack(List.of(new TextPart(filler), new ImagePart(3)));
        assertThat(p.tokens()).hasSize(256);
        assertThat(p.keptImages()).containsExactly(3);
        assertThat(p.tokens()[254]).isEqualTo(tok.eoi());
    }

    @Test
    void documentWithoutImagesStillPacks() {
        PackedSequence p = new SequencePacker(tok, tiny).pack(List.of(new TextPart("just text")));
        assertThat(p.imageCount()).isZero();
        assertThat(tok.decode(p.tokens())).isEqualTo("<sot>just text<eot>");
    }
}
