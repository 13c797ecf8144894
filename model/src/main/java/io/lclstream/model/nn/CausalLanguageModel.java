package io.lclstream.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import io.lclstream.model.config.LclConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * The causal language model trained from scratch beside the ViT (and discarded after
 * pre-training): token and position embeddings, pre-norm blocks under one causal mask over the
 * whole interleaved sequence, a final norm, the LM head and the contrastive projection.
 *
 * <p>Shapes: B sequences, T positions, C width, V vocabulary, M = I·N visual tokens in the batch.
 * Visual tokens enter through the embedding lookup: the table is the V token embeddings followed
 * by the batch's M visual tokens, and a placeholder's input id is V + its visual-token index, so
 * one lookup embeds text and writes images over their placeholders.
 */
public final class CausalLanguageModel extends LclBlock {

    private final Embedding tokens;
    private final Parameter positions;
    private final List<TransformerBlock> blocks = new ArrayList<>();
    private final LayerNorm lnFinal;
    private final Linear head;
    private final Linear contrastiveProjection;

    public CausalLanguageModel(LclConfig.Language config, int vocabSize) {
        int width = config.width();
        tokens = addChildBlock("tokens", new Embedding(vocabSize, width));
        positions = table("positions", new Shape(config.contextLength(), width));
        for (int i = 0; i < config.layers(); i++) {
            blocks.add(addChildBlock("block" + i,
                    new TransformerBlock(width, config.heads(), config.mlpRatio(), config.layers())));
        }
        lnFinal = addChildBlock("lnFinal", new LayerNorm(width));
        head = addChildBlock("head", new Linear(width, vocabSize, false, INIT_STD));
        contrastiveProjection = addChildBlock("contrastive", new Linear(width, width, false, INIT_STD));
    }

    /**
     * @param inputIds (B, T) int64; ids ≥ V select visual tokens
     * @param visualTokens (M, C)
     * @param causalMask (T, T) additive
     * @return hidden states after the final norm, (B, T, C)
     */
    public NDArray forward(NDArray inputIds, NDArray visualTokens, NDArray causalMask) {
        long length = inputIds.getShape().get(1);
        NDArray table = tokens.table().concat(visualTokens, 0); // (V + M, C)
        NDArray x = lookup(inputIds, table) // (B, T, C)
                .add(value(positions).get(new NDIndex("0:{}", length))); // + (T, C)
        for (TransformerBlock block : blocks) {
            x = block.forward(x, causalMask);
        }
        return lnFinal.forward(x);
    }

    /** Next-token logits, (B, T, C) → (B, T, V). */
    public NDArray logits(NDArray hidden) {
        return head.forward(hidden);
    }

    /**
     * Context features for the contrastive term: the hidden state at each counted {@code <soi>}.
     *
     * @param hidden (B, T, C)
     * @param flatPositions (S,) int64, b·T + t of each counted {@code <soi>}
     * @return (S, C), projected, not yet normalised
     */
    public NDArray contextFeatures(NDArray hidden, NDArray flatPositions) {
        long width = hidden.getShape().get(2);
        NDArray flat = hidden.reshape(-1, width); // (B·T, C)
        return contrastiveProjection.forward(lookup(flatPositions, flat)); // (S, C)
    }

    /** Differentiable row gather: {@code table[ids]}, ids (…) → (…, C). */
    static NDArray lookup(NDArray ids, NDArray table) {
        return ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
    }
}
