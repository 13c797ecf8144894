package io.lclstream.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.lclstream.model.config.LclConfig;
import io.lclstream.model.loss.ContrastiveLoss;
import io.lclstream.model.loss.GenerationLoss;
import io.lclstream.model.nn.LclNetwork;
import io.lclstream.model.token.Tokenizer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * A batch of examples as flat Java arrays, validated and padded to the batch's longest sequence,
 * ready to become whole NDArrays in one copy each.
 *
 * <p>Shapes: B sequences, T = longest length, I images, N visual tokens per image, S image side,
 * K counted {@code <soi>}, V vocabulary.
 */
final class Batch {

    final int batchSize;
    final int length;
    final int images;
    final long[] inputIds; // (B·T): placeholders → V + image·N + slot
    final long[] targets; // (B·T): next token, 0 where not trained
    final float[] mask; // (B·T): 1 where trained
    final byte[] pixels; // (I·S·S·3)
    final long[] soiPositions; // (K): b·T + t
    final long[] soiImages; // (K): image index in the batch
    final long tokens; // non-padding tokens

    private final int imageSize;
    /** Direct buffers PyTorch reads in place; see {@link #toInputs}. */
    private final java.util.List<ByteBuffer> pins = new java.util.ArrayList<>();

    private Batch(int batchSize, int length, int images, long[] inputIds, long[] targets, float[] mask, byte[] pixels,
            long[] soiPositions, long[] soiImages, long tokens, int imageSize) {
        this.batchSize = batchSize;
        this.length = length;
        this.images = images;
        this.inputIds = inputIds;
        this.targets = targets;
        this.mask = mask;
        this.pixels = pixels;
        this.soiPositions = soiPositions;
        this.soiImages = soiImages;
        this.tokens = tokens;
        this.imageSize = imageSize;
    }

