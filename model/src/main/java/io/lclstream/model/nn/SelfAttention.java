package io.lclstream.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDList;

/**
 * Multi-head scaled dot-product self-attention, optionally under an additive mask.
 *
 * <p>Shapes: B batch, T positions, C width, H heads, D = C / H head size.
 * x (B, T, C) → q, k, v (B, H, T, D) → scores (B, H, T, T) → y (B, T, C).
 * The mask is (T, T), 0 where attention is allowed and −∞ where it is not; it broadcasts over B and H.
 */
public final class SelfAttention extends LclBlock {

    private final int heads;
    private final Linear qkv;
    private final Linear proj;

    public SelfAttention(int width, int heads, float residualStd) {
        this.heads = heads;
        qkv = addChildBlock("qkv", new Linear(width, 3 * width));
        proj = addChildBlock("proj", new Linear(width, width, true, residualStd));
    }

    /**
     * @param x (B, T, C)
     * @param mask (T, T) additive mask, or null for full attention
     */
    public NDArray forward(NDArray x, NDArray mask) {
        long batch = x.getShape().get(0);
        long length = x.getShape().get(1);
        long width = x.getShape().get(2);
        long headSize = width / heads;
        NDList qkvSplit = qkv.forward(x).split(3, 2); // 3 × (B, T, C)
        NDArray q = splitHeads(qkvSplit.get(0), batch, length, headSize); // (B, H, T, D)
        NDArray k = splitHeads(qkvSplit.get(1), batch, length, headSize);
        NDArray v = splitHeads(qkvSplit.get(2), batch, length, headSize);

        NDArray scores = q.matMul(k.swapAxes(-1, -2)).mul(Torch.scalar(q.getManager(), (float) (1.0 / Math.sqrt(headSize)))); // (B, H, T, T)
        if (mask != null) {
            scores = scores.addi(mask);
        }
        NDArray attention = scores.softmax(-1);
        NDArray y = attention.matMul(v); // (B, H, T, D)
        y = y.transpose(0, 2, 1, 3).reshape(batch, length, width); // (B, T, C)
        return proj.forward(y);
    }

    private NDArray splitHeads(NDArray x, long batch, long length, long headSize) {
        return x.reshape(batch, length, heads, headSize).transpose(0, 2, 1, 3); // (B, T, C) → (B, H, T, D)
    }
}
