package io.lclstream.model.optim;

import io.lclstream.model.config.LclConfig;

/**
 * The learning-rate schedule as a pure function of the optimizer step: linear warm-up, then
 * cosine decay to {@code minLr} or constant.
 */
public final class LearningRate {

    private LearningRate() {}

    /**
     * The rate for the update that follows {@code step} completed updates (0 for the first).
     */
    public static double at(long step, LclConfig.Optimizer o) {
        // 1) warm-up: rises linearly and reaches lr on the last warm-up step
        if (step < o.warmupSteps()) {
            return o.lr() * (step + 1) / o.warmupSteps();
        }
        // 2) constant: a stream has no end to decay towards
        if (o.schedule() == LclConfig.Schedule.CONSTANT) {
            return o.lr();
        }
        // 3) cosine from lr at the end of warm-up to minLr at totalSteps, then minLr
        if (step >= o.totalSteps()) {
            return o.minLr();
        }
        double progress = (double) (step - o.warmupSteps()) / (o.totalSteps() - o.warmupSteps());
        return o.minLr() + 0.5 * (1 + Math.cos(Math.PI * progress)) * (o.lr() - o.minLr());
    }
}
