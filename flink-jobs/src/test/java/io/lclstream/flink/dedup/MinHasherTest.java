package io.lclstream.flink.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MinHasherTest {
    private static final String[] VOCABULARY = ("river hill town market bridge school garden winter summer "
            + "station harbour castle forest meadow village church mill road field farm lake island valley "
            + "mountain library museum theatre bakery train ferry coast cliff beach storm rain snow wind sun "
            + "morning evening night old new small large quiet busy green grey red blue").split(" ");

    private final MinHasher hasher = MinHasher.withDefaults();

    static List<String> randomWords(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            words.add(VOCABULARY[random.nextInt(VOCABULARY.length)]);
        }
        return words;
    }

    static double trueJaccard(List<String> a, List<String> b, int n) {
        Set<String> sa = shingles(a, n);
        Set<String> sb = shingles(b, n);
        Set<String> inter = new HashSet<>(sa);
        inter.retainAll(sb);
        Set<String> union = new HashSet<>(sa);
        union.addAll(sb);
        return (double) inter.size() / union.size();
    }

    private static Set<String> shingles(List<String> words, int n) {
        Set<String> out = new HashSet<>();
        for (int i = 0; i + n <= words.size(); i++) {
            out.add(String.join(" ", words.subList(i, i + n)));
        }
        return out;
    }

    @Test
    void aDocumentWithTwoWordsChangedIsANearDuplicate() {
        List<String> original = randomWords(1, 300);
        List<String> edited = new ArrayList<>(original);
        edited.set(100, "lighthouse");
        edited.set(200, "orchard");
        long[] a = hasher.signature(String.join(" ", original));
        long[] b = hasher.signature(String.join(" ", edited));
        assertThat(trueJaccard(original, edited, 5)).isGreaterThan(0.9);
        assertThat(NearDuplicateRule.withDefaults().isNearDuplicate(b, a)).isTrue();
        assertThat(MinHasher.estimatedJaccard(a, b)).isCloseTo(trueJaccard(original, edited, 5), within(0.1));
    }

    @Test
    void unrelatedDocumentsAreNotNearDuplicatesAndShareNoBand() {
        long[] a = hasher.signature(String.join(" ", randomWords(1, 300)));
        long[] b = hasher.signature(String.join(" ", randomWords(2, 300)));
        assertThat(MinHasher.estimatedJaccard(a, b)).isLessThan(0.1);
        assertThat(NearDuplicateRule.withDefaults().isNearDuplicate(a, b)).isFalse();
        LshBands bands = LshBands.withDefaults();
        assertThat(bands.bandKeys(a)).doesNotContain(bands.bandKeys(b));
    }

    @Test
    void estimateTracksTheExactJaccardOverARangeOfEdits() {
        List<String> base = randomWords(7, 400);
        SplittableRandom random = new SplittableRandom(99);
        for (int edits : new int[] {0, 5, 20, 60, 150}) {
            List<String> edited = new ArrayList<>(base);
            for (int e = 0; e < edits; e++) {
                edited.set(random.nextInt(edited.size()), "edit" + e);
            }
            double exact = trueJaccard(base, edited, 5);
            double estimate = MinHasher.estimatedJaccard(hasher.signature(String.join(" ", base)),
                    hasher.signature(String.join(" ", edited)));
            // 3 standard errors of a 120-permutation estimate is at most 3 × 0.046 ≈ 0.14.
            assertThat(estimate).as("%d edits, exact %.3f", edits, exact).isCloseTo(exact, within(0.14));
        }
    }

    @Test
    void signatureOfOneShingleMatchesAPlainReferenceComputation() {
        MinHasher one = new MinHasher(2, 5, 1234L);
        long[] sig = one.signature("Alpha beta, GAMMA delta epsilon!");
        long shingleHash = XxHash64.hash("alpha beta gamma delta epsilon".getBytes(StandardCharsets.UTF_8), 1234L);
        long salt0 = MinHasher.fmix64(1234L + 0x9E3779B97F4A7C15L);
        long salt1 = MinHasher.fmix64(1234L + 2 * 0x9E3779B97F4A7C15L);
        assertThat(sig).containsExactly(MinHasher.fmix64(shingleHash ^ salt0), MinHasher.fmix64(shingleHash ^ salt1));
    }

    @Test
    void signaturesAreFixedAcrossInstancesAndRuns() {
        String text = "the quick brown fox jumps over the lazy dog near the river bank";
        long[] first = MinHasher.withDefaults().signature(text);
        long[] second = MinHasher.withDefaults().signature(List.of("The quick brown fox", "jumps over the lazy dog",
                "near the river bank."));
        assertThat(second).containsExactly(first);
        // Pinned value: a change here means every stored signature and band key is invalidated.
        assertThat(Long.toHexString(first[0])).isEqualTo(GOLDEN_FIRST_VALUE);
        assertThat(Long.toHexString(LshBands.withDefaults().bandKeys(first)[0])).isEqualTo(GOLDEN_FIRST_BAND);
    }

    private static final String GOLDEN_FIRST_VALUE = "262f38d4d45ce1a";
    private static final String GOLDEN_FIRST_BAND = "a24158991ef933bb";

    @Test
    void shortTextsBecomeOneShingleAndEmptyTextsAgree() {
        assertThat(hasher.signature("two words")).containsExactly(hasher.signature("Two, words."));
        assertThat(hasher.signature("two words")).isNotEqualTo(hasher.signature("three words"));
        assertThat(MinHasher.estimatedJaccard(hasher.signature(""), hasher.signature("  "))).isEqualTo(1.0);
    }

    @Test
    void rejectsSignaturesOfDifferentLengths() {
        assertThatThrownBy(() -> MinHasher.estimatedJaccard(new long[3], new long[4]))
                .hasMessageContaining("different lengths (3 and 4)")
                .hasMessageContaining("dedup.minhash.permutations");
    }
}
