package io.lclstream.model.nn;

import ai.djl.ndarray.NDArray;

/**
 * The transformer's position-wise feed-forward network: {@code proj(gelu(fc(x)))}.
 *
 * <p>Shapes: x (…, width) → hidden (…, ratio·width) → (…, width).
 */
public final class Mlp extends LclBlock {

    private final Linear fc;
    private final Linear proj;

    /**
     * @param residualStd initial standard deviation of the output projection, which feeds the residual stream
     */
    public Mlp(int width, double ratio, float residualStd) {
        int hidden = (int) Math.round(width * ratio);
        fc = addChildBlock("fc", new Linear(width, hidden));
        proj = addChildBlock("proj", new Linear(hidden, width, true, residualStd));
    }

    public NDArray forward(NDArray x) {
        return proj.forward(fc.forward(x).getNDArrayInternal().gelu());
    }
}
