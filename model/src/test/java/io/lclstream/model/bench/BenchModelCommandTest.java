package io.lclstream.model.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchModelCommandTest {

    @Test
    void jsonReportHasTimingsThroughputAndALossThatFell() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new BenchModelCommand());
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("--preset", "tiny", "--batch", "2", "--steps", "6", "--threads", "2", "--json");
        assertThat(code).isZero();
        JsonNode report = new ObjectMapper().readTree(out.toString());
        assertThat(report.get("preset").asText()).isEqualTo("tiny");
        assertThat(report.get("steps").asInt()).isEqualTo(6);
        assertThat(report.get("timedSteps").asInt()).isEqualTo(5);
        assertThat(report.get("threads").asInt()).isEqualTo(2);
        assertThat(report.get("medianMsPerStep").asDouble()).isPositive();
        assertThat(report.get("p90MsPerStep").asDouble()).isGreaterThanOrEqualTo(report.get("medianMsPerStep").asDouble());
        assertThat(report.get("samplesPerSecond").asDouble()).isPositive();
        assertThat(report.get("tokensPerSecond").asDouble()).isGreaterThan(report.get("samplesPerSecond").asDouble());
        assertThat(report.get("lastLoss").asDouble()).isLessThan(report.get("firstLoss").asDouble());
    }

    @Test
    void unknownPresetFailsWithTheKnownOnes() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new BenchModelCommand());
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("--preset", "huge", "--steps", "1");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown model preset 'huge'").contains("tiny, b16");
    }

    @Test
    void percentileIsNearestRank() {
        double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(BenchModelCommand.Report.percentile(sorted, 0.5)).isEqualTo(5);
        assertThat(BenchModelCommand.Report.percentile(sorted, 0.9)).isEqualTo(9);
        assertThat(BenchModelCommand.Report.percentile(new double[] {42}, 0.9)).isEqualTo(42);
    }
}
