package io.lclstream.model.train;

import io.lclstream.model.pack.PackedSequence;

import java.util.Arrays;
import java.util.Objects;

/**
 * One packed training sequence and the pixels of its images.
 *
 * @param id the document id (for logs and error messages)
 * @param tokens the packed ids ({@link PackedSequence#tokens()})
 * @param soiPositions the {@code <soi>} position of each image, in order
 * @param pixels imageCount × imageSize × imageSize × 3 RGB bytes (HWC, row-major), images in order
 * @param imageCount images in the sequence
 */
public record TrainingExample(String id, int[] tokens, int[] soiPositions, byte[] pixels, int imageCount) {

    public TrainingExample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(soiPositions, "soiPositions");
        Objects.requireNonNull(pixels, "pixels");
        if (soiPositions.length != imageCount) {
            throw new IllegalArgumentException("example " + id + ": " + soiPositions.length
                    + " <soi> positions for imageCount=" + imageCount + "; give one position per image");
        }
    }

    /** An example from a packed sequence and the pixels of its {@link PackedSequence#keptImages()}, in order. */
    public static TrainingExample of(String id, PackedSequence packed, byte[] pixels) {
        return new TrainingExample(id, packed.tokens(), packed.soiPositions(), pixels, packed.imageCount());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingExample e && id.equals(e.id) && Arrays.equals(tokens, e.tokens)
                && Arrays.equals(soiPositions, e.soiPositions) && Arrays.equals(pixels, e.pixels)
                && imageCount == e.imageCount;
    }

    @Override
    public int hashCode() {
        return id.hashCode() * 31 + Arrays.hashCode(tokens);
    }

    @Override
    public String toString() {
        return "TrainingExample(" + id + ", tokens=" + tokens.length + ", images=" + imageCount + ")";
    }
}
