package io.lclstream.flink.clean;

import java.util.List;

/** The closed outcome of the text quality filter for one document: kept (with what was removed), or dropped. */
public sealed interface CleanResult permits CleanResult.Kept, CleanResult.Dropped {

    /**
     * The document passes.
     *
     * @param paragraphs    the paragraphs that survived, in page order
     * @param sourceIndices for each kept paragraph, its index in the input list (the caller puts image segments
     *                      back between them by this index)
     * @param removed       the paragraphs removed by node-level rules, each with its reason
     */
    record Kept(List<String> paragraphs, List<Integer> sourceIndices, List<RemovedParagraph> removed)
            implements CleanResult {
        public Kept {
            paragraphs = List.copyOf(paragraphs);
            sourceIndices = List.copyOf(sourceIndices);
            removed = List.copyOf(removed);
            if (paragraphs.size() != sourceIndices.size()) {
                throw new IllegalArgumentException("Kept has " + paragraphs.size() + " paragraphs but "
                        + sourceIndices.size() + " source indices; they must pair up one to one");
            }
        }
    }

    /**
     * The whole document is dropped.
     *
     * @param reason machine-readable reason, one of {@link CleanReasons#ALL}
     * @param detail human-readable measurement and threshold
     */
    record Dropped(String reason, String detail) implements CleanResult {
    }

    /**
     * One paragraph removed by a node-level rule.
     *
     * @param index  its index in the input list
     * @param reason machine-readable reason, one of {@link CleanReasons#ALL}
     * @param detail human-readable measurement and threshold
     */
    record RemovedParagraph(int index, String reason, String detail) {
    }
}
