package io.lclstream.model.loss;

import io.lclstream.model.nn.Torch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.lclstream.model.token.Tokenizer;

/**
 * The generation term of LCL: next-token cross-entropy averaged over the positions whose target
 * is text or a structural token the model must predict ({@code <soi>}, {@code <eot>}); targets
 * that are visual placeholders, {@code <eoi>} (always right after the image) or padding are not
 * learned.
 *
 * <p>Shapes: B sequences, T positions, V vocabulary. logits (B, T, V), targets and mask (B, T) → loss ().
 */
public final class GenerationLoss {

    private GenerationLoss() {}

    /**
     * Which positions of a sequence are trained: position t predicts {@code tokens[t + 1]}, so it
     * counts when that target exists and is not a placeholder, {@code <eoi>} or padding.
     */
    public static boolean[] targetMask(int[] tokens, Tokenizer tokenizer) {
        boolean[] mask = new boolean[tokens.length];
        for (int t = 0; t + 1 < tokens.length; t++) {
            int target = tokens[t + 1];
            mask[t] = target != tokenizer.imagePlaceholder() && target != tokenizer.eoi() && target != tokenizer.pad();
        }
        return mask;
    }

    /**
     * @param logits (B, T, V)
     * @param targets (B, T) int64, the next token (any valid id where the mask is 0)
     * @param mask (B, T) float, 1 where the position is trained
     * @return () mean cross-entropy over the masked positions
     */
    public static NDArray loss(NDArray logits, NDArray targets, NDArray mask) {
        NDArray logProbabilities = logits.logSoftmax(-1); // (B, T, V)
        NDArray picked = logProbabilities.gather(targets.expandDims(2), 2).squeeze(2); // (B, T)
        return picked.mul(mask).sum().neg().div(mask.sum().maximum(Torch.scalar(mask.getManager(), 1f)));
    }
}
