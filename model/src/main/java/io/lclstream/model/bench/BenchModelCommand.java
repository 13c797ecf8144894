package io.lclstream.model.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lclstream.model.config.LclConfig;
import io.lclstream.model.nn.Torch;
import io.lclstream.model.token.ByteTokenizer;
import io.lclstream.model.train.LclTrainer;
import io.lclstream.model.train.StepResult;
import io.lclstream.model.train.SyntheticDocuments;
import io.lclstream.model.train.TrainingExample;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code lcl bench model}: trains a preset on deterministic synthetic interleaved batches and
 * reports step time, throughput and the loss at the first and last step.
 */
@Command(
        name = "model",
        mixinStandardHelpOptions = true,
        description = {
            "Trains the LCL model on deterministic synthetic interleaved batches (byte tokenizer, striped-square"
                    + " captions and images filling the context) and prints median/p90 ms per step, samples/s,"
                    + " tokens/s and the first and last loss.",
            "The first --warmup steps are left out of the timings (allocator and kernel warm-up)."
        })
public final class BenchModelCommand implements Callable<Integer> {

    /** Distinct synthetic batches the benchmark cycles through. */
    static final int BATCH_POOL = 4;

    @Spec
    CommandSpec spec;

    @Option(names = "--preset", defaultValue = "tiny", description = "Model preset: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.",
            completionCandidates = Presets.class)
    String preset;

    @Option(names = "--batch", defaultValue = "8", description = "Sequences per step. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--steps", defaultValue = "50", description = "Training steps. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--warmup", defaultValue = "1", description = "Steps excluded from the timings. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--threads", description = "PyTorch intra-op threads (default: PyTorch's choice, the core count).")
    Integer threads;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    /** The preset names for picocli's completion and help. */
    static final class Presets extends ArrayList<String> {
        Presets() {
            super(LclConfig.PRESETS);
        }
    }

    @Override
    public Integer call() throws Exception {
        validate();
        LclConfig config;
        try {
            config = LclConfig.preset(preset);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--preset: " + e.getMessage());
        }
        if (threads != null) {
            Torch.setThreads(threads);
        }
        ByteTokenizer tokenizer = new ByteTokenizer();
        SyntheticDocuments documents = new SyntheticDocuments(config, tokenizer);
        List<List<TrainingExample>> batches = new ArrayList<>();
        for (int i = 0; i < Math.min(BATCH_POOL, steps); i++) {
            batches.add(documents.batch(i * batch, batch));
        }
        Report report;
        try (LclTrainer trainer = LclTrainer.create(config, tokenizer)) {
            List<StepResult> results = new ArrayList<>(steps);
            for (int s = 0; s < steps; s++) {
                results.add(trainer.step(batches.get(s % batches.size())));
            }
            report = Report.of(config.name(), batch, warmup, Torch.threads(), trainer.parameterCount(), results);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? new ObjectMapper().writeValueAsString(report.toMap()) : report.table());
        out.flush();
        return 0;
    }

    private void validate() {
        if (batch < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--batch=" + batch + " must be at least 1");
        }
        if (steps < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--steps=" + steps + " must be at least 1");
        }
        if (warmup < 0 || warmup >= steps) {
            warmup = Math.max(0, Math.min(warmup, steps - 1));
        }
        if (threads != null && threads < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads=" + threads + " must be at least 1");
        }
    }

    /** The benchmark's figures; timings over the steps after the warm-up. */
    record Report(String preset, int batch, int steps, int timedSteps, int threads, long parameters,
            double medianMs, double p90Ms, double samplesPerSecond, double tokensPerSecond, double firstLoss,
            double lastLoss) {

        static Report of(String preset, int batch, int warmup, int threads, long parameters, List<StepResult> results) {
            List<StepResult> timed = results.subList(Math.min(warmup, results.size() - 1), results.size());
            double[] ms = timed.stream().mapToDouble(r -> r.elapsedNanos() / 1e6).sorted().toArray();
            double seconds = Arrays.stream(ms).sum() / 1000;
            long tokens = timed.stream().mapToLong(StepResult::tokens).sum();
            return new Report(preset, batch, results.size(), timed.size(), threads, parameters, percentile(ms, 0.5),
                    percentile(ms, 0.9), timed.size() * (double) batch / seconds, tokens / seconds,
                    results.get(0).total(), results.get(results.size() - 1).total());
        }

        /** Nearest-rank percentile of sorted values. */
        static double percentile(double[] sorted, double q) {
            int rank = (int) Math.ceil(q * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("preset", preset);
            m.put("batch", batch);
            m.put("steps", steps);
            m.put("timedSteps", timedSteps);
            m.put("threads", threads);
            m.put("parameters", parameters);
            m.put("medianMsPerStep", round(medianMs));
            m.put("p90MsPerStep", round(p90Ms));
            m.put("samplesPerSecond", round(samplesPerSecond));
            m.put("tokensPerSecond", round(tokensPerSecond));
            m.put("firstLoss", round(firstLoss));
            m.put("lastLoss", round(lastLoss));
            return m;
        }

        String table() {
            return String.format(Locale.ROOT,
                    "bench model: preset %s, %,d parameters, batch %d, %d steps (%d timed), %d threads%n"
                            + "  ms/step     median %.1f   p90 %.1f%n"
                            + "  samples/s   %.1f%n"
                            + "  tokens/s    %,.0f%n"
                            + "  loss        first %.4f   last %.4f",
                    preset, parameters, batch, steps, timedSteps, threads, medianMs, p90Ms, samplesPerSecond,
                    tokensPerSecond, firstLoss, lastLoss);
        }

        private static double round(double v) {
            return Math.round(v * 1000) / 1000.0;
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchModelCommand()).execute(args));
    }
}
