package io.lclstream.flink.clean;

/**
 * The thresholds of the OBELICS-like paragraph (node) and document quality rules, immutable and validated.
 *
 * <p>Defaults are the values of the filtering configuration published with OBELICS (Laurençon et al., 2023,
 * arXiv:2306.16527), file {@code obelisc/configs/config_filter_web_documents.yaml} of
 * github.com/huggingface/OBELICS: node level 4–1,000 words, character 10-gram repetition ≤ 0.1, word 5-gram
 * repetition ≤ 0.1, special-character ratio ≤ 0.3; document level 10–2,000 words, character repetition ≤ 0.1,
 * word repetition ≤ 0.2, special-character ratio ≤ 0.275. OBELICS's stop-word, flagged-word, punctuation,
 * common-word, language-id and perplexity rules need word lists and models and are not part of this record.
 *
 * @param nodeMinWords              least words a paragraph keeps (OBELICS 4)
 * @param nodeMaxWords              most words a paragraph keeps (OBELICS 1,000)
 * @param nodeCharNgram             character n-gram length for paragraph repetition (OBELICS 10)
 * @param nodeMaxCharRepetition     highest paragraph character-repetition ratio (OBELICS 0.1)
 * @param nodeWordNgram             word n-gram length for paragraph repetition (OBELICS 5)
 * @param nodeMaxWordRepetition     highest paragraph word-repetition ratio (OBELICS 0.1)
 * @param nodeMaxSpecialCharRatio   highest paragraph special-character ratio (OBELICS 0.3)
 * @param docMinWords               least words a document keeps, after node filtering (OBELICS 10)
 * @param docMaxWords               most words a document keeps (OBELICS 2,000)
 * @param docCharNgram              character n-gram length for document repetition (OBELICS 10)
 * @param docMaxCharRepetition      highest document character-repetition ratio (OBELICS 0.1)
 * @param docWordNgram              word n-gram length for document repetition (OBELICS 5)
 * @param docMaxWordRepetition      highest document word-repetition ratio (OBELICS 0.2)
 * @param docMaxSpecialCharRatio    highest document special-character ratio (OBELICS 0.275)
 */
public record QualityThresholds(
        int nodeMinWords,
        int nodeMaxWords,
        int nodeCharNgram,
        double nodeMaxCharRepetition,
        int nodeWordNgram,
        double nodeMaxWordRepetition,
        double nodeMaxSpecialCharRatio,
        int docMinWords,
        int docMaxWords,
        int docCharNgram,
        double docMaxCharRepetition,
        int docWordNgram,
        double docMaxWordRepetition,
        double docMaxSpecialCharRatio) {

    private static final QualityThresholds DEFAULTS =
            new QualityThresholds(4, 1_000, 10, 0.1, 5, 0.1, 0.3, 10, 2_000, 10, 0.1, 5, 0.2, 0.275);

    public QualityThresholds {
        requireRange("clean.node.min-words / clean.node.max-words", nodeMinWords, nodeMaxWords);
        requireRange("clean.doc.min-words / clean.doc.max-words", docMinWords, docMaxWords);
        requireAtLeastOne("clean.node.char-ngram", nodeCharNgram, 10);
        requireAtLeastOne("clean.node.word-ngram", nodeWordNgram, 5);
        requireAtLeastOne("clean.doc.char-ngram", docCharNgram, 10);
        requireAtLeastOne("clean.doc.word-ngram", docWordNgram, 5);
        requireRatio("clean.node.max-char-repetition", nodeMaxCharRepetition, 0.1);
        requireRatio("clean.node.max-word-repetition", nodeMaxWordRepetition, 0.1);
        requireRatio("clean.node.max-special-char-ratio", nodeMaxSpecialCharRatio, 0.3);
        requireRatio("clean.doc.max-char-repetition", docMaxCharRepetition, 0.1);
        requireRatio("clean.doc.max-word-repetition", docMaxWordRepetition, 0.2);
        requireRatio("clean.doc.max-special-char-ratio", docMaxSpecialCharRatio, 0.275);
    }

    /** The OBELICS defaults listed in the class comment. */
    public static QualityThresholds defaults() {
        return DEFAULTS;
    }

    private static void requireRange(String keys, int min, int max) {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException(keys + " = " + min + " / " + max
                    + " must satisfy 0 <= min <= max; swap them or raise the maximum");
        }
    }

    private static void requireAtLeastOne(String key, int value, int usual) {
        if (value < 1) {
            throw new IllegalArgumentException(key + "=" + value + " must be at least 1; OBELICS uses " + usual);
        }
    }

    private static void requireRatio(String key, double value, double usual) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(key + "=" + value + " must be a ratio in [0, 1]; OBELICS uses "
                    + usual + " (1 turns the rule off)");
        }
    }
}
