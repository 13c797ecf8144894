package io.lclstream.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;

/**
 * Layer normalisation over the last axis with a learned gain and bias (neither is decayed).
 *
 * <p>Shapes: x (…, width) → (…, width).
 */
public final class LayerNorm extends LclBlock {

    private static final float EPS = 1e-5f;

    private final Shape normalized;
    private final Parameter gamma;
    private final Parameter beta;

    public LayerNorm(int width) {
        normalized = new Shape(width);
        gamma = param("gamma", Parameter.Type.GAMMA, normalized, Initializer.ONES);
        beta = param("beta", Parameter.Type.BETA, normalized, Initializer.ZEROS);
    }

    public NDArray forward(NDArray x) {
        return x.getNDArrayInternal().layerNorm(x, normalized, value(gamma), value(beta), EPS).singletonOrThrow();
    }
}
