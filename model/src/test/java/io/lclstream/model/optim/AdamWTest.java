package io.lclstream.model.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import io.lclstream.model.config.LclConfig;
import io.lclstream.model.nn.Torch;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

class AdamWTest {

    private static final LclConfig.Optimizer CONFIG =
            new LclConfig.Optimizer(0.1, 0.0, 0.9, 0.98, 1e-6, 0.2, 0, LclConfig.Schedule.CONSTANT, 10, 0);

    @Test
    void updateMatchesAPlainAdamWReferenceAndDecaysOnlyWeights() throws IOException {
        try (NDManager manager = Torch.engine().newBaseManager()) {
            Parameter weight = parameter(manager, "w", Parameter.Type.WEIGHT, new float[] {1f, -2f});
            Parameter bias = parameter(manager, "b", Parameter.Type.BIAS, new float[] {0.5f, 3f});
            AdamW adam = new AdamW(List.of(new Pair<>("w", weight), new Pair<>("b", bias)), CONFIG, manager);
            assertThat(adam.decayed()).containsExactly("w");

            float[] g = {0.3f, -0.7f};
            double[] w = {1, -2};
            double[] b = {0.5, 3};
            double[] mw = new double[2], vw = new double[2], mb = new double[2], vb = new double[2];
            for (int step = 1; step <= 3; step++) {
                backward(manager, weight, bias, g);
                adam.update(0.1);
                reference(w, g, mw, vw, step, true);
                reference(b, g, mb, vb, step, false);
            }
            assertThat(weight.getArray().toFloatArray()).containsExactly(new float[] {(float) w[0], (float) w[1]},
                    within(1e-5f));
            assertThat(bias.getArray().toFloatArray()).containsExactly(new float[] {(float) b[0], (float) b[1]},
                    within(1e-5f));
            assertThat(adam.step()).isEqualTo(3);

            // the saved moments and step restore into a fresh optimizer, which then takes the same update
            ByteArrayOutputStream saved = new ByteArrayOutputStream();
            adam.save(saved);
            AdamW restored = new AdamW(List.of(new Pair<>("w", weight), new Pair<>("b", bias)), CONFIG, manager);
            restored.load(new ByteArrayInputStream(saved.toByteArray()));
            assertThat(restored.step()).isEqualTo(3);
            float[] before = weight.getArray().toFloatArray();
            backward(manager, weight, bias, g);
            restored.update(0.1);
            reference(w, g, mw, vw, 4, true);
            assertThat(weight.getArray().toFloatArray()).containsExactly(new float[] {(float) w[0], (float) w[1]},
                    within(1e-5f));
            assertThat(weight.getArray().toFloatArray()).isNotEqualTo(before);
            adam.close();
            restored.close();
        }
    }

    @Test
    void clipsTheGlobalGradientNormAndReportsItBeforeClipping() {
        LclConfig.Optimizer clipped =
                new LclConfig.Optimizer(0.1, 0.0, 0.9, 0.98, 1e-6, 0.0, 0, LclConfig.Schedule.CONSTANT, 10, 1.0);
        try (NDManager manager = Torch.engine().newBaseManager()) {
            Parameter a = parameter(manager, "a", Parameter.Type.WEIGHT, new float[] {0f, 0f});
            Parameter b = parameter(manager, "b", Parameter.Type.BIAS, new float[] {0f, 0f});
            try (AdamW adam = new AdamW(List.of(new Pair<>("a", a), new Pair<>("b", b)), clipped, manager)) {
                backward(manager, a, b, new float[] {3f, 4f}); // both get (3, 4): global norm √50
                double norm = adam.update(0.1);
                assertThat(norm).isCloseTo(Math.sqrt(50), within(1e-4));
                // the first Adam step moves each coordinate by lr·sign(g) whatever the clip; the moments show it
                backward(manager, a, b, new float[] {0f, 0f});
                assertThat(adam.update(0.1)).isZero();
            }
        }
    }

    private static Parameter parameter(NDManager manager, String name, Parameter.Type type, float[] values) {
        Parameter p = Parameter.builder().setName(name).setType(type).optShape(new Shape(values.length))
                .optInitializer((m, shape, dataType) -> m.create(values)).build();
        p.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32);
        return p;
    }

    /** Leaves gradient g on both parameters: loss = Σ g·w + Σ g·b. */
    private static void backward(NDManager manager, Parameter w, Parameter b, float[] g) {
        try (NDManager step = manager.newSubManager();
                GradientCollector collector = Torch.engine().newGradientCollector()) {
            NDArray grad = step.create(g);
            NDArray loss = w.getArray().mul(grad).sum().add(b.getArray().mul(grad).sum());
            collector.backward(loss);
        }
    }

    private static void reference(double[] p, float[] g, double[] m, double[] v, int step, boolean decay) {
        double lr = 0.1;
        for (int i = 0; i < p.length; i++) {
            if (decay) {
                p[i] -= lr * 0.2 * p[i];
            }
            m[i] = 0.9 * m[i] + 0.1 * g[i];
            v[i] = 0.98 * v[i] + 0.02 * g[i] * g[i];
            double mHat = m[i] / (1 - Math.pow(0.9, step));
            double vHat = v[i] / (1 - Math.pow(0.98, step));
            p[i] -= lr * mHat / (Math.sqrt(vHat) + 1e-6);
        }
    }
}
