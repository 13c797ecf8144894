package io.lclstream.model.loss;

import io.lclstream.model.nn.Torch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.lclstream.model.token.Tokenizer;

/**
 * The contrastive term of LCL: symmetric InfoNCE between L2-normalised image latents and the
 * L2-normalised context features at the {@code <soi>} before each image, over all counted images
 * of the batch (the i-th context's positive is the i-th image, every other image is a negative).
 *
 * <p>Shapes: K counted images, C feature width. context, images (K, C) → logits (K, K) → loss ().
 */
public final class ContrastiveLoss {

    /** InfoNCE needs a negative: with fewer counted images the term is skipped (counts as 0). */
    public static final int MIN_IMAGES = 2;

    private ContrastiveLoss() {}

    /**
     * Whether the {@code <soi>} at {@code soiPosition} counts: only when some content (text or an
     * earlier image) precedes it, since the context feature is meant to summarise that content. An
     * {@code <soi>} at position 0, or right after {@code <sot>}, has none.
     */
    public static boolean hasContext(int[] tokens, int soiPosition, Tokenizer tokenizer) {
        for (int i = 0; i < soiPosition; i++) {
            if (tokens[i] != tokenizer.sot() && tokens[i] != tokenizer.pad()) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param context (K, C) context features, not normalised
     * @param images (K, C) image latents, not normalised
     * @param logitScale () the learned scale, already clamped
     * @return () mean of the context→image and image→context cross-entropies
     */
    public static NDArray loss(NDArray context, NDArray images, NDArray logitScale) {
        NDArray c = context.normalize(2, -1, 1e-12); // (K, C), unit rows
        NDArray z = images.normalize(2, -1, 1e-12); // (K, C)
        NDArray logits = c.matMul(z.transpose()).mul(logitScale); // (K, K): row = context, column = image
        NDArray contextToImage = diagonalCrossEntropy(logits);
        NDArray imageToContext = diagonalCrossEntropy(logits.transpose());
        return contextToImage.add(imageToContext).div(Torch.scalar(c.getManager(), 2f));
    }

    /** Cross-entropy of each row against the class on the diagonal: −mean_i log softmax(row i)[i]. */
    static NDArray diagonalCrossEntropy(NDArray logits) {
        int k = Math.toIntExact(logits.getShape().get(0));
        NDManager manager = logits.getManager();
        NDArray logProbabilities = logits.logSoftmax(-1); // (K, K)
        return logProbabilities.mul(manager.eye(k)).sum().div(Torch.scalar(manager, -k));
    }
}
