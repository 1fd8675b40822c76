package io.tuplespace.examples;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        "call_relay_p50_ratio", "call_async_per_s", "map_per_s");

    private JvmProcess bench;

    @AfterEach
    void stop()
    {
        if (null != bench)
        {
            bench.close();
        }
    }

    @Test
    void aSmallRunMeasuresEverythingIncludingTheRelayAndLeavesNothingBehind() throws InterruptedException
    {
        bench = JvmProcess.start("bench", List.of(), line -> {},
            "bench", "--samples", "2000", "--warmup", "1000", "--pipelined", "20000", "--tasks", "20000",
            "--calls", "5000", "--workers", "2");

        assertThat(bench.awaitExit(280, TimeUnit.SECONDS)).as(bench.outputText()).isZero();
        final String output = bench.outputText();
        assertThat(output)
            .contains("baseline Aeron IPC ping-pong")
            .contains("baseline Aeron IPC relay, 3 JVMs")
            .contains("call of echo, 1 worker JVM")
            .contains("child JVMs stopped, Aeron directories deleted");
        final List<String> lines = output.lines().toList();
        final Map<String, Double> summary = summary(lines.get(lines.size() - 1));
        assertThat(summary).containsKeys(FIGURES.toArray(String[]::new));
        FIGURES.forEach(figure -> assertThat(summary.get(figure)).as(figure).isPositive());

        final String prefix = "-bench-" + bench.pid() + "-";
        assertThat(new File("/dev/shm").list((dir, name) -> name.contains(prefix))).isNullOrEmpty();
        assertThat(ProcessHandle.allProcesses().filter(process -> process.info().arguments()
            .map(args -> Arrays.stream(args).anyMatch(arg -> arg.contains(prefix))).orElse(false)))
            .as("child JVMs of the bench still running").isEmpty();
    }

    private static Map<String, Double> summary(final String line)
    {
        final Map<String, Double> figures = new HashMap<>();
        for (final String pair : line.split(" "))
        {
            final String[] keyAndValue = pair.split("=");
            if (2 == keyAndValue.length)
            {
                figures.put(keyAndValue[0], Double.parseDouble(keyAndValue[1]));
            }
        }
        return figures;
    }
}
