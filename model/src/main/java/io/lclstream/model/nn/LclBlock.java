package io.lclstream.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * Shared plumbing of our blocks: every parameter has a fixed shape known from the configuration,
 * so initialisation needs no input shapes, and each block is called through a typed
 * {@code forward} method that reads like its equation instead of through an {@link NDList}.
 *
 * <p>Parameters are read with {@link Parameter#getArray()}: training runs on one device and the
 * arrays already live there, so DJL's {@link ParameterStore} (which copies between devices and
 * caches those copies) is not used.
 */
abstract class LclBlock extends AbstractBlock {

    /** The standard deviation of weights and embeddings at initialisation (GPT-2, nanoGPT). */
    static final float INIT_STD = 0.02f;

    /** A weight matrix: decayed by AdamW (it is the only {@link Parameter.Type#WEIGHT} kind we create). */
    final Parameter weight(String name, Shape shape, float std) {
        return param(name, Parameter.Type.WEIGHT, shape, new NormalInitializer(std));
    }

    /** A table of learned vectors (embeddings, positions, queries): not decayed. */
    final Parameter table(String name, Shape shape) {
        return param(name, Parameter.Type.OTHER, shape, new NormalInitializer(INIT_STD));
    }

    final Parameter param(String name, Parameter.Type type, Shape shape, Initializer init) {
        return addParameter(
                Parameter.builder().setName(name).setType(type).optShape(shape).optInitializer(init).build());
    }

    @Override
    protected final NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        throw new UnsupportedOperationException(
                getClass().getSimpleName() + " is called through its typed forward method, not Block.forward");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no shape inference");
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block child : getChildren().values()) {
            child.initialize(manager, dataType, inputShapes);
        }
    }

    static NDArray value(Parameter parameter) {
        return parameter.getArray();
    }
}
