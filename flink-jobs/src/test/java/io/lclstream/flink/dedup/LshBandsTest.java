package io.lclstream.flink.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LshBandsTest {
    private final LshBands bands = LshBands.withDefaults();

    @Test
    void defaultSCurveCatchesJaccardPointEightAlmostAlways() {
        assertThat(bands.candidateProbability(0.8)).isCloseTo(0.9977, within(1e-4));
        assertThat(bands.candidateProbability(0.9)).isGreaterThan(0.99999);
        assertThat(bands.candidateProbability(0.5)).isCloseTo(0.2702, within(1e-4));
        assertThat(bands.candidateProbability(0.3)).isCloseTo(0.0145, within(1e-4));
    }

    @Test
    void defaultsUseEveryPermutationOfTheDefaultHasher() {
        assertThat(bands.requiredPermutations()).isEqualTo(MinHasher.DEFAULT_PERMUTATIONS);
    }

    @Test
    void bandKeyChangesOnlyForTheBandWhoseRowChanged() {
        long[] signature = new long[120];
        for (int i = 0; i < signature.length; i++) {
            signature[i] = i * 1_000_003L;
        }
        long[] before = bands.bandKeys(signature);
        signature[6 * 7 + 3] ^= 1; // row 3 of band 7
        long[] after = bands.bandKeys(signature);
        for (int b = 0; b < 20; b++) {
            if (b == 7) {
                assertThat(after[b]).isNotEqualTo(before[b]);
            } else {
                assertThat(after[b]).as("band %d", b).isEqualTo(before[b]);
            }
        }
    }

    @Test
    void equalRowsInDifferentBandsGiveDifferentKeys() {
        long[] keys = bands.bandKeys(new long[120]);
        assertThat(java.util.Arrays.stream(keys).distinct().count()).isEqualTo(20);
    }

    @Test
    void rejectsASignatureShorterThanBandsTimesRows() {
        assertThatThrownBy(() -> bands.bandKeys(new long[100]))
                .hasMessageContaining("has 100 values")
                .hasMessageContaining("at least 120");
    }
}
