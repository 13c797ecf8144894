package io.lclstream.model.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Restores a tokenizer from the {@code tokenizer.json} that {@link Tokenizer#save(Path)} wrote. */
public final class Tokenizers {

    private Tokenizers() {}

    /**
     * Loads from a folder holding {@code tokenizer.json}, or from the file itself: our byte-level
     * file ({@code "type": "lcl-byte"}) gives a {@link ByteTokenizer}, any other file is read as a
     * Hugging Face tokenizer.
     */
    public static Tokenizer load(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve(Tokenizer.FILE_NAME) : path;
        if (!Files.isRegularFile(file)) {
            throw new IOException(
                    "No tokenizer at " + file + "; a snapshot folder must hold " + Tokenizer.FILE_NAME
                            + " (written by Tokenizer.save)");
        }
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        if (ByteTokenizer.TYPE.equals(root.path("type").asText())) {
            return new ByteTokenizer();
        }
        return HuggingFaceTokenizer.open(file);
    }
}
