package io.tuplespace.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/tuplespace bench} as a user runs it, with few samples: every measurement runs to the end, each figure
 * of the summary line is there, and the bench leaves no JVM or Aeron directory behind. It checks that the bench
 * works, not how fast anything is.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class BenchCommandTest
{
    private static final List<String> FIGURES = List.of(
        "baseline_p50_us", "rd_p50_us", "in_p50_us", "out_per_s", "farm_per_s", "call_p50_us", "relay_p50_us",
        "call_relay_p50_ratio", "call_async_per_s", "map_per_s", "rounds", "rtt_p50_ratio_round_min");

    @Test
    void aSmallPinnedRunMeasuresEverythingInRoundsIncludingTheRelayAndLeavesNothingBehind() throws InterruptedException
    {
        try (JvmProcess bench = JvmProcess.start("bench", List.of(), line -> {},
            "bench", "--samples", "2000", "--warmup", "1000", "--pipelined", "20000", "--tasks", "20000",
            "--calls", "5000", "--workers", "2", "--rounds", "4", "--pin"))
        {
            assertThat(bench.awaitExit(280, TimeUnit.SECONDS)).as(bench.outputText()).isZero();
            final String output = bench.outputText();
            assertThat(output)
                .contains("baseline Aeron IPC ping-pong")
                .contains("baseline Aeron IPC relay, 3 JVMs")
                .contains("call of echo, 1 worker JVM")
                .contains("round 4: p50 ping-pong")
                .containsPattern("pinned: bench on CPU \\d+, pong and server on CPU \\d+")
                .containsPattern(
                    "heap warm-up: [\\d,]+ MiB allocated and dropped in [2-8] passes \\(heap [\\d,]+ MiB\\)")
                .contains("response spin 2,000 ns")
                .contains("child JVMs stopped, Aeron directories deleted");
            BenchRuns.assertPositiveSummary(output, FIGURES);

            BenchRuns.assertNothingLeftBehind(bench);
        }
    }
}
