package io.lclstream.model.pack;

/**
 * An image, named by its index among the caller's decoded images of this document.
 *
 * @param imageIndex the caller's index of the image; echoed in {@link PackedSequence#keptImages()}
 */
public record ImagePart(int imageIndex) implements DocumentPart {
    public ImagePart {
        if (imageIndex < 0) {
            throw new IllegalArgumentException("imageIndex=" + imageIndex + " must be >= 0");
        }
    }
}
