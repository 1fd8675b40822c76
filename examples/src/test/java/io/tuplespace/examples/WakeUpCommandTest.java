package io.tuplespace.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/tuplespace bench-wakeup} as a user runs it, with few samples: both APIs are measured both ways, each
 * figure of the summary line is there, and the bench leaves no JVM or Aeron directory behind. It checks that the
 * bench works, not how fast anything is.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WakeUpCommandTest
{
    private static final List<String> FIGURES = List.of(
        "wakeup_js_p50_us", "wakeup_js_p99_us", "wakeup_js_parked_p50_us", "wakeup_js_parked_p99_us",
        "wakeup_native_p50_us", "wakeup_native_p99_us", "wakeup_native_parked_p50_us", "wakeup_native_parked_p99_us",
        "samples", "parked_samples", "parked_ms");

    @Test
    void aSmallRunMeasuresBothApisBothWaysAndLeavesNothingBehind() throws InterruptedException
    {
        try (JvmProcess bench = JvmProcess.start("bench-wakeup", List.of(), line -> {},
            "bench-wakeup", "--samples", "200", "--warmup", "100", "--parked-samples", "10", "--parked-ms", "5"))
        {
            assertThat(bench.awaitExit(100, TimeUnit.SECONDS)).as(bench.outputText()).isZero();
            final String output = bench.outputText();
            assertThat(output)
                .contains("JavaSpace05 take, waited ~0 ms")
                .contains("native in, waited 5 ms")
                .contains("child JVM stopped, Aeron directory deleted");
            final Map<String, Double> summary = BenchRuns.assertPositiveSummary(output, FIGURES);
            assertThat(summary.get("samples")).isEqualTo(200.0);
            assertThat(summary.get("parked_samples")).isEqualTo(10.0);

            BenchRuns.assertNothingLeftBehind(bench);
        }
    }
}
