package io.lclstream.flink.dedup;

/**
 * Owns the split of a MinHash signature into {@code bands} bands of {@code rows} rows and the 64-bit key of
 * each band: two documents become near-duplicate candidates when any band key is equal.
 *
 * <p>The chance that two documents of Jaccard similarity {@code s} share a band is
 * {@code P(s) = 1 - (1 - s^rows)^bands}. With the defaults (20 bands × 6 rows = 120 permutations) the
 * S-curve is, computed from that formula:
 * <pre>
 *   s     0.30    0.50    0.60    0.70    0.75    0.80    0.85    0.90
 *   P(s)  0.0145  0.2702  0.6154  0.9182  0.9802  0.9977  0.9999  1.0000
 * </pre>
 * so a pair at Jaccard 0.8 is missed about 2 times in 1,000, and its midpoint {@code (1/bands)^(1/rows)} is
 * 0.61. Candidates are then confirmed by {@link NearDuplicateRule} on the estimated Jaccard, so the 27% of
 * 0.5-similar pairs that become candidates cost one signature comparison each, not a false drop.
 */
public final class LshBands {
    public static final int DEFAULT_BANDS = 20;
    public static final int DEFAULT_ROWS = 6;

    private final int bands;
    private final int rows;

    public LshBands(int bands, int rows) {
        if (bands < 1 || rows < 1) {
            throw new IllegalArgumentException("dedup.lsh.bands=" + bands + " and dedup.lsh.rows=" + rows
                    + " must both be at least 1; use " + DEFAULT_BANDS + " × " + DEFAULT_ROWS + " (the defaults)");
        }
        this.bands = bands;
        this.rows = rows;
    }

    public static LshBands withDefaults() {
        return new LshBands(DEFAULT_BANDS, DEFAULT_ROWS);
    }

    public int bands() {
        return bands;
    }

    public int rows() {
        return rows;
    }

    /** The number of signature values the bands consume: bands × rows. */
    public int requiredPermutations() {
        return bands * rows;
    }

    /**
     * One key per band. The band index is hashed in, so equal rows in different bands give different keys and
     * all bands can share one keyed state.
     */
    public long[] bandKeys(long[] signature) {
        if (signature.length < bands * rows) {
            throw new IllegalArgumentException("MinHash signature has " + signature.length + " values but "
                    + "dedup.lsh.bands=" + bands + " × dedup.lsh.rows=" + rows + " needs " + (bands * rows)
                    + "; raise dedup.minhash.permutations to at least " + (bands * rows));
        }
        long[] keys = new long[bands];
        byte[] buffer = new byte[8 * (rows + 1)];
        for (int band = 0; band < bands; band++) {
            putLong(buffer, 0, band);
            for (int row = 0; row < rows; row++) {
                putLong(buffer, 8 * (row + 1), signature[band * rows + row]);
            }
            keys[band] = XxHash64.hash(buffer, 0);
        }
        return keys;
    }

    /** The probability that two documents of Jaccard similarity {@code s} share at least one band key. */
    public double candidateProbability(double s) {
        return 1.0 - Math.pow(1.0 - Math.pow(s, rows), bands);
    }

    private static void putLong(byte[] b, int offset, long v) {
        for (int i = 0; i < 8; i++) {
            b[offset + i] = (byte) (v >>> (8 * i));
        }
    }
}
