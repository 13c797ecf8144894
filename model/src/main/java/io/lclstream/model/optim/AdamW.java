package io.lclstream.model.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.lclstream.model.config.LclConfig;
import io.lclstream.model.nn.Torch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * AdamW (decoupled weight decay, Loshchilov &amp; Hutter) with global-norm gradient clipping,
 * whose moments and step count are state that {@link #save} writes and {@link #load} restores,
 * so a resumed run takes exactly the update the uninterrupted run would have.
 *
 * <p>Only weight matrices ({@link Parameter.Type#WEIGHT}) are decayed; norms, biases,
 * embeddings, positions, the pooling query and the logit scale are not. After each update the
 * gradients are zeroed (DJL's PyTorch gradient collector accumulates them otherwise).
 */
public final class AdamW implements AutoCloseable {

    private final LclConfig.Optimizer config;
    private final NDManager manager;
    private final List<Slot> slots = new ArrayList<>();
    private long step;

    private record Slot(String name, Parameter parameter, boolean decay, NDArray m, NDArray v) {}

    /**
     * @param parameters the model's parameters, in a fixed order (names identify them in saved state)
     * @param manager where the moments live; the optimizer closes them with {@link #close()}
     */
    public AdamW(Iterable<Pair<String, Parameter>> parameters, LclConfig.Optimizer config, NDManager manager) {
        this.config = config;
        this.manager = manager.newSubManager();
        for (Pair<String, Parameter> p : parameters) {
            NDArray array = p.getValue().getArray();
            NDArray m = this.manager.zeros(array.getShape(), array.getDataType());
            NDArray v = this.manager.zeros(array.getShape(), array.getDataType());
            m.setName("m/" + p.getKey());
            v.setName("v/" + p.getKey());
            boolean decay = p.getValue().getType() == Parameter.Type.WEIGHT;
            slots.add(new Slot(p.getKey(), p.getValue(), decay, m, v));
        }
    }

    /** Updates completed so far. */
    public long step() {
        return step;
    }

    /** Names of the parameters that are weight-decayed (for tests and logs). */
    public List<String> decayed() {
        return slots.stream().filter(Slot::decay).map(Slot::name).toList();
    }

    /**
     * Applies one update with the accumulated gradients, then zeroes them.
     *
     * @param lr this step's learning rate
     * @return the global L2 norm of the gradients before clipping
     */
    public double update(double lr) {
        return Torch.withoutGrad(() -> {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                List<NDArray> grads = new ArrayList<>(slots.size());
                NDArray squares = manager.zeros(new ai.djl.ndarray.types.Shape());
                for (Slot s : slots) {
                    NDArray g = s.parameter().getArray().getGradient();
                    grads.add(g);
                    squares.addi(g.square().sum());
                }
                double norm = Math.sqrt(squares.getFloat());
                double clip = config.clipNorm() > 0 && norm > config.clipNorm() ? config.clipNorm() / (norm + 1e-6) : 1;

                step++;
                double b1 = config.beta1();
                double b2 = config.beta2();
                double bias1 = 1 - Math.pow(b1, step);
                double bias2 = 1 - Math.pow(b2, step);
                for (int i = 0; i < slots.size(); i++) {
                    Slot s = slots.get(i);
                    NDArray p = s.parameter().getArray();
                    NDArray g = grads.get(i);
                    if (s.decay()) {
                        p.muli((float) (1 - lr * config.weightDecay())); // decoupled: p ← p − lr·λ·p
                    }
                    s.m().muli((float) b1).addi(g.mul((float) ((1 - b1) * clip))); // m ← β1·m + (1−β1)·g
                    s.v().muli((float) b2).addi(g.square().muli((float) ((1 - b2) * clip * clip))); // v ← β2·v + (1−β2)·g²
                    NDArray denominator = s.v().div((float) bias2).sqrt().addi((float) config.eps()); // √v̂ + ε
                    p.subi(s.m().div(denominator).muli((float) (lr / bias1))); // p ← p − lr·m̂/(√v̂ + ε)
                    Torch.zeroGrad(p);
                }
                return norm;
            }
        });
    }

    /** Writes the step and both moments of every parameter, named, as one DJL NDList. */
    public void save(OutputStream out) throws IOException {
        NDList state = new NDList();
        NDArray stepArray = manager.create(new long[] {step});
        stepArray.setName("step");
        state.add(stepArray);
        for (Slot s : slots) {
            state.add(s.m());
            state.add(s.v());
        }
        state.encode(out);
        stepArray.close();
    }

    /** Restores what {@link #save} wrote; fails, naming the parameter, if the model does not match. */
    public void load(InputStream in) throws IOException {
        try (NDManager loading = manager.newSubManager()) {
            NDList state = NDList.decode(loading, in);
            if (state.size() != 1 + 2 * slots.size()) {
                throw new IOException("optimizer state holds " + (state.size() - 1) / 2 + " parameters but the model has "
                        + slots.size() + "; it was saved for another model configuration");
            }
            long savedStep = state.get(0).toLongArray()[0];
            for (int i = 0; i < slots.size(); i++) {
                Slot s = slots.get(i);
                copy(state.get(1 + 2 * i), s.m());
                copy(state.get(2 + 2 * i), s.v());
            }
            step = savedStep;
        }
    }

    private static void copy(NDArray from, NDArray to) throws IOException {
        if (!to.getName().equals(from.getName()) || !to.getShape().equals(from.getShape())) {
            throw new IOException("optimizer state " + from.getName() + " " + from.getShape() + " does not match "
                    + to.getName() + " " + to.getShape() + "; it was saved for another model configuration");
        }
        from.copyTo(to);
    }

    @Override
    public void close() {
        manager.close();
    }
}
