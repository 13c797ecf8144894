package io.lclstream.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import io.lclstream.model.config.LclConfig;
import io.lclstream.model.eval.Retrieval;
import io.lclstream.model.nn.Torch;
import io.lclstream.model.token.ByteTokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LclTrainerTest {

    /** tiny with a short warm-up and a constant rate, so 100 steps are enough to fit one batch. */
    static final LclConfig TINY = LclConfig.preset("tiny").withOptimizer(
            LclConfig.preset("tiny").optimizer().withSchedule(1e-3, 5, LclConfig.Schedule.CONSTANT, 1000));

    private final ByteTokenizer tok = new ByteTokenizer();
    private final SyntheticDocuments docs = new SyntheticDocuments(TINY, tok);
    private final int n = TINY.visualTokens();
    private final int vocab = tok.vocabSize();

    @TempDir
    Path dir;

    @Test
    void changingALaterImageOrTokenLeavesEveryEarlierOutputUnchanged() {
        TrainingExample original = docs.example(0);
        assertThat(original.imageCount()).isEqualTo(2);
        int secondSoi = original.soiPositions()[1];

        byte[] otherPixels = original.pixels().clone();
        int imageBytes = otherPixels.length / 2;
        for (int i = imageBytes; i < otherPixels.length; i++) {
            otherPixels[i] = (byte) (255 - otherPixels[i]);
        }
        TrainingExample otherImage = new TrainingExample("b", original.tokens(), original.soiPositions(), otherPixels, 2);
        int late = original.tokens().length - 3; // a text token near the end
        int[] otherTokens = original.tokens().clone();
        otherTokens[late] = 'Q';
        TrainingExample otherToken = new TrainingExample("c", otherTokens, original.soiPositions(), original.pixels(), 2);

        try (LclTrainer trainer = LclTrainer.create(TINY, tok)) {
            float[] base = trainer.logits(List.of(original));
            float[] image = trainer.logits(List.of(otherImage));
            float[] token = trainer.logits(List.of(otherToken));
            // the second image enters at its first placeholder, secondSoi + 1
            assertPositionsEqual(base, image, 0, secondSoi + 1);
            assertThat(maxDifference(base, image, secondSoi + 1, original.tokens().length)).isGreaterThan(1e-4f);
            assertPositionsEqual(base, token, 0, late);
            assertThat(maxDifference(base, token, late, late + 1)).isGreaterThan(1e-4f);
        }
    }

    @Test
    void paddingAnotherSequenceIntoTheBatchLeavesItsOutputsUnchanged() {
        TrainingExample longer = docs.example(0);
        TrainingExample shorter = shortExample("s", "short text ");
        try (LclTrainer trainer = LclTrainer.create(TINY, tok)) {
            float[] alone = trainer.logits(List.of(shorter));
            float[] batched = trainer.logits(List.of(longer, shorter));
            int t = longer.tokens().length;
            float[] row = Arrays.copyOfRange(batched, t * vocab, (t + shorter.tokens().length) * vocab);
            assertThat(maxDifference(alone, row, 0, shorter.tokens().length)).isLessThan(1e-4f);
        }
    }

    @Test
    void contrastiveTermExcludesAnSoiAtPositionZeroOrRightAfterSot() {
        int[] imageFirst = concat(image(), text("ab"), image(), new int[] {tok.eot()});
        TrainingExample startsWithImage = new TrainingExample("zero", imageFirst, new int[] {0, n + 4}, pixels(2), 2);
        int[] afterSot = concat(new int[] {tok.sot()}, image(), text("x"), new int[] {tok.eot()});
        TrainingExample sotThenImage = new TrainingExample("one", afterSot, new int[] {1}, pixels(1), 1);

        Batch batch = Batch.of(List.of(startsWithImage, sotThenImage), tok, TINY);
        assertThat(batch.images).isEqualTo(3);
        assertThat(batch.countedImages()).isEqualTo(1);
        assertThat(batch.soiImages).containsExactly(1L); // the second image of the first sequence
        assertThat(batch.soiPositions).containsExactly((long) n + 4);
        try (LclTrainer trainer = LclTrainer.create(TINY, tok)) {
            assertThat(trainer.embeddings(List.of(startsWithImage, sotThenImage)).images()).hasNumberOfRows(1);
            StepResult single = trainer.step(List.of(startsWithImage, sotThenImage));
            assertThat(single.contrastive()).isZero(); // one counted image: no negatives, term skipped
            assertThat(single.images()).isEqualTo(3);
        }
    }

    @Test
    void generationMaskExcludesPlaceholdersEoiAndPaddingInAPaddedBatch() {
        // <sot> a b <soi> P×16 <eoi> c <eot>: targets a, b, <soi>, c, <eot> are trained (5)
        int[] withImage = concat(new int[] {tok.sot()}, text("ab"), image(), text("c"), new int[] {tok.eot()});
        TrainingExample a = new TrainingExample("a", withImage, new int[] {3}, pixels(1), 1);
        // <sot> x y <eot>: targets x, y, <eot> (3), then padding up to the longer row
        TrainingExample b = shortExample("b", "xy");
        Batch batch = Batch.of(List.of(a, b), tok, TINY);
        int t = withImage.length;
        assertThat(batch.length).isEqualTo(t);
        float trainedA = 0;
        float trainedB = 0;
        for (int i = 0; i < t; i++) {
            trainedA += batch.mask[i];
            trainedB += batch.mask[t + i];
        }
        assertThat(trainedA).isEqualTo(5);
        assertThat(trainedB).isEqualTo(3);
        assertThat(batch.tokens).isEqualTo(t + 4);
        // placeholders are fed as visual-token ids V + image·N + slot, padding as <pad>
        assertThat(batch.inputIds[4]).isEqualTo(vocab);
        assertThat(batch.inputIds[3 + n]).isEqualTo(vocab + n - 1L);
        assertThat(batch.inputIds[t + 4]).isEqualTo(tok.pad());
    }

    @Test
    void gradientsReachEveryParameterOfTheVitThePoolerAndTheLm() {
        try (LclTrainer trainer = LclTrainer.create(TINY, tok)) {
            Map<String, Double> norms = trainer.gradientNorms(docs.batch(0, 4));
            assertThat(norms.keySet()).anyMatch(k -> k.contains("vision") && k.contains("patchEmbed"))
                    .anyMatch(k -> k.contains("pooler") && k.contains("query"))
                    .anyMatch(k -> k.contains("lm") && k.contains("head"))
                    .anyMatch(k -> k.contains("logitScale"));
            assertThat(norms).allSatisfy((name, norm) -> assertThat(norm).as(name).isGreaterThan(0.0));
            // gradients were zeroed afterwards: a second pass sees the same, not doubled, norms
            Map<String, Double> again = trainer.gradientNorms(docs.batch(0, 4));
            norms.forEach((name, norm) -> assertThat(again.get(name)).as(name).isCloseTo(norm, within(norm * 1e-3)));
        }
    }

    @Test
    void tinyHalvesItsLossOnOneFixedBatchWithin100StepsAndRetrievesEveryImage() {
        List<TrainingExample> batch = docs.batch(0, 4); // 8 images, all with a caption before them
        try (LclTrainer trainer = LclTrainer.create(TINY, tok)) {
            StepResult first = trainer.step(batch);
            StepResult last = first;
            double retrieval = 0;
            for (int s = 1; s < 100 && (last.total() > first.total() / 2 || retrieval < 1); s++) {
                last = trainer.step(batch);
                if (s % 10 == 0) {
                    LclTrainer.Embeddings e = trainer.embeddings(batch);
                    retrieval = Math.min(Retrieval.accuracy(e.images(), e.contexts()),
                            Retrieval.accuracy(e.contexts(), e.images()));
                }
            }
            LclTrainer.Embeddings e = trainer.embeddings(batch);
            assertThat(e.images()).hasNumberOfRows(8);
            assertThat(last.step()).isLessThanOrEqualTo(100);
            assertThat(last.total()).as("loss after %d steps (first %.4f)", last.step(), first.total())
                    .isLessThanOrEqualTo(first.total() / 2);
            assertThat(Retrieval.accuracy(e.images(), e.contexts())).isEqualTo(1.0);
            assertThat(Retrieval.accuracy(e.contexts(), e.images())).isEqualTo(1.0);
        }
    }

    @Test
    void saveThenLoadInAFreshTrainerGivesTheUninterruptedRunsNextLoss() throws IOException {
        List<List<TrainingExample>> batches = List.of(docs.batch(0, 2), docs.batch(2, 2), docs.batch(4, 2), docs.batch(6, 2));
        StepResult uninterrupted;
        try (LclTrainer a = LclTrainer.create(TINY, tok)) {
            for (int s = 0; s < 3; s++) {
                a.step(batches.get(s));
            }
            a.save(dir);
            uninterrupted = a.step(batches.get(3));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "model.params", "optimizer.params", "config.json", "tokenizer.json", "trainer.json");
        }
        try (LclTrainer b = LclTrainer.load(dir)) {
            assertThat(b.step()).isEqualTo(3);
            assertThat(b.samplesSeen()).isEqualTo(6);
            assertThat(b.imagesSeen()).isEqualTo(batches.subList(0, 3).stream().flatMap(List::stream)
                    .mapToInt(TrainingExample::imageCount).sum());
            assertThat(b.tokensSeen()).isEqualTo(batches.subList(0, 3).stream().flatMap(List::stream)
                    .mapToInt(e -> e.tokens().length).sum());
            assertThat(b.config()).isEqualTo(TINY);
            StepResult resumed = b.step(batches.get(3));
            assertThat(resumed.step()).isEqualTo(4);
            assertThat(resumed.total()).isEqualTo(uninterrupted.total());
            assertThat(resumed.gradNorm()).isEqualTo(uninterrupted.gradNorm());
            assertThat(resumed.lr()).isEqualTo(uninterrupted.lr());
        }
    }

    @Test
    void loadingATornSnapshotSaysWhichFileIsMissing() throws IOException {
        try (LclTrainer a = LclTrainer.create(TINY, tok)) {
            a.save(dir);
        }
        Files.delete(dir.resolve("optimizer.params"));
        assertThatThrownBy(() -> LclTrainer.load(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("lacks optimizer.params");
    }

    @Test
    void threeHundredStepsDoNotGrowTheNumberOfLiveNdArrays() {
        // small sequences keep 300 steps cheap; two captioned images exercise the contrastive path too
        List<TrainingExample> batch = List.of(
                new TrainingExample("x", concat(new int[] {tok.sot()}, text("a cat"), image(), new int[] {tok.eot()}),
                        new int[] {6}, pixels(1), 1),
                new TrainingExample("y", concat(new int[] {tok.sot()}, text("a dog"), image(), text("!"),
                        new int[] {tok.eot()}), new int[] {6}, pixels(1, 7), 1),
                shortExample("t", "text only"));
        try (LclTrainer trainer = LclTrainer.create(TINY, tok)) {
            assertThat(trainer.step(batch).contrastive()).isPositive();
            for (int s = 0; s < 3; s++) {
                trainer.step(batch);
            }
            trainer.embeddings(batch);
            int before = liveArrays();
            assertThat(before).isGreaterThan(3 * 50); // sees the parameters and both moments
            for (int s = 0; s < 300; s++) {
                trainer.step(batch);
            }
            trainer.embeddings(batch);
            trainer.imageEmbeddings(batch);
            trainer.logits(batch);
            assertThat(liveArrays()).isEqualTo(before);
        }
    }

    @Test
    void trainsFromAThreadOtherThanTheOneThatCreatedIt() throws Exception {
        // PyTorch's grad mode is per thread and on by default in new threads: updates must still work
        List<TrainingExample> batch = docs.batch(0, 2);
        try (LclTrainer trainer = LclTrainer.create(TINY, tok)) {
            java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
            try {
                StepResult first = other.submit(() -> trainer.step(batch)).get();
                StepResult second = other.submit(() -> trainer.step(batch)).get();
                assertThat(second.step()).isEqualTo(2);
                assertThat(second.total()).isLessThan(first.total());
                assertThat(other.submit(() -> trainer.embeddings(batch)).get().images()).hasNumberOfRows(4);
            } finally {
                other.shutdownNow();
            }
        }
    }

    @Test
    void textOnlyBatchStillTrainsTheLmWithTheContrastiveTermAtZero() {
        List<TrainingExample> batch = List.of(shortExample("a", "only words here"), shortExample("b", "and more"));
        try (LclTrainer trainer = LclTrainer.create(TINY, tok)) {
            StepResult first = trainer.step(batch);
            StepResult second = trainer.step(batch);
            assertThat(first.images()).isZero();
            assertThat(first.contrastive()).isZero();
            assertThat(first.generation()).isGreaterThan(0);
            assertThat(second.generation()).isLessThan(first.generation());
        }
    }

    @Test
    void rejectsAnExampleWhosePixelsDoNotMatchItsImages() {
        TrainingExample bad = new TrainingExample("doc-7", docs.example(0).tokens(), docs.example(0).soiPositions(),
                new byte[10], 2);
        try (LclTrainer trainer = LclTrainer.create(TINY, tok)) {
            assertThatThrownBy(() -> trainer.step(List.of(bad)))
                    .hasMessageContaining("example doc-7")
                    .hasMessageContaining("pixels has 10 bytes")
                    .hasMessageContaining("64×64×3");
        }
    }

    @Test
    void rejectsAnSoiPositionThatIsNotAnImageSpan() {
        TrainingExample bad = new TrainingExample("doc-8", docs.example(0).tokens(), new int[] {2, 5}, docs.example(0).pixels(), 2);
        assertThatThrownBy(() -> Batch.of(List.of(bad), tok, TINY))
                .hasMessageContaining("example doc-8: image 0 at position 2 is not <soi>, 16 placeholders, <eoi>");
    }

    private static int liveArrays() {
        try (NDManager probe = Torch.engine().newBaseManager()) {
            return probe.getParentManager().getManagedArrays().size();
        }
    }

    private TrainingExample shortExample(String id, String text) {
        return new TrainingExample(id, concat(new int[] {tok.sot()}, text(text), new int[] {tok.eot()}), new int[0],
                new byte[0], 0);
    }

    private int[] image() {
        int[] span = new int[n + 2];
        Arrays.fill(span, tok.imagePlaceholder());
        span[0] = tok.soi();
        span[n + 1] = tok.eoi();
        return span;
    }

    private int[] text(String s) {
        return tok.encode(s);
    }

    private byte[] pixels(int images) {
        return pixels(images, 0);
    }

    private byte[] pixels(int images, int salt) {
        byte[] p = new byte[images * 64 * 64 * 3];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) ((i + salt) * (31 + salt) % 251);
        }
        return p;
    }

    private static int[] concat(int[]... parts) {
        List<Integer> all = new ArrayList<>();
        for (int[] part : parts) {
            for (int v : part) {
                all.add(v);
            }
        }
        return all.stream().mapToInt(Integer::intValue).toArray();
    }

    private void assertPositionsEqual(float[] a, float[] b, int from, int to) {
        assertThat(maxDifference(a, b, from, to)).as("max |Δlogit| over positions %d..%d", from, to - 1)
                .isLessThan(1e-5f);
    }

    private float maxDifference(float[] a, float[] b, int from, int to) {
        return (float) IntStream.range(from * vocab, to * vocab).mapToDouble(i -> Math.abs(a[i] - b[i])).max().orElse(0);
    }
}
