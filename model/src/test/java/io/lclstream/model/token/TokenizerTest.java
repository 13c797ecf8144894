package io.lclstream.model.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerTest {

    @TempDir
    Path dir;

    @Test
    void byteTokenizerRoundTripsUtf8AndKeepsSpecialsOutsideTheBytes() {
        ByteTokenizer tokenizer = new ByteTokenizer();
        String text = "Größe 🙂 ok";
        int[] ids = tokenizer.encode(text);
        assertThat(ids).hasSize(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        assertThat(java.util.Arrays.stream(ids).allMatch(id -> id >= 0 && id < 256)).isTrue();
        assertThat(tokenizer.decode(ids)).isEqualTo(text);
        Set<Integer> specials = Set.of(tokenizer.pad(), tokenizer.sot(), tokenizer.eot(), tokenizer.soi(),
                tokenizer.eoi(), tokenizer.imagePlaceholder());
        assertThat(specials).hasSize(6).allMatch(id -> id >= 256 && id < tokenizer.vocabSize());
        assertThat(tokenizer.vocabSize()).isEqualTo(262);
    }

    @Test
    void decodeShowsSpecialsAndOneImageMarkerPerRunOfPlaceholders() {
        ByteTokenizer t = new ByteTokenizer();
        int p = t.imagePlaceholder();
        int[] ids = IntStream.concat(IntStream.of(t.sot(), 'a', t.soi(), p, p, p, t.eoi(), 'b', t.eot()), IntStream.empty())
                .toArray();
        assertThat(t.decode(ids)).isEqualTo("<sot>a<soi><image><eoi>b<eot>");
    }

    @Test
    void byteTokenizerSavesAndLoadsThroughTokenizers() throws IOException {
        new ByteTokenizer().save(dir);
        assertThat(dir.resolve("tokenizer.json")).exists();
        Tokenizer loaded = Tokenizers.load(dir);
        assertThat(loaded).isInstanceOf(ByteTokenizer.class);
        assertThat(loaded.encode("hi")).containsExactly('h', 'i');
    }

    @Test
    void huggingFaceTokenizerReadsALocalFileAndAppendsTheSpecialsAfterItsVocabulary() throws IOException {
        Path file = dir.resolve("hf").resolve("tokenizer.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                {"version": "1.0", "truncation": null, "padding": null,
                 "added_tokens": [{"id": 0, "content": "[UNK]", "single_word": false, "lstrip": false,
                                   "rstrip": false, "normalized": false, "special": true}],
                 "normalizer": null, "pre_tokenizer": {"type": "Whitespace"}, "post_processor": null,
                 "decoder": null,
                 "model": {"type": "WordLevel", "vocab": {"[UNK]": 0, "hello": 1, "world": 2, "image": 3},
                           "unk_token": "[UNK]"}}
                """);
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.open(file)) {
            assertThat(hf.encode("hello world image")).containsExactly(1, 2, 3);
            assertThat(hf.encode("hello zebra")).containsExactly(1, 0);
            assertThat(hf.vocabSize()).isEqualTo(4 + 6);
            assertThat(hf.pad()).isEqualTo(4);
            assertThat(hf.imagePlaceholder()).isEqualTo(9);
            assertThat(hf.decode(new int[] {hf.sot(), 1, 2, hf.eot()})).isEqualTo("<sot>hello world<eot>");

            Path snapshot = dir.resolve("snapshot");
            hf.save(snapshot);
            Tokenizer loaded = Tokenizers.load(snapshot);
            assertThat(loaded).isInstanceOf(HuggingFaceTokenizer.class);
            assertThat(loaded.encode("world hello")).containsExactly(2, 1);
            assertThat(loaded.soi()).isEqualTo(hf.soi());
            ((HuggingFaceTokenizer) loaded).close();
        }
    }

    @Test
    void missingTokenizerFileSaysWhatIsExpected() {
        assertThatThrownBy(() -> Tokenizers.load(dir.resolve("nowhere")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("tokenizer.json");
    }
}
