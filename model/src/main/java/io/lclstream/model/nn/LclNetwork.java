package io.lclstream.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.ConstantInitializer;
import io.lclstream.model.config.LclConfig;

/**
 * The whole LCL network: ViT → attentive pooler → (latents, visual tokens); the causal LM reads
 * text with the visual tokens written over the placeholders; plus the learnable logit scale of
 * the contrastive term.
 *
 * <p>Shapes: I images of side S, B sequences of T positions, N visual tokens per image, C LM width,
 * V vocabulary, K counted {@code <soi>} (images with context).
 */
public final class LclNetwork extends LclBlock {

    /** CLIP's pixel statistics: the usual normalisation for a ViT trained on web images. */
    private static final float[] MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    private static final float[] STD = {0.26862954f, 0.26130258f, 0.27577711f};
    /** The statistics as direct buffers that live as long as the class: PyTorch reads them in place. */
    private static final java.nio.ByteBuffer MEAN_BUFFER = direct(MEAN);
    private static final java.nio.ByteBuffer STD_BUFFER = direct(STD);

    /** log(1/0.07): CLIP's initial logit scale. */
    public static final float INITIAL_LOG_SCALE = (float) Math.log(1 / 0.07);
    /** log(100): the logit scale is clamped at 100. */
    public static final float MAX_LOG_SCALE = (float) Math.log(100);

    private final VisionTransformer vision;
    private final AttentivePooler pooler;
    private final CausalLanguageModel lm;
    private final Parameter logScale;
    private final int width;

    public LclNetwork(LclConfig config, int vocabSize) {
        width = config.lm().width();
        vision = addChildBlock("vision", new VisionTransformer(config.vision()));
        pooler = addChildBlock("pooler",
                new AttentivePooler(config.vision().width(), config.lm().width(), config.pooling().heads()));
        lm = addChildBlock("lm", new CausalLanguageModel(config.lm(), vocabSize));
        logScale = param("logitScale", Parameter.Type.OTHER, new Shape(1), new ConstantInitializer(INITIAL_LOG_SCALE));
    }

    /**
     * Inputs of one forward pass.
     *
     * @param pixels (I, S, S, 3) uint8 RGB
     * @param inputIds (B, T) int64; a placeholder's id is replaced by V + (its image · N + its slot)
     * @param causalMask (T, T) float, 0 on and below the diagonal, −∞ above
     * @param soiPositions (K,) int64, b·T + t of each counted {@code <soi>}
     * @param soiImages (K,) int64, the image (0…I−1) that follows each counted {@code <soi>}
     */
    public record Inputs(NDArray pixels, NDArray inputIds, NDArray causalMask, NDArray soiPositions,
            NDArray soiImages) {}

    /**
     * Outputs of one forward pass.
     *
     * @param logits (B, T, V) next-token logits
     * @param contextFeatures (K, C) projected LM state at the counted {@code <soi>}, not normalised
     * @param imageLatents (K, C) pooled latent of the image after each counted {@code <soi>}, not normalised
     * @param logitScale () exp of the learned log scale
     */
    public record Outputs(NDArray logits, NDArray contextFeatures, NDArray imageLatents, NDArray logitScale) {}

    public Outputs forward(Inputs in) {
        NDArray latents; // (I, C)
        NDArray visualTokens; // (I·N, C)
        if (in.pixels().getShape().get(0) == 0) {
            // a text-only batch still trains the LM; the ViT gets no gradient this step
            latents = in.pixels().getManager().zeros(new Shape(0, width));
            visualTokens = latents;
        } else {
            NDList pooled = pooler.forward(vision.forward(normalize(in.pixels())));
            latents = pooled.get(0);
            visualTokens = pooled.get(1).reshape(-1, width); // (I, N, C) → (I·N, C)
        }

        NDArray hidden = lm.forward(in.inputIds(), visualTokens, in.causalMask()); // (B, T, C)
        NDArray logits = lm.logits(hidden); // (B, T, V)
        NDArray context = lm.contextFeatures(hidden, in.soiPositions()); // (K, C)
        NDArray images = CausalLanguageModel.lookup(in.soiImages(), latents); // (K, C)
        return new Outputs(logits, context, images, value(logScale).exp());
    }

    /** Image latents alone (no LM): (I, S, S, 3) uint8 → (I, C), not normalised. */
    public NDArray imageLatents(NDArray pixels) {
        return pooler.forward(vision.forward(normalize(pixels))).get(0);
    }

    /** The learned log logit scale, a (1,) parameter clamped to [0, log 100] after each update. */
    public Parameter logScale() {
        return logScale;
    }

    /** uint8 RGB → (x/255 − mean)/std, per channel. */
    private static NDArray normalize(NDArray pixels) {
        NDManager manager = pixels.getManager();
        NDArray mean = manager.create(MEAN_BUFFER.duplicate(), new Shape(3), DataType.FLOAT32).mul(255f); // (3)
        NDArray std = manager.create(STD_BUFFER.duplicate(), new Shape(3), DataType.FLOAT32).mul(255f); // (3)
        return pixels.toType(DataType.FLOAT32, false).sub(mean).divi(std);
    }

    private static java.nio.ByteBuffer direct(float[] values) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(values.length * Float.BYTES)
                .order(java.nio.ByteOrder.nativeOrder());
        b.asFloatBuffer().put(values);
        return b;
    }
}
