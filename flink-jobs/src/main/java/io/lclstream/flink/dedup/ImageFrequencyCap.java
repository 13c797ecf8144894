package io.lclstream.flink.dedup;

/**
 * Owns the rule that an image seen on more than {@code maxPages} pages (icons, logos, navigation buttons) is
 * removed from every page, reason {@value DedupReasons#IMAGE_FREQUENT}.
 *
 * @param maxPages how many pages an image may appear on before it counts as site furniture
 */
public record ImageFrequencyCap(long maxPages) {
    /** Default cap: a picture on more than 10 pages is far likelier site furniture than content (our choice). */
    public static final long DEFAULT_MAX_PAGES = 10;

    public ImageFrequencyCap {
        if (maxPages < 1) {
            throw new IllegalArgumentException("dedup.image.max-pages=" + maxPages
                    + " must be at least 1; use " + DEFAULT_MAX_PAGES + " (the default)");
        }
    }

    public static ImageFrequencyCap withDefaults() {
        return new ImageFrequencyCap(DEFAULT_MAX_PAGES);
    }

    /** True when an image seen on {@code pagesSeen} pages (this one included) must be removed. */
    public boolean isFrequent(long pagesSeen) {
        return pagesSeen > maxPages;
    }
}
