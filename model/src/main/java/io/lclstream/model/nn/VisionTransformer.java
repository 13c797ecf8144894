package io.lclstream.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.lclstream.model.config.LclConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * The vision encoder being pre-trained: a ViT without class token (patch embedding, learned
 * positions, pre-norm blocks) whose patch tokens go to the attentive pooler.
 *
 * <p>Shapes: I images, S image side, p patch side, G = S/p patches per side, P = G² patches,
 * C width. pixels (I, S, S, 3) normalised floats → patches (I, P, p·p·3) → tokens (I, P, C).
 */
public final class VisionTransformer extends LclBlock {

    private final int patchSize;
    private final int grid;
    private final Linear patchEmbed;
    private final Parameter positions;
    private final LayerNorm lnPre;
    private final List<TransformerBlock> blocks = new ArrayList<>();
    private final LayerNorm lnPost;

    public VisionTransformer(LclConfig.Vision config) {
        patchSize = config.patchSize();
        grid = config.imageSize() / config.patchSize();
        int width = config.width();
        // a linear map of each flattened patch is the stride-p convolution of the paper's ViT
        patchEmbed = addChildBlock("patchEmbed", new Linear(patchSize * patchSize * 3, width, false, INIT_STD));
        positions = table("positions", new Shape(config.patches(), width));
        lnPre = addChildBlock("lnPre", new LayerNorm(width));
        for (int i = 0; i < config.layers(); i++) {
            blocks.add(addChildBlock("block" + i,
                    new TransformerBlock(width, config.heads(), config.mlpRatio(), config.layers())));
        }
        lnPost = addChildBlock("lnPost", new LayerNorm(width));
    }

    /**
     * @param pixels (I, S, S, 3) normalised
     * @return patch tokens (I, P, C)
     */
    public NDArray forward(NDArray pixels) {
        long images = pixels.getShape().get(0);
        NDArray patches = pixels
                .reshape(images, grid, patchSize, grid, patchSize, 3) // (I, G, p, G, p, 3)
                .transpose(0, 1, 3, 2, 4, 5) // (I, G, G, p, p, 3)
                .reshape(images, (long) grid * grid, (long) patchSize * patchSize * 3); // (I, P, p·p·3)
        NDArray x = patchEmbed.forward(patches).add(value(positions)); // (I, P, C)
        x = lnPre.forward(x);
        for (TransformerBlock block : blocks) {
            x = block.forward(x, null);
        }
        return lnPost.forward(x);
    }
}
