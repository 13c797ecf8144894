package io.lclstream.model.token;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Turns text into token ids and back, and owns the ids of the special tokens that frame a
 * training sequence ({@code <sot>}, {@code <eot>}), an image ({@code <soi>}, placeholders,
 * {@code <eoi>}) and padding.
 */
public interface Tokenizer {

    /** Name of the file {@link #save(Path)} writes into a snapshot folder. */
    String FILE_NAME = "tokenizer.json";

    /** Token ids of the text, without any special token. */
    int[] encode(String text);

    /** Text of the ids; special tokens are shown by name, a run of image placeholders as one {@code <image>}. */
    String decode(int[] ids);

    /** Number of ids, special tokens included: the size of the LM's embedding table and output. */
    int vocabSize();

    int pad();

    /** Start of text: every packed sequence begins with it. */
    int sot();

    /** End of text: every packed sequence ends with it. */
    int eot();

    /** Start of image: the LM output here is the context feature of the contrastive term. */
    int soi();

    /** End of image. */
    int eoi();

    /** Stands for one visual token; the network writes the image's visual tokens over these. */
    int imagePlaceholder();

    /** Writes {@value #FILE_NAME} into {@code dir} so that {@link Tokenizers#load(Path)} restores this tokenizer. */
    void save(Path dir) throws IOException;

    /** Whether {@code id} is one of the six special ids. */
    default boolean isSpecial(int id) {
        return id == pad() || id == sot() || id == eot() || id == soi() || id == eoi() || id == imagePlaceholder();
    }

    /** The name a special id is shown by, or null for an ordinary token. */
    default String specialName(int id) {
        if (id == pad()) {
            return "<pad>";
        } else if (id == sot()) {
            return "<sot>";
        } else if (id == eot()) {
            return "<eot>";
        } else if (id == soi()) {
            return "<soi>";
        } else if (id == eoi()) {
            return "<eoi>";
        } else if (id == imagePlaceholder()) {
            return "<image>";
        }
        return null;
    }
}
