package io.lclstream.model.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import java.util.function.Supplier;

/**
 * The few PyTorch-engine calls DJL's engine-neutral API lacks: gradient mode, zeroing a gradient
 * in place and the intra-op thread count. Everything else goes through the DJL API.
 */
public final class Torch {

    public static final String ENGINE = "PyTorch";

    private Torch() {}

    /** The PyTorch engine, loaded offline from the native jar on the class path. */
    public static Engine engine() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true"); // natives ship in a jar; never download
        }
        return Engine.getEngine(ENGINE);
    }

    /**
     * Runs {@code body} with autograd off on this thread (PyTorch's grad mode is per thread, and
     * in-place updates of parameters that require gradients are only legal with it off).
     */
    public static <T> T withoutGrad(Supplier<T> body) {
        engine();
        boolean was = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return body.get();
        } finally {
            JniUtils.setGradMode(was);
        }
    }

    /**
     * A scalar as a tensor PyTorch owns. DJL turns a Java number in {@code x.mul(2f)} into a
     * tensor over a direct buffer that it frees right after the call, while autograd keeps that
     * tensor for the backward pass: after a garbage collection the backward pass reads freed
     * memory. Every scalar on a differentiable path goes through here instead.
     */
    public static NDArray scalar(NDManager manager, float value) {
        return manager.full(new ai.djl.ndarray.types.Shape(), value);
    }

    /** Clears a parameter's accumulated gradient: DJL's PyTorch collector does not, so every step must. */
    public static void zeroGrad(NDArray parameter) {
        JniUtils.zeroGrad((PtNDArray) parameter);
    }

    /** Sets PyTorch's intra-op thread count for the whole process. */
    public static void setThreads(int threads) {
        engine();
        JniUtils.setNumThreads(threads);
    }

    public static int threads() {
        engine();
        return JniUtils.getNumThreads();
    }
}
