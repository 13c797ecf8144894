package io.lclstream.model.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * The whole LCL model and training configuration: one immutable, validated record, read from a
 * preset JSON file ({@code presets/<name>.json}) or from a snapshot's {@code config.json}.
 *
 * <p>The vocabulary size is not configuration: it comes from the {@link
 * io.lclstream.model.token.Tokenizer}. The number of visual tokens per image is derived: every
 * ViT patch becomes one visual token ({@link #visualTokens()}), as in the paper.
 *
 * @param name preset name, informational (e.g. {@code tiny}, {@code b16})
 * @param vision the ViT that is being pre-trained
 * @param pooling the attentive pooler on top of the ViT
 * @param lm the causal language model trained from scratch beside it
 * @param maxImages images kept per training sequence; later ones are dropped by the packer
 * @param loss weights of the two loss terms
 * @param optimizer AdamW, learning-rate schedule and gradient clipping
 * @param seed seeds parameter initialisation
 */
public record LclConfig(
        String name,
        Vision vision,
        Pooling pooling,
        Language lm,
        int maxImages,
        Loss loss,
        Optimizer optimizer,
        long seed) {

    /** Presets shipped as {@code presets/<name>.json} resources. */
    public static final List<String> PRESETS = List.of("tiny", "b16");

    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    public LclConfig {
        require(name != null && !name.isBlank(), "name is missing; give the preset a name, e.g. \"tiny\"");
        require(vision != null, "vision is missing; copy the block from presets/tiny.json");
        require(pooling != null, "pooling is missing; add {\"heads\": <vision heads>}");
        require(lm != null, "lm is missing; copy the block from presets/tiny.json");
        require(loss != null, "loss is missing; add {\"contrastiveWeight\": 0.1, \"generationWeight\": 1.0}");
        require(optimizer != null, "optimizer is missing; copy the block from presets/tiny.json");
        require(maxImages >= 1, "maxImages=" + maxImages + " must be at least 1");
        checkHeads("pooling.heads", pooling.heads(), "vision.width", vision.width());
        // one image is <soi>, N placeholders, <eoi>; with <sot> and <eot> it must fit the context
        int imageSpan = vision.patches() + 2;
        require(
                lm.contextLength() >= imageSpan + 2,
                "lm.contextLength=" + lm.contextLength() + " cannot hold one image of " + imageSpan
                        + " tokens (<soi>, " + vision.patches() + " visual tokens, <eoi>) plus <sot> and <eot>;"
                        + " use at least " + (imageSpan + 2) + " or a larger vision.patchSize");
    }

    /** Visual tokens per image: one per ViT patch, (imageSize / patchSize)². */
    public int visualTokens() {
        return vision.patches();
    }

    /** Returns the named preset from {@code presets/<name>.json}; an unknown name lists the known ones. */
    public static LclConfig preset(String name) {
        String resource = "/presets/" + name.toLowerCase(Locale.ROOT) + ".json";
        try (InputStream in = LclConfig.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException(
                        "Unknown model preset '" + name + "'; known presets: " + String.join(", ", PRESETS));
            }
            return fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read preset resource " + resource, e);
        }
    }

    /** Parses and validates a configuration; errors name the key, the value, the rule and the fix. */
    public static LclConfig fromJson(String json) {
        try {
            checkKeys(JSON.readTree(json), LclConfig.class, "");
            return JSON.readValue(json, LclConfig.class);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException invalid) {
                throw invalid;
            }
            throw new IllegalArgumentException("Invalid model configuration JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Names an unknown or missing key with the known ones, before Jackson's less specific errors. */
    private static void checkKeys(JsonNode node, Class<?> type, String prefix) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("Invalid model configuration: " + (prefix.isEmpty() ? "the document" : prefix)
                    + " must be a JSON object");
        }
        Map<String, RecordComponent> known = new LinkedHashMap<>();
        for (RecordComponent c : type.getRecordComponents()) {
            known.put(c.getName(), c);
        }
        node.fieldNames().forEachRemaining(key -> {
            if (!known.containsKey(key)) {
                throw new IllegalArgumentException("Unknown key " + prefix + key + " in the model configuration; known keys"
                        + (prefix.isEmpty() ? "" : " of " + prefix.substring(0, prefix.length() - 1)) + ": "
                        + String.join(", ", known.keySet()));
            }
        });
        for (RecordComponent c : known.values()) {
            JsonNode child = node.get(c.getName());
            if (child == null || child.isNull()) {
                throw new IllegalArgumentException("Missing key " + prefix + c.getName()
                        + " in the model configuration; copy it from presets/tiny.json");
            }
            if (c.getType().isRecord()) {
                checkKeys(child, c.getType(), prefix + c.getName() + ".");
            }
        }
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + this, e);
        }
    }

    /** A copy with another optimizer block (tests and benchmarks shorten schedules this way). */
    public LclConfig withOptimizer(Optimizer newOptimizer) {
        return new LclConfig(name, vision, pooling, lm, maxImages, loss, newOptimizer, seed);
    }

    /** A copy with other loss weights (ablations). */
    public LclConfig withLoss(Loss newLoss) {
        return new LclConfig(name, vision, pooling, lm, maxImages, newLoss, optimizer, seed);
    }

    /** A copy with another seed. */
    public LclConfig withSeed(long newSeed) {
        return new LclConfig(name, vision, pooling, lm, maxImages, loss, optimizer, newSeed);
    }

    /**
     * The vision transformer.
     *
     * @param imageSize square input side in pixels
     * @param patchSize square patch side in pixels; must divide imageSize
     * @param width embedding width
     * @param layers transformer blocks
     * @param heads attention heads; must divide width
     * @param mlpRatio hidden width of each MLP as a multiple of width
     */
    public record Vision(int imageSize, int patchSize, int width, int layers, int heads, double mlpRatio) {
        public Vision {
            positive("vision.imageSize", imageSize);
            positive("vision.patchSize", patchSize);
            require(
                    imageSize % patchSize == 0,
                    "vision.patchSize=" + patchSize + " must divide vision.imageSize=" + imageSize
                            + "; use a divisor such as " + nearestDivisors(imageSize, patchSize, 1, imageSize));
            positive("vision.width", width);
            positive("vision.layers", layers);
            checkHeads("vision.heads", heads, "vision.width", width);
            require(mlpRatio > 0, "vision.mlpRatio=" + mlpRatio + " must be positive; the paper uses 4.0");
        }

        /** Patches per image, (imageSize / patchSize)². */
        public int patches() {
            int side = imageSize / patchSize;
            return side * side;
        }
    }

    /**
     * The attentive pooler: one learned query, multi-head cross-attention over the patch tokens.
     *
     * @param heads attention heads; must divide vision.width
     */
    public record Pooling(int heads) {
        public Pooling {
            positive("pooling.heads", heads);
        }
    }

    /**
     * The causal language model.
     *
     * @param contextLength longest training sequence in tokens (images included)
     * @param width embedding width; also the width of the visual tokens and of the latent space
     * @param layers transformer blocks
     * @param heads attention heads; must divide width
     * @param mlpRatio hidden width of each MLP as a multiple of width
     */
    public record Language(int contextLength, int width, int layers, int heads, double mlpRatio) {
        public Language {
            positive("lm.contextLength", contextLength);
            positive("lm.width", width);
            positive("lm.layers", layers);
            checkHeads("lm.heads", heads, "lm.width", width);
            require(mlpRatio > 0, "lm.mlpRatio=" + mlpRatio + " must be positive; the paper uses 4.0");
        }
    }

    /**
     * Loss weights; 0 switches a term off (ablations), but not both.
     *
     * @param contrastiveWeight weight of the contrastive (InfoNCE) term; the paper uses 0.1
     * @param generationWeight weight of the next-token generation term; the paper uses 1.0
     */
    public record Loss(double contrastiveWeight, double generationWeight) {
        public Loss {
            require(contrastiveWeight >= 0, "loss.contrastiveWeight=" + contrastiveWeight + " must be >= 0");
            require(generationWeight >= 0, "loss.generationWeight=" + generationWeight + " must be >= 0");
            require(
                    contrastiveWeight > 0 || generationWeight > 0,
                    "loss.contrastiveWeight and loss.generationWeight are both 0, so nothing would be learned;"
                            + " set at least one above 0 (the paper: 0.1 and 1.0)");
        }
    }

    /** The learning-rate schedule after warm-up. */
    public enum Schedule {
        /** Cosine decay from lr to minLr over totalSteps (a fixed-length run). */
        @JsonProperty("cosine")
        COSINE,
        /** lr forever after warm-up (continual training on a stream). */
        @JsonProperty("constant")
        CONSTANT
    }

    /**
     * AdamW with a warm-up then cosine or constant schedule, and global-norm gradient clipping.
     *
     * @param lr peak learning rate
     * @param minLr floor of the cosine decay
     * @param beta1 first-moment decay (paper: 0.9)
     * @param beta2 second-moment decay (paper: 0.98)
     * @param eps denominator term (paper: 1e-6)
     * @param weightDecay decoupled weight decay on weight matrices only (paper: 0.2)
     * @param warmupSteps linear warm-up length in optimizer steps
     * @param schedule cosine or constant after warm-up
     * @param totalSteps end of the cosine decay; ignored by constant
     * @param clipNorm maximum global gradient L2 norm; 0 disables clipping
     */
    public record Optimizer(
            double lr,
            double minLr,
            double beta1,
            double beta2,
            double eps,
            double weightDecay,
            int warmupSteps,
            Schedule schedule,
            long totalSteps,
            double clipNorm) {
        public Optimizer {
            require(lr > 0, "optimizer.lr=" + lr + " must be positive, e.g. 5e-4");
            require(
                    minLr >= 0 && minLr <= lr,
                    "optimizer.minLr=" + minLr + " must be between 0 and optimizer.lr=" + lr);
            require(beta1 >= 0 && beta1 < 1, "optimizer.beta1=" + beta1 + " must be in [0, 1); the paper uses 0.9");
            require(beta2 >= 0 && beta2 < 1, "optimizer.beta2=" + beta2 + " must be in [0, 1); the paper uses 0.98");
            require(eps > 0, "optimizer.eps=" + eps + " must be positive; the paper uses 1e-6");
            require(weightDecay >= 0, "optimizer.weightDecay=" + weightDecay + " must be >= 0; the paper uses 0.2");
            require(warmupSteps >= 0, "optimizer.warmupSteps=" + warmupSteps + " must be >= 0");
            require(
                    schedule != null,
                    "optimizer.schedule is missing; use \"cosine\" or \"constant\"");
            require(
                    schedule == Schedule.CONSTANT || totalSteps > warmupSteps,
                    "optimizer.totalSteps=" + totalSteps + " must exceed optimizer.warmupSteps=" + warmupSteps
                            + " for the cosine schedule; raise totalSteps or use \"schedule\": \"constant\"");
            require(clipNorm >= 0, "optimizer.clipNorm=" + clipNorm + " must be >= 0 (0 disables clipping)");
        }

        /** A copy with another peak learning rate, warm-up and length. */
        public Optimizer withSchedule(double newLr, int newWarmup, Schedule newSchedule, long newTotal) {
            return new Optimizer(
                    newLr, Math.min(minLr, newLr), beta1, beta2, eps, weightDecay, newWarmup, newSchedule, newTotal,
                    clipNorm);
        }
    }

    private static void positive(String key, int value) {
        require(value > 0, key + "=" + value + " must be positive");
    }

    private static void checkHeads(String key, int heads, String widthKey, int width) {
        positive(key, heads);
        require(
                width % heads == 0,
                key + "=" + heads + " must divide " + widthKey + "=" + width + "; use "
                        + suggestHeads(width, heads));
    }

    /** Up to three head counts near the requested one that divide width, preferring head sizes 32..128. */
    static String suggestHeads(int width, int heads) {
        List<Integer> wanted = divisorsNear(width, heads, d -> width / d >= 32 && width / d <= 128);
        if (wanted.isEmpty()) {
            wanted = divisorsNear(width, heads, d -> true);
        }
        return orList(wanted);
    }

    private static String nearestDivisors(int n, int near, int min, int max) {
        return orList(divisorsNear(n, near, d -> d >= min && d <= max));
    }

    private static List<Integer> divisorsNear(int n, int near, java.util.function.IntPredicate keep) {
        return java.util.stream.IntStream.rangeClosed(1, n)
                .filter(d -> n % d == 0 && keep.test(d))
                .boxed()
                .sorted(java.util.Comparator.comparingInt((Integer d) -> Math.abs(d - near)).thenComparingInt(d -> d))
                .limit(3)
                .sorted()
                .toList();
    }

    private static String orList(List<Integer> values) {
        if (values.size() <= 1) {
            return values.isEmpty() ? "another value" : String.valueOf(values.get(0));
        }
        List<String> s = values.stream().map(String::valueOf).toList();
        return String.join(", ", s.subList(0, s.size() - 1)) + " or " + s.get(s.size() - 1);
    }

    private static void require(boolean rule, String message) {
        if (!rule) {
            throw new IllegalArgumentException(message);
        }
    }
}
