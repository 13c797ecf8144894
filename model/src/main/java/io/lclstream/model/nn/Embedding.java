package io.lclstream.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/**
 * A learned token embedding table (not decayed).
 *
 * <p>Shapes: table (V, C); ids (…) → (…, C).
 */
public final class Embedding extends LclBlock {

    private final Parameter table;

    public Embedding(int vocabSize, int width) {
        table = table("table", new Shape(vocabSize, width));
    }

    public NDArray table() {
        return value(table);
    }

    public NDArray forward(NDArray ids) {
        return CausalLanguageModel.lookup(ids, value(table));
    }
}
