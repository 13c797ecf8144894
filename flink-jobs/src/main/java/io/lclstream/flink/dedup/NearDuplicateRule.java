package io.lclstream.flink.dedup;

/**
 * Owns the decision "is this document a near duplicate of a stored one?": the estimated Jaccard similarity of
 * the two MinHash signatures must reach {@code jaccardThreshold}.
 *
 * @param jaccardThreshold the least estimated Jaccard similarity (0–1] that counts as a near duplicate
 */
public record NearDuplicateRule(double jaccardThreshold) {
    /** Default threshold: pages sharing 80% of their 5-word shingles carry the same text for training purposes. */
    public static final double DEFAULT_THRESHOLD = 0.8;

    public NearDuplicateRule {
        if (!(jaccardThreshold > 0.0 && jaccardThreshold <= 1.0)) {
            throw new IllegalArgumentException("dedup.near.jaccard-threshold=" + jaccardThreshold
                    + " must be in (0, 1]; use " + DEFAULT_THRESHOLD + " (the default)");
        }
    }

    public static NearDuplicateRule withDefaults() {
        return new NearDuplicateRule(DEFAULT_THRESHOLD);
    }

    /** True when {@code candidate} is a near duplicate of {@code stored}. */
    public boolean isNearDuplicate(long[] candidate, long[] stored) {
        return MinHasher.estimatedJaccard(candidate, stored) >= jaccardThreshold;
    }
}
