package io.lclstream.flink.image;

import java.util.Locale;
import java.util.Optional;

/**
 * Owns the size rules an image must pass to be trained on: shorter side at least {@code minSide} pixels and
 * width/height within [{@code minAspect}, {@code maxAspect}] (defaults 150 px and 0.5–2, as OBELICS). Applied
 * to header dimensions, so rejected images are never decoded.
 */
public record ImageFilter(int minSide, double minAspect, double maxAspect) {
    public static final int DEFAULT_MIN_SIDE = 150;
    public static final double DEFAULT_MIN_ASPECT = 0.5;
    public static final double DEFAULT_MAX_ASPECT = 2.0;

    public ImageFilter {
        if (minSide < 1) {
            throw new IllegalArgumentException("image.min-side=" + minSide + " must be at least 1; use "
                    + DEFAULT_MIN_SIDE + " (the default)");
        }
        if (!(minAspect > 0 && minAspect <= maxAspect)) {
            throw new IllegalArgumentException("image.min-aspect=" + minAspect + " / image.max-aspect=" + maxAspect
                    + " must satisfy 0 < min <= max; use " + DEFAULT_MIN_ASPECT + " / " + DEFAULT_MAX_ASPECT);
        }
    }

    public static ImageFilter withDefaults() {
        return new ImageFilter(DEFAULT_MIN_SIDE, DEFAULT_MIN_ASPECT, DEFAULT_MAX_ASPECT);
    }

    /** Empty when a {@code width}×{@code height} image passes; otherwise why not. */
    public Optional<ImageRejection> check(int width, int height) {
        if (Math.min(width, height) < minSide) {
            return Optional.of(new ImageRejection(ImageReasons.TOO_SMALL, width + "×" + height
                    + " has a side below image.min-side=" + minSide));
        }
        double aspect = (double) width / height;
        if (aspect < minAspect || aspect > maxAspect) {
            return Optional.of(new ImageRejection(ImageReasons.ASPECT, String.format(Locale.ROOT,
                    "%d×%d has aspect %.3f outside image.min-aspect=%s .. image.max-aspect=%s",
                    width, height, aspect, minAspect, maxAspect)));
        }
        return Optional.empty();
    }
}
