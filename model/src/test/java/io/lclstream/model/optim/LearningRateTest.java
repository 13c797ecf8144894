package io.lclstream.model.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lclstream.model.config.LclConfig;

import org.junit.jupiter.api.Test;

class LearningRateTest {

    private final LclConfig.Optimizer base = LclConfig.preset("tiny").optimizer();
    private final LclConfig.Optimizer cosine = new LclConfig.Optimizer(
            1e-3, 1e-4, 0.9, 0.98, 1e-6, 0.2, 10, LclConfig.Schedule.COSINE, 110, 1.0);
    private final LclConfig.Optimizer constant = new LclConfig.Optimizer(
            1e-3, 1e-4, 0.9, 0.98, 1e-6, 0.2, 10, LclConfig.Schedule.CONSTANT, 110, 1.0);

    @Test
    void warmUpRisesLinearlyAndReachesThePeakOnItsLastStep() {
        assertThat(LearningRate.at(0, cosine)).isCloseTo(1e-4, within(1e-12));
        assertThat(LearningRate.at(4, cosine)).isCloseTo(5e-4, within(1e-12));
        assertThat(LearningRate.at(9, cosine)).isCloseTo(1e-3, within(1e-12));
    }

    @Test
    void cosineStartsAtThePeakIsHalfwayAtTheMiddleAndEndsAtMinLr() {
        assertThat(LearningRate.at(10, cosine)).isCloseTo(1e-3, within(1e-12));
        assertThat(LearningRate.at(60, cosine)).isCloseTo((1e-3 + 1e-4) / 2, within(1e-12));
        assertThat(LearningRate.at(109, cosine)).isGreaterThan(1e-4).isLessThan(1.01e-4);
        assertThat(LearningRate.at(110, cosine)).isEqualTo(1e-4);
        assertThat(LearningRate.at(1_000_000, cosine)).isEqualTo(1e-4);
    }

    @Test
    void constantStaysAtThePeakAfterWarmUpForever() {
        assertThat(LearningRate.at(9, constant)).isCloseTo(1e-3, within(1e-12));
        assertThat(LearningRate.at(10, constant)).isEqualTo(1e-3);
        assertThat(LearningRate.at(1_000_000, constant)).isEqualTo(1e-3);
    }

    @Test
    void zeroWarmUpStartsAtThePeak() {
        LclConfig.Optimizer noWarmup = base.withSchedule(2e-3, 0, LclConfig.Schedule.CONSTANT, 10);
        assertThat(LearningRate.at(0, noWarmup)).isEqualTo(2e-3);
    }
}
