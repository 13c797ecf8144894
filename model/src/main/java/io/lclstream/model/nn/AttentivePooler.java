package io.lclstream.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/**
 * Attentive pooling (LCL §3): one learned query attends over the ViT patch tokens with multi-head
 * cross-attention; the pooled vector is the image latent of the contrastive term, and the same
 * value and output projections applied to every patch give the visual tokens the LM reads.
 *
 * <p>Shapes: I images, P patches, C vision width, E output width (= LM width), H heads, D = C/H.
 * patches (I, P, C) → latent (I, E) and visual tokens (I, P, E); the visual-token count N is P.
 */
public final class AttentivePooler extends LclBlock {

    private final int heads;
    private final Parameter query;
    private final Linear q;
    private final Linear k;
    private final Linear v;
    private final Linear out;

    public AttentivePooler(int visionWidth, int outWidth, int heads) {
        this.heads = heads;
        query = table("query", new Shape(1, visionWidth));
        q = addChildBlock("q", new Linear(visionWidth, visionWidth));
        k = addChildBlock("k", new Linear(visionWidth, visionWidth));
        v = addChildBlock("v", new Linear(visionWidth, visionWidth));
        out = addChildBlock("out", new Linear(visionWidth, outWidth));
    }

    /**
     * @param patches (I, P, C) ViT output
     * @return latent (I, E), visual tokens (I, P, E)
     */
    public NDList forward(NDArray patches) {
        long images = patches.getShape().get(0);
        long count = patches.getShape().get(1);
        long width = patches.getShape().get(2);
        long headSize = width / heads;

        NDArray queryHeads = q.forward(value(query)).reshape(1, heads, 1, headSize); // (1, H, 1, D)
        NDArray keys = k.forward(patches).reshape(images, count, heads, headSize).transpose(0, 2, 1, 3); // (I, H, P, D)
        NDArray values = v.forward(patches); // (I, P, C)
        NDArray valueHeads = values.reshape(images, count, heads, headSize).transpose(0, 2, 1, 3); // (I, H, P, D)

        NDArray scores = queryHeads.matMul(keys.swapAxes(-1, -2)).mul(Torch.scalar(queryHeads.getManager(), (float) (1.0 / Math.sqrt(headSize)))); // (I, H, 1, P)
        NDArray pooled = scores.softmax(-1).matMul(valueHeads); // (I, H, 1, D)
        pooled = pooled.reshape(images, width); // (I, C): heads concatenated

        NDArray latent = out.forward(pooled); // (I, E)
        NDArray visualTokens = out.forward(values); // (I, P, E): same value and output maps, per patch
        return new NDList(latent, visualTokens);
    }
}
