package io.lclstream.model.eval;

/** Top-1 retrieval accuracy between two aligned sets of unit vectors (row i of each is a pair). */
public final class Retrieval {

    private Retrieval() {}

    /** Fraction of queries whose most similar key (by dot product) is their own pair. */
    public static double accuracy(float[][] queries, float[][] keys) {
        if (queries.length != keys.length) {
            throw new IllegalArgumentException(queries.length + " queries but " + keys.length
                    + " keys; retrieval needs one key per query");
        }
        if (queries.length == 0) {
            return Double.NaN;
        }
        int hits = 0;
        for (int i = 0; i < queries.length; i++) {
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < keys.length; j++) {
                double score = 0;
                for (int d = 0; d < queries[i].length; d++) {
                    score += queries[i][d] * keys[j][d];
                }
                if (score > bestScore) {
                    bestScore = score;
                    best = j;
                }
            }
            hits += best == i ? 1 : 0;
        }
        return hits / (double) queries.length;
    }
}
