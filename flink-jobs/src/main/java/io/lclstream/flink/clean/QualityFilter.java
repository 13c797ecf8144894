package io.lclstream.flink.clean;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Owns the OBELICS-like quality decision for a document's paragraphs: node-level rules remove bad paragraphs,
 * then document-level rules, measured on what is left, keep or drop the whole page (thresholds in
 * {@link QualityThresholds}).
 */
public final class QualityFilter {
    private final QualityThresholds thresholds;

    public QualityFilter(QualityThresholds thresholds) {
        this.thresholds = java.util.Objects.requireNonNull(thresholds, "thresholds");
    }

    public static QualityFilter withDefaults() {
        return new QualityFilter(QualityThresholds.defaults());
    }

    public QualityThresholds thresholds() {
        return thresholds;
    }

    /** Applies the node rules to each paragraph (already cleaned by {@link TextCleaner}), then the document rules. */
    public CleanResult apply(List<String> paragraphs) {
        List<String> kept = new ArrayList<>();
        List<Integer> indices = new ArrayList<>();
        List<CleanResult.RemovedParagraph> removed = new ArrayList<>();
        for (int i = 0; i < paragraphs.size(); i++) {
            String paragraph = paragraphs.get(i);
            Optional<CleanResult.RemovedParagraph> verdict = checkNode(i, paragraph);
            if (verdict.isPresent()) {
                removed.add(verdict.get());
            } else {
                kept.add(paragraph);
                indices.add(i);
            }
        }
        Optional<CleanResult.Dropped> dropped = checkDocument(kept);
        if (dropped.isPresent()) {
            return dropped.get();
        }
        return new CleanResult.Kept(kept, indices, removed);
    }

    private Optional<CleanResult.RemovedParagraph> checkNode(int index, String paragraph) {
        QualityThresholds t = thresholds;
        if (paragraph == null || paragraph.isBlank()) {
            return Optional.of(new CleanResult.RemovedParagraph(index, CleanReasons.NODE_EMPTY,
                    "paragraph " + index + " is empty after cleaning"));
        }
        List<String> words = TextMeasures.words(paragraph);
        if (words.size() < t.nodeMinWords()) {
            return node(index, CleanReasons.NODE_TOO_FEW_WORDS,
                    words.size() + " words < clean.node.min-words=" + t.nodeMinWords());
        }
        if (words.size() > t.nodeMaxWords()) {
            return node(index, CleanReasons.NODE_TOO_MANY_WORDS,
                    words.size() + " words > clean.node.max-words=" + t.nodeMaxWords());
        }
        double charRep = TextMeasures.charRepetitionRatio(paragraph, t.nodeCharNgram());
        if (charRep > t.nodeMaxCharRepetition()) {
            return node(index, CleanReasons.NODE_CHAR_REPETITION,
                    ratio(charRep) + " > clean.node.max-char-repetition=" + t.nodeMaxCharRepetition());
        }
        double wordRep = TextMeasures.wordRepetitionRatio(words, t.nodeWordNgram());
        if (wordRep > t.nodeMaxWordRepetition()) {
            return node(index, CleanReasons.NODE_WORD_REPETITION,
                    ratio(wordRep) + " > clean.node.max-word-repetition=" + t.nodeMaxWordRepetition());
        }
        double special = TextMeasures.specialCharRatio(paragraph);
        if (special > t.nodeMaxSpecialCharRatio()) {
            return node(index, CleanReasons.NODE_SPECIAL_CHARACTERS,
                    ratio(special) + " > clean.node.max-special-char-ratio=" + t.nodeMaxSpecialCharRatio());
        }
        return Optional.empty();
    }

    private Optional<CleanResult.Dropped> checkDocument(List<String> paragraphs) {
        QualityThresholds t = thresholds;
        // Paragraphs are joined with a newline, as OBELICS joins a document's text nodes.
        String text = String.join("\n", paragraphs);
        List<String> words = TextMeasures.words(text);
        if (words.size() < t.docMinWords()) {
            return dropped(CleanReasons.TOO_FEW_WORDS,
                    words.size() + " words after paragraph filtering < clean.doc.min-words=" + t.docMinWords());
        }
        if (words.size() > t.docMaxWords()) {
            return dropped(CleanReasons.TOO_MANY_WORDS,
                    words.size() + " words > clean.doc.max-words=" + t.docMaxWords());
        }
        double charRep = TextMeasures.charRepetitionRatio(text, t.docCharNgram());
        if (charRep > t.docMaxCharRepetition()) {
            return dropped(CleanReasons.CHAR_REPETITION,
                    ratio(charRep) + " > clean.doc.max-char-repetition=" + t.docMaxCharRepetition());
        }
        double wordRep = TextMeasures.wordRepetitionRatio(words, t.docWordNgram());
        if (wordRep > t.docMaxWordRepetition()) {
            return dropped(CleanReasons.WORD_REPETITION,
                    ratio(wordRep) + " > clean.doc.max-word-repetition=" + t.docMaxWordRepetition());
        }
        double special = TextMeasures.specialCharRatio(text);
        if (special > t.docMaxSpecialCharRatio()) {
            return dropped(CleanReasons.SPECIAL_CHARACTERS,
                    ratio(special) + " > clean.doc.max-special-char-ratio=" + t.docMaxSpecialCharRatio());
        }
        return Optional.empty();
    }

    private static Optional<CleanResult.RemovedParagraph> node(int index, String reason, String detail) {
        return Optional.of(new CleanResult.RemovedParagraph(index, reason, "paragraph " + index + ": " + detail));
    }

    private static Optional<CleanResult.Dropped> dropped(String reason, String detail) {
        return Optional.of(new CleanResult.Dropped(reason, detail));
    }

    private static String ratio(double r) {
        return String.format(java.util.Locale.ROOT, "%.3f", r);
    }
}
