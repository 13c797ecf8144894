package io.lclstream.model.train;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lclstream.model.config.LclConfig;
import io.lclstream.model.loss.LclLoss;
import io.lclstream.model.nn.LclNetwork;
import io.lclstream.model.nn.Torch;
import io.lclstream.model.optim.AdamW;
import io.lclstream.model.optim.LearningRate;
import io.lclstream.model.token.Tokenizer;
import io.lclstream.model.token.Tokenizers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Owns one LCL network, its optimizer and the training step: {@link #step(List)} turns a batch of
 * packed examples into one AdamW update; {@link #save(Path)} and {@link #load(Path)} move the whole
 * state (weights, optimizer moments and step, config, tokenizer) through a snapshot folder.
 *
 * <p>Not for concurrent use: DJL's PyTorch engine allows one gradient collector per JVM at a
 * time, so a process trains one model from one thread. Every NDArray a step creates is closed when
 * the step returns (a sub-manager plus an {@link NDScope}, since PyTorch attaches some results to
 * the parameters' manager).
 */
public final class LclTrainer implements AutoCloseable {

    public static final String MODEL_FILE = "model.params";
    public static final String OPTIMIZER_FILE = "optimizer.params";
    public static final String CONFIG_FILE = "config.json";
    public static final String TRAINER_FILE = "trainer.json";

    private static final Logger LOG = LoggerFactory.getLogger(LclTrainer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LclConfig config;
    private final Tokenizer tokenizer;
    private final Engine engine;
    private final NDManager manager;
    private final LclNetwork network;
    private final AdamW optimizer;
    private long samplesSeen;
    private long tokensSeen;
    private long imagesSeen;

    private LclTrainer(LclConfig config, Tokenizer tokenizer, Device device, Path snapshot) throws IOException {
        this.config = config;
        this.tokenizer = tokenizer;
        this.engine = Torch.engine();
        Device target = device != null ? device : engine.defaultDevice();
        this.manager = engine.newBaseManager(target);
        engine.setRandomSeed((int) config.seed());
        this.network = new LclNetwork(config, tokenizer.vocabSize());
        try {
            if (snapshot != null) {
                try (DataInputStream in = new DataInputStream(
                        new BufferedInputStream(Files.newInputStream(snapshot.resolve(MODEL_FILE))))) {
                    network.loadParameters(manager, in);
                } catch (MalformedModelException e) {
                    throw new IOException(snapshot.resolve(MODEL_FILE) + " does not match " + CONFIG_FILE + ": "
                            + e.getMessage(), e);
                }
            }
            // after a load this only marks the loaded arrays as requiring gradients
            network.initialize(manager, DataType.FLOAT32, new Shape(1));
            this.optimizer = new AdamW(network.getParameters(), config.optimizer(), manager);
            if (snapshot != null) {
                try (InputStream in = new BufferedInputStream(Files.newInputStream(snapshot.resolve(OPTIMIZER_FILE)))) {
                    optimizer.load(in);
                }
            }
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
        LOG.info("LCL trainer on {} (engine {}, {} threads): preset {}, {} parameters, vocab {}, step {}",
                target, engine.getEngineName(), Torch.threads(), config.name(), parameterCount(), tokenizer.vocabSize(),
                optimizer.step());
    }

    /** A freshly initialised model (seeded by {@code config.seed}) on the GPU if DJL sees one, else the CPU. */
    public static LclTrainer create(LclConfig config, Tokenizer tokenizer) {
        return create(config, tokenizer, null);
    }

    /** A freshly initialised model on the given device (null: DJL's default). */
    public static LclTrainer create(LclConfig config, Tokenizer tokenizer, Device device) {
        try {
            return new LclTrainer(config, tokenizer, device, null);
        } catch (IOException e) {
            throw new IllegalStateException("unreachable: nothing is read for a new model", e);
        }
    }

    /** Restores a trainer from a folder written by {@link #save(Path)}; the next step continues that run. */
    public static LclTrainer load(Path dir) throws IOException {
        for (String name : List.of(MODEL_FILE, OPTIMIZER_FILE, CONFIG_FILE, TRAINER_FILE, Tokenizer.FILE_NAME)) {
            if (!Files.isRegularFile(dir.resolve(name))) {
                throw new IOException("snapshot " + dir + " lacks " + name + "; give a folder written by LclTrainer.save");
            }
        }
        LclConfig config = LclConfig.fromJson(Files.readString(dir.resolve(CONFIG_FILE)));
        Tokenizer tokenizer = Tokenizers.load(dir);
        LclTrainer trainer = new LclTrainer(config, tokenizer, null, dir);
        JsonNode state = JSON.readTree(dir.resolve(TRAINER_FILE).toFile());
        long step = state.path("step").asLong(-1);
        if (step != trainer.step()) {
            trainer.close();
            throw new IOException(dir.resolve(TRAINER_FILE) + " says step " + step + " but " + OPTIMIZER_FILE
                    + " holds step " + trainer.step() + "; the snapshot is torn, use another one");
        }
        trainer.samplesSeen = state.path("samplesSeen").asLong();
        trainer.tokensSeen = state.path("tokensSeen").asLong();
        trainer.imagesSeen = state.path("imagesSeen").asLong();
        return trainer;
    }

    /**
     * One optimizer step on a batch: pads to the batch's longest sequence, runs the network, the
     * loss and back-propagation, clips and applies AdamW with this step's learning rate.
     * A batch with fewer than two images with context skips the contrastive term (it reports 0).
     */
    public StepResult step(List<TrainingExample> batch) {
        long start = System.nanoTime();
        Batch host = Batch.of(batch, tokenizer, config);
        double lr = LearningRate.at(optimizer.step(), config.optimizer());
        try (NDManager stepManager = manager.newSubManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            LclLoss loss = forwardBackward(host, stepManager);
            double gradNorm = optimizer.update(lr);
            clampLogitScale();
            samplesSeen += host.batchSize;
            tokensSeen += host.tokens;
            imagesSeen += host.images;
            return new StepResult(optimizer.step(), loss.total().getFloat(), loss.contrastive().getFloat(),
                    loss.generation().getFloat(), host.tokens, host.images, lr, gradNorm, System.nanoTime() - start);
        } finally {
            // The batch holds the direct buffers the step's tensors read in place (see Batch#toInputs):
            // it must stay reachable until those tensors are closed above.
            java.lang.ref.Reference.reachabilityFence(host);
        }
    }

    private LclLoss forwardBackward(Batch host, NDManager stepManager) {
        LclNetwork.Inputs inputs = host.toInputs(stepManager);
        NDArray targets = host.targets(stepManager);
        NDArray mask = host.mask(stepManager);
        try (GradientCollector collector = engine.newGradientCollector()) {
            LclLoss loss = LclLoss.of(network.forward(inputs), targets, mask, config.loss());
            collector.backward(loss.total());
            return loss;
        }
    }

    /** open_clip's rule: keep the learned log scale in [0, log 100] so the logit scale never exceeds 100. */
    private void clampLogitScale() {
        Torch.withoutGrad(() -> {
            NDArray logScale = network.logScale().getArray();
            float value = logScale.getFloat();
            if (value > LclNetwork.MAX_LOG_SCALE || value < 0) {
                logScale.set(new float[] {Math.max(0f, Math.min(value, LclNetwork.MAX_LOG_SCALE))});
            }
            return null;
        });
    }

    /** Updates completed. */
    public long step() {
        return optimizer.step();
    }

    /** Sequences trained on so far (saved and restored with the snapshot). */
    public long samplesSeen() {
        return samplesSeen;
    }

    /** Non-padding tokens trained on so far. */
    public long tokensSeen() {
        return tokensSeen;
    }

    /** Images trained on so far. */
    public long imagesSeen() {
        return imagesSeen;
    }

    public LclConfig config() {
        return config;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** Number of learned scalars. */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : network.getParameters().values()) {
            n += p.getArray().size();
        }
        return n;
    }

    /**
     * Writes {@code model.params}, {@code optimizer.params}, {@code config.json},
     * {@code tokenizer.json} and {@code trainer.json} into {@code dir} (created if missing), as plain
     * files; the caller stages, hashes and publishes them.
     */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (DataOutputStream out = new DataOutputStream(
                new BufferedOutputStream(Files.newOutputStream(dir.resolve(MODEL_FILE))))) {
            network.saveParameters(out);
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(OPTIMIZER_FILE)))) {
            optimizer.save(out);
        }
        Files.writeString(dir.resolve(CONFIG_FILE), config.toJson(), StandardCharsets.UTF_8);
        tokenizer.save(dir);
        ObjectNode state = JSON.createObjectNode();
        state.put("format", 1);
        state.put("step", optimizer.step());
        state.put("samplesSeen", samplesSeen);
        state.put("tokensSeen", tokensSeen);
        state.put("imagesSeen", imagesSeen);
        state.put("seed", config.seed());
        state.put("parameters", parameterCount());
        state.put("vocabSize", tokenizer.vocabSize());
        state.put("engine", engine.getEngineName() + " " + engine.getVersion());
        Files.writeString(dir.resolve(TRAINER_FILE),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(state), StandardCharsets.UTF_8);
    }

    /**
     * L2-normalised image latents and context features of the images with context in a batch,
     * without training (for retrieval evaluation).
     */
    public Embeddings embeddings(List<TrainingExample> batch) {
        Batch host = Batch.of(batch, tokenizer, config);
        return Torch.withoutGrad(() -> {
            try (NDManager m = manager.newSubManager(); NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                LclNetwork.Outputs out = network.forward(host.toInputs(m));
                return new Embeddings(
                        rows(out.imageLatents().normalize(2, -1, 1e-12)),
                        rows(out.contextFeatures().normalize(2, -1, 1e-12)));
            } finally {
                java.lang.ref.Reference.reachabilityFence(host);
            }
        });
    }

    /** L2-normalised latents of every image of the batch, in order (the ViT and pooler alone). */
    public float[][] imageEmbeddings(List<TrainingExample> batch) {
        Batch host = Batch.of(batch, tokenizer, config);
        if (host.images == 0) {
            return new float[0][];
        }
        return Torch.withoutGrad(() -> {
            try (NDManager m = manager.newSubManager(); NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                return rows(network.imageLatents(host.toInputs(m).pixels()).normalize(2, -1, 1e-12));
            } finally {
                java.lang.ref.Reference.reachabilityFence(host);
            }
        });
    }

    /**
     * Image and context embeddings, row k of each for the k-th image with context of a batch.
     *
     * @param images (K, C) unit-norm image latents
     * @param contexts (K, C) unit-norm context features at the image's {@code <soi>}
     */
    public record Embeddings(float[][] images, float[][] contexts) {}

    /** Next-token logits of a batch, (B·T·V) row-major, without training (tests of causality). */
    float[] logits(List<TrainingExample> batch) {
        Batch host = Batch.of(batch, tokenizer, config);
        return Torch.withoutGrad(() -> {
            try (NDManager m = manager.newSubManager(); NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                return network.forward(host.toInputs(m)).logits().toFloatArray();
            } finally {
                java.lang.ref.Reference.reachabilityFence(host);
            }
        });
    }

    /**
     * Forward and backward on a batch without updating, then the L2 norm of each parameter's
     * gradient by name; the gradients are zeroed afterwards (tests of gradient flow).
     */
    Map<String, Double> gradientNorms(List<TrainingExample> batch) {
        Batch host = Batch.of(batch, tokenizer, config);
        Map<String, Double> norms = new LinkedHashMap<>();
        try (NDManager m = manager.newSubManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            forwardBackward(host, m);
            Torch.withoutGrad(() -> {
                for (Pair<String, Parameter> p : network.getParameters()) {
                    NDArray array = p.getValue().getArray();
                    norms.put(p.getKey(), (double) array.getGradient().norm().getFloat());
                    Torch.zeroGrad(array);
                }
                return null;
            });
        } finally {
            java.lang.ref.Reference.reachabilityFence(host);
        }
        return norms;
    }

    @Override
    public void close() {
        optimizer.close();
        manager.close();
    }

    private static float[][] rows(NDArray matrix) {
        int n = Math.toIntExact(matrix.getShape().get(0));
        int width = n == 0 ? 0 : Math.toIntExact(matrix.getShape().get(1));
        float[] flat = matrix.toFloatArray();
        float[][] out = new float[n][width];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * width, out[i], 0, width);
        }
        return out;
    }
}
