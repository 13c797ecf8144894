package io.lclstream.model.pack;

import java.util.Arrays;

/**
 * One training sequence: its token ids, which of the document's images it holds and where each
 * image's {@code <soi>} and placeholders sit.
 *
 * @param tokens ids; begin with {@code <sot>}, end with {@code <eot>}; each image is {@code <soi>},
 *     N placeholders, {@code <eoi>}
 * @param keptImages the {@link ImagePart#imageIndex()} of each image in the sequence, in order: the
 *     caller supplies exactly these images' pixels, in this order
 * @param soiPositions position of each kept image's {@code <soi>}
 * @param contrastive whether each kept image's {@code <soi>} counts for the contrastive term: only
 *     when some content precedes it (not right after {@code <sot>}, never at position 0)
 * @param visualTokens N, placeholders per image
 */
public record PackedSequence(
        int[] tokens, int[] keptImages, int[] soiPositions, boolean[] contrastive, int visualTokens) {

    /** Number of images in the sequence. */
    public int imageCount() {
        return keptImages.length;
    }

    /** Number of images whose {@code <soi>} counts for the contrastive term. */
    public int contrastiveCount() {
        int n = 0;
        for (boolean c : contrastive) {
            n += c ? 1 : 0;
        }
        return n;
    }

    /** Positions of the k-th image's N placeholders: right after its {@code <soi>}. */
    public int[] placeholderPositions(int k) {
        int[] positions = new int[visualTokens];
        for (int j = 0; j < visualTokens; j++) {
            positions[j] = soiPositions[k] + 1 + j;
        }
        return positions;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PackedSequence p
                && Arrays.equals(tokens, p.tokens)
                && Arrays.equals(keptImages, p.keptImages)
                && Arrays.equals(soiPositions, p.soiPositions)
                && Arrays.equals(contrastive, p.contrastive)
                && visualTokens == p.visualTokens;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(tokens) * 31 + Arrays.hashCode(keptImages);
    }

    @Override
    public String toString() {
        return "PackedSequence(tokens=" + tokens.length + ", images=" + Arrays.toString(keptImages)
                + ", soi=" + Arrays.toString(soiPositions) + ")";
    }
}
