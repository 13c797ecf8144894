package io.lclstream.model.loss;

import io.lclstream.model.nn.Torch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.lclstream.model.config.LclConfig;
import io.lclstream.model.nn.LclNetwork;

/**
 * The LCL objective: {@code total = wc · contrastive + wg · generation} (paper: wc = 0.1, wg = 1.0).
 *
 * @param total () what is back-propagated
 * @param contrastive () InfoNCE, 0 when skipped
 * @param generation () next-token cross-entropy, 0 when its weight is 0
 * @param contrastiveImages images the contrastive term was computed over (0 when skipped)
 */
public record LclLoss(NDArray total, NDArray contrastive, NDArray generation, int contrastiveImages) {

    /**
     * @param targets (B, T) int64 next tokens
     * @param mask (B, T) float generation mask
     */
    public static LclLoss of(LclNetwork.Outputs out, NDArray targets, NDArray mask, LclConfig.Loss weights) {
        NDArray zero = targets.getManager().zeros(new ai.djl.ndarray.types.Shape());
        int images = Math.toIntExact(out.contextFeatures().getShape().get(0));
        boolean contrast = weights.contrastiveWeight() > 0 && images >= ContrastiveLoss.MIN_IMAGES;
        NDArray contrastive =
                contrast ? ContrastiveLoss.loss(out.contextFeatures(), out.imageLatents(), out.logitScale()) : zero;
        NDArray generation =
                weights.generationWeight() > 0 ? GenerationLoss.loss(out.logits(), targets, mask) : zero;
        NDManager m = targets.getManager();
        NDArray total = contrastive.mul(Torch.scalar(m, (float) weights.contrastiveWeight()))
                .add(generation.mul(Torch.scalar(m, (float) weights.generationWeight())));
        return new LclLoss(total, contrastive, generation, contrast ? images : 0);
    }
}
