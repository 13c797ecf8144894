package io.lclstream.model.pack;

import java.util.Objects;

/**
 * A run of text, encoded as it is (the packer adds no separator between parts).
 *
 * @param text the text
 */
public record TextPart(String text) implements DocumentPart {
    public TextPart {
        Objects.requireNonNull(text, "text");
    }
}