    static Batch of(List<TrainingExample> examples, Tokenizer tokenizer, LclConfig config) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("empty batch; give at least one TrainingExample");
        }
        int vocab = tokenizer.vocabSize();
        int n = config.visualTokens();
        int side = config.vision().imageSize();
        int imageBytes = side * side * 3;
        int b = examples.size();
        int t = examples.stream().mapToInt(e -> e.tokens().length).max().orElseThrow();
        int totalImages = examples.stream().mapToInt(TrainingExample::imageCount).sum();
        if (t > config.lm().contextLength()) {
            TrainingExample longest = examples.stream().filter(e -> e.tokens().length == t).findFirst().orElseThrow();
            throw new IllegalArgumentException("example " + longest.id() + " has " + t + " tokens but lm.contextLength="
                    + config.lm().contextLength() + "; pack it with SequencePacker for this configuration");
        }
        long[] inputIds = new long[b * t];
        long[] targets = new long[b * t];
        float[] mask = new float[b * t];
        byte[] pixels = new byte[totalImages * imageBytes];
        long[] soiPositions = new long[totalImages];
        long[] soiImages = new long[totalImages];
        Arrays.fill(inputIds, tokenizer.pad());
        int image = 0;
        int counted = 0;
        long tokens = 0;
        for (int row = 0; row < b; row++) {
            TrainingExample e = examples.get(row);
            int[] ids = e.tokens();
            tokens += ids.length;
            if (e.pixels().length != e.imageCount() * imageBytes) {
                throw new IllegalArgumentException("example " + e.id() + ": pixels has " + e.pixels().length
                        + " bytes but imageCount=" + e.imageCount() + " images of " + side + "×" + side
                        + "×3 need " + (long) e.imageCount() * imageBytes + "; resize images to vision.imageSize");
            }
            System.arraycopy(e.pixels(), 0, pixels, image * imageBytes, e.pixels().length);
            int base = row * t;
            for (int i = 0; i < ids.length; i++) {
                inputIds[base + i] = ids[i];
            }
            boolean[] trained = GenerationLoss.targetMask(ids, tokenizer);
            for (int i = 0; i + 1 < ids.length; i++) {
                if (trained[i]) {
                    targets[base + i] = ids[i + 1];
                    mask[base + i] = 1f;
                }
            }
            for (int k = 0; k < e.imageCount(); k++, image++) {
                int soi = e.soiPositions()[k];
                checkImageSpan(e, k, soi, n, tokenizer);
                for (int j = 0; j < n; j++) {
                    inputIds[base + soi + 1 + j] = vocab + (long) image * n + j;
                }
                if (ContrastiveLoss.hasContext(ids, soi, tokenizer)) {
                    soiPositions[counted] = base + soi;
                    soiImages[counted] = image;
                    counted++;
                }
            }
        }
        return new Batch(b, t, totalImages, inputIds, targets, mask, pixels,
                Arrays.copyOf(soiPositions, counted), Arrays.copyOf(soiImages, counted), tokens, side);
    }

    private static void checkImageSpan(TrainingExample e, int k, int soi, int n, Tokenizer tokenizer) {
        int[] ids = e.tokens();
        boolean ok = soi >= 0 && soi + n + 1 < ids.length && ids[soi] == tokenizer.soi()
                && ids[soi + n + 1] == tokenizer.eoi();
        for (int j = 1; ok && j <= n; j++) {
            ok = ids[soi + j] == tokenizer.imagePlaceholder();
        }
        if (!ok) {
            throw new IllegalArgumentException("example " + e.id() + ": image " + k + " at position " + soi
                    + " is not <soi>, " + n + " placeholders, <eoi>; pack examples with SequencePacker for this"
                    + " configuration and tokenizer");
        }
    }

    /** Images whose {@code <soi>} counts for the contrastive term. */
    int countedImages() {
        return soiPositions.length;
    }

    /**
     * Copies the batch into NDArrays owned by {@code manager}. PyTorch reads these inputs in place
     * from direct buffers, during the forward pass and again in the backward pass (indices,
     * targets, masks), so the buffers are kept here: the caller keeps this batch reachable until
     * the step's arrays are closed, or a garbage collection could free memory autograd still uses.
     */
    LclNetwork.Inputs toInputs(NDManager manager) {
        NDArray ids = pinned(manager, inputIds, new Shape(batchSize, length));
        NDArray pixelArray = images == 0
                ? manager.zeros(new Shape(0, imageSize, imageSize, 3), DataType.UINT8)
                : pinned(manager, pixels, new Shape(images, imageSize, imageSize, 3));
        return new LclNetwork.Inputs(pixelArray, ids, causalMask(manager, length),
                pinned(manager, soiPositions, new Shape(soiPositions.length)),
                pinned(manager, soiImages, new Shape(soiImages.length)));
    }

    NDArray targets(NDManager manager) {
        return pinned(manager, targets, new Shape(batchSize, length));
    }

    NDArray mask(NDManager manager) {
        return pinned(manager, mask, new Shape(batchSize, length));
    }

    /** (T, T): 0 where position i may attend to j ≤ i, −∞ above the diagonal. */
    NDArray causalMask(NDManager manager, int length) {
        float[] mask = new float[length * length];
        for (int i = 0; i < length; i++) {
            Arrays.fill(mask, i * length + i + 1, (i + 1) * length, Float.NEGATIVE_INFINITY);
        }
        return pinned(manager, mask, new Shape(length, length));
    }

    private ByteBuffer pin(int bytes) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(Math.max(bytes, 1)).order(ByteOrder.nativeOrder());
        pins.add(buffer);
        return buffer;
    }

    private NDArray pinned(NDManager manager, long[] data, Shape shape) {
        ByteBuffer b = pin(data.length * Long.BYTES);
        b.asLongBuffer().put(data);
        return manager.create(b, shape, DataType.INT64);
    }

    private NDArray pinned(NDManager manager, float[] data, Shape shape) {
        ByteBuffer b = pin(data.length * Float.BYTES);
        b.asFloatBuffer().put(data);
        return manager.create(b, shape, DataType.FLOAT32);
    }

    private NDArray pinned(NDManager manager, byte[] data, Shape shape) {
        ByteBuffer b = pin(data.length);
        b.put(data).rewind();
        return manager.create(b, shape, DataType.UINT8);
    }
}
