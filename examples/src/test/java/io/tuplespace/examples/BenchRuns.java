package io.tuplespace.examples;

import java.io.File;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks shared by the tests that run a bench command as a user does: its summary line, and what it leaves behind.
 */
final class BenchRuns
{
    private BenchRuns()
    {
    }

    /**
     * Assert that the last line of the output carries each figure, each of them positive.
     *
     * @return the summary line's figures by name.
     */
    static Map<String, Double> assertPositiveSummary(final String output, final List<String> figureNames)
    {
        final List<String> lines = output.lines().toList();
        final Map<String, Double> figures = new HashMap<>();
        for (final String pair : lines.get(lines.size() - 1).split(" "))
        {
            final String[] keyAndValue = pair.split("=");
            if (2 == keyAndValue.length)
            {
                figures.put(keyAndValue[0], Double.parseDouble(keyAndValue[1]));
            }
        }
        assertThat(figures).containsKeys(figureNames.toArray(String[]::new));
        figureNames.forEach(name -> assertThat(figures.get(name)).as(name).isPositive());
        return figures;
    }

    /**
     * Assert that no Aeron directory and no child JVM of the bench process is left: both are named after its pid.
     */
    static void assertNothingLeftBehind(final JvmProcess bench)
    {
        final String prefix = "-bench-" + bench.pid() + "-";
        assertThat(new File("/dev/shm").list((dir, name) -> name.contains(prefix))).isNullOrEmpty();
        assertThat(ProcessHandle.allProcesses().filter(process -> process.info().arguments()
            .map(args -> Arrays.stream(args).anyMatch(arg -> arg.contains(prefix))).orElse(false)))
            .as("child JVMs of the bench still running").isEmpty();
    }
}
