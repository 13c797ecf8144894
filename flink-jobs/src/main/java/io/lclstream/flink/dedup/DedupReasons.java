package io.lclstream.flink.dedup;

import java.util.List;

/** Owns the machine-readable reasons under which the dedup stage drops a document or an image. */
public final class DedupReasons {
    /** The normalised text's SHA-256 was seen before. */
    public static final String EXACT = "dup.exact";
    /** A stored document's estimated Jaccard similarity reached the near-duplicate threshold. */
    public static final String NEAR = "dup.near";
    /** The image's perceptual hash was seen on more pages than the frequency cap allows. */
    public static final String IMAGE_FREQUENT = "image.frequent";

    public static final List<String> ALL = List.of(EXACT, NEAR, IMAGE_FREQUENT);

    private DedupReasons() {
    }
}
