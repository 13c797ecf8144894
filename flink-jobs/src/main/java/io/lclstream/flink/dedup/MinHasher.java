package io.lclstream.flink.dedup;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Owns the MinHash signature of a document: {@code numPermutations} minima over the 64-bit hashes of its
 * word {@code shingleSize}-grams, computed from fixed seeds so that signatures are equal across JVMs and runs.
 *
 * <p>Each permutation {@code i} maps a shingle hash {@code h} to {@code fmix64(h ^ salt_i)}; {@code fmix64}
 * (MurmurHash3's finaliser) is a bijection on 64-bit values, so each is a true permutation of the hash space,
 * and the salts come from a SplitMix64 sequence started at {@code seed}.
 */
public final class MinHasher {
    /** Default number of permutations: 20 LSH bands × 6 rows, see {@link LshBands}. */
    public static final int DEFAULT_PERMUTATIONS = 120;
    /** Default shingle length in words. */
    public static final int DEFAULT_SHINGLE_SIZE = 5;
    /** Default seed; changing it changes every signature, so stored state must be rebuilt. */
    public static final long DEFAULT_SEED = 0x6C636C2D73747265L; // "lcl-stre"

    private final int numPermutations;
    private final int shingleSize;
    private final long seed;
    private final long[] salts;

    public MinHasher(int numPermutations, int shingleSize, long seed) {
        if (numPermutations < 1) {
            throw new IllegalArgumentException("dedup.minhash.permutations=" + numPermutations
                    + " must be at least 1; use " + DEFAULT_PERMUTATIONS + " (the default)");
        }
        if (shingleSize < 1) {
            throw new IllegalArgumentException("dedup.minhash.shingle-words=" + shingleSize
                    + " must be at least 1; use " + DEFAULT_SHINGLE_SIZE + " (the default)");
        }
        this.numPermutations = numPermutations;
        this.shingleSize = shingleSize;
        this.seed = seed;
        this.salts = new long[numPermutations];
        long state = seed;
        for (int i = 0; i < numPermutations; i++) {
            state += 0x9E3779B97F4A7C15L;
            salts[i] = fmix64(state);
        }
    }

    /** A hasher with the defaults (120 permutations, 5-word shingles, fixed seed). */
    public static MinHasher withDefaults() {
        return new MinHasher(DEFAULT_PERMUTATIONS, DEFAULT_SHINGLE_SIZE, DEFAULT_SEED);
    }

    public int numPermutations() {
        return numPermutations;
    }

    public int shingleSize() {
        return shingleSize;
    }

    public long seed() {
        return seed;
    }

    /** The signature of a document given as paragraphs; shingles run across paragraph breaks. */
    public long[] signature(List<String> paragraphs) {
        return signatureOfNormalised(TextFingerprint.normalise(paragraphs));
    }

    /** The signature of one text. */
    public long[] signature(String text) {
        return signatureOfNormalised(TextFingerprint.normalise(text));
    }

    private long[] signatureOfNormalised(String normalised) {
        long[] mins = new long[numPermutations];
        // -1 is the largest unsigned 64-bit value, so any permuted hash replaces it.
        java.util.Arrays.fill(mins, -1L);
        String[] words = normalised.isEmpty() ? new String[0] : normalised.split(" ");
        if (words.length == 0) {
            // An empty text has no shingles; all-ones signatures agree with each other, which is right:
            // two empty texts are duplicates (the exact key catches them first anyway).
            return mins;
        }
        // A text shorter than one shingle is hashed as a single shingle of all its words.
        int count = Math.max(1, words.length - shingleSize + 1);
        StringBuilder shingle = new StringBuilder();
        for (int start = 0; start < count; start++) {
            shingle.setLength(0);
            int end = Math.min(words.length, start + shingleSize);
            for (int w = start; w < end; w++) {
                if (w > start) {
                    shingle.append(' ');
                }
                shingle.append(words[w]);
            }
            long h = XxHash64.hash(shingle.toString().getBytes(StandardCharsets.UTF_8), seed);
            for (int i = 0; i < numPermutations; i++) {
                long permuted = fmix64(h ^ salts[i]);
                // Unsigned minimum: the permuted values are uniform over all 64 bits.
                if (Long.compareUnsigned(permuted, mins[i]) < 0) {
                    mins[i] = permuted;
                }
            }
        }
        return mins;
    }

    /**
     * The estimated Jaccard similarity of the two shingle sets: the fraction of permutations whose minima agree.
     * Its standard error is {@code sqrt(J(1-J)/k)}, about 0.037 at J = 0.8 with k = 120.
     */
    public static double estimatedJaccard(long[] a, long[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("MinHash signatures of different lengths (" + a.length + " and "
                    + b.length + ") cannot be compared; they were made with different dedup.minhash.permutations,"
                    + " so state written before that setting changed must be dropped");
        }
        int equal = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b[i]) {
                equal++;
            }
        }
        return a.length == 0 ? 0.0 : (double) equal / a.length;
    }

    static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xFF51AFD7ED558CCDL;
        k ^= k >>> 33;
        k *= 0xC4CEB9FE1A85EC53L;
        k ^= k >>> 33;
        return k;
    }
}
