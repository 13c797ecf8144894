package io.lclstream.model.train;

/**
 * What one optimizer step did.
 *
 * @param step updates completed after this one
 * @param total the weighted loss that was back-propagated
 * @param contrastive the InfoNCE term (0 when skipped: fewer than 2 counted images, or weight 0)
 * @param generation the next-token cross-entropy
 * @param tokens non-padding tokens in the batch
 * @param images images in the batch
 * @param lr the learning rate of this update
 * @param gradNorm global gradient L2 norm before clipping
 * @param elapsedNanos wall time of the step, batch assembly included
 */
public record StepResult(
        long step,
        double total,
        double contrastive,
        double generation,
        long tokens,
        int images,
        double lr,
        double gradNorm,
        long elapsedNanos) {}
