package io.lclstream.model.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * A Hugging Face {@code tokenizer.json} read from a local file through DJL's tokenizers binding,
 * with the six LCL special tokens appended after its vocabulary; nothing is downloaded.
 *
 * <p>The file's own special tokens (BOS, EOS, …) are never inserted: sequences are framed by the
 * LCL specials so that the packer and the losses see one scheme whatever the text tokenizer.
 */
public final class HuggingFaceTokenizer implements Tokenizer, AutoCloseable {

    private final Path file;
    private final ai.djl.huggingface.tokenizers.HuggingFaceTokenizer hf;
    private final int base;

    private HuggingFaceTokenizer(Path file, ai.djl.huggingface.tokenizers.HuggingFaceTokenizer hf, int base) {
        this.file = file;
        this.hf = hf;
        this.base = base;
    }

    /** Opens a local {@code tokenizer.json}; the LCL specials take the ids right after its vocabulary. */
    public static HuggingFaceTokenizer open(Path tokenizerJson) throws IOException {
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new IOException(
                    "Hugging Face tokenizer file " + tokenizerJson + " does not exist; give the path of a local"
                            + " tokenizer.json (nothing is downloaded)");
        }
        int base = vocabularySize(new ObjectMapper().readTree(tokenizerJson.toFile()), tokenizerJson);
        // truncation and padding off: the packer cuts and pads sequences itself
        var hf = ai.djl.huggingface.tokenizers.HuggingFaceTokenizer.newInstance(
                tokenizerJson, Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
        return new HuggingFaceTokenizer(tokenizerJson, hf, base);
    }

    /** Largest id of the file's model vocabulary and added tokens, plus one. */
    static int vocabularySize(JsonNode root, Path source) throws IOException {
        JsonNode vocab = root.path("model").path("vocab");
        int size;
        if (vocab.isObject()) {
            size = 0;
            for (JsonNode id : (Iterable<JsonNode>) vocab::elements) {
                size = Math.max(size, id.asInt() + 1);
            }
        } else if (vocab.isArray()) {
            size = vocab.size(); // Unigram: a list of [piece, score]
        } else {
            throw new IOException(
                    source + " has no model.vocab; it is not a Hugging Face tokenizer.json (or an unsupported model"
                            + " type); use a BPE, WordPiece, WordLevel or Unigram tokenizer.json");
        }
        for (JsonNode added : root.path("added_tokens")) {
            size = Math.max(size, added.path("id").asInt() + 1);
        }
        return size;
    }

    @Override
    public int[] encode(String text) {
        long[] ids = hf.encode(text, false, false).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    @Override
    public String decode(int[] ids) {
        StringBuilder out = new StringBuilder();
        long[] run = new long[ids.length];
        int n = 0;
        int previous = -1;
        for (int id : ids) {
            if (id < base) {
                run[n++] = id;
            } else {
                if (n > 0) {
                    out.append(hf.decode(java.util.Arrays.copyOf(run, n), false));
                    n = 0;
                }
                if (!(id == imagePlaceholder() && previous == id)) {
                    String name = specialName(id);
                    out.append(name != null ? name : "<unk:" + id + ">");
                }
            }
            previous = id;
        }
        if (n > 0) {
            out.append(hf.decode(java.util.Arrays.copyOf(run, n), false));
        }
        return out.toString();
    }

    @Override
    public int vocabSize() {
        return base + 6;
    }

    @Override
    public int pad() {
        return base;
    }

    @Override
    public int sot() {
        return base + 1;
    }

    @Override
    public int eot() {
        return base + 2;
    }

    @Override
    public int soi() {
        return base + 3;
    }

    @Override
    public int eoi() {
        return base + 4;
    }

    @Override
    public int imagePlaceholder() {
        return base + 5;
    }

    /** Copies the original {@code tokenizer.json} unchanged: the specials are implied by its vocabulary size. */
    @Override
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(FILE_NAME);
        if (!Files.exists(target) || !Files.isSameFile(file, target)) {
            Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public void close() {
        hf.close();
    }

    @Override
    public String toString() {
        return "HuggingFaceTokenizer(" + file + ", vocab=" + vocabSize() + ")";
    }
}
