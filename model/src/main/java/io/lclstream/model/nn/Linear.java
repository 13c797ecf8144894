package io.lclstream.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/**
 * An affine map {@code y = x Wᵀ + b} over the last axis.
 *
 * <p>Shapes: x (…, in) → y (…, out); W (out, in); b (out).
 */
public final class Linear extends LclBlock {

    private final Parameter w;
    private final Parameter b;

    /** A layer with bias and weights drawn from N(0, 0.02²). */
    public Linear(int in, int out) {
        this(in, out, true, INIT_STD);
    }

    /**
     * @param bias whether to add a bias
     * @param std standard deviation of the initial weights (residual projections use a smaller one)
     */
    public Linear(int in, int out, boolean bias, float std) {
        w = weight("weight", new Shape(out, in), std);
        b = bias ? param("bias", Parameter.Type.BIAS, new Shape(out), ai.djl.training.initializer.Initializer.ZEROS)
                : null;
    }

    public NDArray forward(NDArray x) {
        return x.getNDArrayInternal().linear(x, value(w), b == null ? null : value(b)).singletonOrThrow();
    }
}
