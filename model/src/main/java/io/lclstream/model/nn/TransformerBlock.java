package io.lclstream.model.nn;

import ai.djl.ndarray.NDArray;

/**
 * A pre-norm transformer block: {@code x = x + attn(ln1(x)); x = x + mlp(ln2(x))}.
 *
 * <p>Shapes: x (B, T, C) → (B, T, C); mask (T, T) or null.
 */
public final class TransformerBlock extends LclBlock {

    private final LayerNorm ln1;
    private final SelfAttention attn;
    private final LayerNorm ln2;
    private final Mlp mlp;

    /**
     * @param depth blocks in the stack: residual projections start at 0.02/√(2·depth) (GPT-2) so the
     *     residual stream does not grow with depth
     */
    public TransformerBlock(int width, int heads, double mlpRatio, int depth) {
        float residualStd = (float) (INIT_STD / Math.sqrt(2.0 * depth));
        ln1 = addChildBlock("ln1", new LayerNorm(width));
        attn = addChildBlock("attn", new SelfAttention(width, heads, residualStd));
        ln2 = addChildBlock("ln2", new LayerNorm(width));
        mlp = addChildBlock("mlp", new Mlp(width, mlpRatio, residualStd));
    }

    public NDArray forward(NDArray x, NDArray mask) {
        x = x.add(attn.forward(ln1.forward(x), mask));
        x = x.add(mlp.forward(ln2.forward(x)));
        return x;
    }
}
