package io.tuplespace.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/tuplespace bench-cpu} as a user runs it, with few operations: the raw ping-pong, rd and in are all
 * measured and checked, each figure of the summary line is there, and no Aeron directory is left behind. It checks
 * that the bench works, not how fast anything is.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CpuCostCommandTest
{
    private static final List<String> FIGURES = List.of(
        "cpu_raw_ns", "cpu_rd_ns", "cpu_in_ns", "cpu_rd_ratio", "cpu_in_ratio", "rounds", "ops");

    @Test
    void aSmallRunMeasuresAllThreeAndLeavesNothingBehind() throws InterruptedException
    {
        try (JvmProcess bench = JvmProcess.start(
            "bench-cpu", List.of(), line -> {}, "bench-cpu", "--rounds", "2", "--ops", "2000"))
        {
            assertThat(bench.awaitExit(100, TimeUnit.SECONDS)).as(bench.outputText()).isZero();
            final String output = bench.outputText();
            assertThat(output).contains("round 2:").contains("Aeron directory deleted");
            final Map<String, Double> summary = BenchRuns.assertPositiveSummary(output, FIGURES);
            assertThat(summary.get("rounds")).isEqualTo(2.0);
            assertThat(summary.get("ops")).isEqualTo(2000.0);

            BenchRuns.assertNothingLeftBehind(bench);
        }
    }
}
