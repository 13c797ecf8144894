package io.lclstream.flink.clean;

import java.util.List;

/** Owns the machine-readable reasons under which the cleaning stage removes a paragraph or drops a document. */
public final class CleanReasons {
    // Document level: the whole page is dropped.
    public static final String TOO_FEW_WORDS = "text.too_few_words";
    public static final String TOO_MANY_WORDS = "text.too_many_words";
    public static final String CHAR_REPETITION = "text.char_repetition";
    public static final String WORD_REPETITION = "text.word_repetition";
    public static final String SPECIAL_CHARACTERS = "text.special_characters";

    // Node level: one paragraph is removed, the page goes on.
    public static final String NODE_EMPTY = "text.node_empty";
    public static final String NODE_TOO_FEW_WORDS = "text.node_too_few_words";
    public static final String NODE_TOO_MANY_WORDS = "text.node_too_many_words";
    public static final String NODE_CHAR_REPETITION = "text.node_char_repetition";
    public static final String NODE_WORD_REPETITION = "text.node_word_repetition";
    public static final String NODE_SPECIAL_CHARACTERS = "text.node_special_characters";

    public static final List<String> ALL = List.of(TOO_FEW_WORDS, TOO_MANY_WORDS, CHAR_REPETITION,
            WORD_REPETITION, SPECIAL_CHARACTERS, NODE_EMPTY, NODE_TOO_FEW_WORDS, NODE_TOO_MANY_WORDS,
            NODE_CHAR_REPETITION, NODE_WORD_REPETITION, NODE_SPECIAL_CHARACTERS);

    private CleanReasons() {
    }
}
