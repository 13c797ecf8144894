package io.lclstream.model.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.lclstream.model.nn.Torch;
import io.lclstream.model.token.ByteTokenizer;

import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LossTest {

    private static NDManager manager;
    private final ByteTokenizer tok = new ByteTokenizer();

    @BeforeAll
    static void engine() {
        manager = Torch.engine().newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void generationMaskExcludesPlaceholderEoiAndPaddingTargetsOnAHandBuiltSequence() {
        int s = tok.sot();
        int p = tok.imagePlaceholder();
        int[] tokens = {s, 'a', 'b', tok.soi(), p, p, p, p, tok.eoi(), 'c', tok.eot(), tok.pad(), tok.pad()};
        boolean[] mask = GenerationLoss.targetMask(tokens, tok);
        // position t predicts tokens[t + 1]: a, b, <soi>, P, P, P, P, <eoi>, c, <eot>, pad, pad, (none)
        assertThat(mask).containsExactly(true, true, true, false, false, false, false, false, true, true, false, false, false);
        int trained = 0;
        for (boolean m : mask) {
            trained += m ? 1 : 0;
        }
        assertThat(trained).isEqualTo(5);
    }

    @Test
    void soiAtPositionZeroOrRightAfterSotHasNoContext() {
        int[] startsWithImage = {tok.soi(), tok.imagePlaceholder(), tok.eoi(), 'a', tok.soi()};
        assertThat(ContrastiveLoss.hasContext(startsWithImage, 0, tok)).isFalse();
        assertThat(ContrastiveLoss.hasContext(startsWithImage, 4, tok)).isTrue();
        int[] afterSot = {tok.sot(), tok.soi()};
        assertThat(ContrastiveLoss.hasContext(afterSot, 1, tok)).isFalse();
        int[] afterText = {tok.sot(), 'x', tok.soi()};
        assertThat(ContrastiveLoss.hasContext(afterText, 2, tok)).isTrue();
    }

    @Test
    void generationLossIsTheMeanCrossEntropyOverMaskedPositions() {
        float[] logits = {2, 0, -1, /* */ 0, 0, 0, /* */ 5, 1, 1, /* */ 1, 3, 0};
        long[] targets = {0, 2, 1, 1};
        float[] mask = {1, 0, 1, 1};
        double expected = 0;
        for (int i = 0; i < 4; i++) {
            if (mask[i] == 0) {
                continue;
            }
            double z = 0;
            for (int v = 0; v < 3; v++) {
                z += Math.exp(logits[i * 3 + v]);
            }
            expected += -(logits[i * 3 + (int) targets[i]] - Math.log(z));
        }
        expected /= 3;
        try (NDManager m = manager.newSubManager()) {
            NDArray loss = GenerationLoss.loss(m.create(logits, new Shape(2, 2, 3)), m.create(targets, new Shape(2, 2)),
                    m.create(mask, new Shape(2, 2)));
            assertThat((double) loss.getFloat()).isCloseTo(expected, within(1e-5));
        }
    }

    @Test
    void contrastiveLossMatchesAPlainSymmetricInfoNceReference() {
        int k = 5;
        int c = 7;
        Random random = new Random(3);
        float[] context = new float[k * c];
        float[] images = new float[k * c];
        for (int i = 0; i < k * c; i++) {
            context[i] = (float) random.nextGaussian();
            images[i] = (float) random.nextGaussian();
        }
        float scale = 14.285714f;
        double expected = referenceInfoNce(context, images, k, c, scale);
        try (NDManager m = manager.newSubManager()) {
            NDArray loss = ContrastiveLoss.loss(m.create(context, new Shape(k, c)), m.create(images, new Shape(k, c)),
                    m.create(scale));
            assertThat((double) loss.getFloat()).isCloseTo(expected, within(1e-4));
        }
    }

    private static double referenceInfoNce(float[] a, float[] b, int k, int c, float scale) {
        double[][] na = normalise(a, k, c);
        double[][] nb = normalise(b, k, c);
        double[][] logits = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double dot = 0;
                for (int d = 0; d < c; d++) {
                    dot += na[i][d] * nb[j][d];
                }
                logits[i][j] = scale * dot;
            }
        }
        double rows = 0;
        double cols = 0;
        for (int i = 0; i < k; i++) {
            double zr = 0;
            double zc = 0;
            for (int j = 0; j < k; j++) {
                zr += Math.exp(logits[i][j]);
                zc += Math.exp(logits[j][i]);
            }
            rows += Math.log(zr) - logits[i][i];
            cols += Math.log(zc) - logits[i][i];
        }
        return (rows / k + cols / k) / 2;
    }

    private static double[][] normalise(float[] x, int k, int c) {
        double[][] out = new double[k][c];
        for (int i = 0; i < k; i++) {
            double n = 0;
            for (int d = 0; d < c; d++) {
                n += x[i * c + d] * x[i * c + d];
            }
            n = Math.sqrt(n);
            for (int d = 0; d < c; d++) {
                out[i][d] = x[i * c + d] / n;
            }
        }
        return out;
    }
}
